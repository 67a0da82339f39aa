//! Who is asking: resolved once per request, before routing, and kept in the request's
//! extensions for the route guard, the handlers and the layout.

use std::net::SocketAddr;

use axum::{
    extract::{ConnectInfo, Request, State},
    http::HeaderMap,
    middleware::Next,
    response::Response,
};

use crate::{accounts::sessions, policy::Actor, state::AppState};

/// What the app knows about the requester.
#[derive(Clone, Debug, Default)]
pub struct RequestAuth {
    /// The signed-in member, or a visitor.
    pub actor: Actor,
    /// Hash of the session token, when signed in through the browser.
    pub session_hash: Option<String>,
    /// The scopes of the API token that authenticated the request (no cookies, no
    /// CSRF); `None` for browsers and visitors. Tokens count only under `/api/`.
    pub api_token: Option<crate::policy::Scopes>,
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

/// Middleware: resolves the requester and stores a [`RequestAuth`] in the request.
pub async fn resolve(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let client_ip =
        client_ip(&state, request.headers(), request.extensions().get::<ConnectInfo<SocketAddr>>());
    let mut auth = sessions::authenticate(&state, request.uri().path(), request.headers()).await;
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

/// A `Set-Cookie` value with altto's attributes: HttpOnly, SameSite=Lax, Path=/, and
/// Secure when the site is served over https.
pub fn cookie_header(name: &str, value: &str, max_age_secs: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; Max-Age={max_age_secs}; HttpOnly; SameSite=Lax{secure}")
}
