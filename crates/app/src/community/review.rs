//! The moderators' review queue (`/community/review`): posts waiting for approval,
//! flagged posts and reported messages, oldest first, each with its age, the reasons
//! and how many gave them, the text, its writer (with their published posts and when
//! they joined) and the buttons that decide it (plain forms, no script). Also
//! suspending a member with a reason (and reinstating them), and the moderators' part
//! of the audit log (`/community/review/log`; admins read all of it at `/admin/audit`).

use std::collections::BTreeMap;

use altto_store::{AccountStatus, AuditEntry, FlaggedReport, MessageId, UserId};
use askama::Template;
use axum::{
    Extension, Form,
    extract::{Path, Query, State},
    response::{IntoResponse, Redirect, Response},
};
use fluent_templates::fluent_bundle::FluentValue;
use serde::Deserialize;

use super::forum::moderate::{log, reason};
use crate::{
    auth::RequestAuth,
    error::{AppError, AppResult},
    policy::{self, Action},
    state::AppState,
    web::{
        Ctx,
        format::day_of,
        forms::Pairs,
        paging::{PageLinks, Paging},
        routes::Routes,
    },
};

/// Items the queue shows of each kind at most (the oldest first).
const QUEUE_LIMIT: i64 = 100;
/// Entries per page of the moderation log.
const LOG_PER_PAGE: i64 = 50;

/// The review queue's routes (moderators and admins).
pub fn routes() -> Routes {
    use Action::ModerateForum;
    Routes::new()
        .get("/community/review", ModerateForum, show_queue)
        .get("/community/review/log", ModerateForum, show_log)
        .post("/community/review/messages/{id}", ModerateForum, keep_message)
        .post("/community/members/{id}/suspend", ModerateForum, suspend_member)
        .post("/community/members/{id}/reinstate", ModerateForum, reinstate_member)
}

/// What an item of the queue is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    /// A post waiting for approval.
    Waiting,
    /// A published (or hidden) post with open flags.
    Flagged,
    /// A private message with open reports.
    Message,
}

/// One item of the queue.
pub struct QueueItem {
    kind: ItemKind,
    /// The post's or message's id.
    id: i64,
    /// Where to read it in its place (a post; none for a message).
    link: Option<String>,
    /// The thread's title (a post).
    thread_title: String,
    /// The text as written, shortened.
    text: String,
    /// Whether a moderator hid it (a post).
    hidden: bool,
    author: String,
    author_id: Option<UserId>,
    author_posts: i64,
    author_joined: String,
    /// Whether the reader may suspend the writer (and they are not suspended yet).
    may_suspend: bool,
    /// Whether the writer is suspended.
    suspended: bool,
    /// When it started waiting (unix ms): written, or first flagged.
    since: i64,
    /// (reason code, how many gave it).
    reasons: Vec<(String, i64)>,
    /// What the reporters added.
    details: Vec<String>,
}

/// `/community/review`.
#[derive(Template)]
#[template(path = "community/review.html")]
pub struct QueuePage {
    ctx: Ctx,
    items: Vec<QueueItem>,
    notice: Option<String>,
    now: i64,
}

impl QueuePage {
    /// How long an item has waited: "3 hours", in the reader's language.
    fn age(&self, since: &i64) -> String {
        age(&self.ctx, self.now - since)
    }

    fn reason(&self, code: &str) -> String {
        self.ctx.t(&format!("reports-reason-{code}"))
    }

    fn count(&self, count: &i64) -> String {
        self.ctx.lang.t_args("moderation-flag-count", &[("count", FluentValue::from(*count))])
    }

    fn posts(&self, count: &i64) -> String {
        self.ctx.lang.t_args("moderation-author-posts", &[("count", FluentValue::from(*count))])
    }
}

/// `millis` as the largest whole unit: minutes, hours or days.
fn age(ctx: &Ctx, millis: i64) -> String {
    let minutes = (millis / 60_000).max(0);
    let (key, count) = if minutes < 60 {
        ("moderation-age-minutes", minutes)
    } else if minutes < 48 * 60 {
        ("moderation-age-hours", minutes / 60)
    } else {
        ("moderation-age-days", minutes / (24 * 60))
    };
    ctx.lang.t_args(key, &[("count", FluentValue::from(count))])
}

