//! Who is asking: the [`Actor`] behind a request and what its credentials allow,
//! resolved once per request (before routing) from an API token, a session cookie or
//! a visitor's cookie, and kept in the request's extensions as a [`RequestAuth`] for
//! the route guard, the handlers and the layout. `web/` and every domain use this
//! module; it uses neither (sessions are started and ended by `accounts`).

use std::{net::SocketAddr, sync::Arc};

use altto_store::{AccountStatus, NewAuditEntry, User, UserId};
use axum::{
    extract::{ConnectInfo, Request, State},
    http::{HeaderMap, header},
    middleware::Next,
    response::Response,
};
use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac as _};
use sha2::Sha256;

use crate::{i18n::cookie_value, random, state::AppState};

/// The session cookie's name (the session is started and ended by `accounts`).
pub const SESSION_COOKIE: &str = "altto_session";
/// The cookie that binds a visitor's (not signed in) forms.
pub const VISITOR_COOKIE: &str = "altto_csrf";
/// How often (at most) a session's last use is written back.
const TOUCH_EVERY_MS: i64 = 10 * 60 * 1000;

/// Records in the audit log that whoever is asking did `action` (to `subject`, with
/// `detail`), from their address: the one way a route writes the audit log as the
/// member making the request.
pub async fn audit(
    state: &AppState,
    auth: &RequestAuth,
    action: &str,
    subject: Option<UserId>,
    detail: &str,
) -> crate::error::AppResult<()> {
    let entry = NewAuditEntry {
        actor_id: auth.actor.user_id(),
        action,
        subject_id: subject,
        detail,
        ip: &auth.client_ip,
    };
    Ok(state.store.audit(entry).await?)
}

/// Who is making a request.
#[derive(Clone, Debug, Default)]
pub enum Actor {
    /// No account, or not signed in (suspended and deleted accounts cannot sign in).
    #[default]
    Visitor,
    /// A signed-in, active member.
    Member(Arc<User>),
}

impl Actor {
    /// The signed-in account, if any.
    pub fn user(&self) -> Option<&User> {
        match self {
            Actor::Visitor => None,
            Actor::Member(user) => Some(user),
        }
    }

    /// The signed-in account's id, if any.
    pub fn user_id(&self) -> Option<UserId> {
        self.user().map(|user| user.id)
    }

    /// The actor for an account found by its session or token: only active accounts
    /// act as members.
    pub fn from_user(user: impl Into<Arc<User>>) -> Actor {
        let user = user.into();
        if user.status == AccountStatus::Active { Actor::Member(user) } else { Actor::Visitor }
    }

    /// Whether the signed-in account holds the admin grant (what that allows is the
    /// policy's business).
    pub fn is_admin(&self) -> bool {
        self.user().is_some_and(|user| user.is_admin)
    }
}

/// What a personal API token may do, chosen by its owner when it is made. A token
/// works only under `/api/` and never for more than its owner may do.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Scopes {
    /// Read what the owner may read.
    pub read: bool,
    /// Change what the owner may change (progress, quiz attempts, …).
    pub write: bool,
    /// Admin work, if the owner is an admin; only when asked for explicitly.
    pub admin: bool,
}

impl Scopes {
    /// The scopes named in `text` (space-separated; unknown names are ignored).
    pub fn parse(text: &str) -> Self {
        let has = |name| text.split_whitespace().any(|scope| scope == name);
        Self { read: has("read"), write: has("write"), admin: has("admin") }
    }

    /// The stored form, e.g. `read write`.
    pub fn as_text(self) -> String {
        let names = [(self.read, "read"), (self.write, "write"), (self.admin, "admin")];
        names.iter().filter(|(on, _)| *on).map(|(_, name)| *name).collect::<Vec<_>>().join(" ")
    }

    /// Whether no scope is chosen (such a token could do nothing).
    pub fn is_empty(self) -> bool {
        self == Self::default()
    }
}

