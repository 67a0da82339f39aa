//! Keeping private messages safe: a member blocks another (from their profile or a
//! conversation) and unblocks them from the "Blocked members" list in their settings;
//! a member reports a message to the moderators with a reason. Reports go into the
//! shared reports table (subject kind and id, so flags on forum posts can use it too)
//! and the moderators and admins are told through [`notifications::tell`].

use super::messages::{NoticeQuery, me, when};
use crate::{
    accounts::limits::{self, Limit},
    auth::RequestAuth,
    error::{AppError, AppResult},
    notifications::{self, Notice},
    policy::Action,
    state::AppState,
    web::{
        Ctx,
        forms::{FormState, Pairs, clean_text, field},
        routes::Routes,
    },
};
use altto_store::{ConversationId, MessageId, NewReport, UserId};
use askama::Template;
use axum::{
    Extension, Form,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

/// The reasons a report may give; each is a translation `reports-reason-<code>`.
pub const REPORT_REASONS: [&str; 3] = ["spam", "harassment", "other"];
/// The longest explanation a report may carry, in characters.
pub const MAX_REPORT_DETAIL: usize = 1000;
/// Reports one member may send.
pub const REPORTS_PER_MEMBER: Limit = Limit { name: "report", max: 20, window_secs: 60 * 60 };

/// The block and report routes.
pub fn routes() -> Routes {
    use Action::MessageMembers;
    Routes::new()
        .post("/members/{id}/block", MessageMembers, block_member)
        .get("/account/blocked", MessageMembers, list_blocked)
        .post("/account/blocked/{id}/unblock", MessageMembers, unblock_member)
        .get("/messages/{id}/report/{message}", MessageMembers, edit_report)
        .post("/messages/{id}/report/{message}", MessageMembers, submit_report)
}

/// Checks a report's (or a flag's) `reason`, one of `reasons`, and its `detail`,
/// required for `other`, marking the problems on `form`: the reason and the cleaned
/// detail when both are fine. Messages' reports and forum flags share it.
pub(crate) fn check_report(
    pairs: &Pairs,
    reasons: &[&'static str],
    form: &mut FormState,
) -> Option<(&'static str, String)> {
    let (raw_reason, raw_detail) = (field(pairs, "reason"), field(pairs, "detail"));
    form.keep("reason", raw_reason).keep("detail", raw_detail.trim());
    let reason = reasons.iter().copied().find(|reason| *reason == raw_reason);
    if reason.is_none() {
        form.fail("reason", "reports-reason-missing");
    }
    let detail = clean_text(raw_detail, MAX_REPORT_DETAIL);
    match &detail {
        None => {
            form.fail("detail", "reports-detail-too-long");
        }
        Some(text) if text.is_empty() && reason == Some("other") => {
            form.fail("detail", "reports-detail-needed");
        }
        _ => {}
    }
    match (reason, detail, form.has_errors()) {
        (Some(reason), Some(detail), false) => Some((reason, detail)),
        _ => None,
    }
}

/// `POST /members/{id}/block`: the member can no longer write to the one asking.
pub async fn block_member(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let user = me(&auth)?;
    let target = state.store.user(UserId(id)).await?;
    if target.id == user.id {
        return Err(AppError::BadInput("blocked-not-yourself"));
    }
    state.store.block_member(user.id, target.id).await?;
    Ok(Redirect::to("/account/blocked?notice=blocked").into_response())
}

/// `POST /account/blocked/{id}/unblock`.
pub async fn unblock_member(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let user = me(&auth)?;
    state.store.unblock_member(user.id, UserId(id)).await?;
    Ok(Redirect::to("/account/blocked?notice=unblocked").into_response())
}

/// One blocked member in the list.
pub struct BlockedRow {
    id: UserId,
    name: String,
    since: String,
}

/// The "Blocked members" list of the settings.
#[derive(Template)]
#[template(path = "community/messages_blocked.html")]
pub struct BlockedPage {
    ctx: Ctx,
    blocked: Vec<BlockedRow>,
    notice: Option<String>,
}

/// `GET /account/blocked`.
pub async fn list_blocked(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Response> {
    let user = me(&auth)?;
    let blocked = state
        .store
        .blocked_members(user.id)
        .await?
        .into_iter()
        .map(|member| BlockedRow {
            id: member.id,
            name: if member.display_name.is_empty() {
                ctx.t("messages-former-member")
            } else {
                member.display_name
            },
            since: when(member.created_at),
        })
        .collect();
    let notice = match query.notice.as_str() {
        "blocked" => Some(ctx.t("blocked-done")),
        "unblocked" => Some(ctx.t("unblocked-done")),
        _ => None,
    };
    Ok(ctx.render(&BlockedPage { ctx: ctx.clone(), blocked, notice }))
}

/// The report form for one message.
#[derive(Template)]
#[template(path = "community/messages_report.html")]
pub struct ReportPage {
    ctx: Ctx,
    action: String,
    back: String,
    author: String,
    excerpt: String,
    form: FormState,
}

impl ReportPage {
    fn reasons(&self) -> &'static [&'static str] {
        &REPORT_REASONS
    }
}

/// The message `message` of conversation `id`, if `user` takes part in it and did not
/// write it (one reports others' messages); to anyone else it does not exist.
async fn reportable(
    state: &AppState,
    user: UserId,
    id: i64,
    message: i64,
) -> AppResult<(ConversationId, altto_store::Message)> {
    let id = ConversationId(id);
    state.store.conversation_for(id, user).await?.ok_or(AppError::NotFound)?;
    let message = state.store.message(MessageId(message)).await?.ok_or(AppError::NotFound)?;
    if message.conversation_id != id || message.author_id == user {
        return Err(AppError::NotFound);
    }
    Ok((id, message))
}

fn report_page(ctx: &Ctx, id: ConversationId, message: &altto_store::Message, form: FormState) -> ReportPage {
    let excerpt: String = message.body.chars().take(300).collect();
    ReportPage {
        ctx: ctx.clone(),
        action: format!("/messages/{id}/report/{}", message.id),
        back: format!("/messages/{id}"),
        author: message.author_name.clone(),
        excerpt,
        form,
    }
}

/// `GET /messages/{id}/report/{message}`.
pub async fn edit_report(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path((id, message)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let user = me(&auth)?;
    let (id, message) = reportable(&state, user.id, id, message).await?;
    Ok(ctx.render(&report_page(&ctx, id, &message, FormState::new())))
}

/// `POST /messages/{id}/report/{message}`: stores the report, tells the moderators
/// and thanks the reporter.
pub async fn submit_report(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path((id, message)): Path<(i64, i64)>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let user = me(&auth)?;
    let (id, message) = reportable(&state, user.id, id, message).await?;
    let mut form = FormState::new();
    let Some((reason, detail)) = check_report(&pairs, &REPORT_REASONS, &mut form) else {
        let page = report_page(&ctx, id, &message, form);
        return Ok(ctx.render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page));
    };
    limits::hit(&state, REPORTS_PER_MEMBER, &user.id.to_string()).await?;
    let report = NewReport {
        reporter: user.id,
        subject_kind: "message",
        subject_id: message.id.0,
        subject_author: Some(message.author_id),
        reason,
        detail: &detail,
    };
    state.store.add_report(&report).await?;
    let moderators = state.store.moderator_ids().await?;
    // The mail carries what the moderators need (the reason, the reporter's words and
    // the message); the notice leads to the review queue, which lists the report.
    let note = format!("[{reason}] {detail}\n\n> {}", message.body.chars().take(500).collect::<String>());
    let link = "/community/review".to_owned();
    let title = message.author_name.clone();
    let notice = Notice { event: "report", title: &title, link: &link, actor: Some(user), note: &note };
    notifications::tell(&state, &moderators, &notice).await?;
    Ok(Redirect::to(&format!("/messages/{id}?notice=reported")).into_response())
}
