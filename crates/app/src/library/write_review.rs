//! An article's or post's workflow (submit, comment, request changes, publish — a post
//! now or at a given time —, unpublish, archive: the same rules as courses, from
//! [`workflow::decide`]), its preview as the public will see it, and its revisions.

use altto_store::{NewReviewNote, RevisionInfo, StoreError};
use askama::Template;
use axum::{
    Extension, Form,
    extract::{Path, Query, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};

use super::{
    cache::draft_card,
    content::{Shelf, Writing, check},
    write::{Draft, load, save},
    write_edit::{Said, editor_page},
    write_form,
};
use crate::{
    auth::RequestAuth,
    content::{
        decisions::{self, Refused},
        notify,
        workflow::Decision,
    },
    error::{AppError, AppResult},
    i18n::Lang,
    policy,
    state::AppState,
    web::{
        Ctx,
        format::day_of,
        forms::{Pairs, clean_text, field},
    },
};

/// A publish time that is not written as the form asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnreadableTime;

/// When a post is to be made public, from the publish form's `publish_at`
/// (`YYYY-MM-DDTHH:MM`, seconds optional) in the zone `publish_zone` (`jst`, the
/// default, or `utc`), as unix ms: `Ok(None)` when left empty, `Err` when unreadable.
pub fn publish_time(typed: &str, zone: &str) -> Result<Option<i64>, UnreadableTime> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(None);
    }
    let long = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    let short = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    let local = time::PrimitiveDateTime::parse(typed, &long)
        .or_else(|_| time::PrimitiveDateTime::parse(typed, &short))
        .map_err(|_| UnreadableTime)?;
    let offset = if zone == "utc" { time::UtcOffset::UTC } else { time::macros::offset!(+9) };
    Ok(Some(local.assume_offset(offset).unix_timestamp() * 1000))
}

/// When a post being published becomes public: the time asked for if it is still to
/// come, else now — except that republishing an edit of a post already public keeps
/// the day it was first published.
fn public_from(asked: Option<i64>, before: Option<i64>, is_public: bool, now: i64) -> i64 {
    match (asked, before) {
        (Some(at), _) if at > now => at,
        (None, Some(was)) if is_public && was <= now => was,
        _ => now,
    }
}

