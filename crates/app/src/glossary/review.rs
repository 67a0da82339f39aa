//! Decisions about a term — submit for review; comment, request changes, publish,
//! unpublish, archive — made by the one workflow with the same names and rules as for
//! courses, and told to the people they concern.

use axum::{
    Extension, Form,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

use super::{
    content,
    write::{Working, form_of, load},
};
use crate::{
    auth::RequestAuth,
    content::{
        decisions::{self, Deciding, NotMade},
        workflow::{self, Decision},
    },
    error::{AppError, AppResult},
    notifications,
    state::AppState,
    web::{
        Ctx,
        forms::{Pairs, clean_text, field},
    },
};

/// `POST /author/glossary/{slug}/submit`: asks the editors to review the term.
pub async fn submit_term(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    decide(&state, &auth, &ctx, &slug, Decision::Submit, &pairs).await
}

/// `POST /author/glossary/{slug}/review`: `comment`, `changes_requested`, `publish`,
/// `unpublish` or `archive`, with the same names and rules as for courses.
pub async fn review_term(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let decision = Decision::parse(field(&pairs, "decision"))
        .filter(|decision| !matches!(decision, Decision::Save | Decision::Submit))
        .ok_or(AppError::NotFound)?;
    decide(&state, &auth, &ctx, &slug, decision, &pairs).await
}

/// Makes `decision` about the term if the workflow allows it; else shows the editor
/// saying why not.
async fn decide(
    state: &AppState,
    auth: &RequestAuth,
    ctx: &Ctx,
    slug: &str,
    decision: Decision,
    pairs: &Pairs,
) -> AppResult<Response> {
    let working = load(state, auth, slug).await?;
    let note = clean_text(field(pairs, "note"), 4000).unwrap_or_default();
    let refuse = |working: &Working, key: &str, status| {
        let page = working.page(ctx, auth, form_of(&working.term), Some(ctx.t(key)));
        Ok(ctx.render_with_status(status, &page))
    };
    if matches!(decision, Decision::Comment | Decision::RequestChanges) && note.trim().is_empty() {
        return refuse(&working, "author-note-required", StatusCode::UNPROCESSABLE_ENTITY);
    }
    // A term that no longer passes the checks (saved under older rules) is not published.
    if matches!(decision, Decision::Submit | Decision::Publish) && !content::check(&working.term).is_empty() {
        return refuse(&working, "glossary-not-ready", StatusCode::UNPROCESSABLE_ENTITY);
    }
    let deciding = Deciding {
        doc: working.doc(),
        before: working.row.workflow(),
        seen: field(pairs, "base").parse().ok(),
        decision,
        powers: working.powers(auth),
        user_id: auth.actor.user_id(),
        note: &note,
    };
    match decisions::make(&state.store, deciding).await? {
        Ok(_) => {
            tell_about(state, auth, &working, decision, &note).await?;
            Ok(Redirect::to(&format!("/author/glossary/{slug}?decided=1")).into_response())
        }
        Err(NotMade::Refused(workflow::Refusal::NotAllowed)) => Err(AppError::Forbidden),
        Err(NotMade::Refused(refusal)) => refuse(&working, refusal.message_key(), StatusCode::CONFLICT),
        Err(NotMade::Stale) => {
            let fresh = load(state, auth, slug).await?;
            refuse(&fresh, "glossary-stale", StatusCode::CONFLICT)
        }
    }
}

/// Tells the people a decision concerns, as for courses: the editors when a term is
/// submitted (or one of its authors comments), its authors when an editor comments,
/// asks for changes, publishes, unpublishes or archives it.
async fn tell_about(
    state: &AppState,
    auth: &RequestAuth,
    working: &Working,
    decision: Decision,
    note: &str,
) -> AppResult<()> {
    let by_an_author = auth.actor.user_id().is_some_and(|id| working.authors.contains(&id));
    let to = match decision {
        Decision::Save => return Ok(()),
        Decision::Submit => state.store.editor_ids().await?,
        Decision::Comment if by_an_author => {
            let mut to = state.store.editor_ids().await?;
            to.extend(&working.authors);
            to
        }
        Decision::Comment
        | Decision::RequestChanges
        | Decision::Publish
        | Decision::Unpublish
        | Decision::Archive => working.authors.clone(),
    };
    let title = format!("{} ({})", working.term.ja, working.term.en);
    let link = format!("/author/glossary/{}", working.row.slug);
    let notice = notifications::Notice {
        event: decision.event(),
        title: &title,
        link: &link,
        actor: auth.actor.user(),
        note,
    };
    notifications::tell(state, &to, &notice).await
}
