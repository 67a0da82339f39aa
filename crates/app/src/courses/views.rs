//! View models shared by the course templates.

use super::{
    content::{CourseContent, LessonContent, Question},
    quiz::{Answer, Outcome},
};
use crate::i18n::Lang;

/// `ja` when the visitor reads Japanese and a Japanese text exists, else `en`.
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
    /// Title in the visitor's language.
    pub title: String,
    /// Summary in the visitor's language.
    pub summary: String,
    /// Level code.
    pub level: &'static str,
    /// Hours, formatted.
    pub hours: String,
    /// Lessons.
    pub lessons: usize,
    /// Authors, joined.
    pub authors: String,
    /// Licence name.
    pub licence: &'static str,
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
            title: pick(lang, &course.title, &course.title_ja).to_owned(),
            summary: pick(lang, &course.summary, &course.summary_ja).to_owned(),
            level: course.level.as_str(),
            hours: crate::web::format::hours(course.hours),
            lessons: course.lesson_count(),
            authors: course.authors.join(", "),
            licence: course.licence.name(),
            percent: None,
            continue_slug: None,
        }
    }
}

/// One question as the quiz form shows it.
pub struct QuestionView {
    /// Index in the quiz (form field `q{index}`).
    pub index: usize,
    /// `single`, `multiple`, `true_false` or `short`.
    pub kind: &'static str,
    /// The question.
    pub prompt: String,
    /// The choices (text, index, picked).
    pub choices: Vec<(String, usize, bool)>,
    /// The typed answer (short) or `true`/`false` picked.
    pub given: String,
    /// After marking: right or wrong.
    pub correct: Option<bool>,
    /// After marking: feedback lines.
    pub feedback: Vec<String>,
}

/// The quiz questions, with a learner's answers and marks when there are some.
pub fn question_views(
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
            let picked = |i: usize| matches!(&answer, Some(Answer::Choices(set)) if set.contains(&i));
            let choices = match question {
                Question::Single { choices, .. } | Question::Multiple { choices, .. } => {
                    choices.iter().enumerate().map(|(i, c)| (c.text.clone(), i, picked(i))).collect()
                }
                _ => Vec::new(),
            };
            let given = match &answer {
                Some(Answer::Text(text)) => text.clone(),
                Some(Answer::Bool(value)) => value.to_string(),
                _ => String::new(),
            };
            let marked = outcome.and_then(|o| o.questions.get(index));
            QuestionView {
                index,
                kind: question.kind(),
                prompt: question.prompt().to_owned(),
                choices,
                given,
                correct: marked.map(|m| m.correct),
                feedback: marked.map(|m| m.feedback.clone()).unwrap_or_default(),
            }
        })
        .collect()
}
