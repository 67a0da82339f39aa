//! View models shared by the course templates.

use super::{
    content::{CourseContent, LessonContent, Question},
    quiz::{
        Answer, ChoiceVerdict, Marked, Outcome, Verdict, choice_order,
        cloze::{self, Piece},
        matching_options, shown,
    },
};
use fluent_templates::fluent_bundle::FluentValue;

use crate::i18n::Lang;

pub use crate::content::reading::{Reading, Text, lang_attr};

/// `ja` when the visitor reads Japanese and a Japanese text exists, else `en` (the
/// text alone: pages showing content use [`Reading`], which also gives its language).
pub fn pick<'a>(lang: Lang, en: &'a str, ja: &'a Option<String>) -> &'a str {
    match (lang, ja) {
        (Lang::Ja, Some(ja)) if !ja.trim().is_empty() => ja,
        _ => en,
    }
}

/// A course as listed in the catalogue.
pub struct CourseCard {
    /// Address.
    pub slug: String,
    /// Title in the visitor's language where there is one.
    pub title: Text,
    /// Summary in the visitor's language where there is one.
    pub summary: Text,
    /// Level code.
    pub level: &'static str,
    /// The professional-development hours the course declares (those on its
    /// certificate), formatted.
    pub hours: String,
    /// The lessons' own reading and video time added up, in words ("3 h 45 min"),
    /// shown beside the declared hours.
    pub lesson_time: String,
    /// Lessons.
    pub lessons: usize,
    /// Authors, joined.
    pub authors: String,
    /// Licence name, e.g. `CC BY 4.0`.
    pub licence: &'static str,
    /// The licence deed's address.
    pub licence_url: &'static str,
    /// Topics as (slug, label in the reader's language), by label.
    pub topics: Vec<(String, String)>,
    /// Percent done, when started.
    pub percent: Option<usize>,
    /// Where "continue" goes.
    pub continue_slug: Option<String>,
}

impl CourseCard {
    /// The card of `course` for `lang`.
    pub fn new(course: &CourseContent, lang: Lang) -> Self {
        Self {
            slug: course.slug.clone(),
            title: Reading::new(lang, course.language).text(&course.title, &course.title_ja),
            summary: Reading::new(lang, course.language).text(&course.summary, &course.summary_ja),
            level: course.level.as_str(),
            hours: crate::web::format::hours(course.hours),
            lesson_time: {
                let minutes: u32 = course.lessons().map(|(_, lesson)| lesson.minutes).sum();
                let args = [
                    ("hours", fluent_templates::fluent_bundle::FluentValue::from(minutes / 60)),
                    ("minutes", fluent_templates::fluent_bundle::FluentValue::from(minutes % 60)),
                ];
                lang.t_args("course-lesson-time-value", &args)
            },
            lessons: course.lesson_count(),
            authors: course.authors.join(", "),
            licence: course.licence.name(),
            licence_url: course.licence.url(),
            topics: Vec::new(),
            percent: None,
            continue_slug: None,
        }
    }
}

