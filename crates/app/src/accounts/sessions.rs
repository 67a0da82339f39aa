//! Signing in and out: session cookies backed by the `sessions` table.

use altto_store::UserId;
use axum::http::{HeaderMap, header};
use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use sha2::{Digest as _, Sha256};

use crate::{
    error::AppResult,
    i18n::cookie_value,
    policy::{Actor, Scopes},
    state::AppState,
    web::{
        auth::{RequestAuth, cookie_header},
        csrf,
    },
};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "altto_session";
/// How long a session lasts.
const SESSION_DAYS: i64 = 30;
/// How often (at most) a session's last use is written back.
const TOUCH_EVERY_MS: i64 = 10 * 60 * 1000;

/// 32 random bytes, URL-safe base64: session tokens, visitor cookies, one-time tokens.
pub fn random_token() -> String {
    use rand_core::{OsRng, RngCore as _};
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The stored form of a token: its SHA-256, hex.
pub fn hash_token(token: &str) -> String {
    use std::fmt::Write as _;
    let mut hex = String::with_capacity(64);
    for byte in Sha256::digest(token.as_bytes()) {
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

/// Works out who sent a request to `path`: an API token (only under `/api/`: a token
/// is no credential for the site's pages and forms), a session cookie, or a visitor.
pub async fn authenticate(state: &AppState, path: &str, headers: &HeaderMap) -> RequestAuth {
    let key = &state.secrets.csrf_key;
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .filter(|_| path.starts_with("/api/"));
    if let Some(token) = bearer {
        let (actor, scopes) = match state.store.api_token_grant(&hash_token(token.trim())).await {
            Ok(Some(grant)) => (load_actor(state, grant.user_id).await, Scopes::parse(&grant.scopes)),
            Ok(None) => (Actor::Visitor, Scopes::default()),
            Err(err) => {
                tracing::debug!(error = %err, "cannot check an API token");
                return RequestAuth {
                    api_token: Some(Scopes::default()),
                    unverified: true,
                    ..RequestAuth::default()
                };
            }
        };
        return RequestAuth { actor, api_token: Some(scopes), ..RequestAuth::default() };
    }
    let cookies = headers.get(header::COOKIE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    if let Some(token) = cookie_value(cookies, SESSION_COOKIE) {
        let hash = hash_token(token);
        match state.store.user_by_session(&hash).await {
            Ok(Some((user, last_seen_at))) => {
                let actor = Actor::from_user(user);
                if actor.user().is_some() {
                    if altto_store::now_millis() - last_seen_at > TOUCH_EVERY_MS {
                        let _ = state.store.touch_session(&hash).await;
                    }
                    return RequestAuth {
                        actor,
                        csrf_token: csrf::token(key, &format!("s:{hash}")),
                        session_hash: Some(hash),
                        ..RequestAuth::default()
                    };
                }
            }
            Ok(None) => {}
            Err(err) => {
                tracing::debug!(error = %err, "cannot look up a session");
                return RequestAuth { unverified: true, ..visitor(key, cookies) };
            }
        }
    }
    visitor(key, cookies)
}

/// A visitor's view of the request: the CSRF binding of its visitor cookie, or a new one.
fn visitor(key: &[u8], cookies: &str) -> RequestAuth {
    match cookie_value(cookies, csrf::VISITOR_COOKIE).filter(|v| v.len() >= 32) {
        Some(visitor) => {
            RequestAuth { csrf_token: csrf::token(key, &format!("v:{visitor}")), ..RequestAuth::default() }
        }
        None => {
            let visitor = random_token();
            RequestAuth {
                csrf_token: csrf::token(key, &format!("v:{visitor}")),
                new_visitor_cookie: Some(visitor),
                ..RequestAuth::default()
            }
        }
    }
}

async fn load_actor(state: &AppState, user_id: UserId) -> Actor {
    match state.store.user(user_id).await {
        Ok(user) => Actor::from_user(user),
        Err(err) => {
            tracing::warn!(error = %err, "cannot load the signed-in account");
            Actor::Visitor
        }
    }
}

/// Starts a fresh session for `user_id` (a new id every sign-in, so a session id
/// planted before sign-in is worthless) and returns its `Set-Cookie` value.
pub async fn start(state: &AppState, user_id: UserId, headers: &HeaderMap) -> AppResult<String> {
    let token = random_token();
    let user_agent = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let user_agent: String = user_agent.chars().take(200).collect();
    let expires_at = altto_store::now_millis() + SESSION_DAYS * 86_400_000;
    state.store.create_session(&hash_token(&token), user_id, expires_at, &user_agent).await?;
    Ok(cookie(state, SESSION_COOKIE, &token, SESSION_DAYS * 86_400))
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_cookie(state: &AppState) -> String {
    cookie(state, SESSION_COOKIE, "", 0)
}

fn cookie(state: &AppState, name: &str, value: &str, max_age_secs: i64) -> String {
    cookie_header(name, value, max_age_secs, state.settings.is_https())
}
