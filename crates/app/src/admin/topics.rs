//! The topic list's page: add a topic, give it English and Japanese labels, remove
//! one no course uses (see [`crate::courses::topics`] for the rules).

use std::collections::BTreeMap;

use altto_store::{StoreError, Topic};
use askama::Template;
use axum::{
    Extension, Form,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use crate::{
    auth::{RequestAuth, audit},
    courses::{package::is_slug, topics},
    error::{AppError, AppResult},
    state::AppState,
    web::{
        Ctx,
        forms::{FormState, Pairs, clean_text, field},
    },
};

/// The longest label.
const MOST_LABEL_CHARS: usize = 80;

/// One topic as the page lists it.
pub struct TopicRow {
    topic: Topic,
    /// The titles of the courses that use it.
    used_by: Vec<String>,
}

/// The topic list.
#[derive(Template)]
#[template(path = "admin/topics.html")]
pub struct TopicsPage {
    ctx: Ctx,
    rows: Vec<TopicRow>,
    /// The form that adds a topic.
    form: FormState,
    problem: Option<String>,
    done: Option<String>,
}

/// What the page confirms after a change.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DoneQuery {
    added: String,
    renamed: String,
    removed: String,
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    form: FormState,
    problem: Option<String>,
    done: Option<String>,
    status: StatusCode,
) -> AppResult<Response> {
    let mut used: BTreeMap<String, Vec<String>> = topics::usage(&state.store).await?;
    let rows = state
        .store
        .topics()
        .await?
        .into_iter()
        .map(|topic| TopicRow { used_by: used.remove(&topic.slug).unwrap_or_default(), topic })
        .collect();
    let page = TopicsPage { ctx: ctx.clone(), rows, form, problem, done };
    Ok(ctx.render_with_status(status, &page))
}

/// `GET /admin/topics`.
pub async fn list_topics(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<DoneQuery>,
) -> AppResult<Response> {
    // Only what is really so is confirmed (the query can be typed by anyone).
    let listed = topics::Topics::load(&state.store).await?;
    let done = if listed.contains(&query.added) {
        Some(ctx.t1("topic-added", "topic", &listed.label(&query.added, ctx.lang)))
    } else if listed.contains(&query.renamed) {
        Some(ctx.t1("topic-renamed", "topic", &listed.label(&query.renamed, ctx.lang)))
    } else if is_slug(&query.removed) && !listed.contains(&query.removed) {
        Some(ctx.t1("topic-removed", "topic", &query.removed))
    } else {
        None
    };
    page(&state, &ctx, FormState::new(), None, done, StatusCode::OK).await
}

/// The labels typed into a form, checked: problems go to `form` under the field names.
fn read_labels(pairs: &Pairs, form: &mut FormState) -> (String, String) {
    let mut label = |name: &'static str| match clean_text(field(pairs, name), MOST_LABEL_CHARS) {
        Some(text) => text,
        None => {
            form.fail(name, "topic-label-too-long");
            String::new()
        }
    };
    let (en, ja) = (label("label_en"), label("label_ja"));
    if en.is_empty() {
        form.fail("label_en", "topic-label-required");
    }
    (en, ja)
}

/// `POST /admin/topics`: adds a topic.
pub async fn add_topic(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let mut form = FormState::new();
    let slug = field(&pairs, "slug").trim().to_lowercase();
    form.keep("slug", &slug)
        .keep("label_en", field(&pairs, "label_en"))
        .keep("label_ja", field(&pairs, "label_ja"));
    if !is_slug(&slug) {
        form.fail("slug", "field-slug-invalid");
    }
    let (label_en, label_ja) = read_labels(&pairs, &mut form);
    let refuse = |form: FormState| page(&state, &ctx, form, None, None, StatusCode::UNPROCESSABLE_ENTITY);
    if form.has_errors() {
        return refuse(form).await;
    }
    let topic = Topic { slug: slug.clone(), label_en, label_ja, provisional: false };
    match state.store.add_topic(&topic).await {
        Ok(()) => {}
        Err(StoreError::Conflict(_)) => {
            form.fail("slug", "topic-slug-taken");
            return refuse(form).await;
        }
        Err(err) => return Err(err.into()),
    }
    changed(&state, &auth, "topic_added", &format!("{slug}: {} / {}", topic.label_en, topic.label_ja))
        .await?;
    Ok(Redirect::to(&format!("/admin/topics?added={slug}")).into_response())
}

/// `POST /admin/topics/{slug}`: gives a topic new labels.
pub async fn rename_topic(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let listed = topics::Topics::load(&state.store).await?;
    if !listed.contains(&slug) {
        return Err(AppError::NotFound);
    }
    let mut form = FormState::new();
    let (label_en, label_ja) = read_labels(&pairs, &mut form);
    if let Some((_, key)) = form.errors().first() {
        let problem = ctx.t1(&format!("{key}-for"), "topic", &slug);
        return page(&state, &ctx, FormState::new(), Some(problem), None, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    }
    state.store.rename_topic(&slug, &label_en, &label_ja).await?;
    changed(&state, &auth, "topic_renamed", &format!("{slug}: {label_en} / {label_ja}")).await?;
    Ok(Redirect::to(&format!("/admin/topics?renamed={slug}")).into_response())
}

/// `POST /admin/topics/{slug}/remove`: removes a topic no course uses.
pub async fn remove_topic(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let listed = topics::Topics::load(&state.store).await?;
    if !listed.contains(&slug) {
        return Err(AppError::NotFound);
    }
    let used = topics::usage(&state.store).await?;
    if let Some(courses) = used.get(&slug).filter(|courses| !courses.is_empty()) {
        let args = [("topic", listed.label(&slug, ctx.lang).into()), ("courses", courses.join(", ").into())];
        let problem = ctx.lang.t_args("topic-in-use", &args);
        return page(&state, &ctx, FormState::new(), Some(problem), None, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    }
    state.store.remove_topic(&slug).await?;
    changed(&state, &auth, "topic_removed", &slug).await?;
    Ok(Redirect::to(&format!("/admin/topics?removed={slug}")).into_response())
}

/// Records a change of the list, and forgets visitors' pages kept by this node, which
/// show topic labels (other nodes show the new labels on a course's page when it is
/// next published, or its kept page is dropped).
async fn changed(state: &AppState, auth: &RequestAuth, action: &str, detail: &str) -> AppResult<()> {
    state.pages.forget_all();
    audit(state, auth, action, None, detail).await
}