/// `POST /author/library/{shelf}/{slug}/review`: a decision about the text —
/// `submit`, `comment`, `changes_requested`, `publish`, `unpublish` or `archive`.
pub async fn decide_writing(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path((shelf, slug)): Path<(String, String)>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let draft = load(&state, &auth, &shelf, &slug).await?;
    let decision = Decision::parse(field(&pairs, "decision"))
        .filter(|decision| *decision != Decision::Save)
        .ok_or(AppError::NotFound)?;
    let refuse = |draft: Draft, problem: String, status: StatusCode| {
        let (state, auth, ctx) = (&state, &auth, &ctx);
        async move {
            let form = write_form::of_writing(&draft.writing);
            let page =
                editor_page(state, auth, ctx, &draft, form, draft.latest(), Some(Said::Problem(problem)));
            Ok::<_, AppError>(ctx.render_with_status(status, &page.await?))
        }
    };
    let before = draft.row.workflow();
    let powers = policy::workflow_powers(&auth.actor, &draft.authors);
    let note = clean_text(field(&pairs, "note"), 4000).unwrap_or_default();
    // Publishing is of the revision the editor looked at: a save since then is news.
    let looked_at = field(&pairs, "base").parse::<i64>().ok();
    let after = match decisions::check(before, decision, powers, &note, looked_at) {
        Ok(after) => after,
        Err(Refused::Forbidden) => return Err(AppError::Forbidden),
        Err(Refused::NotNow(key)) => return refuse(draft, ctx.t(key), StatusCode::CONFLICT).await,
        Err(Refused::NoteRequired) => {
            return refuse(draft, ctx.t("author-note-required"), StatusCode::UNPROCESSABLE_ENTITY).await;
        }
        Err(Refused::Stale) => {
            return refuse(draft, ctx.t("library-writing-stale"), StatusCode::CONFLICT).await;
        }
    };
    let problems = check(draft.shelf, &draft.writing);
    if matches!(decision, Decision::Submit | Decision::Publish) && !problems.is_empty() {
        let list: Vec<String> = problems
            .iter()
            .map(|problem| match problem.number {
                Some(n) => ctx.t1(problem.key, "number", &n.to_string()),
                None => format!("{}: {}", problem.field, ctx.t(problem.key)),
            })
            .collect();
        let notice = format!("{} {}", ctx.t("library-writing-not-ready"), list.join("; "));
        return refuse(draft, notice, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    // A post is public from the time asked for; set before it is published (and put
    // back if publishing fails), so that no node shows it early.
    let mut scheduled = false;
    let earlier = draft.row.publish_at;
    if decision == Decision::Publish && draft.shelf == Shelf::News {
        let Ok(asked) = publish_time(field(&pairs, "publish_at"), field(&pairs, "publish_zone")) else {
            return refuse(
                draft,
                ctx.t("library-writing-publish-at-invalid"),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        };
        let now = altto_store::now_millis();
        // Scheduling a post the public sees now would take it away until then.
        let visible = draft.row.is_public() && earlier.is_none_or(|was| was <= now);
        if visible && asked.is_some_and(|at| at > now) {
            return refuse(
                draft,
                ctx.t("library-writing-publish-at-public"),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
        let at = public_from(asked, earlier, draft.row.is_public(), now);
        scheduled = at > now;
        state.store.set_publish_at(draft.doc(), Some(at)).await?;
    }
    let review_note = NewReviewNote {
        revision_id: draft.latest(),
        user_id: auth.actor.user_id(),
        event: decision.event(),
        body: &note,
    };
    match state.store.apply_workflow(draft.doc(), before, after, review_note).await {
        Ok(()) => {
            let link = draft.link();
            let about = notify::About {
                title: &draft.writing.title,
                authors: &draft.authors,
                link: &link,
                events: "writing_",
            };
            notify::tell_about(&state, &auth.actor, &about, decision, &note).await?;
            let done = if scheduled { "scheduled" } else { decision.event() };
            Ok(Redirect::to(&format!("{link}?done={done}")).into_response())
        }
        Err(StoreError::Conflict(_)) => {
            if decision == Decision::Publish && draft.shelf == Shelf::News {
                state.store.set_publish_at(draft.doc(), earlier).await?;
            }
            let fresh = load(&state, &auth, draft.shelf.name(), &draft.row.slug).await?;
            refuse(fresh, ctx.t("library-writing-stale"), StatusCode::CONFLICT).await
        }
        Err(err) => Err(err.into()),
    }
}

/// The preview's query: the language to show it in (`en`, `ja`; the reader's own when
/// absent).
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct PreviewQuery {
    lang: String,
}

/// `GET /author/library/{shelf}/{slug}/preview?lang=en|ja`: the public page made from
/// the newest revision, for its authors and editors (not found for anyone else),
/// never cached or indexed.
pub async fn preview_writing(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    mut ctx: Ctx,
    Path((shelf, slug)): Path<(String, String)>,
    Query(query): Query<PreviewQuery>,
) -> AppResult<Response> {
    let draft = load(&state, &auth, &shelf, &slug).await?;
    if let Some(lang) = Lang::from_code(&query.lang) {
        ctx.lang = lang;
    }
    let card = draft_card(draft.shelf, draft.doc(), draft.latest().unwrap_or_default(), &draft.writing);
    let shown = state.library.render(&state.store, card, draft.writing).await?;
    let page = super::pages::writing_page(&state, &ctx, &shown, true).await?;
    let mut response = ctx.render(&page);
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    headers.insert("x-robots-tag", HeaderValue::from_static("noindex, nofollow"));
    Ok(response)
}

/// A text's revisions, for its authors and editors.
#[derive(Template)]
#[template(path = "library/author/revisions.html")]
pub struct WritingRevisionsPage {
    ctx: Ctx,
    link: String,
    title: String,
    revisions: Vec<RevisionInfo>,
    latest: Option<i64>,
    published: Option<i64>,
    can_restore: bool,
}

impl WritingRevisionsPage {
    fn when(&self, revision: &RevisionInfo) -> String {
        day_of(revision.created_at)
    }

    fn is_published(&self, revision: &RevisionInfo) -> bool {
        self.published == Some(revision.id)
    }

    fn may_restore(&self, revision: &RevisionInfo) -> bool {
        self.can_restore && self.latest != Some(revision.id)
    }
}

/// `GET /author/library/{shelf}/{slug}/revisions`.
pub async fn list_writing_revisions(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path((shelf, slug)): Path<(String, String)>,
) -> AppResult<Response> {
    let draft = load(&state, &auth, &shelf, &slug).await?;
    let page = WritingRevisionsPage {
        ctx: ctx.clone(),
        link: draft.link(),
        title: draft.writing.title.clone(),
        revisions: state.store.revision_history(draft.doc()).await?,
        latest: draft.latest(),
        published: draft.row.published_revision_id,
        can_restore: draft.may(&auth, Decision::Save),
    };
    Ok(ctx.render(&page))
}

/// `POST /author/library/{shelf}/{slug}/revisions/{number}/restore`: saves that
/// revision's content again as the newest (nothing is ever deleted).
pub async fn restore_writing_revision(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path((shelf, slug, number)): Path<(String, String, i64)>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let draft = load(&state, &auth, &shelf, &slug).await?;
    if !draft.may(&auth, Decision::Save) {
        return Err(AppError::Forbidden);
    }
    let history = state.store.revision_history(draft.doc()).await?;
    let info = history.iter().find(|revision| revision.number == number).ok_or(AppError::NotFound)?;
    let content = state.store.revision(draft.shelf.kind(), info.id).await?.content;
    let writing: Writing = serde_json::from_str(&content).map_err(anyhow::Error::from)?;
    let note = ctx.t1("author-note-restored", "number", &number.to_string());
    let base = field(&pairs, "base").parse::<i64>().ok();
    match save(&state, &auth, &draft, base, &writing, &note).await {
        Ok(_) => Ok(Redirect::to(&format!("{}?done=restored", draft.link())).into_response()),
        Err(AppError::Store(StoreError::Conflict(_))) => {
            let form = write_form::of_writing(&draft.writing);
            let said = Some(Said::Problem(ctx.t("library-writing-stale")));
            let page = editor_page(&state, &auth, &ctx, &draft, form, draft.latest(), said).await?;
            Ok(ctx.render_with_status(StatusCode::CONFLICT, &page))
        }
        Err(err) => Err(err),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_publish_time_is_read_as_japan_time_unless_utc_is_chosen() {
        let jst = publish_time("2026-12-07T09:00", "jst").unwrap().unwrap();
        let utc = publish_time("2026-12-07T00:00:00", "utc").unwrap().unwrap();
        assert_eq!(jst, utc);
        assert_eq!(publish_time(" ", "jst"), Ok(None));
        assert_eq!(publish_time("tomorrow", "jst"), Err(UnreadableTime));
    }

    #[test]
    fn a_post_is_public_from_a_time_to_come_else_now_and_an_edit_keeps_its_first_day() {
        assert_eq!(public_from(Some(2_000), None, false, 1_000), 2_000);
        assert_eq!(public_from(Some(500), None, false, 1_000), 1_000);
        assert_eq!(public_from(None, Some(300), true, 1_000), 300);
        assert_eq!(public_from(None, Some(300), false, 1_000), 1_000);
        assert_eq!(public_from(None, Some(5_000), true, 1_000), 1_000);
    }
}
