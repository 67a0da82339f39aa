//! Private messages between members: the list of one's conversations (newest activity
//! first, unread ones marked), a conversation with its reply form, and starting one
//! from a member's profile. Bodies are members' Markdown. Only the two participants can
//! open a conversation: to anyone else it does not exist (404, not 403). The recipient
//! is told through [`notifications::tell`]. New members may reply but not start
//! conversations ([`super::trust`]; starting one is in `messages_new`); a member who
//! was blocked cannot write to the one who blocked them; starting and sending are
//! rate-limited per member.

use altto_store::{ConversationId, Message, User, UserId};
use askama::Template;
use axum::{
    Extension, Form,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use crate::{
    accounts::limits::{self, Limit},
    auth::RequestAuth,
    content::markdown::{self, Members, Profile},
    error::{AppError, AppResult},
    notifications::{self, Notice},
    policy::Action,
    state::AppState,
    web::{
        Ctx,
        format::day_of,
        forms::{FormState, Pairs, field},
        paging::{PageLinks, Paging},
        routes::Routes,
    },
};

/// Conversations per page of the list.
pub const CONVERSATIONS_PER_PAGE: i64 = 30;
/// Messages per page of a conversation.
pub const MESSAGES_PER_PAGE: i64 = 50;
/// The longest message, in characters.
pub const MAX_MESSAGE_CHARS: usize = 5000;
/// New conversations one member may start.
pub const START_PER_MEMBER: Limit = Limit { name: "message_start", max: 10, window_secs: 60 * 60 };
/// Messages one member may send.
pub const SEND_PER_MEMBER: Limit = Limit { name: "message_send", max: 60, window_secs: 60 * 60 };

/// The message routes.
pub fn routes() -> Routes {
    use Action::MessageMembers;
    Routes::new()
        .get("/messages", MessageMembers, list_conversations)
        .get("/messages/new", MessageMembers, super::messages_new::new_conversation)
        .post("/messages", MessageMembers, super::messages_new::start_conversation)
        .get("/messages/{id}", MessageMembers, show_conversation)
        .post("/messages/{id}", MessageMembers, reply)
}

/// The signed-in member (the route guard has made sure there is one).
pub(super) fn me(auth: &RequestAuth) -> AppResult<&User> {
    auth.actor.user().ok_or(AppError::Forbidden)
}

/// `YYYY-MM-DD HH:MM UTC` of a unix-millisecond timestamp.
pub(super) fn when(millis: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(millis / 1000)
        .map(|at| format!("{} {:02}:{:02} UTC", day_of(millis), at.hour(), at.minute()))
        .unwrap_or_default()
}

/// One conversation in the list.
pub struct ConversationRow {
    href: String,
    name: String,
    when: String,
    unread: bool,
}

/// The list of conversations.
#[derive(Template)]
#[template(path = "community/messages.html")]
pub struct MessagesPage {
    ctx: Ctx,
    conversations: Vec<ConversationRow>,
    links: PageLinks,
}

/// `GET /messages`.
pub async fn list_conversations(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    paging: Paging,
) -> AppResult<Response> {
    let user = me(&auth)?;
    let page = state.store.conversations_of(user.id, &paging.request(CONVERSATIONS_PER_PAGE)).await?;
    let links = paging.links(&page, &[]);
    let conversations = page
        .items
        .iter()
        .map(|row| ConversationRow {
            href: format!("/messages/{}", row.id),
            name: shown_name(&ctx, &row.other_name),
            when: when(row.last_message_at),
            unread: row.unread,
        })
        .collect();
    Ok(ctx.render(&MessagesPage { ctx: ctx.clone(), conversations, links }))
}

/// A member's name, or "a former member" once their account is gone.
fn shown_name(ctx: &Ctx, name: &str) -> String {
    if name.is_empty() { ctx.t("messages-former-member") } else { name.to_owned() }
}

/// A message as a conversation shows it.
pub struct MessageView {
    id: i64,
    author: String,
    mine: bool,
    html: String,
    when: String,
}

/// A conversation with its reply form.
#[derive(Template)]
#[template(path = "community/messages_conversation.html")]
pub struct ConversationPage {
    ctx: Ctx,
    id: ConversationId,
    other_id: UserId,
    other_name: String,
    messages: Vec<MessageView>,
    links: PageLinks,
    form: FormState,
    notice: Option<String>,
    /// Why this member cannot write here now (a block), instead of the form.
    refusal: Option<String>,
    blocked_by_me: bool,
}

/// Query of a conversation page: a one-time notice.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NoticeQuery {
    /// Which notice to show, if any.
    pub notice: String,
}

/// The members' Markdown profile of this site.
fn members_profile(state: &AppState) -> Profile {
    Profile::Members(Members::for_site(state.settings.public_url.as_deref()))
}