/// What the app knows about the requester.
#[derive(Clone, Debug, Default)]
pub struct RequestAuth {
    /// The signed-in member, or a visitor.
    pub actor: Actor,
    /// Hash of the session token, when signed in through the browser.
    pub session_hash: Option<String>,
    /// The scopes of the API token that authenticated the request (no cookies, no
    /// CSRF); `None` for browsers and visitors. Tokens count only under `/api/`.
    pub api_token: Option<Scopes>,
    /// The CSRF token forms on this page must carry.
    pub csrf_token: String,
    /// A new visitor cookie to set if the page shows a form.
    pub new_visitor_cookie: Option<String>,
    /// Whether the request carried a session or token that could not be checked because
    /// the database was unavailable (it is then treated as a visitor's, and pages that
    /// need a member answer 503 rather than asking to sign in).
    pub unverified: bool,
    /// The client's address, for rate limits and the audit log.
    pub client_ip: String,
    /// The request body limit (for reading a form to find its CSRF token).
    pub body_limit: usize,
    /// Whether cookies must be marked `Secure` (the site is served over https).
    pub secure_cookies: bool,
}

impl RequestAuth {
    /// The signed-in member, or `None` for a visitor — but "unavailable" when the
    /// request carried a session that could not be checked, so that a member is never
    /// taken for a visitor (and their progress sent to a cookie) while the database is
    /// down.
    pub fn member_or_visitor(&self) -> Result<Option<&User>, altto_store::StoreError> {
        match self.actor.user() {
            None if self.unverified => Err(altto_store::StoreError::unreachable()),
            user => Ok(user),
        }
    }
}

/// Middleware: resolves the requester and stores a [`RequestAuth`] in the request.
pub async fn resolve(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let client_ip =
        client_ip(&state, request.headers(), request.extensions().get::<ConnectInfo<SocketAddr>>());
    let mut auth = authenticate(&state, request.uri().path(), request.headers()).await;
    auth.client_ip = client_ip;
    auth.body_limit = state.settings.body_limit_bytes;
    auth.secure_cookies = state.settings.is_https();
    request.extensions_mut().insert(auth);
    next.run(request).await
}

/// The client's address: the socket peer, or — behind a trusted reverse proxy — the
/// last address the proxy appended to `X-Forwarded-For`.
fn client_ip(state: &AppState, headers: &HeaderMap, peer: Option<&ConnectInfo<SocketAddr>>) -> String {
    if state.settings.behind_proxy {
        let forwarded = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .rfind(|v| !v.is_empty());
        if let Some(ip) = forwarded {
            return ip.to_owned();
        }
    }
    peer.map_or_else(|| "unknown".to_owned(), |ConnectInfo(addr)| addr.ip().to_string())
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
        let (actor, scopes) = match state.store.api_token_grant(&random::hash(token.trim())).await {
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
        let hash = random::hash(token);
        match state.store.user_by_session(&hash).await {
            Ok(Some((user, last_seen_at))) => {
                let actor = Actor::from_user(user);
                if actor.user().is_some() {
                    if altto_store::now_millis() - last_seen_at > TOUCH_EVERY_MS {
                        let _ = state.store.touch_session(&hash).await;
                    }
                    return RequestAuth {
                        actor,
                        csrf_token: csrf_token(key, &format!("s:{hash}")),
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
    match cookie_value(cookies, VISITOR_COOKIE).filter(|v| v.len() >= 32) {
        Some(visitor) => {
            RequestAuth { csrf_token: csrf_token(key, &format!("v:{visitor}")), ..RequestAuth::default() }
        }
        None => {
            let visitor = random::token();
            RequestAuth {
                csrf_token: csrf_token(key, &format!("v:{visitor}")),
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

/// The token for a browser identified by `binding` (`s:<session hash>` or
/// `v:<visitor cookie>`).
pub fn csrf_token(key: &[u8], binding: &str) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(key).unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
    mac.update(binding.as_bytes());
    URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::csrf_token;

    #[test]
    fn csrf_tokens_differ_per_browser_and_per_key() {
        let a = csrf_token(b"key-one", "s:abc");
        assert_eq!(a, csrf_token(b"key-one", "s:abc"));
        assert_ne!(a, csrf_token(b"key-one", "s:abd"));
        assert_ne!(a, csrf_token(b"key-two", "s:abc"));
    }
}
