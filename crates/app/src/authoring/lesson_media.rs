//! The lesson editor's media part: the video file, its captions (English and
//! Japanese) and transcript chosen from the course's files in lists, the lesson's
//! downloads, and uploading a file from the editor without losing what was typed.
//!
//! The upload is a button of the editor's own form that sends the whole form, file and
//! all, to its own address: the file is stored in a new revision (as on the Files page)
//! and the editor comes back as it was typed, with the new file chosen and the new
//! revision as its base. The lesson's other changes are not saved until "Save".

use axum::{
    Extension,
    extract::{Multipart, Path, State},
    http::StatusCode,
    response::Response,
};

use super::{
    SaveError,
    edit::{Said, answer_lesson_form},
    files::{NameProblem, stored_name},
    load_for_edit,
    outline::base_of,
    save,
};
use crate::{
    auth::RequestAuth,
    courses::{
        content::{LessonContent, Manifest, Resource, Video},
        files,
        media::{CAPTION_KINDS, TRANSCRIPT_KINDS, VIDEO_KINDS, check_file, has_extension, human_size},
    },
    error::AppResult,
    i18n::Lang,
    state::AppState,
    web::{
        Ctx,
        forms::{FormState, Pairs, clean_text, field},
    },
};

/// The most downloads a lesson may list.
const MOST_RESOURCES: usize = 50;

/// What a list of files is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    /// The video file.
    Video,
    /// English captions.
    Captions,
    /// Japanese captions.
    CaptionsJa,
    /// The transcript.
    Transcript,
}

impl Slot {
    const ALL: [Slot; 4] = [Slot::Video, Slot::Captions, Slot::CaptionsJa, Slot::Transcript];

    /// The form field.
    fn name(self) -> &'static str {
        match self {
            Slot::Video => "video_file",
            Slot::Captions => "captions",
            Slot::CaptionsJa => "captions_ja",
            Slot::Transcript => "transcript",
        }
    }

    fn kinds(self) -> &'static [&'static str] {
        match self {
            Slot::Video => VIDEO_KINDS,
            Slot::Captions | Slot::CaptionsJa => CAPTION_KINDS,
            Slot::Transcript => TRANSCRIPT_KINDS,
        }
    }

    /// The message for a file of the wrong kind.
    fn wrong_kind(self) -> &'static str {
        match self {
            Slot::Video => "media-pick-not-video",
            Slot::Captions | Slot::CaptionsJa => "media-pick-not-captions",
            Slot::Transcript => "media-pick-not-transcript",
        }
    }

    fn of(video: &Video, slot: Slot) -> Option<&String> {
        match slot {
            Slot::Video => video.file.as_ref(),
            Slot::Captions => video.captions.as_ref(),
            Slot::CaptionsJa => video.captions_ja.as_ref(),
            Slot::Transcript => video.transcript.as_ref(),
        }
    }
}

/// One file offered in a list: its path and what the author reads (name and size).
pub struct FileChoice {
    /// The path, e.g. `media/intro.mp4`.
    pub path: String,
    /// E.g. `intro.mp4 (2.4 MB)`.
    pub label: String,
}

/// One list of files to choose from.
pub struct Picker {
    /// The form field (and the list's id).
    pub name: &'static str,
    /// The files of a fitting kind.
    pub options: Vec<FileChoice>,
    /// The chosen path (empty: none).
    pub selected: String,
    /// The chosen path is not among the course's files (removed, or never there).
    pub missing: bool,
}

/// One download of the lesson as the editor shows it.
pub struct ResourceRow {
    /// Its place in the form (fields `resource-{index}-…`).
    pub index: usize,
    /// English title.
    pub title: String,
    /// Japanese title.
    pub title_ja: String,
    /// The chosen path.
    pub file: String,
    /// The chosen path is not among the course's files.
    pub missing: bool,
    /// The empty row for a new download.
    pub is_new: bool,
}

