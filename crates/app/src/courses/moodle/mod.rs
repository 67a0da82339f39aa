//! Importing quiz questions from Moodle: a question bank exported as GIFT text or as
//! Moodle XML becomes altto questions. The kinds altto has are mapped; every other
//! question is listed with the reason it was left out, and so is whatever part of an
//! imported question could not come along (an image, partial credit). A file with
//! errors imports nothing: each error names its question by number and title.
//!
//! Texts become plain text (see [`text`]): no markup from the file reaches a page.

mod cloze_code;
pub mod gift;
pub mod moodle_xml;
#[cfg(test)]
mod tests;
mod text;

use super::content::Question;
use crate::i18n::Lang;

/// The most questions one import may bring (a lesson's quiz, not a whole bank).
pub const MAX_QUESTIONS: usize = 500;

/// The longest text (prompt, choice, feedback) an imported question may have, in
/// characters.
pub const MAX_TEXT_CHARS: usize = 10_000;

/// The prompt of a cloze question made from Moodle's embedded answers or missing words,
/// whose own text is the passage with its blanks.
pub const CLOZE_PROMPT: &str = "Fill in the blanks.";

/// What a file brings into a quiz.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Imported {
    /// The questions, in the file's order.
    pub questions: Vec<Question>,
    /// The questions left out, and the parts of imported questions that were, with why.
    pub skipped: Vec<Skipped>,
}

/// A question of the file: its number (from 1, counting questions only, not categories
/// or comments) and its title (GIFT's `::title::`, Moodle XML's `<name>`), if it has one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionRef {
    /// Its number in the file.
    pub number: usize,
    /// Its title.
    pub name: Option<String>,
}

impl QuestionRef {
    /// "Question 3 (School year)", in `lang`.
    pub fn label(&self, lang: Lang) -> String {
        match &self.name {
            Some(name) => lang.t_args(
                "import-question-named",
                &[("number", self.number.into()), ("name", name.as_str().into())],
            ),
            None => lang.t_args("import-question-number", &[("number", self.number.into())]),
        }
    }
}

/// A question, or part of one, that was not imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// Which question.
    pub name_or_number: QuestionRef,
    /// Its kind in Moodle's words (`numerical`, `essay`, `multichoice` …).
    pub kind: String,
    /// Why.
    pub reason: Reason,
}

/// Why a question, or part of one, was not imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// A number with a tolerance: altto compares typed answers as text.
    Numerical,
    /// An essay is marked by a person; altto marks quizzes itself.
    Essay,
    /// A description is text between questions, not a question.
    Description,
    /// Calculated questions draw their numbers at random from a formula.
    Calculated,
    /// Random questions are drawn from a category when the quiz starts.
    Random,
    /// Drag-and-drop onto an image, or markers on an image.
    OnImage,
    /// A kind altto does not know.
    UnknownKind,
    /// A one-answer question with more than one right answer: altto's single-choice
    /// questions have exactly one.
    SeveralRightAnswers,
    /// A short answer accepting any text that fits a `*` pattern.
    Wildcard,
    /// A blank of an embedded-answers (Cloze) question that cannot be typed: a number
    /// or a multiple-response blank.
    ClozePart {
        /// Which blank, from 1.
        blank: usize,
        /// Its kind in Moodle's words.
        kind: String,
    },
    /// The question was imported without its images.
    ImagesLeftOut {
        /// How many.
        count: usize,
    },
    /// Answers worth part of the mark now count as wrong (altto has no partial credit).
    PartialCredit,
    /// The general feedback of a multiple-answer question was left out (altto shows
    /// feedback per choice).
    FeedbackLeftOut,
    /// The blanks' drop-down or drag-and-drop choices became typed answers.
    ChoicesTyped,
    /// A question Moodle accepts that altto's quiz editor would not save as it is (the
    /// same right-hand item for two pairs, an answer with no letters or digits …).
    NotUsable {
        /// What the quiz editor says, in English.
        detail: String,
    },
}

impl Reason {
    /// Whether the whole question was left out (otherwise it was imported without the
    /// part named).
    pub fn left_out(&self) -> bool {
        !matches!(
            self,
            Reason::ImagesLeftOut { .. }
                | Reason::PartialCredit
                | Reason::FeedbackLeftOut
                | Reason::ChoicesTyped
        )
    }