/// Why `me` cannot write to `other` because of a block, if one stands between them.
pub(super) async fn block_refusal(
    state: &AppState,
    ctx: &Ctx,
    me: UserId,
    other: UserId,
    name: &str,
) -> AppResult<Option<String>> {
    if state.store.has_blocked(me, other).await? {
        return Ok(Some(ctx.t1("messages-you-blocked", "name", name)));
    }
    if state.store.has_blocked(other, me).await? {
        return Ok(Some(ctx.t1("messages-blocked-by", "name", name)));
    }
    Ok(None)
}

/// Renders a conversation for `user` (404 unless they take part in it).
async fn conversation_page(
    state: &AppState,
    ctx: &Ctx,
    user: &User,
    id: ConversationId,
    paging: &Paging,
    form: FormState,
    notice: Option<String>,
) -> AppResult<ConversationPage> {
    let conversation = state.store.conversation_for(id, user.id).await?.ok_or(AppError::NotFound)?;
    let page = state.store.messages_in(id, user.id, &paging.request(MESSAGES_PER_PAGE)).await?;
    if let Some(newest) = page.items.iter().map(|message| message.id).max() {
        state.store.mark_conversation_read(id, user.id, newest).await?;
    }
    let links = paging.links(&page, &[]);
    let profile = members_profile(state);
    // Fetched newest first; read top to bottom, oldest first.
    let messages = page.items.iter().rev().map(|message: &Message| MessageView {
        id: message.id.0,
        author: shown_name(ctx, &message.author_name),
        mine: message.author_id == user.id,
        html: markdown::render(&message.body, &profile),
        when: when(message.created_at),
    });
    let other_name = shown_name(ctx, &conversation.other_name);
    let refusal = block_refusal(state, ctx, user.id, conversation.other_id, &other_name).await?;
    Ok(ConversationPage {
        ctx: ctx.clone(),
        id,
        other_id: conversation.other_id,
        blocked_by_me: state.store.has_blocked(user.id, conversation.other_id).await?,
        other_name,
        messages: messages.collect(),
        links,
        form,
        notice,
        refusal,
    })
}

/// `GET /messages/{id}`: the conversation, marked read.
pub async fn show_conversation(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    paging: Paging,
    Path(id): Path<i64>,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Response> {
    let user = me(&auth)?;
    let notice = match query.notice.as_str() {
        "sent" => Some(ctx.t("messages-sent")),
        "reported" => Some(ctx.t("reports-thanks")),
        _ => None,
    };
    let page =
        conversation_page(&state, &ctx, user, ConversationId(id), &paging, FormState::new(), notice).await?;
    Ok(ctx.render(&page))
}

/// Checks a message body: not empty, not too long, and Markdown the members' profile
/// accepts. Records the problem on the form's `body` field.
pub(super) fn check_body(state: &AppState, form: &mut FormState, raw: &str) -> Option<String> {
    let body = raw.trim();
    form.keep("body", body);
    if body.is_empty() {
        form.fail("body", "messages-body-empty");
    } else if body.chars().count() > MAX_MESSAGE_CHARS {
        form.fail("body", "messages-body-too-long");
    } else if markdown::check(body, &members_profile(state)).is_err() {
        form.fail("body", "messages-body-too-complex");
    }
    (!form.has_errors()).then(|| body.to_owned())
}

/// Tells `to` that `from` wrote in conversation `id`.
pub(super) async fn tell_recipient(
    state: &AppState,
    from: &User,
    to: UserId,
    id: ConversationId,
) -> AppResult<()> {
    let link = format!("/messages/{id}");
    let notice =
        Notice { event: "message", title: &from.display_name, link: &link, actor: Some(from), note: "" };
    notifications::tell(state, &[to], &notice).await
}

/// `POST /messages/{id}`: a reply, from either participant.
pub async fn reply(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    paging: Paging,
    Path(id): Path<i64>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let user = me(&auth)?;
    let id = ConversationId(id);
    let conversation = state.store.conversation_for(id, user.id).await?.ok_or(AppError::NotFound)?;
    let mut form = FormState::new();
    let body = check_body(&state, &mut form, field(&pairs, "body"));
    let name = shown_name(&ctx, &conversation.other_name);
    let blocked = block_refusal(&state, &ctx, user.id, conversation.other_id, &name).await?;
    let (Some(body), None) = (body, &blocked) else {
        let page = conversation_page(&state, &ctx, user, id, &paging, form, None).await?;
        return Ok(ctx.render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page));
    };
    limits::hit(&state, SEND_PER_MEMBER, &user.id.to_string()).await?;
    let message = state.store.add_message(id, user.id, &body).await?;
    tell_recipient(&state, user, conversation.other_id, id).await?;
    Ok(Redirect::to(&format!("/messages/{id}?notice=sent#m{message}")).into_response())
}
