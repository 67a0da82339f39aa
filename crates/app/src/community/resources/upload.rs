//! Reading a share form (`multipart/form-data`, so it works without JavaScript): its
//! text fields, then the file, each within its limit; and checking what it says. A
//! refused form names the file and what is wrong with it, and nothing is stored.

use altto_store::{NewResource, Topic, UserId};
use axum::extract::Multipart;

use super::{GRADES, KINDS, LICENCES, MAX_DESCRIPTION, MAX_FILE_BYTES, MAX_TOPIC, levels, names};
use crate::{
    content::files::{check_file, extension, human_size},
    i18n::Lang,
    web::forms::{FormState, Pairs, field},
};

/// The file of a share form.
pub struct Upload {
    /// The name the member's browser gave it.
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// Why the form's file cannot be taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileProblem {
    /// No file was chosen.
    Missing,
    /// Larger than [`MAX_FILE_BYTES`].
    TooLarge,
    /// The upload broke off.
    Failed,
}

/// Reads the form: its text fields (up to `form_limit` bytes in all) and the file in
/// `file` (up to [`MAX_FILE_BYTES`]: a larger one is read through and refused, so the
/// text around it can still be shown again).
pub async fn read_form(
    multipart: &mut Multipart,
    form_limit: usize,
) -> (Pairs, Result<Upload, (String, FileProblem)>) {
    let mut pairs = Pairs::new();
    let (mut text_bytes, mut upload) = (0, Err((String::new(), FileProblem::Missing)));
    while let Ok(Some(mut part)) = multipart.next_field().await {
        let name = part.name().unwrap_or_default().to_owned();
        if name == "file" {
            let file_name = part.file_name().unwrap_or_default().to_owned();
            let mut bytes = Vec::new();
            // A file over the limit is read to its end without being kept, so that the
            // browser, still sending it, gets the page that says so.
            let mut too_large = false;
            upload = loop {
                match part.chunk().await {
                    Ok(Some(chunk)) if !too_large && bytes.len() + chunk.len() <= MAX_FILE_BYTES => {
                        bytes.extend_from_slice(&chunk)
                    }
                    Ok(Some(_)) => {
                        if !too_large {
                            too_large = true;
                            bytes = Vec::new();
                        }
                    }
                    Ok(None) | Err(_) if too_large => break Err((file_name, FileProblem::TooLarge)),
                    Ok(None) if file_name.is_empty() && bytes.is_empty() => {
                        break Err((file_name, FileProblem::Missing));
                    }
                    Ok(None) => break Ok(Upload { name: file_name, bytes: std::mem::take(&mut bytes) }),
                    Err(_) => break Err((file_name, FileProblem::Failed)),
                }
            };
            if matches!(upload, Err((_, FileProblem::Failed))) {
                break;
            }
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

/// The file's facts, checked: safe display name, kind and `Content-Type`.
pub struct CheckedFile {
    /// Safe display name.
    pub name: String,
    /// Kind (lowercase extension).
    pub kind: String,
    /// `Content-Type`.
    pub content_type: &'static str,
}

/// Checks the uploaded file: one of [`KINDS`] by name, and by content, within the size
/// limit. The error is the message to show, naming the file, in `lang`.
pub fn check_upload(
    upload: &Result<Upload, (String, FileProblem)>,
    lang: Lang,
) -> Result<CheckedFile, String> {
    let named = |key: &str, name: &str| lang.t_args(key, &[("name", name.into())]);
    let upload = match upload {
        Ok(upload) => upload,
        Err((_, FileProblem::Missing)) => return Err(lang.t("resources-error-file-missing")),
        Err((name, FileProblem::TooLarge)) => {
            let max = human_size(MAX_FILE_BYTES as u64, lang);
            return Err(lang.t_args(
                "resources-error-file-large",
                &[("name", name.as_str().into()), ("max", max.into())],
            ));
        }
        Err((name, FileProblem::Failed)) => return Err(named("resources-error-file-failed", name)),
    };
    let kind = extension(&upload.name);
    let shown = names::safe_name(&upload.name, &kind);
    if !KINDS.contains(&kind.as_str()) {
        return Err(named("resources-error-file-type", &shown));
    }
    match check_file(&upload.name, &upload.bytes, MAX_FILE_BYTES) {
        Ok(content_type) => Ok(CheckedFile { name: shown, kind, content_type }),
        Err("media-too-large") => {
            let max = human_size(MAX_FILE_BYTES as u64, lang);
            Err(lang.t_args(
                "resources-error-file-large",
                &[("name", shown.as_str().into()), ("max", max.into())],
            ))
        }
        Err(_) => {
            let kind_name = lang.t(&format!("media-kind-{kind}"));
            Err(lang.t_args(
                "resources-error-file-mismatch",
                &[("name", shown.as_str().into()), ("kind", kind_name.into())],
            ))
        }
    }
}

/// The resource's own fields, checked.
pub struct Fields {
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Licence code.
    pub licence: String,
    /// Level code.
    pub level: String,
    /// Grade.
    pub grade: Option<i64>,
    /// Topic (slug or tag; may be empty).
    pub topic: String,
}

impl Fields {
    /// The resource to store for `file` (stored as the blob `sha256`) shared by `user`.
    pub fn resource(self, user: UserId, file: &CheckedFile, sha256: String, size: usize) -> NewResource {
        NewResource {
            user,
            sha256,
            file_name: file.name.clone(),
            kind: file.kind.clone(),
            content_type: file.content_type.to_owned(),
            size: i64::try_from(size).unwrap_or(i64::MAX),
            title: self.title,
            description: self.description,
            licence: self.licence,
            school_level: self.level,
            grade: self.grade,
            topic: self.topic,
        }
    }
}

/// Checks the resource's fields of `pairs` (title from `title_field`), marking problems
/// on `form`; `None` when any is refused.
pub fn check_fields(
    pairs: &Pairs,
    title_field: &'static str,
    topics: &[Topic],
    form: &mut FormState,
) -> Option<Fields> {
    let title = field(pairs, title_field).split_whitespace().collect::<Vec<_>>().join(" ");
    form.keep(title_field, title.clone());
    if title.is_empty() {
        form.fail(title_field, "forum-error-title-empty");
    } else if title.chars().count() > crate::community::forum::MAX_TITLE {
        form.fail(title_field, "forum-error-title-long");
    }
    let description = field(pairs, "description").replace("\r\n", "\n").trim().to_owned();
    form.keep("description", description.clone());
    if description.chars().count() > MAX_DESCRIPTION {
        form.fail("description", "resources-error-description-long");
    }
    let licence = field(pairs, "licence").trim().to_owned();
    form.keep("licence", licence.clone());
    if licence.is_empty() {
        form.fail("licence", "resources-error-licence");
    } else if !LICENCES.iter().any(|(code, _)| *code == licence) {
        form.fail("licence", "field-choose-from-list");
    }
    let level = field(pairs, "level").trim().to_owned();
    form.keep("level", level.clone());
    if level.is_empty() {
        form.fail("level", "resources-error-level");
    } else if !levels().any(|code| code == level) {
        form.fail("level", "field-choose-from-list");
    }
    let raw_grade = field(pairs, "grade").trim().to_owned();
    form.keep("grade", raw_grade.clone());
    let grade = match raw_grade.as_str() {
        "" => None,
        raw => match raw.parse::<i64>().ok().filter(|grade| GRADES.contains(grade)) {
            Some(grade) => Some(grade),
            None => {
                form.fail("grade", "field-choose-from-list");
                None
            }
        },
    };
    let topic = field(pairs, "topic").split_whitespace().collect::<Vec<_>>().join(" ");
    form.keep("topic", topic.clone());
    if !topic.is_empty() {
        if !topics.is_empty() && !topics.iter().any(|t| t.slug == topic) {
            form.fail("topic", "field-choose-from-list");
        } else if topic.chars().count() > MAX_TOPIC || topic.chars().any(char::is_control) {
            form.fail("topic", "resources-error-topic-long");
        }
    }
    (!form.has_errors()).then_some(Fields { title, description, licence, level, grade, topic })
}