/// The editor's media part, ready to show.
#[derive(Default)]
pub struct LessonMedia {
    /// Video file, English captions, Japanese captions, transcript.
    pub pickers: Vec<Picker>,
    /// The downloads, then an empty row to add one.
    pub resources: Vec<ResourceRow>,
    /// Every file of the course, for downloads.
    pub downloads: Vec<FileChoice>,
    /// What an upload from the editor just did.
    pub uploaded: Option<String>,
}

impl Picker {
    /// Whether the chosen file is one of the files offered.
    pub fn offers_selected(&self) -> bool {
        self.selected.is_empty() || self.options.iter().any(|o| o.path == self.selected)
    }
}

fn choices(files: &Manifest, kinds: Option<&[&str]>, lang: Lang) -> Vec<FileChoice> {
    files
        .iter()
        .filter(|(path, _)| kinds.is_none_or(|kinds| has_extension(path, kinds)))
        .map(|(path, file)| FileChoice {
            path: path.clone(),
            label: format!("{} ({})", path.trim_start_matches("media/"), human_size(file.size, lang)),
        })
        .collect()
}

/// The view of `video`'s files and `resources` among the course's `files`.
fn view(files: &Manifest, chosen: [String; 4], rows: Vec<ResourceRow>, lang: Lang) -> LessonMedia {
    let pickers = Slot::ALL
        .into_iter()
        .zip(chosen)
        .map(|(slot, selected)| Picker {
            name: slot.name(),
            options: choices(files, Some(slot.kinds()), lang),
            missing: !selected.is_empty() && !files.contains_key(&selected),
            selected,
        })
        .collect();
    let mut resources = rows;
    resources.push(ResourceRow {
        index: resources.len(),
        title: String::new(),
        title_ja: String::new(),
        file: String::new(),
        missing: false,
        is_new: true,
    });
    LessonMedia { pickers, resources, downloads: choices(files, None, lang), uploaded: None }
}

/// The media part of the editor for `lesson` as saved.
pub fn of_lesson(lesson: &LessonContent, files: &Manifest, lang: Lang) -> LessonMedia {
    let video = lesson.video.clone().unwrap_or_default();
    let chosen = Slot::ALL.map(|slot| Slot::of(&video, slot).cloned().unwrap_or_default());
    let rows = lesson
        .resources
        .iter()
        .enumerate()
        .map(|(index, r)| ResourceRow {
            index,
            title: r.title.clone(),
            title_ja: r.title_ja.clone().unwrap_or_default(),
            missing: !files.contains_key(&r.file),
            file: r.file.clone(),
            is_new: false,
        })
        .collect();
    view(files, chosen, rows, lang)
}

/// What the editor's media fields chose.
pub struct Picked {
    /// The video file, captions and transcript (no hosted video yet).
    pub video: Video,
    /// The downloads.
    pub resources: Vec<Resource>,
    /// The media part to show again.
    pub view: LessonMedia,
}

