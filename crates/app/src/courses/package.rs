//! Course packages: a folder of TOML and Markdown files (see `docs/course-format.md`)
//! read into a [`CourseContent`] and written back out. Reading checks everything and
//! reports every problem with its file and line before anything is stored.

use std::{
    collections::{BTreeMap, BTreeSet},
    fmt::Write as _,
    path::{Path, PathBuf},
};

use serde::Deserialize;

use super::{
    content::{CourseContent, LessonContent, Level, Licence, ModuleContent, Quiz, Resource, Video},
    media::{CAPTION_KINDS, TRANSCRIPT_KINDS, VIDEO_KINDS, has_extension},
    quiz::format::{self as quiz_format, list, optional, quote},
};
use crate::{
    content::{front_matter, markdown},
    i18n::Lang,
};

/// One problem found in a package.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// File, relative to the package folder.
    pub file: String,
    /// Line, when known.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// The files of a package: relative path (with `/`) → bytes.
pub type Files = BTreeMap<String, Vec<u8>>;

/// Why a package folder could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The folder (or a file in it) could not be read at all.
    #[error("cannot read {path}: {source}")]
    Io {
        /// What could not be read.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// Entries a package must not hold (links, device files, oversized files); nothing
    /// was read from them.
    #[error("the package holds {} entr(ies) it must not", .0.len())]
    Refused(Vec<Problem>),
}

/// Reads every file under `dir` (names starting with `.`, such as `.git`, are skipped).
///
/// Packages arrive from authors through git, so nothing in one may make altto read
/// outside the folder: symbolic links (to a file or a folder), device files, pipes and
/// sockets, and files with other hard links are refused, each listed, and nothing is
/// returned. Files are opened without following links, so a link swapped in after the
/// folder was listed is refused too. No file may be larger than `max_file_bytes`.
pub fn read_dir(dir: &Path, max_file_bytes: u64) -> Result<Files, ReadError> {
    let mut walk = Walk { root: dir, max_file_bytes, files: Files::new(), refused: Vec::new() };
    walk.dir(dir)?;
    if walk.refused.is_empty() { Ok(walk.files) } else { Err(ReadError::Refused(walk.refused)) }
}

/// The state of [`read_dir`].
struct Walk<'a> {
    root: &'a Path,
    max_file_bytes: u64,
    files: Files,
    refused: Vec<Problem>,
}

impl Walk<'_> {
    fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ReadError + '_ {
        move |source| ReadError::Io { path: path.display().to_string(), source }
    }

    /// The package-relative name of `path`, with `/` between segments.
    fn key(&self, path: &Path) -> String {
        let relative = path.strip_prefix(self.root).unwrap_or(path);
        relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
    }

    fn refuse(&mut self, path: &Path, message: String) {
        let file = self.key(path);
        self.refused.push(Problem { file, line: None, message });
    }

    fn dir(&mut self, dir: &Path) -> Result<(), ReadError> {
        let mut entries = std::fs::read_dir(dir)
            .and_then(|entries| entries.collect::<std::io::Result<Vec<_>>>())
            .map_err(Self::io(dir))?;
        entries.sort_by_key(std::fs::DirEntry::file_name);
        for entry in entries {
            let path = entry.path();
            if entry.file_name().as_encoded_bytes().starts_with(b".") {
                continue;
            }
            if entry.file_name().to_str().is_none() {
                self.refuse(&path, "the file name is not UTF-8 text".into());
                continue;
            }
            // The entry itself, never what a link points to.
            let kind = entry.file_type().map_err(Self::io(&path))?;
            if kind.is_symlink() {
                let target = std::fs::read_link(&path).map(|t| t.display().to_string()).unwrap_or_default();
                self.refuse(
                    &path,
                    format!("is a symbolic link (to {target}); a package holds only plain files and folders"),
                );
            } else if kind.is_dir() {
                self.dir(&path)?;
            } else if kind.is_file() {
                self.file(&path)?;
            } else {
                self.refuse(&path, "is a device file, pipe or socket, not a plain file".into());
            }
        }
        Ok(())
    }

    fn file(&mut self, path: &Path) -> Result<(), ReadError> {
        use std::{
            io::Read as _,
            os::unix::fs::{MetadataExt as _, OpenOptionsExt as _},
        };
        // O_NOFOLLOW: a link put here since the folder was listed fails to open instead
        // of being followed; O_NONBLOCK: a pipe put here cannot make the read wait.
        let opened = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
            .open(path);
        let mut file = match opened {
            Ok(file) => file,
            Err(err) if err.raw_os_error() == Some(libc::ELOOP) => {
                self.refuse(path, "is a symbolic link; a package holds only plain files and folders".into());
                return Ok(());
            }
            Err(err) => return Err(Self::io(path)(err)),
        };
        let meta = file.metadata().map_err(Self::io(path))?;
        if !meta.is_file() {
            self.refuse(path, "is not a plain file".into());
        } else if meta.nlink() > 1 {
            self.refuse(
                path,
                "has other hard links (it may be a file from outside the package); copy it instead".into(),
            );
        } else if meta.len() > self.max_file_bytes {
            self.refuse(path, format!("is larger than the limit of {} bytes", self.max_file_bytes));
        } else {
            let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
            file.by_ref()
                .take(self.max_file_bytes.saturating_add(1))
                .read_to_end(&mut bytes)
                .map_err(Self::io(path))?;
            let key = self.key(path);
            self.files.insert(key, bytes);
        }
        Ok(())
    }
}

