//! Learner pages: catalogue and course (the lesson page is in `lesson.rs`, "my
//! learning" in `learning.rs`).

use std::{collections::BTreeSet, sync::Arc};

use altto_store::{Certificate, DocumentRef, User};
use askama::Template;
use axum::{
    Extension,
    extract::{Path, Query, State},
    http::header,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use serde_json::{Value, json};

use super::{
    content::LessonContent,
    library::Published,
    progress::{CourseState, LessonState, course_state},
    topics::Topics,
    views::{CourseCard, Reading, Text},
};
use crate::{
    auth::RequestAuth,
    content::{page_cache::Cacheable, published},
    error::{AppError, AppResult},
    i18n::Lang,
    state::AppState,
    web::{
        Ctx,
        meta::{self, Meta, OgType, absolute},
    },
};

/// The published course at `slug`, or "not found".
pub(super) async fn published(state: &AppState, slug: &str) -> AppResult<Arc<Published>> {
    state.courses.published(&state.store, slug).await?.ok_or(AppError::NotFound)
}

/// The answer to an address of a course (and a lesson in it) that is not live: a
/// permanent redirect to where that course (and lesson) is now, if it had the address
/// in a revision the public now sees under another one; otherwise "not found". A live
/// course or lesson at the address is always served before this is asked.
pub(super) async fn moved(state: &AppState, slug: &str, lesson: Option<&str>) -> AppResult<Response> {
    let course = match state.courses.published(&state.store, slug).await? {
        Some(course) => course,
        None => {
            let id = state.store.course_at_address(slug).await?.ok_or(AppError::NotFound)?;
            state.courses.published_by_id(&state.store, id).await?.ok_or(AppError::NotFound)?
        }
    };
    let to = match lesson {
        None => format!("/courses/{}", course.content.slug),
        Some(lesson) => {
            let now = match course.content.lesson(lesson) {
                Some(live) => live,
                None => {
                    let id = state.store.lesson_at_address(course.course_id, lesson).await?;
                    id.and_then(|id| course.content.lesson_by_id(id)).ok_or(AppError::NotFound)?
                }
            };
            format!("/courses/{}/lessons/{}", course.content.slug, now.slug)
        }
    };
    if to == format!("/courses/{slug}{}", lesson.map(|l| format!("/lessons/{l}")).unwrap_or_default()) {
        return Err(AppError::NotFound);
    }
    // Browsers keep a permanent redirect for as long as they are told: an hour, so an
    // address a new lesson takes over reaches that lesson soon.
    let keep = [(header::CACHE_CONTROL, "public, max-age=3600")];
    Ok((keep, Redirect::permanent(&to)).into_response())
}

/// What search engines and link previews are told about course `course` and, with
/// `lesson`, one of its lessons: a schema.org `Course`, or a `LearningResource` that is
/// part of it. Depends only on the published revision (the page stays cacheable).
pub(super) async fn course_meta(
    state: &AppState,
    lang: Lang,
    course: &Published,
    lesson: Option<&LessonContent>,
) -> AppResult<Meta> {
    let content = &course.content;
    let site = state.settings.base_url();
    let (first, modified) =
        published::dates(&state.store, DocumentRef::course(course.course_id), course.revision_id).await?;
    let people = state.store.people().await?;
    // Courses credit their authors by name; those with a page link to it.
    let authors: Vec<Value> = content
        .authors
        .iter()
        .map(|name| {
            let page = people
                .iter()
                .find(|p| p.name == *name || (!p.name_ja.is_empty() && p.name_ja == *name))
                .map(|p| absolute(&site, &format!("/authors/{}", p.slug)));
            meta::person(name, page)
        })
        .collect();
    let reading = Reading::new(lang, content.language);
    let course_path = format!("/courses/{}", content.slug);
    let course_title = reading.text(&content.title, &content.title_ja).text;
    let provider = meta::organization(&site, &lang.t("site-name"));
    let mut data = json!({
        "name": course_title,
        "author": authors,
        "license": content.licence.url(),
        "inLanguage": content.language.code(),
        "isAccessibleForFree": true,
        "datePublished": meta::iso_time(first),
        "dateModified": meta::iso_time(modified),
    });
    let (path, title, description, og_type) = match lesson {
        None => {
            let description = reading.text(&content.summary, &content.summary_ja).text;
            data["@type"] = Value::from("Course");
            data["provider"] = provider;
            data["educationalLevel"] =
                Value::from(lang.t(&format!("level-course-{}", content.level.as_str())));
            data["timeRequired"] = Value::from(meta::iso_duration((content.hours * 60.0).round() as u32));
            (course_path.clone(), course_title.clone(), description, OgType::Website)
        }
        Some(lesson) => {
            let title = reading.text(&lesson.title, &lesson.title_ja).text;
            let description = reading.text(&lesson.summary, &lesson.summary_ja).text;
            data["@type"] = Value::from("LearningResource");
            data["name"] = Value::from(title.clone());
            data["learningResourceType"] = Value::from("Lesson");
            data["timeRequired"] = Value::from(meta::iso_duration(lesson.minutes));
            data["publisher"] = provider;
            data["isPartOf"] = json!({
                "@type": "Course",
                "name": course_title,
                "url": absolute(&site, &course_path),
            });
            (format!("{course_path}/lessons/{}", lesson.slug), title, description, OgType::Article)
        }
    };
    let url = absolute(&site, &path);
    data["description"] = Value::from(description.clone());
    data["url"] = Value::from(url.clone());
    data["mainEntityOfPage"] = Value::from(url);
    Ok(Meta::new(&site, lang, &path, &title, &description).kind(og_type).with_json_ld(data))
}

/// The id of `user`'s certificate for `course`, if they hold one.
pub(super) async fn certificate_of(
    state: &AppState,
    user: &User,
    course: &Published,
) -> AppResult<Option<String>> {
    let certificates = state.store.certificates_of(user.id).await?;
    Ok(certificates.into_iter().find(|c: &Certificate| c.course_id == course.course_id).map(|c| c.id))
}

/// The learner's state in a course (`None` for visitors).
async fn state_of(
    state: &AppState,
    user: Option<&User>,
    course: &Published,
) -> AppResult<Option<CourseState>> {
    match user {
        Some(user) => {
            let progress = state.store.course_progress(user.id, course.course_id).await?;
            Ok(Some(course_state(&course.content, &progress)))
        }
        None => Ok(None),
    }
}

/// The catalogue.
#[derive(Template)]
#[template(path = "courses/catalog.html")]
pub struct CatalogPage {
    ctx: Ctx,
    courses: Vec<CourseCard>,
    level: String,
    topic: String,
    /// The topics of the published courses: (slug, label in the reader's language).
    topics: Vec<(String, String)>,
}

/// Catalogue filters.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CatalogQuery {
    level: String,
    topic: String,
}

