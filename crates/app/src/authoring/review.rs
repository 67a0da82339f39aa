//! The editorial workflow's pages and the revision history: submit for review,
//! comment, request changes, publish, unpublish, archive (each decided by
//! [`content::workflow`](crate::content::workflow)); list revisions, show what changed,
//! restore one.

use altto_store::{DocumentKind, NewReviewNote, RevisionInfo, StoreError};
use askama::Template;
use axum::{
    Extension, Form,
    extract::{Path, State},
    http::StatusCode,
    response::Response,
};

use super::{
    SaveError, Working,
    done::{Done, Message},
    load, load_for_edit,
    outline::{base_of, course_page},
    readable::{outline_changes, readable},
    save,
};
use crate::{
    auth::RequestAuth,
    content::{
        decisions::{self, Refused},
        notify,
        workflow::Decision,
    },
    courses::{content::CourseContent, package},
    error::{AppError, AppResult},
    policy,
    state::AppState,
    web::forms::{Pairs, field},
    web::{Ctx, format::day_of, forms::clean_text},
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
    let working = load(&state, &auth, &slug).await?;
    decide(&state, &auth, &ctx, working, Decision::Submit, &pairs).await
}

/// `POST /author/courses/{slug}/review`: a decision about the course — `comment`,
/// `changes_requested`, `publish`, `unpublish` or `archive`.
pub async fn review(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let working = load(&state, &auth, &slug).await?;
    let decision = Decision::parse(field(&pairs, "decision"))
        .filter(|decision| !matches!(decision, Decision::Save | Decision::Submit))
        .ok_or(AppError::NotFound)?;
    decide(&state, &auth, &ctx, working, decision, &pairs).await
}

/// Makes `decision` about the working copy if the workflow allows it, with the note
/// from the form, as one transaction; else shows the course page saying why not.
async fn decide(
    state: &AppState,
    auth: &RequestAuth,
    ctx: &Ctx,
    working: Working,
    decision: Decision,
    pairs: &Pairs,
) -> AppResult<Response> {
    let before = working.course.workflow();
    let powers = policy::workflow_powers(&auth.actor, &working.authors);
    let refuse = |working, notice: String, status| {
        course_page(state, auth, ctx, working, None, Some(Message::Problem(notice)), status)
    };
    let note_text = clean_text(field(pairs, "note"), 4000).unwrap_or_default();
    let note = &note_text;
    // Publishing is of the revision the editor looked at: a save since then is news.
    let after = match decisions::check(before, decision, powers, note, base_of(pairs)) {
        Ok(after) => after,
        Err(Refused::Forbidden) => return Err(AppError::Forbidden),
        Err(Refused::NotNow(key)) => return refuse(working, ctx.t(key), StatusCode::CONFLICT).await,
        Err(Refused::NoteRequired) => {
            return refuse(working, ctx.t("author-note-required"), StatusCode::UNPROCESSABLE_ENTITY).await;
        }
        Err(Refused::Stale) => return refuse(working, ctx.t("author-stale"), StatusCode::CONFLICT).await,
    };
    if matches!(decision, Decision::Submit | Decision::Publish)
        && let Some(notice) = not_ready(ctx, &working.content)
    {
        return refuse(working, notice, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    // A published rename of the course moves it to its new address: refused here,
    // before anything changes, if another course took that address meanwhile.
    let renamed = (decision == Decision::Publish && working.content.slug != working.course.slug)
        .then(|| working.content.slug.clone());
    if let Some(to) = &renamed
        && state.store.course_by_slug(to).await?.is_some()
    {
        return refuse(working, ctx.t("field-slug-taken"), StatusCode::CONFLICT).await;
    }
    let note = NewReviewNote {
        revision_id: working.latest,
        user_id: auth.actor.user_id(),
        event: decision.event(),
        body: note,
    };
    let done = state.store.apply_workflow(working.doc(), before, after, note).await;
    match done {
        Ok(()) => {
            let mut at = working.course.slug.clone();
            if decision == Decision::Publish {
                let lessons: Vec<(i64, String)> =
                    working.content.lessons().map(|(_, lesson)| (lesson.id, lesson.slug.clone())).collect();
                state.store.remember_addresses(working.course.id, &lessons).await?;
            }
            if let Some(to) = renamed {
                state.store.rename_course(working.course.id, &to).await?;
                at = to;
            }
            tell_about(state, auth, &working, decision, &note_text).await?;
            Ok(Done::Decided(decision).redirect(&at))
        }
        Err(StoreError::Conflict(_)) => {
            let fresh = load(state, auth, &working.course.slug).await?;
            refuse(fresh, ctx.t("author-stale"), StatusCode::CONFLICT).await
        }
        Err(err) => Err(err.into()),
    }
}

/// Tells the people a decision about the course concerns (see
/// [`content::notify`](crate::content::notify)).
async fn tell_about(
    state: &AppState,
    auth: &RequestAuth,
    working: &Working,
    decision: Decision,
    note: &str,
) -> AppResult<()> {
    let link = format!("/author/courses/{}", working.course.slug);
    let about =
        notify::About { title: &working.content.title, authors: &working.authors, link: &link, events: "" };
    notify::tell_about(state, &auth.actor, &about, decision, note).await
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
    let revisions = state.store.revision_history(working.doc()).await?;
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
    /// Renames, moves and deletions, in a sentence each.
    outline: Vec<String>,
    can_restore: bool,
    base: i64,
}

/// The content of revision `number` of the course and the one before it.
async fn revision_pair(
    state: &AppState,
    working: &Working,
    number: i64,
) -> AppResult<(RevisionInfo, CourseContent, Option<CourseContent>)> {
    let history = state.store.revision_history(working.doc()).await?;
    let info = history.iter().find(|r| r.number == number).cloned().ok_or(AppError::NotFound)?;
    let parse = |json: &str| {
        serde_json::from_str::<CourseContent>(json).map_err(|err| AppError::Internal(err.into()))
    };
    let content = parse(&state.store.revision(DocumentKind::Course, info.id).await?.content)?;
    let before = match history.iter().find(|r| r.number == number - 1) {
        Some(previous) => {
            Some(parse(&state.store.revision(DocumentKind::Course, previous.id).await?.content)?)
        }
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
    let (info, content, before) = revision_pair(&state, &working, number).await?;
    let old = before.as_ref().map(|before| readable(before, ctx.lang)).unwrap_or_default();
    let new = readable(&content, ctx.lang);
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
        can_restore: working.may(&auth, Decision::Save) && working.latest != Some(info.id),
        base: working.latest.unwrap_or_default(),
        slug,
        number,
        note: info.note,
        outline: before
            .as_ref()
            .map(|before| outline_changes(before, &content, ctx.lang))
            .unwrap_or_default(),
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
    let (_, content, _) = revision_pair(&state, &working, number).await?;
    let note = ctx.t1("author-note-restored", "number", &number.to_string());
    match save(&state, &auth, &working, base_of(&pairs), content, &note).await {
        Ok(_) => Ok(Done::Restored.redirect(&slug)),
        Err(SaveError::Stale) => {
            let notice = Some(Message::Problem(ctx.t("author-stale")));
            course_page(&state, &auth, &ctx, working, None, notice, StatusCode::CONFLICT).await
        }
        Err(SaveError::Other(err)) => Err(err),
    }
}
