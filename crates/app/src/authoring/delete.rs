//! Deleting a module, a lesson, a file or a course that was never published, after a
//! confirmation page that says what will happen to learners. Deleting a lesson removes
//! it from the next revision only: learners' progress, notes and quiz attempts stay
//! (kept by lesson id, and a restored revision brings the lesson back with them), and a
//! certificate, once issued, is never taken back. A published course is not deleted:
//! it is withdrawn with the existing Archive decision.

use altto_store::StoreError;
use askama::Template;
use axum::{
    Extension, Form,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

use super::{
    SaveError, Working,
    done::{Done, Message},
    load_for_edit,
    manage::{Item, ItemQuery},
    outline::{base_of, course_page, renumber},
    save,
};
use crate::{
    auth::RequestAuth,
    courses::content::CourseContent,
    error::{AppError, AppResult},
    state::AppState,
    web::{
        Ctx,
        forms::{Pairs, field},
    },
};

/// The confirmation page.
#[derive(Template)]
#[template(path = "authoring/delete.html")]
pub struct DeletePage {
    ctx: Ctx,
    slug: String,
    base: i64,
    what: &'static str,
    key: String,
    name: String,
    /// What will happen, one sentence each.
    facts: Vec<String>,
    /// Why it cannot be deleted, if it cannot.
    refusal: Option<String>,
    /// What went wrong with the last try (someone saved meanwhile).
    problem: Option<String>,
}

/// Why `item` cannot be deleted from `content`, if it cannot (in `ctx`'s language).
fn refusal(ctx: &Ctx, working: &Working, item: &Item) -> Option<String> {
    let content = &working.content;
    match item {
        Item::Course => (working.course.published_revision_id.is_some()
            || working.course.archived_at.is_some())
        .then(|| ctx.t("delete-course-published")),
        Item::Module(_) => (content.modules.len() < 2).then(|| ctx.t("delete-last-module")),
        Item::Lesson(slug) => {
            let module = content.modules.iter().find(|m| m.lessons.iter().any(|l| &l.slug == slug))?;
            if content.lesson_count() < 2 {
                Some(ctx.t("delete-last-lesson"))
            } else if module.lessons.len() < 2 {
                Some(ctx.t1("delete-last-lesson-of-module", "module", &module.title))
            } else {
                None
            }
        }
        Item::File(path) => {
            let users = content.lessons_using(path);
            (!users.is_empty()).then(|| {
                ctx.lang.t_args(
                    "media-in-use",
                    &[("path", path.as_str().into()), ("lessons", users.join(", ").as_str().into())],
                )
            })
        }
    }
}

/// The lessons `item` takes with it, as `(id, title)`.
fn lessons_of(content: &CourseContent, item: &Item) -> Vec<(i64, String)> {
    content
        .lessons()
        .filter(|(module, lesson)| match item {
            Item::Module(key) => &module.key == key,
            Item::Lesson(slug) => &lesson.slug == slug,
            _ => false,
        })
        .map(|(_, lesson)| (lesson.id, lesson.title.clone()))
        .collect()
}

/// `GET /author/courses/{slug}/delete?what=…&key=…`: what deleting the item would do,
/// with a button to do it and a way back.
pub async fn confirm_delete(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(query): Query<ItemQuery>,
) -> AppResult<Response> {
    let working = load_for_edit(&state, &auth, &slug).await?;
    let item = Item::parse(&query.what, &query.key).ok_or(AppError::NotFound)?;
    confirmation(&state, &ctx, &working, &item, None, StatusCode::OK).await
}

/// Renders the confirmation page, or says why the item cannot go.
async fn confirmation(
    state: &AppState,
    ctx: &Ctx,
    working: &Working,
    item: &Item,
    problem: Option<String>,
    status: StatusCode,
) -> AppResult<Response> {
    let content = &working.content;
    let name = item.name(content).ok_or(AppError::NotFound)?;
    let mut facts = Vec::new();
    let lessons = lessons_of(content, item);
    if let Item::Module(_) = item {
        let titles: Vec<&str> = lessons.iter().map(|(_, title)| title.as_str()).collect();
        facts.push(ctx.t1("delete-module-lessons", "lessons", &titles.join(", ")));
    }
    if !lessons.is_empty() {
        let ids: Vec<i64> = lessons.iter().map(|(id, _)| *id).collect();
        let (completed, certified) = state.store.learners_of(working.course.id, &ids).await?;
        facts.push(ctx.lang.t_args("delete-completed", &[("count", completed.into())]));
        if certified > 0 {
            facts.push(ctx.lang.t_args("delete-certified", &[("count", certified.into())]));
        }
    }
    match item {
        Item::Course => facts.push(ctx.t("delete-course-for-good")),
        Item::File(_) => facts.push(ctx.t("delete-file-unused")),
        _ => {}
    }
    if working.course.published_revision_id.is_some() && *item != Item::Course {
        facts.push(ctx.t("delete-until-published"));
    }
    let page = DeletePage {
        ctx: ctx.clone(),
        slug: working.course.slug.clone(),
        base: working.latest.unwrap_or_default(),
        what: item.what(),
        key: item.key().to_owned(),
        name,
        facts,
        refusal: refusal(ctx, working, item),
        problem,
    };
    Ok(ctx.render_with_status(status, &page))
}

/// Removes `item` from `content`. False if it is not there.
pub fn delete_in(content: &mut CourseContent, item: &Item) -> bool {
    let found = match item {
        Item::Course => false,
        Item::Module(key) => {
            let before = content.modules.len();
            content.modules.retain(|m| &m.key != key);
            content.modules.len() < before
        }
        Item::Lesson(slug) => {
            let before = content.lesson_count();
            for module in &mut content.modules {
                module.lessons.retain(|l| &l.slug != slug);
            }
            content.lesson_count() < before
        }
        Item::File(path) => content.files.as_mut().is_some_and(|files| files.remove(path).is_some()),
    };
    renumber(content);
    found
}

/// `POST /author/courses/{slug}/delete`: deletes the item in a new revision (a course
/// never published: for good), or shows the confirmation page again saying why not.
pub async fn delete_item(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let working = load_for_edit(&state, &auth, &slug).await?;
    let item = Item::parse(field(&pairs, "what"), field(&pairs, "key")).ok_or(AppError::NotFound)?;
    let name = item.name(&working.content).ok_or(AppError::NotFound)?;
    if refusal(&ctx, &working, &item).is_some() {
        return confirmation(&state, &ctx, &working, &item, None, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    if base_of(&pairs) != working.latest {
        let stale = Some(ctx.t("author-stale"));
        return confirmation(&state, &ctx, &working, &item, stale, StatusCode::CONFLICT).await;
    }
    if item == Item::Course {
        return match state.store.delete_unpublished_course(working.course.id).await {
            Ok(()) => Ok(Redirect::to("/author?done=deleted").into_response()),
            Err(StoreError::Conflict(_)) => {
                let why = Some(ctx.t("delete-course-published"));
                confirmation(&state, &ctx, &working, &item, why, StatusCode::CONFLICT).await
            }
            Err(err) => Err(err.into()),
        };
    }
    let mut content = working.content.clone();
    delete_in(&mut content, &item);
    let note = ctx.t1(&format!("delete-note-{}", item.what()), "title", &name);
    match save(&state, &auth, &working, base_of(&pairs), content, &note).await {
        Ok(_) => Ok(Done::Deleted.redirect(&working.course.slug)),
        Err(SaveError::Stale) => {
            let fresh = load_for_edit(&state, &auth, &slug).await?;
            let stale = Some(ctx.t("author-stale"));
            if item.name(&fresh.content).is_none() {
                let stale = stale.map(Message::Problem);
                return course_page(&state, &auth, &ctx, fresh, None, stale, StatusCode::CONFLICT).await;
            }
            confirmation(&state, &ctx, &fresh, &item, stale, StatusCode::CONFLICT).await
        }
        Err(SaveError::Other(err)) => Err(err),
    }
}
