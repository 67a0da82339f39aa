//! Course media: the file types courses may contain, checked by their first bytes as
//! well as their names, stored in the database and served with range requests (so a
//! video can be scrubbed and resumed on a weak connection). Visitors get the files of
//! the published revision; a draft's files are shown only to those who may see it.

use altto_store::{CHUNK_BYTES, Store, StoreError};
use axum::{
    Extension,
    body::Body,
    extract::{Path, Query, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};

use super::files::{self, Located};
use crate::{
    auth::RequestAuth,
    error::{AppError, AppResult},
    policy,
    state::AppState,
};

pub use crate::content::files::{
    CAPTION_KINDS, TRANSCRIPT_KINDS, VIDEO_KINDS, check_file, describe, extension, has_extension, human_size,
    is_known_type,
};

/// Whether `path` is a safe media path: `media/` then plain name segments.
pub fn is_media_path(path: &str) -> bool {
    path.strip_prefix("media/").is_some_and(|rest| {
        !rest.is_empty()
            && rest.split('/').all(|seg| {
                !seg.is_empty()
                    && !seg.starts_with('.')
                    && seg.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            })
    })
}

/// A byte range of a file of `len` bytes requested by a `Range` header.
fn requested_range(headers: &HeaderMap, len: u64) -> Option<Result<(u64, u64), ()>> {
    let value = headers.get(header::RANGE)?.to_str().ok()?;
    let ranges = match http_range_header::parse_range_header(value).map(|r| r.validate(len)) {
        Ok(Ok(ranges)) => ranges,
        _ => return Some(Err(())),
    };
    // One range is what players ask for; several are answered with the first.
    ranges.first().map(|range| Ok((*range.start(), *range.end())))
}

/// Bytes `start..=end` of a stored file, read a chunk at a time as the client takes
/// them: a request never holds more than one chunk, nor a connection between chunks.
fn stream_range(store: Store, blob_id: i64, start: u64, end: u64) -> Body {
    let chunks = futures_util::stream::try_unfold(start, move |at| {
        let store = store.clone();
        async move {
            if at > end {
                return Ok(None);
            }
            let seq = at / CHUNK_BYTES;
            let chunk = store.media_chunk(blob_id, seq).await?.unwrap_or_default();
            let chunk_start = seq * CHUNK_BYTES;
            let from = usize::try_from(at - chunk_start).unwrap_or(usize::MAX);
            // A chunk shorter than the file's size says is a broken file: stop there.
            if from >= chunk.len() {
                return Err(StoreError::NotFound);
            }
            let to = usize::try_from(end - chunk_start).unwrap_or(usize::MAX).min(chunk.len() - 1);
            let piece = axum::body::Bytes::from(chunk).slice(from..=to);
            Ok(Some((piece, chunk_start + to as u64 + 1)))
        }
    });
    Body::from_stream(chunks)
}

/// What a file's address may say besides its path.
#[derive(Debug, Default, serde::Deserialize)]
pub struct Version {
    /// The version of the file the page was made with (see [`files::public_url`]).
    #[serde(default)]
    v: String,
}

impl Version {
    /// Whether the address named `version`.
    pub fn named(&self, version: &str) -> bool {
        self.v == version
    }
}

/// How a response may be kept by browsers and caches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Caching {
    /// A published file at an address naming its version: it never changes.
    Forever,
    /// A published file by its path only: it may change when a new revision is
    /// published, so it is checked (cheaply, by its tag) each time.
    Revalidate,
    /// A draft's file: for the person asking only.
    Private,
}

impl Caching {
    fn header(self) -> HeaderValue {
        HeaderValue::from_static(match self {
            Caching::Forever => "public, max-age=31536000, immutable",
            Caching::Revalidate => "public, no-cache",
            Caching::Private => "private, no-cache",
        })
    }
}

/// `GET /media/{slug}/{*path}`: a file of the course's published revision, with
/// `Range` support. A file that is only in the course's draft is shown to those who
/// may see the draft (so an image being added to a lesson shows in its preview) and
/// is not found for everyone else.
pub async fn serve_media(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path((slug, path)): Path<(String, String)>,
    Query(version): Query<Version>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let path = format!("media/{path}");
    let published = state.courses.published(&state.store, &slug).await?;
    let found = match &published {
        Some(course) => {
            files::locate(&state.store, course.course_id, course.content.files.as_ref(), &path).await?
        }
        None => None,
    };
    let (file, caching) = match found {
        Some(file) => {
            let named = file.sha256.as_deref().is_some_and(|hash| files::version_of(hash) == version.v);
            (file, if named { Caching::Forever } else { Caching::Revalidate })
        }
        None => (draft_file(&state, &auth, &slug, &path).await?.ok_or(AppError::NotFound)?, Caching::Private),
    };
    send(&state.store, &file, &headers, caching).await
}

