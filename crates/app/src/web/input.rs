//! Input that no handler should ever see, refused once at the boundary.
//!
//! PostgreSQL's text cannot hold the NUL character (U+0000) while SQLite's can, so a
//! NUL typed into any field would be stored on one database and fail with a 500 on the
//! other. Rather than every form, query and JSON field checking for it, this middleware
//! refuses it before routing: in a path it is a 404 (no address holds it), in a query
//! string, a form or a JSON body it is a 400 whose page says which character to remove.
//! Nothing is stored, on either database. File uploads (multipart) are left alone: their
//! bytes are files, and the names in them are checked where they are read.

use axum::{
    body::{Body, to_bytes},
    extract::{Request, State},
    http::header,
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::{error::AppError, state::AppState};

/// The message shown when a request carries a NUL character.
const NUL_MESSAGE: &str = "error-nul-character";

/// Whether `text`, `application/x-www-form-urlencoded`, decodes to a NUL anywhere.
fn form_has_nul(text: &[u8]) -> bool {
    url::form_urlencoded::parse(text).any(|(name, value)| name.contains('\0') || value.contains('\0'))
}

/// Whether a JSON document holds a NUL in any string or key (`false` for text that is
/// not JSON: the handler explains that).
fn json_has_nul(bytes: &[u8]) -> bool {
    fn walk(value: &serde_json::Value) -> bool {
        match value {
            serde_json::Value::String(text) => text.contains('\0'),
            serde_json::Value::Array(items) => items.iter().any(walk),
            serde_json::Value::Object(map) => {
                map.iter().any(|(key, value)| key.contains('\0') || walk(value))
            }
            _ => false,
        }
    }
    serde_json::from_slice::<serde_json::Value>(bytes).is_ok_and(|value| walk(&value))
}

/// Middleware: refuses a NUL character in the path (404), the query string or a form
/// or JSON body (400 with [`NUL_MESSAGE`]).
pub async fn refuse_nul(State(state): State<AppState>, request: Request, next: Next) -> Response {
    // A URI cannot carry a raw NUL byte, so `%00` is the only way to write one.
    if request.uri().path().contains("%00") {
        return AppError::NotFound.into_response();
    }
    if request.uri().query().is_some_and(|query| form_has_nul(query.as_bytes())) {
        return AppError::BadInput(NUL_MESSAGE).into_response();
    }
    let content_type =
        request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let check: fn(&[u8]) -> bool = if content_type.starts_with("application/x-www-form-urlencoded") {
        form_has_nul
    } else if content_type.starts_with("application/json") {
        json_has_nul
    } else {
        return next.run(request).await;
    };
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, state.settings.body_limit_bytes).await else {
        return axum::http::StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    if check(&bytes) {
        return AppError::BadInput(NUL_MESSAGE).into_response();
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nul_is_found_however_it_is_written_and_only_then() {
        assert!(form_has_nul(b"note=a%00b"));
        assert!(form_has_nul(b"a%00=1"));
        assert!(form_has_nul(b"note=a\0b"));
        assert!(!form_has_nul(b"note=a%2500b&x=%E3%81%82"), "an encoded '%00' is text");
        assert!(json_has_nul(br#"{"answers": ["ok", "a\u0000b"]}"#));
        assert!(json_has_nul(br#"{"a\u0000": 1}"#));
        assert!(!json_has_nul(br#"{"text": "a\\u0000b"}"#), "an escaped backslash is text");
        assert!(!json_has_nul(b"not json"));
    }
}
