//! The public side: the newsletter page with its subscribe form and archive, the
//! confirmation and unsubscribe links, and one archived issue.
//!
//! No page here shows a subscriber's address, and the answer to "subscribe" is the
//! same whether or not the address was on the list already.

use altto_store::{StoreError, Subscriber, SubscriberStatus};
use askama::Template;
use axum::{
    Extension, Form,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use fluent_templates::fluent_bundle::FluentValue;
use serde::Deserialize;

use super::{
    render::{self, IssueContent},
    tokens::{self, Purpose, Refused},
};
use crate::{
    accounts::{
        limits::{self, Limit},
        normalize_email,
    },
    auth::RequestAuth,
    content::markdown,
    courses::content::Licence,
    error::{AppError, AppResult},
    i18n::Lang,
    site::feeds::{self, FeedEntry},
    state::AppState,
    web::{Ctx, format::day_of, forms::FormState, meta::absolute},
};

/// Subscribe requests from one client address.
const SUBSCRIBE_PER_IP: Limit = Limit { name: "newsletter_ip", max: 10, window_secs: 60 * 60 };
/// Confirmation mails to one address.
const SUBSCRIBE_PER_ADDRESS: Limit = Limit { name: "newsletter_address", max: 3, window_secs: 60 * 60 };

/// One sent issue in the archive list.
pub struct ArchiveRow {
    /// Its address.
    pub href: String,
    /// Its subject in the reader's language.
    pub title: String,
    /// When it was sent.
    pub date: String,
}

/// `/newsletter`: what the newsletter is, the subscribe form and the archive.
#[derive(Template)]
#[template(path = "newsletter/index.html")]
pub struct NewsletterPage {
    ctx: Ctx,
    form: FormState,
    issues: Vec<ArchiveRow>,
}

/// A page with one message and, optionally, a button that posts a token back.
#[derive(Template)]
#[template(path = "newsletter/notice.html")]
pub struct NoticePage {
    ctx: Ctx,
    title: String,
    message: String,
    /// (form action, button label, whether the form carries a CSRF token).
    button: Option<(String, String, bool)>,
    token: String,
}

impl NoticePage {
    fn new(ctx: &Ctx, title_key: &str, message_key: &str) -> Self {
        Self {
            ctx: ctx.clone(),
            title: ctx.t(title_key),
            message: ctx.t(message_key),
            button: None,
            token: String::new(),
        }
    }
}

/// One archived issue.
#[derive(Template)]
#[template(path = "newsletter/issue.html")]
pub struct IssuePage {
    ctx: Ctx,
    title: String,
    number: i64,
    date: String,
    body: String,
}

/// The subscribe form.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SubscribeForm {
    email: String,
    lang: String,
}

/// A link's query or a confirmation form: the signed token.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TokenQuery {
    token: String,
}

/// The sent issues, newest first, titled in `lang`.
async fn archive(state: &AppState, lang: Lang) -> AppResult<Vec<ArchiveRow>> {
    Ok(state
        .store
        .sent_issues()
        .await?
        .into_iter()
        .map(|issue| ArchiveRow {
            href: issue_path(&issue),
            title: subject_in(&issue, lang),
            date: issue.sent_at.map(day_of).unwrap_or_default(),
        })
        .collect())
}

fn issue_number(issue: &altto_store::Issue) -> i64 {
    issue.number.unwrap_or_default()
}

/// The archive address of a sent issue: its slug, else its number.
pub fn issue_path(issue: &altto_store::Issue) -> String {
    format!("/newsletter/{}", issue.slug.clone().unwrap_or_else(|| issue_number(issue).to_string()))
}

/// Characters of an issue's introduction shown in its feed entry.
const FEED_SUMMARY_CHARS: usize = 300;