/// The files of a package compiled into the binary.
pub fn embedded_files(dir: &include_dir::Dir<'_>) -> Files {
    let mut files = Files::new();
    fn walk(dir: &include_dir::Dir<'_>, files: &mut Files) {
        for file in dir.files() {
            files.insert(file.path().to_string_lossy().replace('\\', "/"), file.contents().to_vec());
        }
        for sub in dir.dirs() {
            walk(sub, files);
        }
    }
    walk(dir, &mut files);
    // include_dir paths start with the package folder's own name; strip it.
    let prefix = files.keys().next().and_then(|k| k.split_once('/')).map(|(first, _)| format!("{first}/"));
    match prefix {
        Some(prefix) if files.keys().all(|k| k.starts_with(&prefix)) => {
            files.into_iter().map(|(k, v)| (k[prefix.len()..].to_owned(), v)).collect()
        }
        _ => files,
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CourseToml {
    slug: String,
    title: String,
    title_ja: Option<String>,
    summary: String,
    summary_ja: Option<String>,
    #[serde(default)]
    language: Lang,
    level: Level,
    hours: f64,
    licence: Licence,
    authors: Vec<String>,
    #[serde(default)]
    topics: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ModuleToml {
    title: String,
    title_ja: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LessonToml {
    title: String,
    title_ja: Option<String>,
    summary: String,
    summary_ja: Option<String>,
    minutes: u32,
    reflection: Option<String>,
    reflection_ja: Option<String>,
    /// `false` turns off the links to glossary terms in the lesson's body.
    glossary_links: Option<bool>,
    video: Option<Video>,
    #[serde(default)]
    resources: Vec<Resource>,
}

/// Collects problems while reading.
struct Report(Vec<Problem>);

impl Report {
    fn add(&mut self, file: &str, line: Option<usize>, message: impl Into<String>) {
        self.0.push(Problem { file: file.to_owned(), line, message: message.into() });
    }

    /// Parses TOML `text` (which starts at line `first_line` of `file`).
    fn toml<T: serde::de::DeserializeOwned>(
        &mut self,
        file: &str,
        text: &str,
        first_line: usize,
    ) -> Option<T> {
        match toml::from_str(text) {
            Ok(value) => Some(value),
            Err(err) => {
                let line = err
                    .span()
                    .map(|span| text[..span.start.min(text.len())].lines().count().max(1) + first_line - 1);
                self.add(file, line, err.message().to_owned());
                None
            }
        }
    }
}

/// Whether `slug` is a lowercase ASCII address segment.
pub fn is_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 80
        && slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
}

/// Splits `NN-slug` into its order and slug.
fn ordered_name(name: &str) -> Option<(&str, &str)> {
    let (order, slug) = name.split_once('-')?;
    (order.len() == 2 && order.chars().all(|c| c.is_ascii_digit()) && is_slug(slug)).then_some((order, slug))
}

fn text_of<'a>(report: &mut Report, files: &'a Files, path: &str) -> Option<&'a str> {
    match files.get(path).map(|bytes| std::str::from_utf8(bytes)) {
        Some(Ok(text)) => Some(text),
        Some(Err(_)) => {
            report.add(path, None, "is not UTF-8 text");
            None
        }
        None => {
            report.add(path, None, "is missing");
            None
        }
    }
}

/// Reads a package. Every problem is reported, not just the first.
pub fn parse(files: &Files) -> Result<CourseContent, Vec<Problem>> {
    let media: BTreeSet<&str> =
        files.keys().filter(|path| path.starts_with("media/")).map(String::as_str).collect();
    parse_with(files, &media)
}

/// Reads a package whose lessons may refer to the files in `media` (paths such as
/// `media/intro.mp4`), whether or not their bytes are among `files`.
fn parse_with(files: &Files, media: &BTreeSet<&str>) -> Result<CourseContent, Vec<Problem>> {
    let mut report = Report(Vec::new());
    let course: Option<CourseToml> =
        text_of(&mut report, files, "course.toml").and_then(|text| report.toml("course.toml", text, 1));
    if let Some(course) = &course {
        if !is_slug(&course.slug) {
            report.add("course.toml", None, "slug must be lowercase letters, digits and hyphens");
        }
        if course.title.trim().is_empty() || course.summary.trim().is_empty() {
            report.add("course.toml", None, "title and summary must not be empty");
        }
        if !(course.hours > 0.0 && course.hours <= 1000.0) {
            report.add("course.toml", None, "hours must be a number above 0");
        }
        if course.authors.iter().all(|a| a.trim().is_empty()) {
            report.add("course.toml", None, "authors must name at least one author");
        }
    }

    for (path, bytes) in files.iter().filter(|(path, _)| path.starts_with("media/")) {
        if !super::media::is_media_path(path) {
            report.add(path, None, "media file names use letters, digits, -, _ and . only");
        } else if let Err(key) = super::media::check_file(path, bytes, usize::MAX) {
            report.add(path, None, crate::i18n::Lang::En.t(key));
        }
    }
    let mut module_dirs: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for path in files.keys() {
        match path.split_once('/') {
            Some(("media", _)) | None => {}
            Some((dir, rest)) => module_dirs.entry(dir).or_default().push(rest),
        }
    }
    let mut modules = Vec::new();
    let mut seen_slugs: BTreeMap<String, String> = BTreeMap::new();
    for (dir, entries) in &module_dirs {
        if ordered_name(dir).is_none() {
            report.add(dir, None, "module folders are named like 01-module-name");
            continue;
        }
        let module_file = format!("{dir}/module.toml");
        let module: Option<ModuleToml> =
            text_of(&mut report, files, &module_file).and_then(|text| report.toml(&module_file, text, 1));
        let mut lessons = Vec::new();
        for entry in entries {
            let path = format!("{dir}/{entry}");
            if *entry == "module.toml" || entry.ends_with(".quiz.toml") || entry.ends_with(JA_SUFFIX) {
                let stem = entry.strip_suffix(".quiz.toml").or_else(|| entry.strip_suffix(JA_SUFFIX));
                if let Some(stem) = stem.filter(|stem| !files.contains_key(&format!("{dir}/{stem}.md"))) {
                    let what = if entry.ends_with(JA_SUFFIX) { "Japanese version" } else { "quiz" };
                    report.add(&path, None, format!("{what} without a lesson: {stem}.md is missing"));
                }
                continue;
            }
            let Some((order, slug)) = entry.strip_suffix(".md").and_then(ordered_name) else {
                report.add(&path, None, "not a lesson: lesson files are named like 01-lesson-name.md");
                continue;
            };
            if let Some(other) = seen_slugs.insert(slug.to_owned(), path.clone()) {
                report.add(&path, None, format!("the lesson name {slug} is also used by {other}"));
            }
            if let Some(lesson) = parse_lesson(&mut report, files, media, &path, order, slug) {
                lessons.push(lesson);
            }
        }
        if lessons.is_empty() {
            report.add(dir, None, "a module needs at least one lesson");
        }
        if let Some(module) = module {
            modules.push(ModuleContent {
                key: (*dir).to_owned(),
                title: module.title,
                title_ja: module.title_ja,
                lessons,
            });
        }
    }
    if module_dirs.is_empty() {
        report.add("course.toml", None, "the course has no modules (folders like 01-module-name)");
    }
    match course {
        Some(course) if report.0.is_empty() => Ok(CourseContent {
            slug: course.slug,
            title: course.title,
            title_ja: course.title_ja,
            summary: course.summary,
            summary_ja: course.summary_ja,
            language: course.language,
            level: course.level,
            hours: course.hours,
            licence: course.licence,
            authors: course.authors,
            topics: course.topics,
            modules,
            files: None,
        }),
        _ => Err(report.0),
    }
}

fn parse_lesson(
    report: &mut Report,
    files: &Files,
    known_media: &BTreeSet<&str>,
    path: &str,
    order: &str,
    slug: &str,
) -> Option<LessonContent> {
    let text = text_of(report, files, path)?;
    let (front, body) = match front_matter::split(text) {
        Ok(split) => (split.front, split.body),
        Err(front_matter::Missing::Opening) => {
            report.add(path, Some(1), "a lesson starts with a line +++ and its front matter");
            return None;
        }
        Err(front_matter::Missing::Closing) => {
            report.add(path, None, "the front matter is not closed by a line +++");
            return None;
        }
    };
    let meta: LessonToml = report.toml(path, front, 2)?;
    if meta.title.trim().is_empty() {
        report.add(path, None, "title must not be empty");
    }
    if body.trim().is_empty() {
        report.add(path, None, "the lesson body is empty");
    } else if let Err(problem) = markdown::check(body, &markdown::Profile::Authors) {
        // The body is the end of the file: its first line comes after all the others.
        let lines_before = text[..text.len() - body.len()].matches('\n').count();
        let line = problem.line().map(|line| line + lines_before);
        report.add(path, line, problem.describe(crate::i18n::Lang::En));
    }
    let body_ja = japanese_body(report, files, path);
    let mut media: Vec<&str> = meta.resources.iter().map(|r| r.file.as_str()).collect();
    if let Some(video) = &meta.video {
        let sources = [video.youtube.is_some(), video.vimeo.is_some(), video.file.is_some()];
        if sources.iter().filter(|s| **s).count() != 1 {
            report.add(path, None, "a video needs exactly one of youtube, vimeo or file");
        }
        media.extend(video.files().map(String::as_str));
        for (name, file, kinds) in [
            ("file", &video.file, VIDEO_KINDS),
            ("captions", &video.captions, CAPTION_KINDS),
            ("captions_ja", &video.captions_ja, CAPTION_KINDS),
            ("transcript", &video.transcript, TRANSCRIPT_KINDS),
        ] {
            if let Some(file) = file.as_deref().filter(|file| !has_extension(file, kinds)) {
                let kinds = kinds.iter().map(|k| format!(".{k}")).collect::<Vec<_>>().join(", ");
                report.add(path, None, format!("the video's {name} {file} is not a {kinds} file"));
            }
        }
    }
    for file in media {
        if !known_media.contains(file) || !super::media::is_media_path(file) {
            report.add(path, None, format!("refers to {file}, which is not in the package"));
        }
    }
    let quiz_path = format!("{}.quiz.toml", path.trim_end_matches(".md"));
    let quiz = match files.get(&quiz_path) {
        None => None,
        Some(_) => {
            let text = text_of(report, files, &quiz_path)?;
            let quiz: Quiz = report.toml(&quiz_path, text, 1)?;
            check_quiz(report, &quiz_path, &quiz);
            Some(quiz)
        }
    };
    Some(LessonContent {
        id: 0,
        slug: slug.to_owned(),
        order: order.to_owned(),
        title: meta.title,
        title_ja: meta.title_ja,
        summary: meta.summary,
        summary_ja: meta.summary_ja,
        minutes: meta.minutes,
        reflection: meta.reflection,
        reflection_ja: meta.reflection_ja,
        body: body.to_owned(),
        body_ja,
        video: meta.video,
        resources: meta.resources,
        quiz,
        glossary_links: meta.glossary_links.unwrap_or(true),
    })
}

/// The end of the name of a lesson's Japanese version, beside its `.md` file.
const JA_SUFFIX: &str = ".ja.md";

/// The Japanese version of the body of the lesson at `path` (`NN-slug.ja.md` beside
/// it: Markdown only, checked like the body), if the package has one.
fn japanese_body(report: &mut Report, files: &Files, path: &str) -> Option<String> {
    let ja_path = format!("{}{JA_SUFFIX}", path.trim_end_matches(".md"));
    files.get(&ja_path)?;
    let text = text_of(report, files, &ja_path)?;
    let body = text.trim_start_matches(['\r', '\n']).trim_end();
    if body.is_empty() {
        report.add(&ja_path, None, "the Japanese version is empty (remove the file instead)");
        return None;
    }
    if let Err(problem) = markdown::check(body, &markdown::Profile::Authors) {
        let lines_before =
            text[..text.len() - text.trim_start_matches(['\r', '\n']).len()].matches('\n').count();
        report.add(&ja_path, problem.line().map(|line| line + lines_before), problem.describe(Lang::En));
    }
    Some(body.to_owned())
}

fn check_quiz(report: &mut Report, path: &str, quiz: &Quiz) {
    for problem in quiz_format::problems(quiz) {
        report.add(path, None, problem);
    }
}

fn number(value: f64) -> String {
    if value.fract() == 0.0 { format!("{value:.0}") } else { value.to_string() }
}

/// Writes `course` as package files (media files are not included).
pub fn render(course: &CourseContent) -> Files {
    let mut files = Files::new();
    let mut out = String::new();
    let _ = writeln!(out, "slug = {}", quote(&course.slug));
    let _ = writeln!(out, "title = {}", quote(&course.title));
    optional(&mut out, "title_ja", &course.title_ja);
    let _ = writeln!(out, "summary = {}", quote(&course.summary));
    optional(&mut out, "summary_ja", &course.summary_ja);
    let _ = writeln!(out, "language = {}", quote(course.language.code()));
    let _ = writeln!(out, "level = {}", quote(course.level.as_str()));
    let _ = writeln!(out, "hours = {}", number(course.hours));
    let _ = writeln!(out, "licence = {}", quote(course.licence.spdx()));
    let _ = writeln!(out, "authors = {}", list(&course.authors));
    let _ = writeln!(out, "topics = {}", list(&course.topics));
    files.insert("course.toml".into(), out.into_bytes());
    for module in &course.modules {
        let mut out = String::new();
        let _ = writeln!(out, "title = {}", quote(&module.title));
        optional(&mut out, "title_ja", &module.title_ja);
        files.insert(format!("{}/module.toml", module.key), out.into_bytes());
        for lesson in &module.lessons {
            let name = format!("{}/{}-{}", module.key, lesson.order, lesson.slug);
            files.insert(format!("{name}.md"), render_lesson(lesson).into_bytes());
            if let Some(body) = &lesson.body_ja {
                files.insert(format!("{name}{JA_SUFFIX}"), format!("{}\n", body.trim_end()).into_bytes());
            }
            if let Some(quiz) = &lesson.quiz {
                files.insert(format!("{name}.quiz.toml"), quiz_format::to_toml(quiz).into_bytes());
            }
        }
    }
    files
}

fn render_lesson(lesson: &LessonContent) -> String {
    let mut out = String::from("+++\n");
    let _ = writeln!(out, "title = {}", quote(&lesson.title));
    optional(&mut out, "title_ja", &lesson.title_ja);
    let _ = writeln!(out, "summary = {}", quote(&lesson.summary));
    optional(&mut out, "summary_ja", &lesson.summary_ja);
    let _ = writeln!(out, "minutes = {}", lesson.minutes);
    optional(&mut out, "reflection", &lesson.reflection);
    optional(&mut out, "reflection_ja", &lesson.reflection_ja);
    if !lesson.glossary_links {
        out.push_str("glossary_links = false\n");
    }
    if let Some(video) = &lesson.video {
        out.push_str("\n[video]\n");
        optional(&mut out, "youtube", &video.youtube);
        optional(&mut out, "vimeo", &video.vimeo);
        optional(&mut out, "file", &video.file);
        optional(&mut out, "captions", &video.captions);
        optional(&mut out, "captions_ja", &video.captions_ja);
        optional(&mut out, "transcript", &video.transcript);
    }
    for resource in &lesson.resources {
        let _ = write!(out, "\n[[resources]]\ntitle = {}\n", quote(&resource.title));
        optional(&mut out, "title_ja", &resource.title_ja);
        let _ = writeln!(out, "file = {}", quote(&resource.file));
    }
    out.push_str("+++\n\n");
    out.push_str(lesson.body.trim_end());
    out.push('\n');
    out
}

/// A quiz in the package's TOML form, as authors edit it.
pub fn quiz_to_toml(quiz: &Quiz) -> String {
    quiz_format::to_toml(quiz)
}

/// A quiz from its TOML form (empty text: no quiz), checked like a package's quiz.
pub fn quiz_from_toml(text: &str) -> Result<Option<Quiz>, Vec<Problem>> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let mut report = Report(Vec::new());
    let quiz: Option<Quiz> = report.toml("quiz", text, 1);
    if let Some(quiz) = &quiz {
        check_quiz(&mut report, "quiz", quiz);
    }
    match quiz {
        Some(quiz) if report.0.is_empty() => Ok(Some(quiz)),
        _ => Err(report.0),
    }
}