    /// Why, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Reason::Numerical => lang.t("import-skip-numerical"),
            Reason::Essay => lang.t("import-skip-essay"),
            Reason::Description => lang.t("import-skip-description"),
            Reason::Calculated => lang.t("import-skip-calculated"),
            Reason::Random => lang.t("import-skip-random"),
            Reason::OnImage => lang.t("import-skip-on-image"),
            Reason::UnknownKind => lang.t("import-skip-unknown"),
            Reason::SeveralRightAnswers => lang.t("import-skip-several-right"),
            Reason::Wildcard => lang.t("import-skip-wildcard"),
            Reason::ClozePart { blank, kind } => lang.t_args(
                "import-skip-cloze-part",
                &[("blank", (*blank).into()), ("kind", kind.as_str().into())],
            ),
            Reason::ImagesLeftOut { count } => {
                lang.t_args("import-note-images", &[("count", (*count).into())])
            }
            Reason::PartialCredit => lang.t("import-note-partial-credit"),
            Reason::FeedbackLeftOut => lang.t("import-note-feedback"),
            Reason::ChoicesTyped => lang.t("import-note-choices-typed"),
            Reason::NotUsable { detail } => {
                lang.t_args("import-skip-not-usable", &[("detail", detail.as_str().into())])
            }
        }
    }
}

/// An error in a file: where it is and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The question it is in (`None`: the file as a whole).
    pub question: Option<QuestionRef>,
    /// The line of the file, when known (from 1).
    pub line: Option<usize>,
    /// What is wrong.
    pub fault: Fault,
}

/// What is wrong with a file or a question in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// The file is not UTF-8 text.
    NotUtf8,
    /// The file is not well-formed XML.
    NotXml,
    /// The XML declares a document type (entities could read files or multiply text).
    DtdRefused,
    /// Well-formed XML, but not a Moodle question export (`<quiz>`).
    NotMoodleXml,
    /// More questions than one import may bring.
    TooManyQuestions {
        /// How many it may.
        limit: usize,
    },
    /// A `{` that no `}` closes.
    UnclosedBrace,
    /// A `}` that no `{` opens, or a second answer block.
    StrayBrace,
    /// A `::title` that no `::` closes.
    UnclosedTitle,
    /// The question has no text.
    NoPrompt,
    /// A choice question with fewer than two choices.
    TooFewChoices,
    /// No answer is marked right.
    NoRightAnswer,
    /// An answer, choice or item with no text.
    EmptyAnswer,
    /// A `%weight%` that is not a percentage.
    BadWeight {
        /// What was written.
        weight: String,
    },
    /// A matching pair without `->`.
    PairWithoutArrow,
    /// A matching question with fewer than two pairs.
    TooFewPairs,
    /// An ordering question with fewer than two items.
    TooFewItems,
    /// A true/false question that says neither which is right.
    NoTrueFalseAnswer,
    /// An embedded answer (`{1:SHORTANSWER:=…}`) that cannot be read.
    BadClozeCode {
        /// Which blank, from 1.
        blank: usize,
    },
    /// A blank with no right answer.
    ClozeNoRightAnswer {
        /// Which blank, from 1.
        blank: usize,
    },
    /// A gap `[[n]]` with no choice `n`.
    UnknownGap {
        /// The gap's number as written.
        gap: usize,
    },
    /// A fill-in-the-blanks question without blanks.
    NoBlanks,
    /// A text longer than [`MAX_TEXT_CHARS`].
    TooLong {
        /// The limit in characters.
        limit: usize,
    },
}