/// `GET /courses`.
pub async fn list_courses(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Query(query): Query<CatalogQuery>,
) -> AppResult<Response> {
    let all = state.courses.all_published(&state.store).await?;
    let labels = Topics::load(&state.store).await?;
    let mut used: Vec<String> =
        all.iter().flat_map(|c| c.content.topics.clone()).collect::<BTreeSet<_>>().into_iter().collect();
    used.retain(|t| !t.is_empty());
    let topics = labels.labelled(&used, ctx.lang);
    let progress = match auth.actor.user() {
        Some(user) => state.store.all_progress(user.id).await?,
        None => Vec::new(),
    };
    let courses = all
        .iter()
        .filter(|c| query.level.is_empty() || c.content.level.as_str() == query.level)
        .filter(|c| query.topic.is_empty() || c.content.topics.contains(&query.topic))
        .map(|c| {
            let mut card = CourseCard::new(&c.content, ctx.lang);
            card.topics = labels.labelled(&c.content.topics, ctx.lang);
            let mine: Vec<_> = progress.iter().filter(|p| p.course_id == c.course_id).cloned().collect();
            if !mine.is_empty() {
                let course_state = course_state(&c.content, &mine);
                card.percent = Some(course_state.percent());
                card.continue_slug = course_state.next;
            }
            card
        })
        .collect();
    let meta = Meta::new(
        &state.settings.base_url(),
        ctx.lang,
        "/courses",
        &ctx.t("courses-title"),
        &ctx.t("site-description"),
    );
    let ctx = ctx.with_meta(meta);
    Ok(ctx.render(&CatalogPage { ctx: ctx.clone(), courses, level: query.level, topic: query.topic, topics }))
}

