//! Cross-site request forgery protection for every state-changing request.
//!
//! The token is an HMAC, under a site key kept in the database, of what identifies the
//! browser: its session for members, a random `altto_csrf` cookie for visitors (set the
//! first time a form is shown). A forged request from another site cannot read or compute
//! it. Forms send it as the `_csrf` field, scripts as the `x-csrf-token` header, and file
//! upload forms (whose multipart body is streamed to the handler) in the form action's
//! `_csrf` query parameter. Requests authenticated by an API token carry no cookies and
//! need none.

use axum::{
    body::{Body, to_bytes},
    extract::Request,
    http::{Method, header},
};

/// The form field carrying the token.
pub const FIELD: &str = "_csrf";
/// The header carrying the token.
pub const HEADER: &str = "x-csrf-token";

/// Whether `method` changes state and so needs a token.
pub fn is_unsafe(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Why a state-changing request was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// No token, a wrong one, or another site's origin: 403.
    Forbidden,
    /// The form was too large to read for its token: 413.
    TooLarge,
}

/// Checks the request's token against `expected`. On success the request is returned
/// whole (its body was read to find the field and is put back).
pub async fn verify(request: Request, expected: &str, body_limit: usize) -> Result<Request, Refusal> {
    if !same_origin(&request) || expected.is_empty() {
        return Err(Refusal::Forbidden);
    }
    let matches = |sent: &[u8]| {
        if constant_time_eq(sent, expected.as_bytes()) { Ok(()) } else { Err(Refusal::Forbidden) }
    };
    if let Some(sent) = request.headers().get(HEADER) {
        return matches(sent.as_bytes()).map(|()| request);
    }
    let content_type =
        request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    if content_type.starts_with("multipart/form-data") {
        let query = request.uri().query().unwrap_or_default();
        let sent =
            url::form_urlencoded::parse(query.as_bytes()).find(|(name, _)| name == FIELD).map(|(_, v)| v);
        return matches(sent.as_deref().unwrap_or_default().as_bytes()).map(|()| request);
    }
    if !content_type.starts_with("application/x-www-form-urlencoded") {
        return Err(Refusal::Forbidden);
    }
    let (parts, body) = request.into_parts();
    let bytes = to_bytes(body, body_limit).await.map_err(|_| Refusal::TooLarge)?;
    let sent = url::form_urlencoded::parse(&bytes).find(|(name, _)| name == FIELD).map(|(_, value)| value);
    matches(sent.as_deref().unwrap_or_default().as_bytes())?;
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

/// Whether the request comes from this site: a browser's `Origin`, when sent, must be
/// this site.
pub fn same_origin(request: &Request) -> bool {
    let Some(origin) = request.headers().get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = request.headers().get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or_default();
    origin.split_once("://").is_some_and(|(_, origin_host)| origin_host == host)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_compared_whole() {
        let a = "a-token-of-some-length";
        assert!(constant_time_eq(a.as_bytes(), a.as_bytes()));
        assert!(!constant_time_eq(a.as_bytes(), b"short"));
    }
}
