//! Notices to members: kept in the site, where a member reads them on their notices
//! page (opening it marks them seen), and sent by e-mail in the member's language
//! through the mail queue. A domain decides who is told about what (for example
//! `authoring` tells the editors when a course is submitted); this module keeps and
//! delivers the notices.
//!
//! Each member chooses, for each kind of event ([`kinds`]), whether its mail comes at
//! once, in their daily or weekly [`digest`], or not at all (the notice in the site
//! always comes), at `/account/notifications` ([`prefs`]). Every notice and digest mail
//! carries a signed one-click link that stops that kind of mail ([`unsubscribe`]). The
//! header's count of unread notices is kept on the member's row, so it costs no query.

pub mod digest;
pub mod kinds;
mod prefs;
pub mod unsubscribe;

use std::collections::HashMap;

use altto_store::{NewMail, NewNotice, Notification, Tidings, User, UserId};
use askama::Template;
use axum::{Extension, extract::State, response::Response};
use fluent_templates::fluent_bundle::FluentValue;

use self::kinds::{MailMode, MailPrefs, NoticeKind};
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
    use Action::{ManageOwnAccount, Unsubscribe};
    Routes::new()
        .get("/notifications", ManageOwnAccount, show_notifications)
        .get("/account/notifications", ManageOwnAccount, prefs::show_prefs)
        .post("/account/notifications", ManageOwnAccount, prefs::save_prefs)
        .get("/notifications/unsubscribe", Unsubscribe, unsubscribe::show_stop_mail)
        .post("/notifications/unsubscribe", Unsubscribe, unsubscribe::stop_mail)
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
/// a confirmed address as their preference for its kind says (at once, in their
/// digest, or none), all in one transaction. The person who did it is never told about
/// their own act.
pub async fn tell(state: &AppState, to: &[UserId], notice: &Notice<'_>) -> AppResult<()> {
    let tidings = audience(state, to, notice.actor).await?.tidings(state, notice);
    state.store.tell(&tidings).await?;
    wake_mailer(state, &tidings);
    Ok(())
}

/// Wakes the mail worker when `tidings` (now saved) queued mail.
pub fn wake_mailer(state: &AppState, tidings: &Tidings) {
    if !tidings.mails.is_empty() {
        state.mailer.wake();
    }
}

/// The members to tell, read before the write that tells them, with how each wants
/// mail about a kind of event.
pub struct Audience {
    members: Vec<(User, Option<MailPrefs>)>,
}

/// The members of `to` except `actor` (nobody is told about their own act), with
/// their mail preferences.
pub async fn audience(state: &AppState, to: &[UserId], actor: Option<&User>) -> AppResult<Audience> {
    let actor_id = actor.map(|actor| actor.id);
    let mut to: Vec<UserId> = to.iter().copied().filter(|id| Some(*id) != actor_id).collect();
    to.sort_unstable();
    to.dedup();
    if to.is_empty() {
        return Ok(Audience { members: Vec::new() });
    }
    let users = state.store.users(&to).await?;
    let mut prefs = prefs_of(state, &to).await?;
    Ok(Audience {
        members: users
            .into_iter()
            .map(|user| {
                let own = prefs.remove(&user.id);
                (user, own)
            })
            .collect(),
    })
}

impl Audience {
    /// The members in it.
    pub fn ids(&self) -> impl Iterator<Item = UserId> + '_ {
        self.members.iter().map(|(user, _)| user.id)
    }

    /// What telling them about `notice` saves: a notice each, and a mail in their
    /// language to those who want it at once.
    pub fn tidings(&self, state: &AppState, notice: &Notice<'_>) -> Tidings {
        let kind = NoticeKind::of_event(notice.event);
        let actor_id = notice.actor.map(|actor| actor.id);
        let link = format!("{}{}", state.settings.base_url(), notice.link);
        let actor = notice.actor.map_or("", |actor| actor.display_name.as_str());
        let mut tidings = Tidings::default();
        for (user, prefs) in &self.members {
            let mode = match address_of(user) {
                Some(_) => prefs.as_ref().map_or(kind.default_mode(), |prefs| prefs.mode(kind)),
                None => MailMode::Site,
            };
            tidings.notices.push(NewNotice {
                user: user.id,
                event: notice.event.to_owned(),
                title: notice.title.to_owned(),
                link: notice.link.to_owned(),
                actor_id,
                for_digest: mode == MailMode::Digest,
            });
            if mode != MailMode::Now {
                continue;
            }
            let (Some(email), Some(stop)) = (address_of(user), unsubscribe::link(state, user, kind.code()))
            else {
                continue;
            };
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
            let body = format!(
                "{}\n\n{}",
                lang.t_args(&format!("mail-notice-{}-body", notice.event), &args),
                mail_footer(state, lang, &stop)
            );
            tidings.mails.push(NewMail {
                to: email.to_owned(),
                subject,
                body_text: body,
                headers: Some(crate::mail::list_headers(&stop)),
            });
        }
        tidings
    }
}

/// The address mail to `user` goes to: their confirmed one.
pub fn address_of(user: &User) -> Option<&str> {
    user.email.as_deref().filter(|_| user.email_verified)
}

/// The mail preferences of `users` who changed the defaults.
async fn prefs_of(state: &AppState, users: &[UserId]) -> AppResult<HashMap<UserId, MailPrefs>> {
    Ok(state
        .store
        .notice_prefs_of(users)
        .await?
        .into_iter()
        .map(|(user, stored)| (user, MailPrefs::from_stored(&stored)))
        .collect())
}

/// The end of every notice and digest mail: the link that stops such mail and the
/// preferences page.
pub(crate) fn mail_footer(state: &AppState, lang: Lang, stop: &str) -> String {
    let prefs = format!("{}/account/notifications", state.settings.base_url());
    lang.t_args(
        "notices-mail-footer",
        &[("unsubscribe", FluentValue::from(stop)), ("prefs", FluentValue::from(prefs.as_str()))],
    )
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
    let unseen = user.unread_notices > 0 || page.items.iter().any(|notice| notice.read_at.is_none());
    let mut ctx = ctx;
    if let Some(newest) = page.items.iter().map(|notice| notice.id).max().filter(|_| unseen) {
        state.store.mark_notifications_read(user.id, newest).await?;
        // This page's own header no longer counts what it shows as unseen.
        ctx.unread_notices = 0;
    }
    let links = paging.links(&page, &[]);
    Ok(ctx.render(&NotificationsPage { ctx: ctx.clone(), notices: page.items, links }))
}
