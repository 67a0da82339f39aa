//! Notices to members: kept in the site, where a member reads them on their notices
//! page (opening it marks them seen), and sent by e-mail in the member's language
//! through the mail queue. A domain decides who is told about what (for example
//! `authoring` tells the editors when a course is submitted); this module keeps and
//! delivers the notices.

use altto_store::{NewNotification, Notification, User, UserId};
use askama::Template;
use axum::{Extension, extract::State, response::Response};
use fluent_templates::fluent_bundle::FluentValue;

use crate::{
    auth::RequestAuth,
    error::{AppError, AppResult},
    i18n::Lang,
    policy::Action,
    state::AppState,
    web::{
        Ctx,
        format::day_of,
        paging::{PageLinks, Paging},
        routes::Routes,
    },
};

/// Notices per page of the list.
pub const NOTICES_PER_PAGE: i64 = 30;

/// The notice routes.
pub fn routes() -> Routes {
    Routes::new().get("/notifications", Action::ManageOwnAccount, show_notifications)
}

/// Something to tell members about.
pub struct Notice<'a> {
    /// What happened (`submitted`, `changes_requested`, `published`, …): its message
    /// keys are `notice-<event>` on the page and `mail-notice-<event>-subject` /
    /// `-body` in the mail.
    pub event: &'a str,
    /// The title of what it is about.
    pub title: &'a str,
    /// Where to look: a path on this site.
    pub link: &'a str,
    /// Who did it.
    pub actor: Option<&'a User>,
    /// What they wrote with it (may be empty).
    pub note: &'a str,
}

/// Tells `to` about `notice`: a notice on their page, and a mail to each member with
/// a confirmed address. The person who did it is never told about their own act.
pub async fn tell(state: &AppState, to: &[UserId], notice: &Notice<'_>) -> AppResult<()> {
    let actor_id = notice.actor.map(|actor| actor.id);
    let mut to: Vec<UserId> = to.iter().copied().filter(|id| Some(*id) != actor_id).collect();
    to.sort_unstable();
    to.dedup();
    let kept = NewNotification { event: notice.event, title: notice.title, link: notice.link, actor_id };
    state.store.notify(&to, &kept).await?;
    let link = format!("{}{}", state.settings.base_url(), notice.link);
    let actor = notice.actor.map_or("", |actor| actor.display_name.as_str());
    for user in state.store.users(&to).await? {
        let Some(email) = user.email.as_deref().filter(|_| user.email_verified) else { continue };
        let lang = Lang::from_code(&user.locale).unwrap_or_default();
        let note = if notice.note.trim().is_empty() {
            String::new()
        } else {
            lang.t_args("mail-notice-note", &[("note", FluentValue::from(notice.note))])
        };
        let args = [
            ("name", FluentValue::from(user.display_name.as_str())),
            ("actor", FluentValue::from(actor)),
            ("title", FluentValue::from(notice.title)),
            ("link", FluentValue::from(link.as_str())),
            ("note", FluentValue::from(note.as_str())),
        ];
        let subject = lang.t_args(&format!("mail-notice-{}-subject", notice.event), &args);
        let body = lang.t_args(&format!("mail-notice-{}-body", notice.event), &args);
        state
            .mailer
            .enqueue(&state.store, altto_store::MailKind::Transactional, email, &subject, &body)
            .await?;
    }
    Ok(())
}

/// The notices page.
#[derive(Template)]
#[template(path = "notifications/list.html")]
pub struct NotificationsPage {
    ctx: Ctx,
    notices: Vec<Notification>,
    links: PageLinks,
}

impl NotificationsPage {
    fn when(&self, notice: &Notification) -> String {
        day_of(notice.created_at)
    }

    fn what(&self, notice: &Notification) -> String {
        let actor = notice.actor_name.as_deref().filter(|name| !name.is_empty()).unwrap_or("—");
        self.ctx.t1(&format!("notice-{}", notice.event), "actor", actor)
    }
}

/// `GET /notifications`: the member's notices, newest first; opening it marks those
/// shown (and any older) as seen.
pub async fn show_notifications(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    paging: Paging,
) -> AppResult<Response> {
    let user = auth.actor.user().ok_or(AppError::Forbidden)?;
    let page = state.store.notifications(user.id, &paging.request(NOTICES_PER_PAGE)).await?;
    if let Some(newest) = page.items.iter().map(|notice| notice.id).max() {
        state.store.mark_notifications_read(user.id, newest).await?;
    }
    let links = paging.links(&page, &[]);
    Ok(ctx.render(&NotificationsPage { ctx: ctx.clone(), notices: page.items, links }))
}