/// Reads the media fields of `pairs` against the course's `files`; problems go to `form`.
pub fn read(pairs: &Pairs, files: &Manifest, form: &mut FormState, lang: Lang) -> Picked {
    let mut video = Video::default();
    let chosen = Slot::ALL.map(|slot| {
        let value = field(pairs, slot.name()).trim().to_owned();
        let keep = if value.is_empty() {
            None
        } else if !files.contains_key(&value) {
            form.fail(slot.name(), "media-pick-missing");
            None
        } else if !has_extension(&value, slot.kinds()) {
            form.fail(slot.name(), slot.wrong_kind());
            None
        } else {
            Some(value.clone())
        };
        match slot {
            Slot::Video => video.file = keep,
            Slot::Captions => video.captions = keep,
            Slot::CaptionsJa => video.captions_ja = keep,
            Slot::Transcript => video.transcript = keep,
        }
        value
    });
    let mut resources = Vec::new();
    let mut rows = Vec::new();
    for index in 0..MOST_RESOURCES {
        let name = |part: &str| format!("resource-{index}-{part}");
        let value = |part: &str| pairs.iter().find(|(k, _)| *k == name(part)).map(|(_, v)| v.as_str());
        let (Some(title), title_ja, Some(file)) = (value("title"), value("title_ja"), value("file")) else {
            break;
        };
        if value("remove").is_some() {
            continue;
        }
        let title = clean_text(title, 200);
        let title_ja = clean_text(title_ja.unwrap_or_default(), 200);
        let file = file.trim().to_owned();
        let (Some(title), Some(title_ja)) = (title, title_ja) else {
            form.fail("resources", "field-too-long");
            continue;
        };
        if title.is_empty() && title_ja.is_empty() && file.is_empty() {
            continue;
        }
        let missing = !file.is_empty() && !files.contains_key(&file);
        if file.is_empty() {
            form.fail("resources", "media-resource-needs-file");
        } else if missing {
            form.fail("resources", "media-pick-missing");
        } else if title.is_empty() {
            form.fail("resources", "media-resource-needs-title");
        } else {
            let title_ja = (!title_ja.is_empty()).then(|| title_ja.clone());
            resources.push(Resource { title: title.clone(), title_ja, file: file.clone() });
        }
        rows.push(ResourceRow { index: rows.len(), title, title_ja, file, missing, is_new: false });
    }
    Picked { video, resources, view: view(files, chosen, rows, lang) }
}

/// A file uploaded from the editor: its name and bytes.
struct Upload {
    name: String,
    bytes: Vec<u8>,
}

/// Reads the whole editor form sent as `multipart/form-data`: its fields (up to
/// `form_limit` bytes in all) and the file in `upload_file` (up to `file_limit`).
async fn read_form(
    multipart: &mut Multipart,
    form_limit: usize,
    file_limit: usize,
) -> (Pairs, Result<Upload, &'static str>) {
    let mut pairs = Pairs::new();
    let (mut text_bytes, mut upload) = (0, Err("media-choose-file"));
    while let Ok(Some(mut part)) = multipart.next_field().await {
        let name = part.name().unwrap_or_default().to_owned();
        if name == "upload_file" {
            let file_name = part.file_name().unwrap_or_default().to_owned();
            let mut bytes = Vec::new();
            upload = loop {
                match part.chunk().await {
                    Ok(Some(chunk)) if bytes.len() + chunk.len() <= file_limit => {
                        bytes.extend_from_slice(&chunk)
                    }
                    Ok(Some(_)) => break Err("media-too-large"),
                    Ok(None) if file_name.is_empty() && bytes.is_empty() => break Err("media-choose-file"),
                    Ok(None) => break Ok(Upload { name: file_name, bytes: std::mem::take(&mut bytes) }),
                    Err(_) => break Err("media-upload-failed"),
                }
            };
            continue;
        }
        let Ok(value) = part.text().await else { break };
        text_bytes += name.len() + value.len();
        if text_bytes > form_limit {
            break;
        }
        pairs.push((name, value));
    }
    (pairs, upload)
}

