//! A member's newsletter setting, on their account pages: their address is verified,
//! so subscribing takes effect at once (an unverified one gets the confirmation mail).

use altto_store::{SubscriberStatus, User};
use askama::Template;
use axum::{
    Extension, Form,
    extract::{Query, State},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use crate::{
    auth::RequestAuth,
    error::{AppError, AppResult},
    i18n::Lang,
    state::AppState,
    web::Ctx,
};

/// `/account/newsletter`.
#[derive(Template)]
#[template(path = "newsletter/account.html")]
pub struct SubscriptionPage {
    ctx: Ctx,
    status: Option<SubscriberStatus>,
    lang: String,
    saved: bool,
}

/// The setting's form.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SubscriptionForm {
    subscribed: String,
    lang: String,
}

/// The page's query: whether a change was just saved.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SavedQuery {
    saved: String,
}

fn member(auth: &RequestAuth) -> AppResult<&User> {
    auth.actor.user().ok_or(AppError::Forbidden)
}

/// `GET /account/newsletter`.
pub async fn show_subscription(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Query(query): Query<SavedQuery>,
) -> AppResult<Response> {
    let user = member(&auth)?;
    let subscriber = match &user.email {
        Some(email) => state.store.subscriber_by_email(email).await?,
        None => None,
    };
    let lang = subscriber.as_ref().map_or_else(|| user.locale.clone(), |s| s.lang.clone());
    let page = SubscriptionPage {
        ctx: ctx.clone(),
        status: subscriber.map(|s| s.status),
        lang: Lang::from_code(&lang).unwrap_or(ctx.lang).code().to_owned(),
        saved: !query.saved.is_empty(),
    };
    Ok(ctx.render(&page))
}

/// `POST /account/newsletter`: subscribes or unsubscribes the member's address.
pub async fn update_subscription(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Form(input): Form<SubscriptionForm>,
) -> AppResult<Response> {
    let user = member(&auth)?;
    let Some(email) = &user.email else { return Err(AppError::BadInput("newsletter-no-address")) };
    let lang = Lang::from_code(&input.lang).unwrap_or(ctx.lang);
    if input.subscribed.is_empty() {
        if let Some(subscriber) = state.store.subscriber_by_email(email).await? {
            state.store.unsubscribe(subscriber.id).await?;
        }
    } else if user.email_verified {
        state.store.upsert_subscriber(email, lang.code(), Some(user.id), SubscriberStatus::Confirmed).await?;
    } else {
        let subscriber = state
            .store
            .upsert_subscriber(email, lang.code(), Some(user.id), SubscriberStatus::Pending)
            .await?;
        if subscriber.status == SubscriberStatus::Pending {
            super::public::send_confirmation(&state, &subscriber).await?;
        }
    }
    Ok(Redirect::to("/account/newsletter?saved=1").into_response())
}
