//! A revision's files: where the bytes of each one are. A revision lists its files by
//! the hash of their bytes ([`Manifest`]); revisions saved before files followed
//! revisions list none and show the course's files as they were then (the store's
//! `media` rows, which nothing writes any more).
//!
//! Why old revisions are read this way rather than rewritten by a migration: a
//! revision's content is JSON that only the app understands, revisions never change
//! once saved, and SQLite cannot hash bytes. So nothing is rewritten: an old revision
//! keeps meaning "the course's files as they were", which is exactly what it showed
//! before, on every node. The first time such a course is opened for editing its files
//! are hashed (once; the hash is kept) and the working copy gets a file list, which the
//! next save stores like any other change.

use altto_store::{MediaInfo, Store, StoreResult};
use serde::Deserialize;

use super::content::{CourseContent, Manifest, MediaFile};

/// Where a file's bytes are and how to describe them.
#[derive(Clone, Debug)]
pub struct Located {
    /// The blob holding the bytes.
    pub blob_id: i64,
    /// Size in bytes.
    pub size: u64,
    /// `Content-Type`.
    pub content_type: String,
    /// The entity tag: the bytes' SHA-256 (older files: the tag they were stored with).
    pub etag: String,
    /// The bytes' SHA-256 (hex), when the revision lists it.
    pub sha256: Option<String>,
}

impl Located {
    fn from_legacy(info: MediaInfo) -> Self {
        Self {
            blob_id: info.blob_id,
            size: u64::try_from(info.size).unwrap_or(0),
            content_type: info.content_type,
            etag: info.etag,
            sha256: None,
        }
    }
}

/// Only the file list of a revision's content (the rest is not parsed).
#[derive(Deserialize)]
struct FilesOnly {
    #[serde(default)]
    files: Option<Manifest>,
}

/// The file list of a revision's content JSON, without parsing the whole course.
pub fn files_of_json(json: &str) -> serde_json::Result<Option<Manifest>> {
    serde_json::from_str::<FilesOnly>(json).map(|only| only.files)
}

/// The file at `path` among `files` (a revision's list, or `None` for a revision
/// saved before files followed revisions) of course `course_id`.
pub async fn locate(
    store: &Store,
    course_id: i64,
    files: Option<&Manifest>,
    path: &str,
) -> StoreResult<Option<Located>> {
    let Some(files) = files else {
        return Ok(store.legacy_media_info(course_id, path).await?.map(Located::from_legacy));
    };
    let Some(file) = files.get(path) else { return Ok(None) };
    let Some(blob_id) = store.blob_by_hash(&file.sha256).await? else {
        tracing::error!(course_id, path, sha256 = %file.sha256, "a revision lists a file whose bytes are missing");
        return Ok(None);
    };
    Ok(Some(Located {
        blob_id,
        size: file.size,
        content_type: file.content_type.clone(),
        etag: format!("\"{}\"", file.sha256),
        sha256: Some(file.sha256.clone()),
    }))
}

/// Every file of `content`, by path.
pub async fn all(
    store: &Store,
    course_id: i64,
    content: &CourseContent,
) -> StoreResult<Vec<(String, Located)>> {
    let Some(files) = &content.files else {
        let legacy = store.legacy_media(course_id).await?;
        return Ok(legacy.into_iter().map(|info| (info.path.clone(), Located::from_legacy(info))).collect());
    };
    let mut found = Vec::with_capacity(files.len());
    for path in files.keys() {
        if let Some(located) = locate(store, course_id, Some(files), path).await? {
            found.push((path.clone(), located));
        }
    }
    Ok(found)
}

/// A revision's file list: `files` itself, or for a revision saved before files
/// followed revisions (`None`), the course's files then, hashed (once: the store keeps
/// the hash, so only the first call reads their bytes).
pub async fn manifest(store: &Store, course_id: i64, files: Option<&Manifest>) -> StoreResult<Manifest> {
    if let Some(files) = files {
        return Ok(files.clone());
    }
    let mut listed = Manifest::new();
    for info in store.legacy_media(course_id).await? {
        let sha256 = store.blob_hash(info.blob_id).await?;
        let size = u64::try_from(info.size).unwrap_or(0);
        listed.insert(info.path, MediaFile { sha256, size, content_type: info.content_type });
    }
    Ok(listed)
}

/// Stores `bytes` (once, whoever else uses them) and returns the file list entry for them.
pub async fn store_file(store: &Store, bytes: &[u8], content_type: &str) -> StoreResult<MediaFile> {
    let sha256 = store.put_blob(bytes).await?;
    Ok(MediaFile {
        sha256,
        size: u64::try_from(bytes.len()).unwrap_or(u64::MAX),
        content_type: content_type.to_owned(),
    })
}

/// The public address of the file at `path` of the course at `slug`. With the file's
/// entry, the address names its version, so browsers may keep it for good (a new
/// version has a new address).
pub fn public_url(slug: &str, path: &str, file: Option<&MediaFile>) -> String {
    let url = format!("/media/{slug}/{}", path.trim_start_matches("media/"));
    match file {
        Some(file) => format!("{url}?v={}", version_of(&file.sha256)),
        None => url,
    }
}

/// The version named in a file's address: the start of its hash, enough to tell
/// versions of one file apart.
pub fn version_of(sha256: &str) -> &str {
    sha256.get(..16).unwrap_or(sha256)
}
