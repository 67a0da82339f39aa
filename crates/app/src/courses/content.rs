//! What a course is made of, as authors write it and as each revision stores it (JSON).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

/// A course's level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// For new ALTs.
    Foundation,
    /// For ALTs with some experience.
    Intermediate,
    /// For experienced ALTs and trainers.
    Advanced,
}

impl Level {
    /// Every level, in order.
    pub const ALL: [Level; 3] = [Level::Foundation, Level::Intermediate, Level::Advanced];

    /// The stored code.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Foundation => "foundation",
            Level::Intermediate => "intermediate",
            Level::Advanced => "advanced",
        }
    }
}

/// The Creative Commons licences content can carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Licence {
    /// Attribution.
    #[serde(rename = "CC-BY-4.0")]
    CcBy,
    /// Attribution-ShareAlike.
    #[serde(rename = "CC-BY-SA-4.0")]
    CcBySa,
    /// Attribution-NonCommercial.
    #[serde(rename = "CC-BY-NC-4.0")]
    CcByNc,
    /// Attribution-NonCommercial-ShareAlike.
    #[serde(rename = "CC-BY-NC-SA-4.0")]
    CcByNcSa,
}

impl Licence {
    /// Every licence, as offered to authors.
    pub const ALL: [Licence; 4] = [Licence::CcBy, Licence::CcBySa, Licence::CcByNc, Licence::CcByNcSa];

    /// The licence with this SPDX identifier.
    pub fn from_spdx(spdx: &str) -> Option<Licence> {
        Self::ALL.into_iter().find(|licence| licence.spdx() == spdx)
    }

    /// The SPDX identifier.
    pub fn spdx(self) -> &'static str {
        match self {
            Licence::CcBy => "CC-BY-4.0",
            Licence::CcBySa => "CC-BY-SA-4.0",
            Licence::CcByNc => "CC-BY-NC-4.0",
            Licence::CcByNcSa => "CC-BY-NC-SA-4.0",
        }
    }

    /// The short name, e.g. `CC BY 4.0`.
    pub fn name(self) -> &'static str {
        match self {
            Licence::CcBy => "CC BY 4.0",
            Licence::CcBySa => "CC BY-SA 4.0",
            Licence::CcByNc => "CC BY-NC 4.0",
            Licence::CcByNcSa => "CC BY-NC-SA 4.0",
        }
    }

    /// The licence deed's address.
    pub fn url(self) -> &'static str {
        match self {
            Licence::CcBy => "https://creativecommons.org/licenses/by/4.0/",
            Licence::CcBySa => "https://creativecommons.org/licenses/by-sa/4.0/",
            Licence::CcByNc => "https://creativecommons.org/licenses/by-nc/4.0/",
            Licence::CcByNcSa => "https://creativecommons.org/licenses/by-nc-sa/4.0/",
        }
    }
}

/// A whole course: what one revision holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CourseContent {
    /// The course's address: `/courses/{slug}`.
    pub slug: String,
    /// English title.
    pub title: String,
    /// Japanese title.
    pub title_ja: Option<String>,
    /// English summary.
    pub summary: String,
    /// Japanese summary.
    pub summary_ja: Option<String>,
    /// The language the course's main texts (title, summary, lessons) are written in;
    /// the `_ja` texts are a Japanese version of an English course. Revisions saved
    /// before courses declared it are English.
    #[serde(default)]
    pub language: Lang,
    /// Level.
    pub level: Level,
    /// Estimated hours (professional-development hours on the certificate).
    pub hours: f64,
    /// Licence of the content.
    pub licence: Licence,
    /// Authors, as credited.
    pub authors: Vec<String>,
    /// Topics, for filtering.
    pub topics: Vec<String>,
    /// Modules in order.
    pub modules: Vec<ModuleContent>,
    /// The course's files (images, videos, captions, transcripts, downloads), so that a
    /// file changes with a new revision, reviewed and published like any other change.
    /// `None` in revisions saved before files followed revisions: those show the
    /// course's files as they were then (see [`super::files`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub files: Option<Manifest>,
}

/// A revision's files: path within the package (e.g. `media/intro.mp4`) → file.
pub type Manifest = BTreeMap<String, MediaFile>;

/// One file of a revision. Its bytes are found by their hash, so they are stored once
/// however many revisions use them, and a revision always shows the bytes it was saved
/// with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MediaFile {
    /// SHA-256 of the bytes, lowercase hex.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
    /// `Content-Type`.
    pub content_type: String,
}