/// Checks a whole course as if it were a package: the rules for publishing. Its files
/// are those its revision lists (their bytes are stored and were checked on upload),
/// so a lesson may use any of them.
pub fn check(course: &CourseContent) -> Result<(), Vec<Problem>> {
    let listed = course.files.iter().flat_map(|files| files.keys());
    let mut problems: Vec<Problem> = listed
        .clone()
        .filter(|path| !super::media::is_media_path(path))
        .map(|path| Problem {
            file: path.clone(),
            line: None,
            message: "media file names use letters, digits, -, _ and . only".into(),
        })
        .collect();
    let media: BTreeSet<&str> = listed.map(String::as_str).collect();
    if let Err(found) = parse_with(&render(course), &media) {
        problems.extend(found);
    }
    if problems.is_empty() { Ok(()) } else { Err(problems) }
}

/// Writes package files into `dir` (created if needed), replacing files of the same
/// name. Nothing is written through a symbolic link: a package folder checked out from
/// git may hold one (`media -> ~/.ssh`), and exporting into it must not write outside it.
pub fn write_dir(dir: &Path, files: &Files) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt as _;
    std::fs::create_dir_all(dir)?;
    for (path, bytes) in files {
        let target: PathBuf = dir.join(path);
        let mut at = dir.to_path_buf();
        for segment in Path::new(path).parent().into_iter().flat_map(Path::components) {
            at.push(segment);
            match std::fs::symlink_metadata(&at) {
                Ok(meta) if meta.file_type().is_symlink() => {
                    return Err(std::io::Error::other(format!(
                        "{} is a symbolic link; nothing is written through one",
                        at.display()
                    )));
                }
                Ok(_) => {}
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => std::fs::create_dir(&at)?,
                Err(err) => return Err(err),
            }
        }
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&target)
            .map_err(|err| match err.raw_os_error() {
                Some(libc::ELOOP) => std::io::Error::other(format!(
                    "{} is a symbolic link; nothing is written through one",
                    target.display()
                )),
                _ => err,
            })?;
        std::io::Write::write_all(&mut file, bytes)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(entries: &[(&str, &str)]) -> Files {
        entries.iter().map(|(k, v)| ((*k).to_owned(), v.as_bytes().to_vec())).collect()
    }

    const COURSE: &str = "slug = \"c\"\ntitle = \"C\"\nsummary = \"S\"\nlevel = \"foundation\"\nhours = 1.5\nlicence = \"CC-BY-4.0\"\nauthors = [\"A\"]\n";
    const LESSON: &str = "+++\ntitle = \"L\"\nsummary = \"S\"\nminutes = 10\n+++\n\nBody **text**.\n";
    const QUIZ: &str = "pass_mark = 50\n\n[[questions]]\nkind = \"single\"\nprompt = \"Q\"\nchoices = [\n  { text = \"a\", correct = true },\n  { text = \"b\", feedback = \"no\" },\n]\n";

    /// A valid package in a fresh folder.
    fn package_dir() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let source = files(&[
            ("course.toml", COURSE),
            ("01-m/module.toml", "title = \"M\"\n"),
            ("01-m/01-first.md", LESSON),
        ]);
        write_dir(dir.path(), &source).unwrap();
        dir
    }

    #[test]
    fn links_device_files_and_hard_links_in_a_package_are_refused_each_by_name() {
        use std::os::unix::fs::symlink;
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("signing-key"), "secret").unwrap();
        let dir = package_dir();
        let root = dir.path();
        std::fs::create_dir(root.join("media")).unwrap();
        symlink("/etc/passwd", root.join("media/passwd.txt")).unwrap();
        symlink(outside.path().join("signing-key"), root.join("media/key.txt")).unwrap();
        symlink(outside.path(), root.join("02-elsewhere")).unwrap();
        symlink("/dev/zero", root.join("media/zero.txt")).unwrap();
        std::fs::hard_link(outside.path().join("signing-key"), root.join("media/linked.txt")).unwrap();
        let fifo = std::process::Command::new("mkfifo").arg(root.join("media/pipe.txt")).status().unwrap();
        assert!(fifo.success());

        let Err(ReadError::Refused(problems)) = read_dir(root, u64::MAX) else {
            panic!("a package with links must be refused")
        };
        let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
        for name in [
            "media/passwd.txt",
            "media/key.txt",
            "02-elsewhere",
            "media/zero.txt",
            "media/linked.txt",
            "media/pipe.txt",
        ] {
            assert!(
                shown.iter().any(|p| p.starts_with(&format!("{name}: "))),
                "{name} is listed: {shown:#?}"
            );
        }
        assert!(shown.iter().any(|p| p.contains("symbolic link (to /etc/passwd)")), "{shown:#?}");
        assert_eq!(problems.len(), 6, "{shown:#?}");
    }

    #[test]
    fn a_package_file_over_the_limit_is_refused_before_it_is_read() {
        let dir = package_dir();
        std::fs::create_dir(dir.path().join("media")).unwrap();
        std::fs::write(dir.path().join("media/big.txt"), "x".repeat(1000)).unwrap();
        let Err(ReadError::Refused(problems)) = read_dir(dir.path(), 999) else { panic!("over the limit") };
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].file, "media/big.txt");
        assert_eq!(read_dir(dir.path(), 1000).unwrap().len(), 4);
    }

    #[test]
    fn exporting_never_writes_through_a_link_in_the_target_folder() {
        use std::os::unix::fs::symlink;
        let outside = tempfile::tempdir().unwrap();
        let dir = tempfile::tempdir().unwrap();
        symlink(outside.path(), dir.path().join("media")).unwrap();
        symlink(outside.path().join("course.toml"), dir.path().join("course.toml")).unwrap();
        for (name, bytes) in [("media/a.txt", "x"), ("course.toml", "y")] {
            let err = write_dir(dir.path(), &files(&[(name, bytes)])).unwrap_err();
            assert!(err.to_string().contains("symbolic link"), "{err}");
        }
        assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0, "nothing was written outside");
    }

    #[test]
    fn a_lesson_nested_too_deeply_is_reported_at_its_line_in_the_file() {
        let deep = format!("{LESSON}\nMore text.\n\n{}deep\n", "> ".repeat(100));
        let source = files(&[
            ("course.toml", COURSE),
            ("01-m/module.toml", "title = \"M\"\n"),
            ("01-m/01-first.md", &deep),
        ]);
        let shown: Vec<String> = parse(&source).unwrap_err().iter().map(ToString::to_string).collect();
        // Front matter (lines 1-5), a blank line, "Body **text**." on 7, then 9 and 11.
        assert_eq!(shown.len(), 1, "{shown:#?}");
        assert!(shown[0].starts_with("01-m/01-first.md:11: Quotes, lists or HTML elements"), "{shown:#?}");
    }

    #[test]
    fn a_package_round_trips_through_export_and_import_unchanged() {
        let source = files(&[
            ("course.toml", COURSE),
            ("01-m/module.toml", "title = \"M\"\ntitle_ja = \"エム\"\n"),
            ("01-m/01-first.md", LESSON),
            ("01-m/01-first.quiz.toml", QUIZ),
        ]);
        let course = parse(&source).unwrap();
        assert_eq!(course.lesson_count(), 1);
        assert_eq!(course.hours, 1.5);
        let exported = render(&course);
        let again = parse(&exported).unwrap();
        assert_eq!(course, again);
        assert_eq!(exported, render(&again));
    }

    #[test]
    fn a_japanese_version_and_the_course_language_round_trip_through_export_and_import() {
        let course_toml = format!("{COURSE}language = \"ja\"\n");
        let lesson = "+++\ntitle = \"L\"\nsummary = \"S\"\nminutes = 10\nreflection = \"Why?\"\nreflection_ja = \"なぜ？\"\n+++\n\nBody.\n";
        let source = files(&[
            ("course.toml", &course_toml),
            ("01-m/module.toml", "title = \"M\"\n"),
            ("01-m/01-first.md", lesson),
            ("01-m/01-first.ja.md", "\n本文です。\n\n"),
        ]);
        let course = parse(&source).unwrap();
        assert_eq!(course.language, Lang::Ja);
        let lesson = &course.modules[0].lessons[0];
        assert_eq!(lesson.body_ja.as_deref(), Some("本文です。"));
        assert_eq!(lesson.reflection_ja.as_deref(), Some("なぜ？"));
        let exported = render(&course);
        assert_eq!(exported["01-m/01-first.ja.md"], "本文です。\n".as_bytes());
        assert_eq!(parse(&exported).unwrap(), course);
        assert_eq!(exported, render(&parse(&exported).unwrap()));
    }

    #[test]
    fn a_japanese_version_is_checked_like_the_body_and_needs_its_lesson() {
        let deep = format!("\n一行目\n\n{}深い\n", "> ".repeat(100));
        let source = files(&[
            ("course.toml", COURSE),
            ("01-m/module.toml", "title = \"M\"\n"),
            ("01-m/01-first.md", LESSON),
            ("01-m/01-first.ja.md", &deep),
            ("01-m/02-gone.ja.md", "本文\n"),
        ]);
        let shown: Vec<String> = parse(&source).unwrap_err().iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 2, "{shown:#?}");
        assert!(shown[0].starts_with("01-m/01-first.ja.md:4: Quotes, lists or HTML elements"), "{shown:#?}");
        assert!(shown[1].contains("02-gone.ja.md: Japanese version without a lesson"), "{shown:#?}");
    }

    #[test]
    fn a_lesson_may_use_the_files_its_revision_lists_and_only_of_the_right_kind() {
        use crate::courses::content::{Manifest, MediaFile};
        let mut course = parse(&files(&[
            ("course.toml", COURSE),
            ("01-m/module.toml", "title = \"M\"\n"),
            ("01-m/01-first.md", LESSON),
        ]))
        .unwrap();
        course.modules[0].lessons[0].video = Some(Video {
            file: Some("media/clip.webm".into()),
            captions: Some("media/clip.vtt".into()),
            transcript: Some("media/clip.txt".into()),
            ..Video::default()
        });
        let shown = |course: &CourseContent| -> Vec<String> {
            check(course).err().unwrap_or_default().iter().map(ToString::to_string).collect()
        };
        // Uploaded files are not package files: the revision's list is what counts.
        assert_eq!(shown(&course).len(), 3, "{:#?}", shown(&course));
        assert!(shown(&course)[0].contains("refers to media/clip.webm, which is not in the package"));
        let file = MediaFile { sha256: "0".repeat(64), size: 1, content_type: "text/plain".into() };
        let listed: Manifest = ["media/clip.webm", "media/clip.vtt", "media/clip.txt"]
            .into_iter()
            .map(|path| (path.to_owned(), file.clone()))
            .collect();
        course.files = Some(listed.clone());
        assert_eq!(check(&course), Ok(()));

        // Captions must be WebVTT and a transcript text; a listed name must be a media path.
        let video = course.modules[0].lessons[0].video.as_mut().unwrap();
        video.captions = Some("media/clip.txt".into());
        video.transcript = Some("media/clip.vtt".into());
        let mut with_bad_name = listed;
        with_bad_name.insert("media/../x.png".into(), file);
        course.files = Some(with_bad_name);
        let shown = shown(&course);
        assert!(shown.iter().any(|p| p.contains("captions media/clip.txt is not a .vtt file")), "{shown:#?}");
        assert!(
            shown.iter().any(|p| p.contains("transcript media/clip.vtt is not a .txt, .md, .pdf file")),
            "{shown:#?}"
        );
        assert!(shown.iter().any(|p| p.starts_with("media/../x.png: ")), "{shown:#?}");
    }

    #[test]
    fn every_problem_is_reported_with_its_file_and_line() {
        let source = files(&[
            ("course.toml", "slug = \"Bad Slug\"\ntitle = \"C\"\nsummary = \"S\"\nlevel = \"expert\"\n"),
            ("01-m/module.toml", "title = \"M\"\n"),
            ("01-m/01-first.md", "+++\ntitle = \"L\"\nsummary = \"S\"\nminutes = \"ten\"\n+++\nBody\n"),
            ("01-m/02-second.md", "no front matter"),
            ("01-m/03-third.md", LESSON),
            (
                "01-m/03-third.quiz.toml",
                "pass_mark = 50\n[[questions]]\nkind = \"single\"\nprompt = \"Q\"\nchoices = [{ text = \"a\" }, { text = \"b\" }]\n",
            ),
            ("02-x/module.toml", "title = \"X\"\n"),
        ]);
        let problems = parse(&source).unwrap_err();
        let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert!(shown.iter().any(|p| p.starts_with("course.toml:4:")), "{shown:#?}");
        assert!(shown.iter().any(|p| p.starts_with("01-m/01-first.md:4:")), "{shown:#?}");
        assert!(shown.iter().any(|p| p.starts_with("01-m/02-second.md:1:")), "{shown:#?}");
        assert!(
            shown.iter().any(|p| p.contains("03-third.quiz.toml") && p.contains("exactly one correct")),
            "{shown:#?}"
        );
        assert!(
            shown.iter().any(|p| p.starts_with("02-x") && p.contains("at least one lesson")),
            "{shown:#?}"
        );
    }
}
