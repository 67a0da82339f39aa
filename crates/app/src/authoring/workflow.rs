//! The editorial workflow and revision history: submit for review, comment, request
//! changes, publish, archive; list revisions, show what changed, restore one.

use altto_store::{CourseStatus, RevisionInfo};
use askama::Template;
use axum::{
    Extension, Form,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

use super::{
    SaveError, load, load_for_edit,
    outline::{Pairs, base_of, course_page, field},
    save,
};
use crate::{
    courses::{content::CourseContent, package},
    error::{AppError, AppResult},
    policy,
    state::AppState,
    web::{Ctx, auth::RequestAuth, day_of, forms::clean_text},
};

/// Why `content` cannot be submitted or published yet (the package rules), if it cannot.
fn not_ready(ctx: &Ctx, content: &CourseContent) -> Option<String> {
    let problems = package::check(content).err()?;
    let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
    Some(format!("{} {}", ctx.t("author-not-ready"), list.join("; ")))
}

/// `POST /author/courses/{slug}/submit`: an author asks for review; the course is then
/// locked for its authors until an editor responds.
pub async fn submit_for_review(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let working = load_for_edit(&state, &auth, &slug).await?;
    if let Some(notice) = not_ready(&ctx, &working.content) {
        return course_page(
            &state,
            &auth,
            &ctx,
            working,
            None,
            Some(notice),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let note = clean_text(field(&pairs, "note"), 2000).unwrap_or_default();
    state.store.set_course_status(working.course.id, CourseStatus::InReview).await?;
    state
        .store
        .add_review_note(working.course.id, working.latest, auth.actor.user_id(), "submitted", &note)
        .await?;
    Ok(Redirect::to(&format!("/author/courses/{slug}")).into_response())
}

/// `POST /author/courses/{slug}/review`: an editor's decision — `comment`,
/// `changes_requested`, `publish`, `unpublish` or `archive` (authors may comment).
pub async fn review(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let working = load(&state, &auth, &slug).await?;
    let decision = field(&pairs, "decision");
    let note = clean_text(field(&pairs, "note"), 4000).unwrap_or_default();
    let is_author_comment =
        decision == "comment" && auth.actor.user_id().is_some_and(|id| working.authors.contains(&id));
    if !policy::can_review(&auth.actor) && !is_author_comment {
        return Err(AppError::Forbidden);
    }
    let course_id = working.course.id;
    match decision {
        "comment" | "changes_requested" if note.trim().is_empty() => {
            let notice = Some(ctx.t("author-note-required"));
            return course_page(&state, &auth, &ctx, working, None, notice, StatusCode::UNPROCESSABLE_ENTITY)
                .await;
        }
        "comment" => {}
        "changes_requested" => state.store.set_course_status(course_id, CourseStatus::Draft).await?,
        "publish" => {
            if base_of(&pairs) != working.latest {
                let notice = Some(ctx.t("author-stale"));
                return course_page(&state, &auth, &ctx, working, None, notice, StatusCode::CONFLICT).await;
            }
            if let Some(notice) = not_ready(&ctx, &working.content) {
                let status = StatusCode::UNPROCESSABLE_ENTITY;
                return course_page(&state, &auth, &ctx, working, None, Some(notice), status).await;
            }
            let latest = working.latest.ok_or(AppError::NotFound)?;
            state.store.publish_revision(course_id, latest).await?;
        }
        "unpublish" => state.store.unpublish_course(course_id).await?,
        "archive" => state.store.set_course_status(course_id, CourseStatus::Archived).await?,
        _ => return Err(AppError::NotFound),
    }
    let kind = match decision {
        "publish" => "published",
        "unpublish" => "unpublished",
        "archive" => "archived",
        other => other,
    };
    state.store.add_review_note(course_id, working.latest, auth.actor.user_id(), kind, &note).await?;
    Ok(Redirect::to(&format!("/author/courses/{slug}")).into_response())
}

/// The revision history.
#[derive(Template)]
#[template(path = "authoring/revisions.html")]
pub struct RevisionsPage {
    ctx: Ctx,
    slug: String,
    revisions: Vec<RevisionInfo>,
    published: Option<i64>,
}

impl RevisionsPage {
    fn when(&self, revision: &RevisionInfo) -> String {
        day_of(revision.created_at)
    }

    fn is_published(&self, revision: &RevisionInfo) -> bool {
        self.published == Some(revision.id)
    }
}

/// `GET /author/courses/{slug}/revisions`.
pub async fn list_revisions(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let working = load(&state, &auth, &slug).await?;
    let revisions = state.store.revision_history(working.course.id).await?;
    let published = working.course.published_revision_id;
    Ok(ctx.render(&RevisionsPage { ctx: ctx.clone(), slug, revisions, published }))
}

/// One revision and what changed from the one before it.
#[derive(Template)]
#[template(path = "authoring/revision.html")]
pub struct RevisionPage {
    ctx: Ctx,
    slug: String,
    number: i64,
    note: String,
    lines: Vec<(char, String)>,
    can_restore: bool,
    base: i64,
}

/// The whole course as one text: every package file, under its name.
fn as_text(content: &CourseContent) -> String {
    package::render(content)
        .into_iter()
        .map(|(path, bytes)| format!("=== {path}\n{}\n", String::from_utf8_lossy(&bytes)))
        .collect()
}

/// The content of revision `number` of the course and the one before it.
async fn revision_pair(
    state: &AppState,
    course_id: i64,
    number: i64,
) -> AppResult<(RevisionInfo, CourseContent, Option<CourseContent>)> {
    let history = state.store.revision_history(course_id).await?;
    let info = history.iter().find(|r| r.number == number).cloned().ok_or(AppError::NotFound)?;
    let parse = |json: &str| {
        serde_json::from_str::<CourseContent>(json).map_err(|err| AppError::Internal(err.into()))
    };
    let content = parse(&state.store.revision(info.id).await?.content)?;
    let before = match history.iter().find(|r| r.number == number - 1) {
        Some(previous) => Some(parse(&state.store.revision(previous.id).await?.content)?),
        None => None,
    };
    Ok((info, content, before))
}

/// `GET /author/courses/{slug}/revisions/{number}`: a readable diff against the
/// revision before.
pub async fn show_revision(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path((slug, number)): Path<(String, i64)>,
) -> AppResult<Response> {
    let working = load(&state, &auth, &slug).await?;
    let (info, content, before) = revision_pair(&state, working.course.id, number).await?;
    let old = before.as_ref().map(as_text).unwrap_or_default();
    let new = as_text(&content);
    let diff = similar::TextDiff::from_lines(&old, &new);
    let mut lines = Vec::new();
    for group in diff.grouped_ops(2) {
        lines.push(('@', String::new()));
        for op in group {
            for change in diff.iter_changes(&op) {
                let sign = match change.tag() {
                    similar::ChangeTag::Delete => '-',
                    similar::ChangeTag::Insert => '+',
                    similar::ChangeTag::Equal => ' ',
                };
                lines.push((sign, change.value().trim_end_matches('\n').to_owned()));
            }
        }
    }
    let page = RevisionPage {
        ctx: ctx.clone(),
        can_restore: policy::can_edit_course(&auth.actor, &working.authors, working.course.status)
            && working.latest != Some(info.id),
        base: working.latest.unwrap_or_default(),
        slug,
        number,
        note: info.note,
        lines,
    };
    Ok(ctx.render(&page))
}

/// `POST /author/courses/{slug}/revisions/{number}/restore`: saves that revision's
/// content again as the newest revision (nothing is ever deleted).
pub async fn restore_revision(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path((slug, number)): Path<(String, i64)>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let working = load_for_edit(&state, &auth, &slug).await?;
    let (_, content, _) = revision_pair(&state, working.course.id, number).await?;
    let note = ctx.t1("author-note-restored", "number", &number.to_string());
    match save(&state, &auth, &working, base_of(&pairs), content, &note).await {
        Ok(_) => Ok(Redirect::to(&format!("/author/courses/{slug}")).into_response()),
        Err(SaveError::Stale) => {
            let notice = Some(ctx.t("author-stale"));
            course_page(&state, &auth, &ctx, working, None, notice, StatusCode::CONFLICT).await
        }
        Err(SaveError::Other(err)) => Err(err),
    }
}
