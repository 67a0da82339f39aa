//! Uploading images, videos, captions and downloads for a course. Each file is checked
//! by its name, its first bytes and its size before it is stored. Adding, replacing or
//! removing a file is an edit like any other: it saves a new revision of the working
//! copy (refused if someone saved meanwhile), and visitors keep the published files
//! until an editor publishes.

use altto_store::{DocumentKind, DocumentRow};
use askama::Template;
use axum::{
    Extension, Form,
    extract::{Multipart, Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

use super::{SaveError, load, load_for_edit, outline::base_of, save};
use crate::{
    auth::RequestAuth,
    content::workflow::Decision,
    courses::{
        content::{CourseContent, Manifest},
        files,
        media::{check_file, is_known_type, is_media_path},
    },
    error::AppResult,
    state::AppState,
    web::Ctx,
    web::forms::{Pairs, field},
};

/// A file of the working copy, as the Files page lists it.
pub struct FileRow {
    path: String,
    content_type: String,
    size: u64,
    /// The translation key of how it differs from the published revision.
    state: &'static str,
}

/// The course's files and the upload form.
#[derive(Template)]
#[template(path = "authoring/media.html")]
pub struct MediaPage {
    ctx: Ctx,
    slug: String,
    /// The revision the forms were made from.
    base: i64,
    files: Vec<FileRow>,
    can_edit: bool,
    problem: Option<String>,
    /// What the last change stored or removed, and under which name.
    notice: Option<String>,
}

impl MediaPage {
    /// The working copy's file (for those who may see the draft).
    fn url(&self, file: &FileRow) -> String {
        format!("/author/courses/{}/{}", self.slug, file.path)
    }

    /// The address to use in a lesson: visitors get the published version.
    fn public_url(&self, file: &FileRow) -> String {
        files::public_url(&self.slug, &file.path, None)
    }

    fn is_image(&self, file: &FileRow) -> bool {
        file.content_type.starts_with("image/")
    }

    fn kib(&self, file: &FileRow) -> String {
        format!("{:.1} KiB", file.size as f64 / 1024.0)
    }
}

/// The files of the published revision of `course`, if one is published.
async fn published_files(state: &AppState, course: &DocumentRow) -> AppResult<Option<Manifest>> {
    let Some(published) = course.published_revision_id else { return Ok(None) };
    let json = state.store.revision(DocumentKind::Course, published).await?.content;
    let listed = files::files_of_json(&json).map_err(anyhow::Error::from)?;
    Ok(Some(files::manifest(&state.store, course.id, listed.as_ref()).await?))
}

async fn page(
    state: &AppState,
    auth: &RequestAuth,
    ctx: &Ctx,
    slug: &str,
    problem: Option<(StatusCode, String)>,
    done: Option<&Done>,
) -> AppResult<Response> {
    let working = load(state, auth, slug).await?;
    let published = published_files(state, &working.course).await?;
    let listed = working.content.files.clone().unwrap_or_default();
    let rows = listed
        .iter()
        .map(|(path, file)| FileRow {
            path: path.clone(),
            content_type: file.content_type.clone(),
            size: file.size,
            state: match published.as_ref().and_then(|p| p.get(path)) {
                Some(live) if live.sha256 == file.sha256 => "author-media-state-published",
                Some(_) => "author-media-state-changed",
                None => "author-media-state-new",
            },
        })
        .collect();
    let status = problem.as_ref().map_or(StatusCode::OK, |(status, _)| *status);
    // Only what is really so is confirmed (the query can be typed by anyone).
    let notice = done.and_then(|done| done.notice(ctx, &listed));
    let page = MediaPage {
        ctx: ctx.clone(),
        slug: slug.to_owned(),
        base: working.latest.unwrap_or_default(),
        files: rows,
        can_edit: working.may(auth, Decision::Save),
        problem: problem.map(|(_, message)| message),
        notice,
    };
    Ok(ctx.render_with_status(status, &page))
}

/// What a change did: the path stored, the name the author's file had, whether it
/// replaced a file, or the path removed (shown after the redirect, so the author knows
/// which file changed).
#[derive(Debug, Default, serde::Deserialize)]
pub struct Done {
    /// The path stored, e.g. `media/board-photo.png`.
    #[serde(default)]
    stored: String,
    /// The name of the author's file, e.g. `Board Photo.PNG`.
    #[serde(default)]
    from: String,
    /// Whether an existing file was replaced.
    #[serde(default)]
    replaced: bool,
    /// The path removed.
    #[serde(default)]
    removed: String,
}

impl Done {
    /// The query string of the page that confirms it.
    fn query(&self) -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        if self.removed.is_empty() {
            query
                .append_pair("stored", &self.stored)
                .append_pair("from", &self.from)
                .append_pair("replaced", if self.replaced { "true" } else { "false" });
        } else {
            query.append_pair("removed", &self.removed);
        }
        query.finish()
    }

    /// The revision note: what changed, in the author's language.
    fn note(&self, ctx: &Ctx) -> String {
        match (self.removed.is_empty(), self.replaced) {
            (false, _) => ctx.t1("author-note-file-removed", "path", &self.removed),
            (true, true) => ctx.t1("author-note-file-replaced", "path", &self.stored),
            (true, false) => ctx.t1("author-note-file-added", "path", &self.stored),
        }
    }

    fn notice(&self, ctx: &Ctx, listed: &Manifest) -> Option<String> {
        use fluent_templates::fluent_bundle::FluentValue;
        if !self.removed.is_empty() {
            return (!listed.contains_key(&self.removed))
                .then(|| ctx.t1("media-removed", "path", &self.removed));
        }
        if !listed.contains_key(&self.stored) {
            return None;
        }
        let key = match (self.replaced, self.stored.strip_prefix("media/") == Some(self.from.as_str())) {
            (true, _) => "media-replaced",
            (false, true) => "media-stored",
            (false, false) => "media-stored-renamed",
        };
        Some(ctx.lang.t_args(
            key,
            &[
                ("path", FluentValue::from(self.stored.as_str())),
                ("from", FluentValue::from(self.from.as_str())),
            ],
        ))
    }
}

/// `GET /author/courses/{slug}/media`.
pub async fn list_media(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(done): Query<Done>,
) -> AppResult<Response> {
    page(&state, &auth, &ctx, &slug, None, Some(&done)).await
}

/// Why an uploaded file's name cannot be used.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum NameProblem {
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
pub(crate) fn stored_name(name: &str) -> Result<String, NameProblem> {
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
        let digest = altto_store::sha256_hex(name.as_bytes());
        cleaned = format!("file-{}", digest.get(..8).unwrap_or_default());
    }
    Ok(format!("{cleaned}.{extension}"))
}