/// `POST /author/courses/{slug}/lessons/{lesson}/upload` (the editor's whole form, with
/// a file): stores the file in a new revision, as the Files page does, and shows the
/// editor again as typed with the file chosen where its button said (`upload_for`: a
/// list's field, or `resource` for a new download). Refused uploads change nothing and
/// keep what was typed.
pub async fn upload_in_lesson(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path((slug, lesson_slug)): Path<(String, String)>,
    mut multipart: Multipart,
) -> AppResult<Response> {
    let working = load_for_edit(&state, &auth, &slug).await?;
    let limits = (state.settings.body_limit_bytes, state.settings.upload_limit_bytes);
    let (mut pairs, upload) = read_form(&mut multipart, limits.0, limits.1).await;
    let target = field(&pairs, "upload_for").to_owned();
    let slot = Slot::ALL.into_iter().find(|slot| slot.name() == target);
    let refuse = |status: StatusCode, message: String, pairs: Pairs| {
        answer_lesson_form(
            &state,
            &auth,
            &ctx,
            &slug,
            &lesson_slug,
            pairs,
            Some(Said::Problem(status, message)),
        )
    };
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    if slot.is_none() && target != "resource" {
        return refuse(unprocessable, ctx.t("media-choose-file"), pairs).await;
    }
    let upload = match upload {
        Ok(upload) => upload,
        Err(key) => return refuse(unprocessable, ctx.t(key), pairs).await,
    };
    let base = base_of(&pairs);
    if base != working.latest {
        return refuse(StatusCode::CONFLICT, ctx.t("author-stale"), pairs).await;
    }
    let name = match stored_name(&upload.name) {
        Ok(name) => name,
        Err(NameProblem::Refused) => {
            return refuse(unprocessable, ctx.t1("media-name-refused", "from", &upload.name), pairs).await;
        }
        Err(NameProblem::Type) => return refuse(unprocessable, ctx.t("media-type-not-allowed"), pairs).await,
    };
    let path = format!("media/{name}");
    if let Some(slot) = slot.filter(|slot| !has_extension(&path, slot.kinds())) {
        return refuse(unprocessable, ctx.t(slot.wrong_kind()), pairs).await;
    }
    let content_type = match check_file(&path, &upload.bytes, limits.1) {
        Ok(content_type) => content_type,
        Err(key) => return refuse(unprocessable, ctx.t(key), pairs).await,
    };
    let mut listed = working.content.files.clone().unwrap_or_default();
    let new_base = match listed.get(&path) {
        // The same bytes under the same name: nothing to store, only to choose.
        Some(existing) if existing.sha256 == altto_store::sha256_hex(&upload.bytes) => base,
        Some(_) => {
            let args = [("path", path.as_str().into()), ("from", upload.name.as_str().into())];
            return refuse(unprocessable, ctx.lang.t_args("media-name-taken", &args), pairs).await;
        }
        None => {
            let file = files::store_file(&state.store, &upload.bytes, content_type).await?;
            listed.insert(path.clone(), file);
            let mut content = working.content.clone();
            content.files = Some(listed);
            let note = ctx.t1("author-note-file-added", "path", &path);
            match save(&state, &auth, &working, base, content, &note).await {
                Ok(id) => Some(id),
                Err(SaveError::Stale) => {
                    return refuse(StatusCode::CONFLICT, ctx.t("author-stale"), pairs).await;
                }
                Err(SaveError::Other(err)) => return Err(err),
            }
        }
    };
    let set = |pairs: &mut Pairs, name: &str, value: String| {
        pairs.retain(|(k, _)| k != name);
        pairs.push((name.to_owned(), value));
    };
    set(&mut pairs, "base", new_base.unwrap_or_default().to_string());
    match slot {
        Some(slot) => set(&mut pairs, slot.name(), path.clone()),
        None => {
            let next = (0..MOST_RESOURCES)
                .find(|i| {
                    let title = field(&pairs, &format!("resource-{i}-title"));
                    let file = field(&pairs, &format!("resource-{i}-file"));
                    title.trim().is_empty() && file.trim().is_empty()
                })
                .unwrap_or(MOST_RESOURCES);
            let title = upload.name.rsplit_once('.').map_or(upload.name.as_str(), |(stem, _)| stem);
            let title = clean_text(title, 200).unwrap_or_default();
            set(&mut pairs, &format!("resource-{next}-title"), title);
            set(&mut pairs, &format!("resource-{next}-file"), path.clone());
        }
    }
    let args = [("path", path.as_str().into()), ("from", upload.name.as_str().into())];
    let done = ctx.lang.t_args("media-uploaded-in-editor", &args);
    answer_lesson_form(&state, &auth, &ctx, &slug, &lesson_slug, pairs, Some(Said::Done(done))).await
}