impl Fault {
    fn message(&self, lang: Lang) -> String {
        match self {
            Fault::NotUtf8 => lang.t("import-fault-not-utf8"),
            Fault::NotXml => lang.t("import-fault-not-xml"),
            Fault::DtdRefused => lang.t("import-fault-dtd"),
            Fault::NotMoodleXml => lang.t("import-fault-not-moodle-xml"),
            Fault::TooManyQuestions { limit } => {
                lang.t_args("import-fault-too-many", &[("limit", (*limit).into())])
            }
            Fault::UnclosedBrace => lang.t("import-fault-unclosed-brace"),
            Fault::StrayBrace => lang.t("import-fault-stray-brace"),
            Fault::UnclosedTitle => lang.t("import-fault-unclosed-title"),
            Fault::NoPrompt => lang.t("import-fault-no-prompt"),
            Fault::TooFewChoices => lang.t("import-fault-too-few-choices"),
            Fault::NoRightAnswer => lang.t("import-fault-no-right-answer"),
            Fault::EmptyAnswer => lang.t("import-fault-empty-answer"),
            Fault::BadWeight { weight } => {
                lang.t_args("import-fault-bad-weight", &[("weight", weight.as_str().into())])
            }
            Fault::PairWithoutArrow => lang.t("import-fault-pair-without-arrow"),
            Fault::TooFewPairs => lang.t("import-fault-too-few-pairs"),
            Fault::TooFewItems => lang.t("import-fault-too-few-items"),
            Fault::NoTrueFalseAnswer => lang.t("import-fault-no-true-false"),
            Fault::BadClozeCode { blank } => {
                lang.t_args("import-fault-bad-cloze", &[("blank", (*blank).into())])
            }
            Fault::ClozeNoRightAnswer { blank } => {
                lang.t_args("import-fault-cloze-no-right", &[("blank", (*blank).into())])
            }
            Fault::UnknownGap { gap } => lang.t_args("import-fault-unknown-gap", &[("gap", (*gap).into())]),
            Fault::NoBlanks => lang.t("import-fault-no-blanks"),
            Fault::TooLong { limit } => lang.t_args("import-fault-too-long", &[("limit", (*limit).into())]),
        }
    }
}

impl Problem {
    /// Where and what, in `lang`: "Question 3 (School year), line 12: …".
    pub fn message(&self, lang: Lang) -> String {
        let fault = self.fault.message(lang);
        let line = self.line.unwrap_or_default();
        match (&self.question, self.line) {
            (Some(question), Some(_)) => lang.t_args(
                "import-problem-question-line",
                &[("question", question.label(lang).into()), ("line", line.into()), ("fault", fault.into())],
            ),
            (Some(question), None) => lang.t_args(
                "import-problem-question",
                &[("question", question.label(lang).into()), ("fault", fault.into())],
            ),
            (None, Some(_)) => {
                lang.t_args("import-problem-line", &[("line", line.into()), ("fault", fault.into())])
            }
            (None, None) => fault,
        }
    }

    /// A problem with the file as a whole.
    fn file(fault: Fault, line: Option<usize>) -> Problem {
        Problem { question: None, line, fault }
    }
}

/// The formats a question bank may come in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// GIFT text.
    Gift,
    /// Moodle XML.
    MoodleXml,
}

/// The format of `bytes`: XML starts with `<` (after a byte-order mark and spaces),
/// GIFT never does in practice (a question starting with a tag has its `::title::` or
/// a `//` comment first in every export).
pub fn detect(bytes: &[u8]) -> Format {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'<') => Format::MoodleXml,
        _ => Format::Gift,
    }
}

/// Reads a GIFT or Moodle XML file (see [`detect`]).
pub fn parse(bytes: &[u8]) -> Result<Imported, Vec<Problem>> {
    match detect(bytes) {
        Format::MoodleXml => moodle_xml::parse(bytes),
        Format::Gift => {
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            match std::str::from_utf8(bytes) {
                Ok(text) => gift::parse(text),
                Err(_) => Err(vec![Problem::file(Fault::NotUtf8, None)]),
            }
        }
    }
}

/// What became of one question of a file.
enum Outcome {
    /// Imported, perhaps without some parts (the reasons).
    Mapped(Question, Vec<Reason>),
    /// Left out.
    Skipped(Reason),
}

/// The questions read so far, and the problems.
#[derive(Default)]
struct Collector {
    imported: Imported,
    problems: Vec<Problem>,
}

impl Collector {
    /// Records what became of question `question` (of Moodle kind `kind`, at `line`).
    fn add(
        &mut self,
        question: QuestionRef,
        line: Option<usize>,
        kind: &str,
        outcome: Result<Outcome, Fault>,
    ) {
        let outcome = outcome.and_then(|outcome| match outcome {
            Outcome::Mapped(mapped, notes) => check(&mapped).map(|()| match usable(&mapped) {
                Ok(()) => Outcome::Mapped(mapped, notes),
                Err(detail) => Outcome::Skipped(Reason::NotUsable { detail }),
            }),
            skipped => Ok(skipped),
        });
        let skip = |reason| Skipped { name_or_number: question.clone(), kind: kind.to_owned(), reason };
        match outcome {
            Ok(Outcome::Mapped(mapped, notes)) => {
                self.imported.questions.push(mapped);
                self.imported.skipped.extend(notes.into_iter().map(skip));
            }
            Ok(Outcome::Skipped(reason)) => self.imported.skipped.push(skip(reason)),
            Err(fault) => self.problems.push(Problem { question: Some(question), line, fault }),
        }
    }