/// The query of the queue: what was just done.
#[derive(Debug, Default, Deserialize)]
pub struct QueueQuery {
    #[serde(default)]
    notice: String,
}

/// The open reports grouped by what they are about, in the order of their oldest.
fn grouped(reports: Vec<FlaggedReport>) -> Vec<(String, i64, Vec<FlaggedReport>)> {
    let mut groups: Vec<(String, i64, Vec<FlaggedReport>)> = Vec::new();
    for report in reports {
        match groups.iter_mut().find(|(kind, id, _)| *kind == report.subject_kind && *id == report.subject_id)
        {
            Some((_, _, list)) => list.push(report),
            None => groups.push((report.subject_kind.clone(), report.subject_id, vec![report])),
        }
    }
    groups
}

fn reasons_of(reports: &[FlaggedReport]) -> (Vec<(String, i64)>, Vec<String>) {
    let mut counts: BTreeMap<String, i64> = BTreeMap::new();
    for report in reports {
        *counts.entry(report.reason.clone()).or_default() += 1;
    }
    let details =
        reports.iter().map(|report| report.detail.clone()).filter(|detail| !detail.is_empty()).collect();
    (counts.into_iter().collect(), details)
}

/// `GET /community/review`.
pub async fn show_queue(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Query(query): Query<QueueQuery>,
) -> AppResult<Response> {
    let mut items = Vec::new();
    let standing = |author: &altto_store::User| {
        (policy::can_suspend(&auth.actor, author), author.status == AccountStatus::Suspended)
    };
    for post in state.store.forum_waiting_posts(QUEUE_LIMIT).await? {
        let (may_suspend, suspended) = match post.author_id {
            Some(id) => standing(&state.store.user(id).await?),
            None => (false, false),
        };
        items.push(QueueItem {
            kind: ItemKind::Waiting,
            id: post.id,
            link: Some(format!("/community/posts/{}", post.id)),
            thread_title: post.thread_title,
            text: post.body.chars().take(600).collect(),
            hidden: false,
            author: post.author_name.unwrap_or_else(|| ctx.t("forum-former-member")),
            author_id: post.author_id,
            author_posts: post.author_posts,
            author_joined: post.author_joined.map(day_of).unwrap_or_default(),
            may_suspend,
            suspended,
            since: post.created_at,
            reasons: Vec::new(),
            details: Vec::new(),
        });
    }
    for (kind, id, reports) in grouped(state.store.open_reports(QUEUE_LIMIT * 5).await?) {
        let since = reports.first().map_or(0, |report| report.created_at);
        let (reasons, details) = reasons_of(&reports);
        let item = if kind == "post" {
            let post = match state.store.forum_queued_post(id).await {
                Ok(post) => post,
                Err(altto_store::StoreError::NotFound) => continue,
                Err(err) => return Err(err.into()),
            };
            let (may_suspend, suspended) = match post.author_id {
                Some(author) => standing(&state.store.user(author).await?),
                None => (false, false),
            };
            QueueItem {
                kind: ItemKind::Flagged,
                id,
                link: Some(format!("/community/posts/{id}")),
                thread_title: post.thread_title,
                text: post.body.chars().take(600).collect(),
                hidden: post.state == altto_store::POST_HIDDEN,
                author: post.author_name.unwrap_or_else(|| ctx.t("forum-former-member")),
                author_id: post.author_id,
                author_posts: post.author_posts,
                author_joined: post.author_joined.map(day_of).unwrap_or_default(),
                may_suspend,
                suspended,
                since,
                reasons,
                details,
            }
        } else if kind == "message" {
            let Some(message) = state.store.message(MessageId(id)).await? else { continue };
            let author = state.store.user(message.author_id).await?;
            let facts = state.store.trust_facts(author.id).await?;
            let (may_suspend, suspended) = standing(&author);
            QueueItem {
                kind: ItemKind::Message,
                id,
                link: None,
                thread_title: String::new(),
                text: message.body.chars().take(600).collect(),
                hidden: false,
                author: if message.author_name.is_empty() {
                    ctx.t("forum-former-member")
                } else {
                    message.author_name
                },
                author_id: Some(author.id),
                author_posts: facts.accepted_posts,
                author_joined: day_of(facts.created_at),
                may_suspend,
                suspended,
                since,
                reasons,
                details,
            }
        } else {
            continue;
        };
        items.push(item);
    }
    items.sort_by_key(|item| item.since);
    let notice = match query.notice.as_str() {
        "suspended" => Some(ctx.t("moderation-suspended-done")),
        "reinstated" => Some(ctx.t("moderation-reinstated-done")),
        "kept" => Some(ctx.t("moderation-kept-done")),
        _ => None,
    };
    let page = QueuePage { ctx: ctx.clone(), items, notice, now: altto_store::now_millis() };
    Ok(ctx.render(&page))
}

