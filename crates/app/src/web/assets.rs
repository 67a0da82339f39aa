//! Static assets compiled into the binary and served under content-hashed names, so
//! browsers may cache them for a year and a new release is never masked by an old copy.

use std::sync::LazyLock;

use axum::{
    extract::Path,
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use sha2::{Digest as _, Sha256};

use super::compress::{accepts_gzip, gzip_best};
use crate::error::AppError;

/// One embedded file.
pub struct Asset {
    /// The name templates ask for, e.g. `style.css`.
    pub name: &'static str,
    /// The name it is served under, e.g. `style.1a2b3c4d5e6f.css`.
    pub hashed_name: String,
    /// Its `Content-Type`.
    pub content_type: &'static str,
    /// Its bytes.
    pub bytes: &'static [u8],
    /// Its bytes gzip-compressed once at the best level, when that makes them smaller.
    gzip: Option<Vec<u8>>,
    etag: String,
}

static ASSETS: LazyLock<Vec<Asset>> = LazyLock::new(|| {
    [
        ("style.css", "text/css; charset=utf-8", include_bytes!("../../assets/style.css").as_slice()),
        ("favicon.svg", "image/svg+xml", include_bytes!("../../assets/favicon.svg").as_slice()),
    ]
    .into_iter()
    .map(|(name, content_type, bytes)| {
        let digest = Sha256::digest(bytes);
        let hash: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
        let hashed_name = match name.rsplit_once('.') {
            Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
            None => format!("{name}.{hash}"),
        };
        let gzip = Some(gzip_best(bytes)).filter(|gzip| gzip.len() < bytes.len());
        Asset { name, hashed_name, content_type, bytes, gzip, etag: format!("\"{hash}\"") }
    })
    .collect()
});

/// The URL of the asset called `name`; an unknown name is a bug caught by the tests.
pub fn asset_url(name: &str) -> String {
    ASSETS
        .iter()
        .find(|asset| asset.name == name)
        .map(|asset| format!("/assets/{}", asset.hashed_name))
        .unwrap_or_else(|| format!("/assets/{name}"))
}

/// `GET /assets/{file}`: an embedded file by its hashed name.
pub async fn serve_asset(Path(file): Path<String>, request_headers: HeaderMap) -> Result<Response, AppError> {
    let asset = ASSETS.iter().find(|asset| asset.hashed_name == file).ok_or(AppError::NotFound)?;
    let headers = [
        (header::CONTENT_TYPE, asset.content_type),
        (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        (header::ETAG, asset.etag.as_str()),
        (header::VARY, "Accept-Encoding"),
    ];
    let not_modified =
        request_headers.get(header::IF_NONE_MATCH).is_some_and(|tag| tag.as_bytes() == asset.etag.as_bytes());
    if not_modified {
        return Ok((StatusCode::NOT_MODIFIED, headers).into_response());
    }
    match asset.gzip.as_deref().filter(|_| accepts_gzip(&request_headers)) {
        Some(gzip) => Ok((headers, [(header::CONTENT_ENCODING, "gzip")], gzip).into_response()),
        None => Ok((headers, asset.bytes).into_response()),
    }
}