    fn finish(self) -> Result<Imported, Vec<Problem>> {
        if !self.problems.is_empty() {
            return Err(self.problems);
        }
        if self.imported.questions.len() > MAX_QUESTIONS {
            return Err(vec![Problem::file(Fault::TooManyQuestions { limit: MAX_QUESTIONS }, None)]);
        }
        Ok(self.imported)
    }
}

/// Checks what altto needs of a question, whichever file it came from.
fn check(question: &Question) -> Result<(), Fault> {
    if question.prompt().trim().is_empty() {
        return Err(Fault::NoPrompt);
    }
    let mut texts: Vec<&str> = vec![question.prompt()];
    match question {
        Question::Single { choices, .. } | Question::Multiple { choices, .. } => {
            if choices.len() < 2 {
                return Err(Fault::TooFewChoices);
            }
            if !filled(choices.iter().map(|c| &c.text)) {
                return Err(Fault::EmptyAnswer);
            }
            // (A single-choice question with several right answers is skipped before.)
            if !choices.iter().any(|c| c.correct) {
                return Err(Fault::NoRightAnswer);
            }
            for choice in choices {
                texts.push(&choice.text);
                texts.extend(choice.feedback.as_deref());
            }
        }
        Question::TrueFalse { .. } => {}
        Question::Short { answers, .. } => {
            if answers.is_empty() {
                return Err(Fault::NoRightAnswer);
            }
            if !filled(answers.iter()) {
                return Err(Fault::EmptyAnswer);
            }
            texts.extend(answers.iter().map(String::as_str));
        }
        Question::Ordering { items, .. } => {
            if items.len() < 2 {
                return Err(Fault::TooFewItems);
            }
            if !filled(items.iter()) {
                return Err(Fault::EmptyAnswer);
            }
            texts.extend(items.iter().map(String::as_str));
        }
        Question::Matching { pairs, distractors, .. } => {
            if pairs.len() < 2 {
                return Err(Fault::TooFewPairs);
            }
            if !filled(pairs.iter().flat_map(|p| [&p.left, &p.right]).chain(distractors)) {
                return Err(Fault::EmptyAnswer);
            }
            texts.extend(pairs.iter().flat_map(|p| [p.left.as_str(), p.right.as_str()]));
            texts.extend(distractors.iter().map(String::as_str));
        }
        Question::Cloze { text, .. } => {
            super::quiz::cloze::parse(text).map_err(|_| Fault::NoBlanks)?;
            texts.push(text);
        }
    }
    match question {
        Question::TrueFalse { feedback_correct, feedback_incorrect, .. }
        | Question::Short { feedback_correct, feedback_incorrect, .. }
        | Question::Ordering { feedback_correct, feedback_incorrect, .. }
        | Question::Matching { feedback_correct, feedback_incorrect, .. }
        | Question::Cloze { feedback_correct, feedback_incorrect, .. } => {
            texts.extend(feedback_correct.as_deref());
            texts.extend(feedback_incorrect.as_deref());
        }
        Question::Single { .. } | Question::Multiple { .. } => {}
    }
    if texts.iter().any(|text| text.chars().count() > MAX_TEXT_CHARS) {
        return Err(Fault::TooLong { limit: MAX_TEXT_CHARS });
    }
    Ok(())
}

/// Whether the quiz editor would save `question` (what it says otherwise): a question
/// that is right for Moodle and not for altto is left out, not an error in the file.
fn usable(question: &Question) -> Result<(), String> {
    let quiz =
        super::content::Quiz { pass_mark: 100, questions: vec![question.clone()], ..Default::default() };
    let about = format!("question 1 ({}) ", question.kind());
    match super::quiz::format::problems(&quiz).first() {
        None => Ok(()),
        Some(problem) => Err(problem.strip_prefix(&about).unwrap_or(problem).to_owned()),
    }
}

/// Whether every one of `texts` has some text.
fn filled<'a>(mut texts: impl Iterator<Item = &'a String>) -> bool {
    texts.all(|text| !text.trim().is_empty())
}

/// Feedback from parts (per-answer feedback and the general feedback), `None` when
/// there is none.
fn join_feedback<'a>(parts: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let parts: Vec<&str> = parts.into_iter().map(str::trim).filter(|p| !p.is_empty()).collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}