/// `POST /community/review/messages/{id}`: keeps a reported message (its reports are
/// resolved; messages stay private, so there is nothing to hide).
pub async fn keep_message(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let moderator = auth.actor.user().ok_or(AppError::Forbidden)?;
    let author = state.store.message(MessageId(id)).await?.map(|message| message.author_id);
    if state.store.resolve_reports("message", id, moderator.id).await? > 0 {
        log(&state, &auth, "forum_report_dismissed", author, &format!("message {id}")).await?;
    }
    Ok(Redirect::to("/community/review?notice=kept").into_response())
}

/// The member `id`, if the reader may suspend or reinstate them (else 403).
async fn suspendable(state: &AppState, auth: &RequestAuth, id: i64) -> AppResult<altto_store::User> {
    let target = state.store.user(UserId(id)).await?;
    if !policy::can_suspend(&auth.actor, &target) {
        return Err(AppError::Forbidden);
    }
    Ok(target)
}

/// `POST /community/members/{id}/suspend`: with a `reason` (required), shown to the
/// member when they try to sign in; their sessions end.
pub async fn suspend_member(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path(id): Path<i64>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let target = suspendable(&state, &auth, id).await?;
    let reason = reason(&pairs)?;
    state.store.suspend_account(target.id, &reason).await?;
    log(&state, &auth, "suspended", Some(target.id), &reason).await?;
    Ok(Redirect::to(&back("suspended")).into_response())
}

/// `POST /community/members/{id}/reinstate`: the account is active again, its reason
/// cleared.
pub async fn reinstate_member(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let target = suspendable(&state, &auth, id).await?;
    if target.status == AccountStatus::Suspended {
        state.store.set_status(target.id, AccountStatus::Active).await?;
        log(&state, &auth, "reinstated", Some(target.id), "").await?;
    }
    Ok(Redirect::to(&back("reinstated")).into_response())
}

/// Where a suspension's form returns to: the queue, with what was done.
fn back(notice: &str) -> String {
    format!("/community/review?notice={notice}")
}

/// `/community/review/log`.
#[derive(Template)]
#[template(path = "community/review_log.html")]
pub struct LogPage {
    ctx: Ctx,
    entries: Vec<AuditEntry>,
    links: PageLinks,
}

impl LogPage {
    fn when(&self, entry: &AuditEntry) -> String {
        time::OffsetDateTime::from_unix_timestamp(entry.at / 1000)
            .map(|at| format!("{} {:02}:{:02}", at.date(), at.hour(), at.minute()))
            .unwrap_or_default()
    }

    fn name(&self, name: &Option<String>) -> String {
        name.clone().filter(|name| !name.is_empty()).unwrap_or_else(|| "—".to_owned())
    }
}

/// `GET /community/review/log`: the moderators' actions, newest first.
pub async fn show_log(State(state): State<AppState>, ctx: Ctx, paging: Paging) -> AppResult<Response> {
    let page = state.store.moderation_log(&paging.request(LOG_PER_PAGE)).await?;
    let links = paging.links(&page, &[]);
    Ok(ctx.render(&LogPage { ctx: ctx.clone(), entries: page.items, links }))
}
