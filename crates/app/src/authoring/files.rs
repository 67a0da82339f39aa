//! Uploading images, videos, captions and downloads for a course. Each file is checked
//! by its name, its first bytes and its size before it is stored.

use altto_store::MediaInfo;
use askama::Template;
use axum::{
    Extension,
    extract::{Multipart, Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

use super::{load, load_for_edit};
use crate::{
    courses::media::{check_file, etag_of, is_media_path},
    error::AppResult,
    policy,
    state::AppState,
    web::{Ctx, auth::RequestAuth},
};

/// The course's files and the upload form.
#[derive(Template)]
#[template(path = "authoring/media.html")]
pub struct MediaPage {
    ctx: Ctx,
    slug: String,
    files: Vec<MediaInfo>,
    can_edit: bool,
    problem: Option<String>,
}

impl MediaPage {
    fn url(&self, file: &MediaInfo) -> String {
        format!("/media/{}/{}", self.slug, file.path.trim_start_matches("media/"))
    }

    fn is_image(&self, file: &MediaInfo) -> bool {
        file.content_type.starts_with("image/")
    }

    fn kib(&self, file: &MediaInfo) -> String {
        format!("{:.1} KiB", file.size as f64 / 1024.0)
    }
}

async fn page(
    state: &AppState,
    auth: &RequestAuth,
    ctx: &Ctx,
    slug: &str,
    problem: Option<String>,
) -> AppResult<Response> {
    let working = load(state, auth, slug).await?;
    let files = state.store.media_list(working.course.id).await?;
    let status = if problem.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let page = MediaPage {
        ctx: ctx.clone(),
        slug: slug.to_owned(),
        files,
        can_edit: policy::can_edit_course(&auth.actor, &working.authors, working.course.status),
        problem,
    };
    Ok(ctx.render_with_status(status, &page))
}

/// `GET /author/courses/{slug}/media`.
pub async fn list_media(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    page(&state, &auth, &ctx, &slug, None).await
}

/// A file name made safe: lowercase letters, digits, `-`, `_` and one extension.
fn safe_name(name: &str) -> String {
    let name = name.rsplit(['/', '\\']).next().unwrap_or_default().to_lowercase();
    let cleaned: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' { c } else { '-' }).collect();
    cleaned.trim_matches(['-', '.']).to_owned()
}

/// `POST /author/courses/{slug}/media` (multipart): stores one file under `media/`.
pub async fn upload_media(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(slug): Path<String>,
    mut multipart: Multipart,
) -> AppResult<Response> {
    let working = load_for_edit(&state, &auth, &slug).await?;
    let limit = state.settings.upload_limit_bytes;
    let mut upload: Option<(String, Vec<u8>)> = None;
    let mut problem: Option<&'static str> = None;
    while let Ok(Some(mut field)) = multipart.next_field().await {
        if field.name() != Some("file") {
            continue;
        }
        let name = safe_name(field.file_name().unwrap_or_default());
        let mut bytes = Vec::new();
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) if bytes.len() + chunk.len() <= limit => bytes.extend_from_slice(&chunk),
                Ok(Some(_)) => {
                    problem = Some("media-too-large");
                    break;
                }
                Ok(None) => break,
                Err(_) => {
                    problem = Some("media-upload-failed");
                    break;
                }
            }
        }
        upload = Some((name, bytes));
        break;
    }
    let problem = match (problem, &upload) {
        (Some(key), _) => Some(key),
        (None, None) => Some("media-choose-file"),
        (None, Some((name, _))) if !is_media_path(&format!("media/{name}")) => Some("media-type-not-allowed"),
        (None, Some((name, bytes))) => check_file(name, bytes, limit).err(),
    };
    if let Some(key) = problem {
        return page(&state, &auth, &ctx, &slug, Some(ctx.t(key))).await;
    }
    let Some((name, bytes)) = upload else { return page(&state, &auth, &ctx, &slug, None).await };
    let path = format!("media/{name}");
    let content_type = check_file(&name, &bytes, limit).unwrap_or("application/octet-stream");
    state.store.put_media(working.course.id, &path, content_type, &etag_of(&bytes), &bytes).await?;
    Ok(Redirect::to(&format!("/author/courses/{slug}/media")).into_response())
}