/// A module: an ordered group of lessons.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModuleContent {
    /// Folder name in a package, e.g. `01-japanese-schools`.
    pub key: String,
    /// English title.
    pub title: String,
    /// Japanese title.
    pub title_ja: Option<String>,
    /// Lessons in order.
    pub lessons: Vec<LessonContent>,
}

/// A lesson.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LessonContent {
    /// Stable id: progress is kept against it, so it survives edits and reordering.
    /// Zero until the course is stored.
    #[serde(default)]
    pub id: i64,
    /// Address within the course, e.g. `the-school-year`.
    pub slug: String,
    /// Order prefix of its file name, e.g. `01`.
    pub order: String,
    /// English title.
    pub title: String,
    /// Japanese title.
    pub title_ja: Option<String>,
    /// English summary.
    pub summary: String,
    /// Japanese summary.
    pub summary_ja: Option<String>,
    /// Estimated minutes.
    pub minutes: u32,
    /// Prompt for the learner's private reflection note.
    pub reflection: Option<String>,
    /// Markdown body.
    pub body: String,
    /// The Japanese version of the body (Markdown), shown to Japanese readers with a
    /// link to the original.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_ja: Option<String>,
    /// The Japanese version of the reflection prompt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reflection_ja: Option<String>,
    /// Optional video.
    pub video: Option<Video>,
    /// Downloadable files.
    #[serde(default)]
    pub resources: Vec<Resource>,
    /// Optional quiz.
    pub quiz: Option<Quiz>,
    /// Whether the first use of each glossary term in the body links to the term's
    /// page (`glossary_links = false` in the lesson's front matter turns it off).
    #[serde(default = "links_by_default", skip_serializing_if = "is_true")]
    pub glossary_links: bool,
}

/// Glossary links are on unless a lesson turns them off.
fn links_by_default() -> bool {
    true
}

/// Whether `value` is `true` (the default, left out of the stored JSON).
fn is_true(value: &bool) -> bool {
    *value
}

/// A lesson's video.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Video {
    /// YouTube video id (embedded from youtube-nocookie.com).
    pub youtube: Option<String>,
    /// Vimeo video id (embedded with do-not-track).
    pub vimeo: Option<String>,
    /// An uploaded video file, relative to the package.
    pub file: Option<String>,
    /// English WebVTT captions, relative to the package (revisions and packages made
    /// before captions had a language hold their one captions file here).
    pub captions: Option<String>,
    /// Japanese WebVTT captions, relative to the package: a second track.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub captions_ja: Option<String>,
    /// Transcript (plain text, Markdown or PDF), relative to the package.
    pub transcript: Option<String>,
}

impl Video {
    /// Its captions tracks: (language code, file), English first.
    pub fn tracks(&self) -> impl Iterator<Item = (&'static str, &String)> {
        [("en", &self.captions), ("ja", &self.captions_ja)]
            .into_iter()
            .filter_map(|(lang, file)| file.as_ref().map(|file| (lang, file)))
    }

    /// Every file it names: the video file, captions and transcript.
    pub fn files(&self) -> impl Iterator<Item = &String> {
        [&self.file, &self.captions, &self.captions_ja, &self.transcript].into_iter().flatten()
    }
}

/// A downloadable file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    /// What it is.
    pub title: String,
    /// What it is, in Japanese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_ja: Option<String>,
    /// Path relative to the package.
    pub file: String,
}

/// A quiz.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quiz {
    /// Percent needed to pass.
    pub pass_mark: u32,
    /// When learners see the right answers after an attempt (revisions saved before
    /// this setting show them always, as they did).
    #[serde(default, skip_serializing_if = "ShowAnswers::is_always")]
    pub show_answers: ShowAnswers,
    /// With [`ShowAnswers::AfterAttempts`]: after how many attempts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answers_after_attempts: Option<u32>,
    /// Whether the choices of choice questions are shown shuffled (the same order for
    /// everyone and every time, see [`super::quiz::shown`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub shuffle: bool,
    /// Questions in order.
    pub questions: Vec<Question>,
}

/// When a quiz shows learners the right answers after an attempt.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShowAnswers {
    /// After every attempt.
    #[default]
    Always,
    /// Once the learner has passed.
    AfterPass,
    /// Once the learner has made `answers_after_attempts` attempts.
    AfterAttempts,
}

impl ShowAnswers {
    /// Every setting, in the order the editor offers them.
    pub const ALL: [ShowAnswers; 3] =
        [ShowAnswers::Always, ShowAnswers::AfterPass, ShowAnswers::AfterAttempts];

