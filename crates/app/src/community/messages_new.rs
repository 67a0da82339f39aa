//! Starting a conversation: the form behind a member's "Message" button, and sending
//! its first message. Only trusted members start conversations ([`super::trust`]); a
//! member who already has a conversation with the recipient simply continues it (a
//! reply, which new members may send too).

use altto_store::{User, UserId};
use askama::Template;
use axum::{
    Extension, Form,
    extract::{Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::{
    messages::{SEND_PER_MEMBER, START_PER_MEMBER, block_refusal, check_body, me, tell_recipient, when},
    trust::{self, Trust},
};
use crate::{
    accounts::limits,
    auth::RequestAuth,
    error::AppResult,
    policy,
    state::AppState,
    web::{
        Ctx,
        forms::{FormState, Pairs, field},
    },
};

/// The form that starts a conversation.
#[derive(Template)]
#[template(path = "community/messages_new.html")]
pub struct NewConversationPage {
    ctx: Ctx,
    form: FormState,
    /// Who it goes to (id and name), when that is a member one may write to.
    recipient: Option<(UserId, String)>,
    /// Why this member cannot start a conversation now, instead of the form.
    refusal: Option<Vec<String>>,
}

/// Why a member whom the trust rule judged `trust` cannot start a conversation, in
/// their language: the rule, and what is still missing.
fn untrusted_reasons(ctx: &Ctx, trust: Trust) -> Vec<String> {
    let Trust::New { old_enough_at, posts_needed } = trust else { return Vec::new() };
    let mut reasons = vec![ctx.t2(
        "messages-untrusted",
        "days",
        &trust::MIN_ACCOUNT_AGE_DAYS.to_string(),
        "posts",
        &trust::MIN_ACCEPTED_POSTS.to_string(),
    )];
    if let Some(at) = old_enough_at {
        reasons.push(ctx.t1("messages-untrusted-age", "date", &when(at)));
    }
    if posts_needed > 0 {
        reasons.push(ctx.t1("messages-untrusted-posts", "count", &posts_needed.to_string()));
    }
    reasons.push(ctx.t("messages-untrusted-reply"));
    reasons
}

/// Who `to` names, if `actor` may write to them; the form error says why not.
async fn recipient(
    state: &AppState,
    auth: &RequestAuth,
    form: &mut FormState,
    to: &str,
) -> AppResult<Option<User>> {
    form.keep("to", to.trim());
    let user = match to.trim().parse::<i64>() {
        Ok(id) => match state.store.user(UserId(id)).await {
            Ok(user) => Some(user),
            Err(altto_store::StoreError::NotFound) => None,
            Err(err) => return Err(err.into()),
        },
        Err(_) => None,
    };
    match user {
        Some(user) if auth.actor.user_id() == Some(user.id) => {
            form.fail("to", "messages-not-yourself");
            Ok(None)
        }
        Some(user) if policy::can_message(&auth.actor, &user) => Ok(Some(user)),
        _ => {
            form.fail("to", "messages-unknown-recipient");
            Ok(None)
        }
    }
}

/// Whether `user` may start a conversation now, with the reasons if not.
async fn start_refusal(state: &AppState, ctx: &Ctx, user: &User) -> AppResult<Option<Vec<String>>> {
    let facts = state.store.trust_facts(user.id).await?;
    let trust = trust::trust(user, &facts, altto_store::now_millis());
    Ok((!policy::can_start_conversation(trust)).then(|| untrusted_reasons(ctx, trust)))
}

/// Query of the new-conversation form.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NewQuery {
    to: String,
}

/// `GET /messages/new?to={id}`: the form (or, for a new member, why they cannot use it
/// yet). An existing conversation with that member is opened instead.
pub async fn new_conversation(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Query(query): Query<NewQuery>,
) -> AppResult<Response> {
    let user = me(&auth)?;
    let mut form = FormState::new();
    let Some(to) = recipient(&state, &auth, &mut form, &query.to).await? else {
        let page = NewConversationPage { ctx: ctx.clone(), form, recipient: None, refusal: None };
        return Ok(ctx.render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page));
    };
    if let Some(existing) = state.store.conversation_between(user.id, to.id).await? {
        return Ok(Redirect::to(&format!("/messages/{existing}")).into_response());
    }
    let refusal = start_refusal(&state, &ctx, user).await?;
    let page =
        NewConversationPage { ctx: ctx.clone(), form, recipient: Some((to.id, to.display_name)), refusal };
    Ok(ctx.render(&page))
}

/// `POST /messages`: writes to a member. With a conversation between the two already,
/// the message is added to it (a reply, which new members may send); otherwise it
/// starts one, which needs a trusted member.
pub async fn start_conversation(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let user = me(&auth)?;
    let mut form = FormState::new();
    let to = recipient(&state, &auth, &mut form, field(&pairs, "to")).await?;
    let body = check_body(&state, &mut form, field(&pairs, "body"));
    let render = |form: FormState, to: Option<&User>, refusal: Option<Vec<String>>, status: StatusCode| {
        let recipient = to.map(|to| (to.id, to.display_name.clone()));
        ctx.render_with_status(status, &NewConversationPage { ctx: ctx.clone(), form, recipient, refusal })
    };
    let Some(to) = to else {
        return Ok(render(form, None, None, StatusCode::UNPROCESSABLE_ENTITY));
    };
    if let Some(blocked) = block_refusal(&state, &ctx, user.id, to.id, &to.display_name).await? {
        return Ok(render(form, Some(&to), Some(vec![blocked]), StatusCode::UNPROCESSABLE_ENTITY));
    }
    let existing = state.store.conversation_between(user.id, to.id).await?;
    if existing.is_none()
        && let Some(refusal) = start_refusal(&state, &ctx, user).await?
    {
        return Ok(render(form, Some(&to), Some(refusal), StatusCode::FORBIDDEN));
    }
    let Some(body) = body else {
        return Ok(render(form, Some(&to), None, StatusCode::UNPROCESSABLE_ENTITY));
    };
    let id = match existing {
        Some(id) => {
            limits::hit(&state, SEND_PER_MEMBER, &user.id.to_string()).await?;
            state.store.add_message(id, user.id, &body).await?;
            id
        }
        None => {
            limits::hit(&state, START_PER_MEMBER, &user.id.to_string()).await?;
            limits::hit(&state, SEND_PER_MEMBER, &user.id.to_string()).await?;
            state.store.start_conversation(user.id, to.id, &body).await?.0
        }
    };
    tell_recipient(&state, user, to.id, id).await?;
    Ok(Redirect::to(&format!("/messages/{id}?notice=sent")).into_response())
}