/// The file in an upload form, with the path it is meant to replace, if any.
pub(crate) struct Upload {
    /// The name of the author's file.
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// The existing path chosen with a file's "Replace" button.
    pub replace: Option<String>,
    /// The revision the form was made from.
    pub base: Option<i64>,
}

/// Reads the upload form (`base`, `replace`, then `file`), keeping to `limit` bytes.
pub(crate) async fn read_upload(multipart: &mut Multipart, limit: usize) -> Result<Upload, &'static str> {
    let (mut replace, mut base) = (None, None);
    while let Ok(Some(mut field)) = multipart.next_field().await {
        match field.name() {
            Some("replace") => {
                replace = field.text().await.ok().filter(|path| !path.is_empty());
            }
            Some("base") => {
                base = field.text().await.ok().and_then(|base| base.trim().parse().ok());
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
                return Ok(Upload { name, bytes, replace, base });
            }
            _ => {}
        }
    }
    Err("media-choose-file")
}

/// Saves `content` (the working copy with its files changed) on top of revision
/// `base`, then shows the Files page confirming `done` — or, if someone saved
/// meanwhile, says so and changes nothing.
async fn save_files(
    state: &AppState,
    auth: &RequestAuth,
    ctx: &Ctx,
    working: &super::Working,
    base: Option<i64>,
    content: CourseContent,
    done: Done,
) -> AppResult<Response> {
    let slug = &working.course.slug;
    let note = done.note(ctx);
    match save(state, auth, working, base, content, &note).await {
        Ok(_) => Ok(Redirect::to(&format!("/author/courses/{slug}/media?{}", done.query())).into_response()),
        Err(SaveError::Stale) => {
            page(state, auth, ctx, slug, Some((StatusCode::CONFLICT, ctx.t("author-stale"))), None).await
        }
        Err(SaveError::Other(err)) => Err(err),
    }
}

/// `POST /author/courses/{slug}/media` (multipart): stores one file under `media/`,
/// either as a new file or in place of the one whose "Replace" button was used, in a
/// new revision of the working copy. A new file never silently replaces an existing one.
pub async fn upload_media(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(slug): Path<String>,
    mut multipart: Multipart,
) -> AppResult<Response> {
    let working = load_for_edit(&state, &auth, &slug).await?;
    let limit = state.settings.upload_limit_bytes;
    let refuse = |message: String| {
        page(&state, &auth, &ctx, &slug, Some((StatusCode::UNPROCESSABLE_ENTITY, message)), None)
    };
    let upload = match read_upload(&mut multipart, limit).await {
        Ok(upload) => upload,
        Err(key) => return refuse(ctx.t(key)).await,
    };
    // Told before anything is stored (the save checks again, atomically).
    if upload.base != working.latest {
        return page(&state, &auth, &ctx, &slug, Some((StatusCode::CONFLICT, ctx.t("author-stale"))), None)
            .await;
    }
    let mut listed = working.content.files.clone().unwrap_or_default();
    let (path, replaced) = match &upload.replace {
        Some(path) if listed.contains_key(path) => (path.clone(), true),
        Some(path) => return refuse(ctx.t1("media-replace-missing", "path", path)).await,
        None => match stored_name(&upload.name) {
            Ok(name) if listed.contains_key(&format!("media/{name}")) => {
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
    let file = files::store_file(&state.store, &upload.bytes, content_type).await?;
    listed.insert(path.clone(), file);
    let mut content = working.content.clone();
    content.files = Some(listed);
    let done = Done { stored: path, from: upload.name, replaced, removed: String::new() };
    save_files(&state, &auth, &ctx, &working, upload.base, content, done).await
}

/// `POST /author/courses/{slug}/media/remove`: removes a file from the working copy,
/// unless a lesson uses it (visitors keep it until the removal is published).
pub async fn remove_media(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let working = load_for_edit(&state, &auth, &slug).await?;
    let path = field(&pairs, "path").to_owned();
    let mut listed = working.content.files.clone().unwrap_or_default();
    let refuse = |message: String| {
        page(&state, &auth, &ctx, &slug, Some((StatusCode::UNPROCESSABLE_ENTITY, message)), None)
    };
    if listed.remove(&path).is_none() {
        return refuse(ctx.t1("media-remove-missing", "path", &path)).await;
    }
    let users = working.content.lessons_using(&path);
    if !users.is_empty() {
        let lessons = users.join(", ");
        return refuse(ctx.lang.t_args(
            "media-in-use",
            &[("path", path.as_str().into()), ("lessons", lessons.as_str().into())],
        ))
        .await;
    }
    let mut content = working.content.clone();
    content.files = Some(listed);
    let done = Done { removed: path, ..Done::default() };
    save_files(&state, &auth, &ctx, &working, base_of(&pairs), content, done).await
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