/// One question as the quiz form shows it.
pub struct QuestionView {
    /// Index in the quiz (form field `q{index}`, or `q{index}-{part}`: see
    /// [`crate::courses::quiz::form`]).
    pub index: usize,
    /// The kind, as written in packages (`single`, `ordering`, …).
    pub kind: &'static str,
    /// The question.
    pub prompt: Text,
    /// The choices (text, index, picked).
    pub choices: Vec<(Text, usize, bool)>,
    /// The typed answer (short) or `true`/`false` picked.
    pub given: String,
    /// Ordering: each item where it is shown, with the positions it may be given;
    /// matching: each left item, with the right-hand items as shown.
    pub rows: Vec<SelectRow>,
    /// Matching: whether some right-hand items match nothing.
    pub distractors: bool,
    /// Cloze: the text, each piece followed by a blank (the last perhaps by none).
    pub pieces: Vec<ClozePiece>,
    /// After marking: right or wrong.
    pub correct: Option<bool>,
    /// After marking: the message key of the verdict (`quiz-right`, `quiz-partly`, …).
    pub verdict: &'static str,
    /// After marking: the author's feedback lines.
    pub feedback: Vec<Text>,
    /// After marking a choice question: each picked choice and each missed right one
    /// (message key, choice text, the author's feedback).
    pub choice_marks: Vec<(&'static str, String, Option<Text>)>,
    /// After marking an ordering, matching or cloze question that is not all right:
    /// the message saying how many parts are right.
    pub parts: Option<(&'static str, usize, usize)>,
}

/// One item of an ordering or matching question and its list to choose from.
pub struct SelectRow {
    /// The item.
    pub label: Text,
    /// Its part of the question (form field `q{question}-{part}`).
    pub part: usize,
    /// What may be chosen: (value, text, chosen).
    pub options: Vec<(String, String, bool)>,
}

/// A piece of a cloze text and the blank after it.
pub struct ClozePiece {
    /// Text shown as it is.
    pub text: Text,
    /// The blank that follows, if one does.
    pub blank: Option<BlankView>,
}

/// One blank of a cloze question.
pub struct BlankView {
    /// Its index (form field `q{question}-{index}`).
    pub index: usize,
    /// Its label, "Blank 2 of 3" in the reader's language.
    pub label: String,
    /// What was typed in it.
    pub given: String,
    /// After marking: the message key saying whether it is right.
    pub mark: Option<&'static str>,
}

/// The quiz questions, with a learner's answers (in the author's order) and marks when
/// there are some, as `reading` shows the lesson's texts: a Japanese reader gets the
/// Japanese version of each quiz text where it has one (and each text says its own
/// language when it is not the page's). Answers are by index or position, so the
/// version shown changes nothing in the marking.
pub fn question_views(
    reading: Reading,
    lesson: &LessonContent,
    answers: &[Option<Answer>],
    outcome: Option<&Outcome>,
) -> Vec<QuestionView> {
    let Some(quiz) = &lesson.quiz else { return Vec::new() };
    quiz.questions
        .iter()
        .enumerate()
        .map(|(index, question)| {
            let answer = answers.get(index).cloned().flatten();
            let marked = outcome.and_then(|o| o.questions.get(index));
            let mut view = QuestionView {
                index,
                kind: question.kind(),
                prompt: reading.text(question.prompt(), question.prompt_ja()),
                choices: Vec::new(),
                given: String::new(),
                rows: Vec::new(),
                distractors: false,
                pieces: Vec::new(),
                correct: marked.map(|m| m.correct),
                verdict: match marked.map(|m| m.verdict) {
                    Some(Verdict::Right) => "quiz-right",
                    Some(Verdict::Partly) => "quiz-partly",
                    _ => "quiz-wrong",
                },
                feedback: marked.map(|m| feedback(reading, question, m)).unwrap_or_default(),
                choice_marks: Vec::new(),
                parts: marked.and_then(|m| m.parts).filter(|p| p.right < p.of).map(|p| {
                    let key = match question {
                        Question::Ordering { .. } => "quiz-parts-ordering",
                        Question::Matching { .. } => "quiz-parts-matching",
                        _ => "quiz-parts-cloze",
                    };
                    (key, p.right, p.of)
                }),
            };
            let order = match question {
                Question::Single { choices, .. } | Question::Multiple { choices, .. } => {
                    choice_order(quiz, lesson.id, index, choices.len())
                }
                _ => Vec::new(),
            };
            fill(reading, &mut view, lesson.id, question, answer.as_ref(), marked, &order);
            view
        })
        .collect()
}

/// Fills in what `view` shows of `question` of its kind.
fn fill(
    reading: Reading,
    view: &mut QuestionView,
    lesson: i64,
    question: &Question,
    answer: Option<&Answer>,
    marked: Option<&Marked>,
    choice_order: &[usize],
) {
    match (question, answer) {
        (Question::Single { choices, .. } | Question::Multiple { choices, .. }, _) => {
            let picked = |i: usize| matches!(answer, Some(Answer::Choices(set)) if set.contains(&i));
            // Each choice's value is where it is shown (see `quiz::from_shown`).
            view.choices = choice_order
                .iter()
                .enumerate()
                .filter_map(|(k, i)| {
                    let choice = choices.get(*i)?;
                    Some((reading.text(&choice.text, &choice.text_ja), k, picked(*i)))
                })
                .collect();
            // Feedback on the choices is shown with them, not again as plain lines.
            if let Some(marked) = marked {
                view.feedback.clear();
                view.choice_marks = marked
                    .choices
                    .iter()
                    .filter_map(|mark| {
                        let key = match mark.verdict {
                            ChoiceVerdict::PickedRight => "quiz-choice-picked-right",
                            ChoiceVerdict::PickedWrong => "quiz-choice-picked-wrong",
                            ChoiceVerdict::Missed => "quiz-choice-missed",
                        };
                        let choice = choices.get(mark.index)?;
                        let text = reading.text(&choice.text, &choice.text_ja).text;
                        // The author's feedback, where marking gave it (answers shown).
                        let feedback = mark
                            .feedback
                            .as_ref()
                            .map(|feedback| reading.text(feedback, &choice.feedback_ja));
                        Some((key, text, feedback))
                    })
                    .collect();
            }
        }
        (Question::TrueFalse { .. }, Some(Answer::Bool(value))) => view.given = value.to_string(),
        (Question::Short { .. }, Some(Answer::Text(text))) => view.given = text.clone(),
        (Question::Ordering { items, .. }, _) => {
            let positions = match answer {
                Some(Answer::Positions { positions }) => positions.as_slice(),
                _ => &[],
            };
            let n = items.len();
            let placed = |item: usize| positions.get(item).copied().flatten();
            view.rows = shown::order(lesson, view.index, n)
                .into_iter()
                .enumerate()
                .map(|(k, item)| SelectRow {
                    label: reading.text(&items[item], &None),
                    part: k,
                    options: (1..=n)
                        .map(|p| (p.to_string(), p.to_string(), placed(item) == Some(p)))
                        .collect(),
                })
                .collect();
        }
        (Question::Matching { pairs, distractors, .. }, _) => {
            let options = matching_options(pairs, distractors);
            let order = shown::order(lesson, view.index, options.len());
            view.distractors = !distractors.is_empty();
            let chosen = |i: usize| match answer {
                Some(Answer::Matches { matches }) => matches.get(i).copied().flatten(),
                _ => None,
            };
            view.rows = pairs
                .iter()
                .enumerate()
                .map(|(i, pair)| SelectRow {
                    label: reading.text(&pair.left, &None),
                    part: i,
                    options: order
                        .iter()
                        .enumerate()
                        .map(|(k, o)| (k.to_string(), options[*o].to_owned(), chosen(i) == Some(*o)))
                        .collect(),
                })
                .collect();
        }
        (Question::Cloze { text, .. }, _) => view.pieces = cloze_pieces(reading, text, answer, marked),
        _ => {}
    }
}

/// The pieces of a cloze text with its blanks, as answered and marked.
fn cloze_pieces(
    reading: Reading,
    text: &str,
    answer: Option<&Answer>,
    marked: Option<&Marked>,
) -> Vec<ClozePiece> {
    let Ok(pieces) = cloze::parse(text) else { return Vec::new() };
    let total = pieces.iter().filter(|p| matches!(p, Piece::Blank(_))).count();
    let given = |i: usize| match answer {
        Some(Answer::Blanks { blanks }) => blanks.get(i).cloned().unwrap_or_default(),
        _ => String::new(),
    };
    let mut out: Vec<ClozePiece> = Vec::new();
    let mut text = String::new();
    for piece in pieces {
        match piece {
            Piece::Text(t) => text.push_str(&t),
            Piece::Blank(_) => {
                let index = out.len();
                let mark = marked.and_then(|m| m.blanks.get(index)).map(|right| match right {
                    true => "quiz-blank-right",
                    false => "quiz-blank-wrong",
                });
                let label = reading.page.t_args(
                    "quiz-blank-label",
                    &[
                        ("number", FluentValue::from((index + 1).to_string())),
                        ("total", FluentValue::from(total.to_string())),
                    ],
                );
                let blank = BlankView { index, label, given: given(index), mark };
                let piece = reading.text(&std::mem::take(&mut text), &None);
                out.push(ClozePiece { text: piece, blank: Some(blank) });
            }
        }
    }
    if !text.is_empty() {
        out.push(ClozePiece { text: reading.text(&text, &None), blank: None });
    }
    out
}

/// The author's right/wrong feedback on `question` as marked (none where marking gave
/// none, e.g. with the answers not shown), in the version `reading` shows. Choice
/// questions' feedback is shown with their choices.
fn feedback(reading: Reading, question: &Question, marked: &Marked) -> Vec<Text> {
    match question.feedback_texts() {
        Some([right, wrong, right_ja, wrong_ja]) => {
            let (main, ja) = if marked.correct { (right, right_ja) } else { (wrong, wrong_ja) };
            let shown = main.as_ref().filter(|_| !marked.feedback.is_empty());
            shown.map(|main| reading.text(main, ja)).into_iter().collect()
        }
        None => marked.feedback.iter().map(|line| reading.text(line, &None)).collect(),
    }
}