/// One lesson in the syllabus.
pub struct SyllabusLesson {
    slug: String,
    title: Text,
    minutes: u32,
    has_quiz: bool,
    state: Option<LessonState>,
}

/// One module in the syllabus.
pub struct SyllabusModule {
    title: Text,
    lessons: Vec<SyllabusLesson>,
}

/// The course page.
#[derive(Template)]
#[template(path = "courses/course.html")]
pub struct CoursePage {
    ctx: Ctx,
    card: CourseCard,
    modules: Vec<SyllabusModule>,
    start: String,
    started: bool,
    percent: Option<usize>,
    /// Every lesson done and every quiz passed: said at the top, with the certificate.
    complete: bool,
    certificate: Option<String>,
    licence_url: &'static str,
}

/// `GET /courses/{slug}`.
pub async fn show_course(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let Some(course) = state.courses.published(&state.store, &slug).await? else {
        return moved(&state, &slug, None).await;
    };
    let learner = state_of(&state, auth.actor.user(), &course).await?;
    let reading = Reading::new(ctx.lang, course.content.language);
    let modules = course
        .content
        .modules
        .iter()
        .map(|module| SyllabusModule {
            title: reading.text(&module.title, &module.title_ja),
            lessons: module
                .lessons
                .iter()
                .map(|lesson| SyllabusLesson {
                    slug: lesson.slug.clone(),
                    title: reading.text(&lesson.title, &lesson.title_ja),
                    minutes: lesson.minutes,
                    has_quiz: lesson.quiz.is_some(),
                    state: learner.as_ref().map(|l| l.of(lesson.id)),
                })
                .collect(),
        })
        .collect();
    let first = course.content.lessons().next().map(|(_, l)| l.slug.clone()).unwrap_or_default();
    let start = learner.as_ref().and_then(|l| l.next.clone()).unwrap_or(first);
    // Only a learner who has started the course can hold its certificate.
    let certificate = match auth.actor.user().filter(|_| learner.as_ref().is_some_and(|l| l.started)) {
        Some(user) => certificate_of(&state, user, &course).await?,
        None => None,
    };
    let mut card = CourseCard::new(&course.content, ctx.lang);
    card.topics = Topics::load(&state.store).await?.labelled(&course.content.topics, ctx.lang);
    let ctx = ctx.clone().with_meta(course_meta(&state, ctx.lang, &course, None).await?);
    let page = CoursePage {
        card,
        modules,
        start,
        started: learner.as_ref().is_some_and(|l| l.started),
        percent: learner.as_ref().map(CourseState::percent),
        complete: learner.as_ref().is_some_and(CourseState::is_complete),
        certificate,
        licence_url: course.content.licence.url(),
        ctx: ctx.clone(),
    };
    let response = ctx.render(&page);
    // A visitor's course page shows only the published revision: the route keeps it.
    Ok(match auth.actor.user() {
        None => Cacheable { doc: DocumentRef::course(course.course_id), revision: course.revision_id }
            .mark(response),
        Some(_) => response,
    })
}
