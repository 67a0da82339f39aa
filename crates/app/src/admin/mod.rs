//! Administration: find accounts, change roles, suspend and reinstate, read the audit
//! log, see mail that could not be sent and send it again, change the site settings.
//! Everything an admin needs without touching the database.

pub mod cli;
pub mod site;
pub mod topics;

use altto_store::{AccountStatus, AuditEntry, FailedMail, Grants, Role, User, UserId};
use askama::Template;
use axum::{
    Extension, Form,
    extract::{Path, Query, State},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use crate::{
    auth::{RequestAuth, audit},
    error::{AppError, AppResult},
    policy::{self, Action},
    state::AppState,
    web::{
        Ctx,
        paging::{PageLinks, Paging},
        routes::Routes,
    },
};

/// Accounts per page of the account list.
pub const USERS_PER_PAGE: i64 = 50;

/// Entries per page of the audit log.
pub const AUDIT_ENTRIES_PER_PAGE: i64 = 100;

/// Messages per page of the list of mail given up on.
pub const FAILED_MAIL_PER_PAGE: i64 = 50;

/// The admin routes.
pub fn routes() -> Routes {
    Routes::new()
        .get("/admin/users", Action::ManageUsers, list_users)
        .get("/admin/users/{id}", Action::ManageUsers, show_user)
        .post("/admin/users/{id}/roles", Action::ManageUsers, update_roles)
        .post("/admin/users/{id}/suspend", Action::ManageUsers, suspend_user)
        .post("/admin/users/{id}/reinstate", Action::ManageUsers, reinstate_user)
        .get("/admin/audit", Action::ReadAuditLog, show_audit_log)
        .get("/admin/mail", Action::RunSite, show_mail)
        .post("/admin/mail/{id}/retry", Action::RunSite, retry_mail)
        .get("/admin/site", Action::RunSite, site::show_site)
        .post("/admin/site", Action::RunSite, site::update_site)
        .get("/admin/topics", Action::ManageTopics, topics::list_topics)
        .post("/admin/topics", Action::ManageTopics, topics::add_topic)
        .post("/admin/topics/{slug}", Action::ManageTopics, topics::rename_topic)
        .post("/admin/topics/{slug}/remove", Action::ManageTopics, topics::remove_topic)
}

/// The roles of `user` as a short, translated list.
pub fn role_names(ctx: &Ctx, user: &User) -> String {
    let mut names = vec![ctx.t(&format!("role-{}", user.role.as_str()))];
    if user.is_moderator {
        names.push(ctx.t("role-moderator"));
    }
    if user.is_admin {
        names.push(ctx.t("role-admin"));
    }
    names.join(", ")
}

/// The account list.
#[derive(Template)]
#[template(path = "admin/users.html")]
pub struct UsersPage {
    ctx: Ctx,
    query: String,
    users: Vec<User>,
    total: i64,
    links: PageLinks,
}

impl UsersPage {
    fn roles(&self, user: &User) -> String {
        role_names(&self.ctx, user)
    }

    fn status(&self, user: &User) -> String {
        self.ctx.t(&format!("status-{}", user.status.as_str()))
    }
}

/// Query of the account list (besides its page, see [`Paging`]).
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    q: String,
}

/// `GET /admin/users?q=…&after=…`: the accounts found, newest first, a page at a time.
pub async fn list_users(
    State(state): State<AppState>,
    ctx: Ctx,
    paging: Paging,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    let page = state.store.search_users(&query.q, &paging.request(USERS_PER_PAGE)).await?;
    let total = state.store.count_users(&query.q).await?;
    let links = paging.links(&page, &["q"]);
    Ok(ctx.render(&UsersPage { ctx: ctx.clone(), query: query.q, users: page.items, total, links }))
}

/// One account, with the forms that change it.
#[derive(Template)]
#[template(path = "admin/user.html")]
pub struct UserPage {
    ctx: Ctx,
    user: User,
    roles: String,
    can_change: bool,
    notice: Option<String>,
}

impl UserPage {
    fn role_options(&self) -> Vec<(&'static str, String, bool)> {
        Role::ALL
            .iter()
            .map(|role| {
                (role.as_str(), self.ctx.t(&format!("role-{}", role.as_str())), *role == self.user.role)
            })
            .collect()
    }

    fn is_suspended(&self) -> bool {
        self.user.status == AccountStatus::Suspended
    }
}

/// Query of the account page.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NoticeQuery {
    notice: String,
}

/// `GET /admin/users/{id}`.
pub async fn show_user(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Response> {
    let user = state.store.user(UserId(id)).await?;
    let notice = match query.notice.as_str() {
        "roles" => Some(ctx.t("admin-roles-saved")),
        "suspended" => Some(ctx.t("admin-suspended")),
        "reinstated" => Some(ctx.t("admin-reinstated")),
        _ => None,
    };
    let page = UserPage {
        roles: role_names(&ctx, &user),
        can_change: policy::can_administer(&auth.actor, &user),
        ctx: ctx.clone(),
        user,
        notice,
    };
    Ok(ctx.render(&page))
}

/// Role form fields.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RolesForm {
    role: String,
    moderator: Option<String>,
    admin: Option<String>,
}

/// Loads the account `id` and checks that `auth`'s admin may change it.
async fn target(state: &AppState, auth: &RequestAuth, id: i64) -> AppResult<User> {
    let user = state.store.user(UserId(id)).await?;
    if policy::can_administer(&auth.actor, &user) { Ok(user) } else { Err(AppError::Forbidden) }
}