    /// The code written in packages.
    pub fn as_str(self) -> &'static str {
        match self {
            ShowAnswers::Always => "always",
            ShowAnswers::AfterPass => "after_pass",
            ShowAnswers::AfterAttempts => "after_attempts",
        }
    }

    fn is_always(&self) -> bool {
        *self == ShowAnswers::Always
    }
}

impl Quiz {
    /// Whether a learner who has passed (`passed`, this attempt or before) and made
    /// `attempts` attempts (this one included) may see the right answers.
    pub fn reveals_answers(&self, passed: bool, attempts: u32) -> bool {
        match self.show_answers {
            ShowAnswers::Always => true,
            ShowAnswers::AfterPass => passed,
            ShowAnswers::AfterAttempts => attempts >= self.answers_after_attempts.unwrap_or(1),
        }
    }
}

/// A quiz question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Question {
    /// Exactly one choice is correct.
    Single {
        /// The question.
        prompt: String,
        /// The Japanese version of the question.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        prompt_ja: Option<String>,
        /// The choices.
        choices: Vec<Choice>,
    },
    /// Every correct choice, and no other, must be picked.
    Multiple {
        /// The question.
        prompt: String,
        /// The Japanese version of the question.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        prompt_ja: Option<String>,
        /// The choices.
        choices: Vec<Choice>,
    },
    /// A statement that is true or false.
    TrueFalse {
        /// The statement.
        prompt: String,
        /// The Japanese version of the statement.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        prompt_ja: Option<String>,
        /// Whether it is true.
        answer: bool,
        /// Shown for a right answer.
        feedback_correct: Option<String>,
        /// Shown for a wrong answer.
        feedback_incorrect: Option<String>,
        /// The Japanese version of `feedback_correct`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        feedback_correct_ja: Option<String>,
        /// The Japanese version of `feedback_incorrect`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        feedback_incorrect_ja: Option<String>,
    },
    /// A typed answer, compared ignoring case, spacing and full/half width.
    Short {
        /// The question.
        prompt: String,
        /// The Japanese version of the question.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        prompt_ja: Option<String>,
        /// Accepted answers.
        answers: Vec<String>,
        /// Shown for a right answer.
        feedback_correct: Option<String>,
        /// Shown for a wrong answer.
        feedback_incorrect: Option<String>,
        /// The Japanese version of `feedback_correct`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        feedback_correct_ja: Option<String>,
        /// The Japanese version of `feedback_incorrect`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        feedback_incorrect_ja: Option<String>,
    },
    /// Items to put in order (shown to learners in a shuffled order).
    Ordering {
        /// The question.
        prompt: String,
        /// The Japanese version of the question.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        prompt_ja: Option<String>,
        /// The items, in the right order.
        items: Vec<String>,
        /// Shown for a right answer.
        feedback_correct: Option<String>,
        /// Shown for a wrong answer.
        feedback_incorrect: Option<String>,
        /// The Japanese version of `feedback_correct`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        feedback_correct_ja: Option<String>,
        /// The Japanese version of `feedback_incorrect`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        feedback_incorrect_ja: Option<String>,
    },
    /// Each item on the left matched with its partner on the right (the right-hand
    /// side is shown shuffled; extra right-hand distractors may be listed).
    Matching {
        /// The question.
        prompt: String,
        /// The Japanese version of the question.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        prompt_ja: Option<String>,
        /// The pairs, each left item with its right partner.
        pairs: Vec<Pair>,
        /// Right-hand items that match nothing.
        #[serde(default)]
        distractors: Vec<String>,
        /// Shown for a right answer.
        feedback_correct: Option<String>,
        /// Shown for a wrong answer.
        feedback_incorrect: Option<String>,
        /// The Japanese version of `feedback_correct`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        feedback_correct_ja: Option<String>,
        /// The Japanese version of `feedback_incorrect`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        feedback_incorrect_ja: Option<String>,
    },
    /// A text with blanks to fill in: each blank is written `{answer}` or
    /// `{answer|another accepted answer}` in `text`; typed answers are compared as for
    /// `Short`.
    Cloze {
        /// The instruction.
        prompt: String,
        /// The Japanese version of the instruction.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        prompt_ja: Option<String>,
        /// The text with its blanks.
        text: String,
        /// Shown for a right answer.
        feedback_correct: Option<String>,
        /// Shown for a wrong answer.
        feedback_incorrect: Option<String>,
        /// The Japanese version of `feedback_correct`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        feedback_correct_ja: Option<String>,
        /// The Japanese version of `feedback_incorrect`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        feedback_incorrect_ja: Option<String>,
    },
}

/// One pair of a matching question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pair {
    /// The item on the left (fixed order).
    pub left: String,
    /// Its partner on the right.
    pub right: String,
}

