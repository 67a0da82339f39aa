//! The files of an article or post — a video with its captions and transcript, images —
//! on the content core's media model: each file of a revision is found by the hash of
//! its bytes (stored once), so a file changes with a new revision and is reviewed and
//! published like the text. Readers get the published revision's files, with `Range`
//! support; its authors and editors also the draft's.

use askama::Template;
use axum::{
    Extension, Form,
    extract::{Multipart, Path, Query, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
};

use super::{
    Shelf, Writing,
    content::check,
    write::{Draft, load, load_for_edit},
};
use crate::{
    auth::RequestAuth,
    authoring::files::{NameProblem, read_upload, stored_name},
    content::workflow::Decision,
    courses::{
        content::{MediaFile, Video},
        files::{Located, store_file, version_of},
        media::{Caching, Version, check_file, is_media_path, send},
    },
    error::{AppError, AppResult},
    state::AppState,
    web::{
        Ctx,
        forms::{Pairs, field},
    },
};

/// Where the bytes of `file` are.
async fn locate(state: &AppState, file: &MediaFile) -> AppResult<Option<Located>> {
    let Some(blob_id) = state.store.blob_by_hash(&file.sha256).await? else { return Ok(None) };
    Ok(Some(Located {
        blob_id,
        size: file.size,
        content_type: file.content_type.clone(),
        etag: format!("\"{}\"", file.sha256),
        sha256: Some(file.sha256.clone()),
    }))
}

/// The public address of the file at `path` of the text at `slug` on `shelf`, naming
/// its version so that browsers may keep it for good.
pub fn public_url(shelf: Shelf, slug: &str, path: &str, file: Option<&MediaFile>) -> String {
    let url = format!("/{}/{slug}/files/{}", shelf.name(), path.trim_start_matches("media/"));
    match file {
        Some(file) => format!("{url}?v={}", version_of(&file.sha256)),
        None => url,
    }
}

/// `GET /library/{slug}/files/{*path}`.
pub async fn serve_article_file(
    State(state): State<AppState>,
    Path((slug, path)): Path<(String, String)>,
    Query(version): Query<Version>,
    headers: HeaderMap,
) -> AppResult<Response> {
    serve(&state, Shelf::Library, &slug, &path, &version, &headers).await
}

/// `GET /news/{slug}/files/{*path}`.
pub async fn serve_post_file(
    State(state): State<AppState>,
    Path((slug, path)): Path<(String, String)>,
    Query(version): Query<Version>,
    headers: HeaderMap,
) -> AppResult<Response> {
    serve(&state, Shelf::News, &slug, &path, &version, &headers).await
}

async fn serve(
    state: &AppState,
    shelf: Shelf,
    slug: &str,
    path: &str,
    version: &Version,
    headers: &HeaderMap,
) -> AppResult<Response> {
    let shown = state.library.show(&state.store, shelf, slug).await?.ok_or(AppError::NotFound)?;
    let file = shown.writing.files.get(&format!("media/{path}")).ok_or(AppError::NotFound)?;
    let located = locate(state, file).await?.ok_or(AppError::NotFound)?;
    let caching =
        if version.named(version_of(&file.sha256)) { Caching::Forever } else { Caching::Revalidate };
    send(&state.store, &located, headers, caching).await
}

/// The address of the files page of `draft`.
fn files_page(draft: &Draft) -> String {
    format!("{}/files", draft.link())
}

/// `GET /author/library/{shelf}/{slug}/files/{*path}`: a file of the working copy.
pub async fn serve_draft_file(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path((shelf, slug, path)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let draft = load(&state, &auth, &shelf, &slug).await?;
    let file = draft.writing.files.get(&format!("media/{path}")).ok_or(AppError::NotFound)?;
    let located = locate(&state, file).await?.ok_or(AppError::NotFound)?;
    send(&state.store, &located, &headers, Caching::Private).await
}

/// One file in the list.
pub struct FileRow {
    path: String,
    href: String,
    size: String,
    content_type: String,
    in_use: bool,
}

/// The files of a text, with the upload form and the choice of its video.
#[derive(Template)]
#[template(path = "library/files.html")]
pub struct FilesPage {
    ctx: Ctx,
    shelf: Shelf,
    slug: String,
    title: String,
    base: i64,
    files: Vec<FileRow>,
    video: Video,
    message: Option<String>,
    done: Option<String>,
    editable: bool,
}

impl FilesPage {
    fn of_kind(&self, extensions: &[&str]) -> Vec<&FileRow> {
        self.files.iter().filter(|f| crate::courses::media::has_extension(&f.path, extensions)).collect()
    }

    fn videos(&self) -> Vec<&FileRow> {
        self.of_kind(&["mp4", "webm"])
    }

    fn captions(&self) -> Vec<&FileRow> {
        self.of_kind(&["vtt"])
    }

    fn transcripts(&self) -> Vec<&FileRow> {
        self.of_kind(&["txt", "md", "pdf"])
    }

    fn chosen(&self, slot: &Option<String>, path: &str) -> bool {
        slot.as_deref() == Some(path)
    }
}

fn page(
    ctx: &Ctx,
    auth: &RequestAuth,
    draft: &Draft,
    message: Option<String>,
    done: Option<String>,
) -> FilesPage {
    let video = draft.writing.video.clone().unwrap_or_default();
    let used: Vec<&String> = video.files().collect();
    let files = draft
        .writing
        .files
        .iter()
        .map(|(path, file)| FileRow {
            path: path.clone(),
            href: format!("{}/{}", files_page(draft), path.trim_start_matches("media/")),
            size: crate::courses::media::human_size(file.size, ctx.lang),
            content_type: file.content_type.clone(),
            in_use: used.contains(&path),
        })
        .collect();
    FilesPage {
        ctx: ctx.clone(),
        shelf: draft.shelf,
        slug: draft.row.slug.clone(),
        title: draft.writing.title.clone(),
        base: draft.row.latest_revision_id.unwrap_or_default(),
        files,
        video,
        message,
        done,
        editable: draft.may(auth, Decision::Save),
    }
}

/// `GET /author/library/{shelf}/{slug}/files`.
pub async fn list_files(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path((shelf, slug)): Path<(String, String)>,
    Query(pairs): Query<Pairs>,
) -> AppResult<Response> {
    let draft = load(&state, &auth, &shelf, &slug).await?;
    let done = match field(&pairs, "done") {
        "" => None,
        path => Some(path.to_owned()),
    };
    Ok(ctx.render(&page(&ctx, &auth, &draft, None, done)))
}

/// A change to a working copy's files or video.
struct Change<'a> {
    /// The revision the form was made from.
    base: Option<i64>,
    /// The working copy as changed.
    writing: Writing,
    /// The revision's note.
    note: &'a str,
    /// What the files page confirms.
    done: &'a str,
}

/// Saves `change` on top of its base revision, then shows the files page; or says why
/// not and changes nothing.
async fn save(
    state: &AppState,
    auth: &RequestAuth,
    ctx: &Ctx,
    draft: &Draft,
    change: Change<'_>,
) -> AppResult<Response> {
    let Change { base, writing, note, done } = change;
    let refuse = |status: StatusCode, message: String| {
        (status, ctx.render(&page(ctx, auth, draft, Some(message), None))).into_response()
    };
    if let Some(problem) = check(draft.shelf, &writing).first() {
        let message = ctx.lang.t_args(problem.key, &[("number", problem.number.unwrap_or(0).into())]);
        return Ok(refuse(StatusCode::UNPROCESSABLE_ENTITY, message));
    }
    let json = serde_json::to_string(&writing).map_err(|err| AppError::Internal(err.into()))?;
    match state.store.add_revision(draft.doc(), base, &json, auth.actor.user_id(), note).await {
        Ok(_) => {
            let query: String =
                url::form_urlencoded::Serializer::new(String::new()).append_pair("done", done).finish();
            Ok(Redirect::to(&format!("{}?{query}", files_page(draft))).into_response())
        }
        Err(altto_store::StoreError::Conflict(_)) => Ok(refuse(StatusCode::CONFLICT, ctx.t("author-stale"))),
        Err(err) => Err(err.into()),
    }
}

/// `POST /author/library/{shelf}/{slug}/files` (multipart): stores one file under
/// `media/` in a new revision of the working copy (a new file never silently replaces
/// one of the same name; "Replace" does, on purpose).
pub async fn upload_file(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path((shelf, slug)): Path<(String, String)>,
    mut multipart: Multipart,
) -> AppResult<Response> {
    let draft = load_for_edit(&state, &auth, &shelf, &slug).await?;
    let refuse = |message: String| {
        (StatusCode::UNPROCESSABLE_ENTITY, ctx.render(&page(&ctx, &auth, &draft, Some(message), None)))
            .into_response()
    };
    let upload = match read_upload(&mut multipart, state.settings.upload_limit_bytes).await {
        Ok(upload) => upload,
        Err(key) => return Ok(refuse(ctx.t(key))),
    };
    let path = match &upload.replace {
        Some(path) if draft.writing.files.contains_key(path) => path.clone(),
        Some(path) => return Ok(refuse(ctx.t1("media-replace-missing", "path", path))),
        None => match stored_name(&upload.name) {
            Ok(name) if draft.writing.files.contains_key(&format!("media/{name}")) => {
                let path = format!("media/{name}");
                return Ok(refuse(ctx.lang.t_args(
                    "media-name-taken",
                    &[("path", path.as_str().into()), ("from", upload.name.as_str().into())],
                )));
            }
            Ok(name) => format!("media/{name}"),
            Err(NameProblem::Refused) => {
                return Ok(refuse(ctx.t1("media-name-refused", "from", &upload.name)));
            }
            Err(NameProblem::Type) => return Ok(refuse(ctx.t("media-type-not-allowed"))),
        },
    };
    let content_type = match check_file(&path, &upload.bytes, state.settings.upload_limit_bytes) {
        Ok(content_type) if is_media_path(&path) => content_type,
        Ok(_) => return Ok(refuse(ctx.t1("media-name-refused", "from", &upload.name))),
        Err(key) => return Ok(refuse(ctx.t(key))),
    };
    let file = store_file(&state.store, &upload.bytes, content_type).await?;
    let mut writing = draft.writing.clone();
    writing.files.insert(path.clone(), file);
    let note = format!("{}: {path}", ctx.t("library-files-note-uploaded"));
    save(&state, &auth, &ctx, &draft, Change { base: upload.base, writing, note: &note, done: &path }).await
}

/// `POST /author/library/{shelf}/{slug}/files/remove`: removes a file the video does
/// not use.
pub async fn remove_file(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path((shelf, slug)): Path<(String, String)>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let draft = load_for_edit(&state, &auth, &shelf, &slug).await?;
    let path = field(&pairs, "path").to_owned();
    let mut writing = draft.writing.clone();
    let in_use = writing.video.as_ref().is_some_and(|video| video.files().any(|used| *used == path));
    let refuse = |message: String| {
        (StatusCode::UNPROCESSABLE_ENTITY, ctx.render(&page(&ctx, &auth, &draft, Some(message), None)))
            .into_response()
    };
    if writing.files.remove(&path).is_none() {
        return Ok(refuse(ctx.t1("media-remove-missing", "path", &path)));
    }
    if in_use {
        return Ok(refuse(ctx.t1("library-file-in-use", "path", &path)));
    }
    let note = format!("{}: {path}", ctx.t("library-files-note-removed"));
    save(&state, &auth, &ctx, &draft, Change { base: base_of(&pairs), writing, note: &note, done: "" }).await
}

/// `POST /author/library/{shelf}/{slug}/video`: which of its files are the video, its
/// English and Japanese captions and its transcript (a YouTube or Vimeo video is
/// chosen in the text's own form).
pub async fn choose_video(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path((shelf, slug)): Path<(String, String)>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let draft = load_for_edit(&state, &auth, &shelf, &slug).await?;
    let chosen = |name: &str| Some(field(&pairs, name).to_owned()).filter(|path| !path.is_empty());
    let mut writing = draft.writing.clone();
    let file = chosen("file");
    writing.video = match file {
        Some(file) => Some(Video {
            file: Some(file),
            captions: chosen("captions"),
            captions_ja: chosen("captions_ja"),
            transcript: chosen("transcript"),
            ..Video::default()
        }),
        // No file chosen: a YouTube or Vimeo video stays; a file video is taken away.
        None => writing.video.filter(|video| video.file.is_none()),
    };
    let note = ctx.t("library-files-note-video");
    save(&state, &auth, &ctx, &draft, Change { base: base_of(&pairs), writing, note: &note, done: "video" })
        .await
}

/// The revision a form was made from.
fn base_of(pairs: &Pairs) -> Option<i64> {
    field(pairs, "base").trim().parse().ok()
}
