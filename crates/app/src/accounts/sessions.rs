//! Signing in and out: session cookies backed by the `sessions` table.

use altto_store::UserId;
use axum::http::{HeaderMap, header};

use crate::{auth::SESSION_COOKIE, error::AppResult, random, state::AppState, web::cookie_header};

/// How long a session lasts.
const SESSION_DAYS: i64 = 30;

/// Starts a fresh session for `user_id` (a new id every sign-in, so a session id
/// planted before sign-in is worthless) and returns its `Set-Cookie` value.
pub async fn start(state: &AppState, user_id: UserId, headers: &HeaderMap) -> AppResult<String> {
    let token = random::token();
    let user_agent = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let user_agent: String = user_agent.chars().take(200).collect();
    let expires_at = altto_store::now_millis() + SESSION_DAYS * 86_400_000;
    state.store.create_session(&random::hash(&token), user_id, expires_at, &user_agent).await?;
    Ok(cookie(state, SESSION_COOKIE, &token, SESSION_DAYS * 86_400))
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_cookie(state: &AppState) -> String {
    cookie(state, SESSION_COOKIE, "", 0)
}

fn cookie(state: &AppState, name: &str, value: &str, max_age_secs: i64) -> String {
    cookie_header(name, value, max_age_secs, state.settings.is_https())
}