impl Question {
    /// The question text.
    pub fn prompt(&self) -> &str {
        match self {
            Question::Single { prompt, .. }
            | Question::Multiple { prompt, .. }
            | Question::TrueFalse { prompt, .. }
            | Question::Short { prompt, .. }
            | Question::Ordering { prompt, .. }
            | Question::Matching { prompt, .. }
            | Question::Cloze { prompt, .. } => prompt,
        }
    }

    /// The Japanese version of the question text.
    pub fn prompt_ja(&self) -> &Option<String> {
        match self {
            Question::Single { prompt_ja, .. }
            | Question::Multiple { prompt_ja, .. }
            | Question::TrueFalse { prompt_ja, .. }
            | Question::Short { prompt_ja, .. }
            | Question::Ordering { prompt_ja, .. }
            | Question::Matching { prompt_ja, .. }
            | Question::Cloze { prompt_ja, .. } => prompt_ja,
        }
    }

    /// The right/wrong feedback and their Japanese versions (right, wrong, right in
    /// Japanese, wrong in Japanese), for the kinds that have them.
    pub fn feedback_texts(&self) -> Option<[&Option<String>; 4]> {
        match self {
            Question::Single { .. } | Question::Multiple { .. } => None,
            Question::TrueFalse {
                feedback_correct,
                feedback_incorrect,
                feedback_correct_ja,
                feedback_incorrect_ja,
                ..
            }
            | Question::Short {
                feedback_correct,
                feedback_incorrect,
                feedback_correct_ja,
                feedback_incorrect_ja,
                ..
            }
            | Question::Ordering {
                feedback_correct,
                feedback_incorrect,
                feedback_correct_ja,
                feedback_incorrect_ja,
                ..
            }
            | Question::Matching {
                feedback_correct,
                feedback_incorrect,
                feedback_correct_ja,
                feedback_incorrect_ja,
                ..
            }
            | Question::Cloze {
                feedback_correct,
                feedback_incorrect,
                feedback_correct_ja,
                feedback_incorrect_ja,
                ..
            } => Some([feedback_correct, feedback_incorrect, feedback_correct_ja, feedback_incorrect_ja]),
        }
    }

    /// The kind, as written in packages.
    pub fn kind(&self) -> &'static str {
        match self {
            Question::Single { .. } => "single",
            Question::Multiple { .. } => "multiple",
            Question::TrueFalse { .. } => "true_false",
            Question::Short { .. } => "short",
            Question::Ordering { .. } => "ordering",
            Question::Matching { .. } => "matching",
            Question::Cloze { .. } => "cloze",
        }
    }
}

/// A choice of a single- or multiple-choice question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// The choice's text.
    pub text: String,
    /// Whether it is (one of) the right answer(s).
    #[serde(default)]
    pub correct: bool,
    /// Shown when a learner picks it.
    pub feedback: Option<String>,
    /// The Japanese version of the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_ja: Option<String>,
    /// The Japanese version of the feedback.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback_ja: Option<String>,
}

impl CourseContent {
    /// Every lesson in order, with its module.
    pub fn lessons(&self) -> impl Iterator<Item = (&ModuleContent, &LessonContent)> {
        self.modules.iter().flat_map(|module| module.lessons.iter().map(move |lesson| (module, lesson)))
    }

    /// The lesson with this slug.
    pub fn lesson(&self, slug: &str) -> Option<&LessonContent> {
        self.lessons().map(|(_, lesson)| lesson).find(|lesson| lesson.slug == slug)
    }

    /// The lesson with this id.
    pub fn lesson_by_id(&self, id: i64) -> Option<&LessonContent> {
        self.lessons().map(|(_, lesson)| lesson).find(|lesson| lesson.id == id)
    }

    /// The titles of the lessons that use the file at `path` (as their video, captions,
    /// transcript or a download, or by its address in their text).
    pub fn lessons_using(&self, path: &str) -> Vec<String> {
        let address = super::files::public_url(&self.slug, path, None);
        self.lessons()
            .filter(|(_, lesson)| {
                let video = lesson.video.iter().flat_map(Video::files);
                video.chain(lesson.resources.iter().map(|r| &r.file)).any(|file| file == path)
                    || lesson.body.contains(&address)
                    || lesson.body_ja.as_ref().is_some_and(|body| body.contains(&address))
            })
            .map(|(_, lesson)| lesson.title.clone())
            .collect()
    }

    /// How many lessons the course has.
    pub fn lesson_count(&self) -> usize {
        self.modules.iter().map(|module| module.lessons.len()).sum()
    }
}
