//! Downloading a shared file: streamed a chunk at a time (as course files are), always
//! as an attachment with its checked type, and counted once per download: a `HEAD`, a
//! revalidation (`304`) or the continuation of a broken-off download (a `Range` that does
//! not start at the first byte) does not count.

use axum::{
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    response::Response,
};

use super::names;
use crate::{
    courses::{
        files::Located,
        media::{Caching, send},
    },
    error::AppResult,
    state::AppState,
};

/// Whether the response `response` to a `method` request is a download to count.
fn counts(method: &Method, response: &Response) -> bool {
    if method != Method::GET {
        return false;
    }
    match response.status() {
        StatusCode::OK => true,
        StatusCode::PARTIAL_CONTENT => response
            .headers()
            .get(header::CONTENT_RANGE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|range| range.starts_with("bytes 0-")),
        _ => false,
    }
}

/// `GET /community/resources/{id}/{name}`: the file (whatever the name says: the id
/// decides), or not found when its post is not shown.
pub async fn download_resource(
    State(state): State<AppState>,
    Path((id, _name)): Path<(i64, String)>,
    method: Method,
    headers: HeaderMap,
) -> AppResult<Response> {
    let resource = state.store.forum_resource(id).await?;
    let file = Located {
        blob_id: resource.blob_id,
        size: u64::try_from(resource.size).unwrap_or(0),
        content_type: resource.content_type.clone(),
        etag: format!("\"{}\"", resource.sha256),
        sha256: Some(resource.sha256.clone()),
    };
    let mut response = send(&state.store, &file, &headers, Caching::Revalidate).await?;
    if counts(&method, &response) {
        state.store.count_forum_resource_download(id).await?;
    }
    let h = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&names::disposition(&resource.file_name, &resource.kind)) {
        h.insert(header::CONTENT_DISPOSITION, value);
    }
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    Ok(response)
}