/// `GET /newsletter/feed.xml`: the archive as an Atom feed, one entry per sent issue
/// (its subject and the first paragraph of its introduction; never anything about a
/// subscriber).
pub async fn archive_feed(State(state): State<AppState>, lang: Lang) -> AppResult<Response> {
    let site = state.settings.base_url();
    let entries = state
        .store
        .sent_issues()
        .await?
        .into_iter()
        .map(|issue| {
            let url = absolute(&site, &issue_path(&issue));
            let sent = issue.sent_at.unwrap_or(issue.updated_at);
            FeedEntry {
                id: feeds::entry_id(&site, "newsletter", issue.id, sent, &url),
                title: subject_in(&issue, lang),
                published: sent,
                updated: sent,
                summary: markdown::summary(&issue.intro, FEED_SUMMARY_CHARS),
                url,
                // Issues are written by the site's editors, under its default licence.
                authors: vec![lang.t("site-name")],
                categories: vec!["newsletter".to_owned()],
                rights: Some(format!("{} {}", Licence::CcBy.name(), Licence::CcBy.url())),
            }
        })
        .collect();
    let title = format!("{} · {}", lang.t("newsletter-name"), lang.t("site-name"));
    let feed = feeds::atom(&title, &absolute(&site, "/newsletter/feed.xml"), entries);
    let page = absolute(&site, "/newsletter");
    Ok(feeds::feed_response(&feeds::in_language(feed, lang, Some(&page))))
}

/// The subject of `issue` for a reader of `lang`.
fn subject_in(issue: &altto_store::Issue, lang: Lang) -> String {
    render::subject_in(&issue.subject, issue.subject_ja.as_deref(), lang).to_owned()
}

/// `GET /newsletter`.
pub async fn show_newsletter(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let mut form = FormState::new();
    form.keep("lang", ctx.lang.code());
    let issues = archive(&state, ctx.lang).await?;
    Ok(ctx.render(&NewsletterPage { ctx: ctx.clone(), form, issues }))
}

/// `POST /newsletter/subscribe`: adds a pending subscriber and mails a confirmation
/// link. An address already confirmed gets no mail; the page is the same either way.
pub async fn subscribe(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Form(input): Form<SubscribeForm>,
) -> AppResult<Response> {
    limits::hit(&state, SUBSCRIBE_PER_IP, &auth.client_ip).await?;
    let mut form = FormState::new();
    form.keep("email", input.email.trim());
    let lang = Lang::from_code(&input.lang).unwrap_or(ctx.lang);
    form.keep("lang", lang.code());
    let Some(email) = normalize_email(&input.email) else {
        form.fail("email", "field-email-invalid");
        let issues = archive(&state, ctx.lang).await?;
        let page = NewsletterPage { ctx: ctx.clone(), form, issues };
        return Ok(ctx.render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page));
    };
    limits::hit(&state, SUBSCRIBE_PER_ADDRESS, &email).await?;
    let known = state.store.subscriber_by_email(&email).await?;
    if known.is_none_or(|subscriber| subscriber.status != SubscriberStatus::Confirmed) {
        let subscriber =
            state.store.upsert_subscriber(&email, lang.code(), None, SubscriberStatus::Pending).await?;
        send_confirmation(&state, &subscriber).await?;
    }
    Ok(Redirect::to("/newsletter/sent").into_response())
}

/// Queues the mail with the link that confirms `subscriber`.
pub async fn send_confirmation(state: &AppState, subscriber: &Subscriber) -> AppResult<()> {
    let expires = altto_store::now_millis() + tokens::CONFIRM_VALID_MS;
    let token =
        tokens::sign(&state.secrets.csrf_key, Purpose::Confirm, subscriber.id, &subscriber.email, expires);
    let link = format!("{}/newsletter/confirm?token={token}", state.settings.base_url());
    let lang = Lang::from_code(&subscriber.lang).unwrap_or_default();
    let args = [("link", FluentValue::from(link.as_str()))];
    let subject = lang.t_args("newsletter-confirm-mail-subject", &args);
    let body = lang.t_args("newsletter-confirm-mail-body", &args);
    let kind = altto_store::MailKind::Transactional;
    state.mailer.enqueue(&state.store, kind, &subscriber.email, &subject, &body).await?;
    Ok(())
}

/// `GET /newsletter/sent`.
pub async fn show_sent(ctx: Ctx) -> Response {
    ctx.render(&NoticePage::new(&ctx, "newsletter-sent-title", "newsletter-sent-message"))
}

