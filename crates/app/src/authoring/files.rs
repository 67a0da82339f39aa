//! Uploading images, videos, captions and downloads for a course. Each file is checked
//! by its name, its first bytes and its size before it is stored.

use altto_store::MediaInfo;
use askama::Template;
use axum::{
    Extension,
    extract::{Multipart, Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

use super::{load, load_for_edit};
use crate::{
    auth::RequestAuth,
    content::workflow::Decision,
    courses::media::{check_file, etag_of, is_known_type, is_media_path},
    error::AppResult,
    state::AppState,
    web::Ctx,
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
    /// What the last upload stored, and under which name.
    notice: Option<String>,
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
    stored: Option<&Stored>,
) -> AppResult<Response> {
    let working = load(state, auth, slug).await?;
    let files = state.store.media_list(working.course.id).await?;
    let status = if problem.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    // Only what is really there is confirmed (the query can be typed by anyone).
    let notice = stored.filter(|s| files.iter().any(|f| f.path == s.stored)).map(|s| s.notice(ctx));
    let page = MediaPage {
        ctx: ctx.clone(),
        slug: slug.to_owned(),
        files,
        can_edit: working.may(auth, Decision::Save),
        problem,
        notice,
    };
    Ok(ctx.render_with_status(status, &page))
}

/// What an upload stored: the path, the name the author's file had, and whether it
/// replaced a file (shown after the redirect, so the author knows which file changed).
#[derive(Debug, Default, serde::Deserialize)]
pub struct Stored {
    /// The path stored, e.g. `media/board-photo.png`.
    #[serde(default)]
    stored: String,
    /// The name of the author's file, e.g. `Board Photo.PNG`.
    #[serde(default)]
    from: String,
    /// Whether an existing file was replaced.
    #[serde(default)]
    replaced: bool,
}

impl Stored {
    /// The query string of the page that confirms it.
    fn query(&self) -> String {
        url::form_urlencoded::Serializer::new(String::new())
            .append_pair("stored", &self.stored)
            .append_pair("from", &self.from)
            .append_pair("replaced", if self.replaced { "true" } else { "false" })
            .finish()
    }

    fn notice(&self, ctx: &Ctx) -> String {
        use fluent_templates::fluent_bundle::FluentValue;
        let key = match (self.replaced, self.stored.strip_prefix("media/") == Some(self.from.as_str())) {
            (true, _) => "media-replaced",
            (false, true) => "media-stored",
            (false, false) => "media-stored-renamed",
        };
        ctx.lang.t_args(
            key,
            &[
                ("path", FluentValue::from(self.stored.as_str())),
                ("from", FluentValue::from(self.from.as_str())),
            ],
        )
    }
}

/// `GET /author/courses/{slug}/media`.
pub async fn list_media(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(stored): Query<Stored>,
) -> AppResult<Response> {
    page(&state, &auth, &ctx, &slug, None, Some(&stored)).await
}

/// Why an uploaded file's name cannot be used.
#[derive(Debug, PartialEq, Eq)]
enum NameProblem {
    /// A path, a hidden name or control characters: refused, never rewritten, so the
    /// author is never surprised by which file changed.
    Refused,
    /// An extension altto does not accept.
    Type,
}

/// The name an uploaded file is stored under: lowercase letters, digits, `-` and `_`,
/// then its extension. A name that is a path (`../../evil.png`), hidden (`.x.png`) or
/// holds control characters is refused; spaces, capitals and other characters are
/// replaced, and the author is told the stored name.
fn stored_name(name: &str) -> Result<String, NameProblem> {
    if name.contains(['/', '\\']) || name.starts_with('.') || name.chars().any(char::is_control) {
        return Err(NameProblem::Refused);
    }
    let (stem, extension) = name.rsplit_once('.').ok_or(NameProblem::Type)?;
    let extension = extension.to_ascii_lowercase();
    if !is_known_type(&extension) {
        return Err(NameProblem::Type);
    }
    let mut cleaned = String::with_capacity(stem.len());
    for c in stem.to_lowercase().chars() {
        let c = if c.is_ascii_alphanumeric() || c == '_' { c } else { '-' };
        if !(c == '-' && (cleaned.is_empty() || cleaned.ends_with('-'))) {
            cleaned.push(c);
        }
    }
    let mut cleaned = cleaned.trim_end_matches('-').to_owned();
    if cleaned.is_empty() {
        // A name in another script (授業.png): a stable name from its hash instead.
        let digest = etag_of(name.as_bytes());
        cleaned = format!("file-{}", &digest.trim_matches('"')[..8]);
    }
    Ok(format!("{cleaned}.{extension}"))
}

/// The file in an upload form, with the path it is meant to replace, if any.
struct Upload {
    /// The name of the author's file.
    name: String,
    bytes: Vec<u8>,
    /// The existing path chosen with a file's "Replace" button.
    replace: Option<String>,
}

/// Reads the upload form (`replace`, then `file`), keeping to `limit` bytes.
async fn read_upload(multipart: &mut Multipart, limit: usize) -> Result<Upload, &'static str> {
    let mut replace = None;
    while let Ok(Some(mut field)) = multipart.next_field().await {
        match field.name() {
            Some("replace") => {
                replace = field.text().await.ok().filter(|path| !path.is_empty());
            }
            Some("file") => {
                let name = field.file_name().unwrap_or_default().to_owned();
                let mut bytes = Vec::new();
                loop {
                    match field.chunk().await {
                        Ok(Some(chunk)) if bytes.len() + chunk.len() <= limit => {
                            bytes.extend_from_slice(&chunk)
                        }
                        Ok(Some(_)) => return Err("media-too-large"),
                        Ok(None) => break,
                        Err(_) => return Err("media-upload-failed"),
                    }
                }
                if name.is_empty() && bytes.is_empty() {
                    return Err("media-choose-file");
                }
                return Ok(Upload { name, bytes, replace });
            }
            _ => {}
        }
    }
    Err("media-choose-file")
}

/// `POST /author/courses/{slug}/media` (multipart): stores one file under `media/`,
/// either as a new file or in place of the one whose "Replace" button was used. A new
/// file never silently replaces an existing one.
pub async fn upload_media(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(slug): Path<String>,
    mut multipart: Multipart,
) -> AppResult<Response> {
    let working = load_for_edit(&state, &auth, &slug).await?;
    let limit = state.settings.upload_limit_bytes;
    let refuse = |message: String| page(&state, &auth, &ctx, &slug, Some(message), None);
    let upload = match read_upload(&mut multipart, limit).await {
        Ok(upload) => upload,
        Err(key) => return refuse(ctx.t(key)).await,
    };
    let existing: Vec<String> =
        state.store.media_list(working.course.id).await?.into_iter().map(|file| file.path).collect();
    let (path, replaced) = match &upload.replace {
        Some(path) if existing.contains(path) => (path.clone(), true),
        Some(path) => return refuse(ctx.t1("media-replace-missing", "path", path)).await,
        None => match stored_name(&upload.name) {
            Ok(name) if existing.contains(&format!("media/{name}")) => {
                let path = format!("media/{name}");
                return refuse(ctx.lang.t_args(
                    "media-name-taken",
                    &[("path", path.as_str().into()), ("from", upload.name.as_str().into())],
                ))
                .await;
            }
            Ok(name) => (format!("media/{name}"), false),
            Err(NameProblem::Refused) => {
                return refuse(ctx.t1("media-name-refused", "from", &upload.name)).await;
            }
            Err(NameProblem::Type) => return refuse(ctx.t("media-type-not-allowed")).await,
        },
    };
    // The content must match the stored name (for a replacement: the existing name).
    let content_type = match check_file(&path, &upload.bytes, limit) {
        Ok(content_type) if is_media_path(&path) => content_type,
        Ok(_) => return refuse(ctx.t1("media-name-refused", "from", &upload.name)).await,
        Err(key) => return refuse(ctx.t(key)).await,
    };
    state
        .store
        .put_media(working.course.id, &path, content_type, &etag_of(&upload.bytes), &upload.bytes)
        .await?;
    let stored = Stored { stored: path, from: upload.name, replaced };
    Ok(Redirect::to(&format!("/author/courses/{slug}/media?{}", stored.query())).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_uploaded_name_is_stored_tidied_or_refused_never_silently_moved() {
        assert_eq!(stored_name("Board Photo.PNG"), Ok("board-photo.png".into()));
        assert_eq!(stored_name("Intro (1).mp4"), Ok("intro-1.mp4".into()));
        assert_eq!(stored_name("plan_v2.pdf"), Ok("plan_v2.pdf".into()));
        assert!(stored_name("授業.png").unwrap().starts_with("file-"));
        assert_eq!(stored_name("授業.png"), stored_name("授業.png"), "stable");
        for hostile in ["../../evil.png", "..\\evil.png", ".hidden.png", "a\u{0}b.png", "a/b.png"] {
            assert_eq!(stored_name(hostile), Err(NameProblem::Refused), "{hostile}");
        }
        assert_eq!(stored_name("virus.exe"), Err(NameProblem::Type));
        assert_eq!(stored_name("no-extension"), Err(NameProblem::Type));
    }
}