/// Describes grants for the audit log, e.g. `editor+moderator`.
pub fn describe(grants: Grants) -> String {
    let mut text = grants.role.as_str().to_owned();
    if grants.is_moderator {
        text.push_str("+moderator");
    }
    if grants.is_admin {
        text.push_str("+admin");
    }
    text
}

/// `POST /admin/users/{id}/roles`: sets the role and grants; the member's sessions end
/// so the change applies at once.
pub async fn update_roles(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path(id): Path<i64>,
    Form(input): Form<RolesForm>,
) -> AppResult<Response> {
    let user = target(&state, &auth, id).await?;
    let role = Role::parse(&input.role).ok_or(AppError::NotFound)?;
    let grants = Grants { role, is_moderator: input.moderator.is_some(), is_admin: input.admin.is_some() };
    let before = Grants { role: user.role, is_moderator: user.is_moderator, is_admin: user.is_admin };
    if grants != before {
        state.store.set_grants(user.id, grants).await?;
        audit(
            &state,
            &auth,
            "roles_changed",
            Some(user.id),
            &format!("{} -> {}", describe(before), describe(grants)),
        )
        .await?;
    }
    Ok(Redirect::to(&format!("/admin/users/{id}?notice=roles")).into_response())
}

/// `POST /admin/users/{id}/suspend`, with an optional `reason`.
pub async fn suspend_user(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path(id): Path<i64>,
    Form(pairs): Form<crate::web::forms::Pairs>,
) -> AppResult<Response> {
    let user = target(&state, &auth, id).await?;
    // The reason (optional here) is shown to the member when they try to sign in.
    let reason = crate::web::forms::clean_text(
        crate::web::forms::field(&pairs, "reason"),
        crate::community::forum::MAX_REASON,
    )
    .ok_or(AppError::BadInput("moderation-reason-long"))?;
    state.store.suspend_account(user.id, &reason).await?;
    audit(&state, &auth, "suspended", Some(user.id), &reason).await?;
    Ok(Redirect::to(&format!("/admin/users/{id}?notice=suspended")).into_response())
}

/// `POST /admin/users/{id}/reinstate`.
pub async fn reinstate_user(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let user = target(&state, &auth, id).await?;
    state.store.set_status(user.id, AccountStatus::Active).await?;
    audit(&state, &auth, "reinstated", Some(user.id), "").await?;
    Ok(Redirect::to(&format!("/admin/users/{id}?notice=reinstated")).into_response())
}

/// The audit log.
#[derive(Template)]
#[template(path = "admin/audit.html")]
pub struct AuditPage {
    ctx: Ctx,
    entries: Vec<AuditEntry>,
    links: PageLinks,
}

impl AuditPage {
    fn when(&self, entry: &AuditEntry) -> String {
        time::OffsetDateTime::from_unix_timestamp(entry.at / 1000)
            .map(|at| format!("{} {:02}:{:02}", at.date(), at.hour(), at.minute()))
            .unwrap_or_default()
    }

    fn name(&self, id: &Option<UserId>, name: &Option<String>) -> String {
        match (id, name) {
            (Some(id), Some(name)) if !name.is_empty() => format!("{name} (#{id})"),
            (Some(id), _) => format!("#{id}"),
            (None, _) => "—".to_owned(),
        }
    }
}

/// `GET /admin/audit?after=…`: newest first, a page at a time.
pub async fn show_audit_log(State(state): State<AppState>, ctx: Ctx, paging: Paging) -> AppResult<Response> {
    let page = state.store.audit_entries(&paging.request(AUDIT_ENTRIES_PER_PAGE)).await?;
    let links = paging.links(&page, &[]);
    Ok(ctx.render(&AuditPage { ctx: ctx.clone(), entries: page.items, links }))
}

/// The mail queue: how much is waiting, and what was given up on.
#[derive(Template)]
#[template(path = "admin/mail.html")]
pub struct MailPage {
    ctx: Ctx,
    pending: i64,
    failed: Vec<FailedMail>,
    links: PageLinks,
    notice: bool,
}

impl MailPage {
    fn when(&self, mail: &FailedMail) -> String {
        crate::web::format::day_of(mail.failed_at)
    }
}

/// Query of the mail page.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MailQuery {
    requeued: bool,
}

/// `GET /admin/mail?after=…`: how many messages are waiting, and those given up on,
/// the latest first, a page at a time.
pub async fn show_mail(
    State(state): State<AppState>,
    ctx: Ctx,
    paging: Paging,
    Query(query): Query<MailQuery>,
) -> AppResult<Response> {
    let pending = state.store.pending_mail_count().await?;
    let page = state.store.failed_mail(&paging.request(FAILED_MAIL_PER_PAGE)).await?;
    // The notice is for the page the retry came back to, not for the pages after it.
    let links = paging.links(&page, &[]);
    let failed = page.items;
    Ok(ctx.render(&MailPage { ctx: ctx.clone(), pending, failed, links, notice: query.requeued }))
}

/// `POST /admin/mail/{id}/retry`: puts a given-up message back in the queue.
pub async fn retry_mail(State(state): State<AppState>, Path(id): Path<i64>) -> AppResult<Response> {
    state.store.retry_mail(id).await?;
    state.mailer.wake();
    Ok(Redirect::to("/admin/mail?requeued=true").into_response())
}