/// The subscriber a signed link is for, or the reason it is refused (a 400 page that
/// says so, in the reader's language).
async fn subscriber_for(state: &AppState, purpose: Purpose, token: &str) -> AppResult<Subscriber> {
    let invalid = AppError::BadInput("newsletter-link-invalid");
    let Some(id) = tokens::subscriber_of(token) else { return Err(invalid) };
    let subscriber = match state.store.subscriber(id).await {
        Ok(subscriber) => subscriber,
        Err(StoreError::NotFound) => return Err(invalid),
        Err(err) => return Err(err.into()),
    };
    let now = altto_store::now_millis();
    match tokens::verify(&state.secrets.csrf_key, purpose, token, subscriber.id, &subscriber.email, now) {
        Ok(()) => Ok(subscriber),
        Err(Refused::Invalid) => Err(invalid),
        Err(Refused::Expired) => Err(AppError::BadInput("newsletter-link-expired")),
    }
}

/// `GET /newsletter/confirm?token=…`: a button, since mail scanners open links.
pub async fn show_confirm(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<TokenQuery>,
) -> AppResult<Response> {
    subscriber_for(&state, Purpose::Confirm, &query.token).await?;
    let mut page = NoticePage::new(&ctx, "newsletter-confirm-title", "newsletter-confirm-message");
    page.button = Some(("/newsletter/confirm".to_owned(), ctx.t("newsletter-confirm-button"), true));
    page.token = query.token;
    Ok(ctx.render(&page))
}

/// `POST /newsletter/confirm`.
pub async fn confirm(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(input): Form<TokenQuery>,
) -> AppResult<Response> {
    let subscriber = subscriber_for(&state, Purpose::Confirm, &input.token).await?;
    let page = if state.store.confirm_subscriber(subscriber.id).await? {
        NoticePage::new(&ctx, "newsletter-confirmed-title", "newsletter-confirmed-message")
    } else {
        // Left the list since: an old confirmation link does not bring anyone back.
        NoticePage::new(&ctx, "newsletter-confirm-title", "newsletter-confirm-left")
    };
    Ok(ctx.render(&page))
}

/// `GET /newsletter/unsubscribe?token=…`: a button that leaves the list.
pub async fn show_unsubscribe(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<TokenQuery>,
) -> AppResult<Response> {
    subscriber_for(&state, Purpose::Unsubscribe, &query.token).await?;
    let mut page = NoticePage::new(&ctx, "newsletter-unsubscribe-title", "newsletter-unsubscribe-message");
    let action = format!("/newsletter/unsubscribe?token={}", query.token);
    page.button = Some((action, ctx.t("newsletter-unsubscribe-button"), false));
    Ok(ctx.render(&page))
}

/// `POST /newsletter/unsubscribe?token=…`: leaves the list. This is also the RFC 8058
/// one-click address (body `List-Unsubscribe=One-Click`), sent by mail clients without
/// cookies, so it needs no CSRF token: the signed token names the one subscriber it
/// changes.
pub async fn unsubscribe(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<TokenQuery>,
) -> AppResult<Response> {
    let subscriber = subscriber_for(&state, Purpose::Unsubscribe, &query.token).await?;
    state.store.unsubscribe(subscriber.id).await?;
    Ok(ctx.render(&NoticePage::new(&ctx, "newsletter-unsubscribed-title", "newsletter-unsubscribed-message")))
}

/// `GET /newsletter/{issue}`: an archived issue, by number or by its address.
pub async fn show_issue(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(issue): Path<String>,
) -> AppResult<Response> {
    let issue = state.store.sent_issue(&issue).await?;
    let content = IssueContent::of(&state, &issue).await?;
    let page = IssuePage {
        ctx: ctx.clone(),
        title: content.subject_in(ctx.lang).to_owned(),
        number: issue_number(&issue),
        date: issue.sent_at.map(day_of).unwrap_or_default(),
        body: render::body_html(&content, ctx.lang, ""),
    };
    Ok(ctx.render(&page))
}