/// `GET /author/courses/{slug}/media/{*path}`: a file of the course's working copy
/// (its newest revision), for those who may see the draft; not found for others.
pub async fn serve_draft_media(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path((slug, path)): Path<(String, String)>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let path = format!("media/{path}");
    let file = draft_file(&state, &auth, &slug, &path).await?.ok_or(AppError::NotFound)?;
    send(&state.store, &file, &headers, Caching::Private).await
}

/// The file at `path` of the newest revision of the course at `slug`, if `auth` may
/// see that course's draft files.
async fn draft_file(
    state: &AppState,
    auth: &RequestAuth,
    slug: &str,
    path: &str,
) -> AppResult<Option<Located>> {
    let Some(course) = state.store.course_by_slug(slug).await? else { return Ok(None) };
    let authors = state.store.author_ids(altto_store::DocumentRef::course(course.id)).await?;
    if !policy::can_view_draft_files(&auth.actor, &authors) {
        return Ok(None);
    }
    let Some(latest) = course.latest_revision_id else { return Ok(None) };
    let listed =
        files::files_of_json(&state.store.revision(altto_store::DocumentKind::Course, latest).await?.content)
            .map_err(|err| AppError::Internal(err.into()))?;
    Ok(files::locate(&state.store, course.id, listed.as_ref(), path).await?)
}

/// A stored file as a response: whole, or the range asked for. Only the chunks a range
/// covers are read; a whole file is streamed (small files are sent in one piece, so
/// text such as captions can still be compressed).
pub(crate) async fn send(
    store: &Store,
    file: &Located,
    headers: &HeaderMap,
    caching: Caching,
) -> AppResult<Response> {
    let len = file.size;
    let mut response =
        if headers.get(header::IF_NONE_MATCH).is_some_and(|tag| tag.as_bytes() == file.etag.as_bytes()) {
            StatusCode::NOT_MODIFIED.into_response()
        } else {
            match requested_range(headers, len) {
                None if len <= CHUNK_BYTES => {
                    let bytes = store.media_chunk(file.blob_id, 0).await?.unwrap_or_default();
                    (StatusCode::OK, Body::from(bytes)).into_response()
                }
                None => {
                    let mut response =
                        (StatusCode::OK, stream_range(store.clone(), file.blob_id, 0, len - 1))
                            .into_response();
                    response.headers_mut().insert(header::CONTENT_LENGTH, HeaderValue::from(len));
                    response
                }
                Some(Ok((start, end))) => {
                    let body = stream_range(store.clone(), file.blob_id, start, end);
                    let mut response = (StatusCode::PARTIAL_CONTENT, body).into_response();
                    let h = response.headers_mut();
                    h.insert(header::CONTENT_LENGTH, HeaderValue::from(end - start + 1));
                    if let Ok(value) = HeaderValue::from_str(&format!("bytes {start}-{end}/{len}")) {
                        h.insert(header::CONTENT_RANGE, value);
                    }
                    response
                }
                Some(Err(())) => {
                    let mut response = StatusCode::RANGE_NOT_SATISFIABLE.into_response();
                    if let Ok(value) = HeaderValue::from_str(&format!("bytes */{len}")) {
                        response.headers_mut().insert(header::CONTENT_RANGE, value);
                    }
                    return Ok(response);
                }
            }
        };
    let h = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&file.content_type) {
        h.insert(header::CONTENT_TYPE, value);
    }
    h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    h.insert(header::CACHE_CONTROL, caching.header());
    if let Ok(value) = HeaderValue::from_str(&file.etag) {
        h.insert(header::ETAG, value);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_checked_by_name_content_and_size() {
        assert_eq!(
            check_file("media/a.vtt", b"WEBVTT\n\n00:00.000 --> 00:01.000\nHi", 100),
            Ok("text/vtt; charset=utf-8")
        );
        assert_eq!(check_file("media/a.vtt", b"not captions", 100), Err("media-content-mismatch"));
        assert_eq!(check_file("media/a.png", b"<script>", 100), Err("media-content-mismatch"));
        assert_eq!(check_file("media/a.exe", b"MZ", 100), Err("media-type-not-allowed"));
        assert_eq!(check_file("media/a.txt", &[b'a'; 200], 100), Err("media-too-large"));
        assert!(is_media_path("media/intro/clip-1.mp4"));
        assert!(
            !is_media_path("media/../secret")
                && !is_media_path("other/x.png")
                && !is_media_path("media/.hidden")
        );
    }
}
