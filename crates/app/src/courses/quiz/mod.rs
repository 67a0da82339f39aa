//! Quiz scoring: pure rules, no storage.
//!
//! Answers are kept in the author's order of items (see [`Answer`]); forms and the API
//! speak of items in the order they are shown (see [`shown`]) and are turned into the
//! author's order by [`from_shown`] before marking.

pub mod cloze;
pub mod form;
pub mod format;
pub mod shown;
#[cfg(test)]
mod tests;

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization as _;
use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory as _};

use super::content::{Pair, Question, Quiz};

/// A learner's answer to one question, as JSON: an array of choice indexes, `true` or
/// `false`, a string, or an object whose one key names the kind (`positions`,
/// `matches` or `blanks`), so that no new kind can be read as an older one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    /// Picked choices (by index) for single and multiple choice.
    Choices(BTreeSet<usize>),
    /// True or false.
    Bool(bool),
    /// Typed text.
    Text(String),
    /// Ordering: the position (1 for the first) given to each item, `None` for none.
    Positions {
        /// One per item, in the author's order of items.
        positions: Vec<Option<usize>>,
    },
    /// Matching: the right-hand item chosen for each left item, `None` for none.
    Matches {
        /// One per pair, in order: an index into [`matching_options`].
        matches: Vec<Option<usize>>,
    },
    /// Cloze: the text typed in each blank.
    Blanks {
        /// One per blank, in order.
        blanks: Vec<String>,
    },
}

impl Answer {
    /// Whether nothing was given: no choice picked, nothing typed, nothing placed.
    pub fn is_blank(&self) -> bool {
        match self {
            Answer::Choices(picked) => picked.is_empty(),
            Answer::Bool(_) => false,
            Answer::Text(text) => text.trim().is_empty(),
            Answer::Positions { positions: given } | Answer::Matches { matches: given } => {
                given.iter().all(Option::is_none)
            }
            Answer::Blanks { blanks } => blanks.iter().all(|b| b.trim().is_empty()),
        }
    }
}

/// How an answer went, as a heading says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// All right.
    Right,
    /// Not right, but some of its parts are.
    Partly,
    /// Nothing of it is right.
    Wrong,
}

/// What became of one choice of a choice question.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChoiceVerdict {
    /// Picked, and right.
    PickedRight,
    /// Picked, and not right.
    PickedWrong,
    /// Right, and not picked.
    Missed,
}

/// One choice the learner picked, or a right one they missed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChoiceMark {
    /// The choice's index.
    pub index: usize,
    /// What became of it.
    pub verdict: ChoiceVerdict,
    /// The author's feedback on picking it (only for picked choices).
    pub feedback: Option<String>,
}

/// How many parts of an answer are right: items in place, pairs, or blanks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Parts {
    /// Right parts.
    pub right: usize,
    /// All parts.
    pub of: usize,
}

/// How one question went.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Marked {
    /// Whether the answer is right.
    pub correct: bool,
    /// Right, partly right, or wrong.
    pub verdict: Verdict,
    /// Feedback to show: the picked choices' feedback, or the right/wrong feedback.
    pub feedback: Vec<String>,
    /// Choice questions: each picked choice, right or not, then (multiple choice, when
    /// something was picked) each right choice that was not.
    pub choices: Vec<ChoiceMark>,
    /// Ordering, matching and cloze: how many parts are right.
    pub parts: Option<Parts>,
    /// Cloze: whether each blank is right.
    pub blanks: Vec<bool>,
}

/// The result of an attempt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// Percentage of questions answered right, rounded down.
    pub score: u32,
    /// Whether the score reaches the pass mark.
    pub passed: bool,
    /// Whether the right answers are shown (see [`Outcome::conceal`]).
    pub answers_shown: bool,
    /// Each question in order.
    pub questions: Vec<Marked>,
}

impl Outcome {
    /// Keeps only whether each question is right, partly right or wrong (and the
    /// feedback of questions answered right), for a quiz that does not show this
    /// learner the right answers yet: no missed or wrong choices, no count of right
    /// parts or blanks, no feedback that could give an answer away.
    pub fn conceal(&mut self) {
        self.answers_shown = false;
        for marked in self.questions.iter_mut().filter(|m| !m.correct) {
            marked.feedback.clear();
            marked.choices.clear();
            marked.parts = None;
            marked.blanks.clear();
        }
    }

    /// Names choices by where they are shown (as the API lists them) rather than in the
    /// author's order, for `quiz` of the lesson with id `lesson`.
    pub fn to_shown(&mut self, quiz: &Quiz, lesson: i64) {
        for (i, (question, marked)) in quiz.questions.iter().zip(&mut self.questions).enumerate() {
            if let Question::Single { choices, .. } | Question::Multiple { choices, .. } = question {
                let at = shown::inverse(&choice_order(quiz, lesson, i, choices.len()));
                for mark in &mut marked.choices {
                    mark.index = at.get(mark.index).copied().unwrap_or(mark.index);
                }
            }
        }
    }
}

/// The order in which the `n` choices of question `question` are shown: shuffled (see
/// [`shown::order`]) when the quiz says so, else the author's.
pub fn choice_order(quiz: &Quiz, lesson: i64, question: usize, n: usize) -> Vec<usize> {
    if quiz.shuffle { shown::order(lesson, question, n) } else { (0..n).collect() }
}

/// Why answers cannot be marked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mismatch {
    /// More answers than questions, or an answer that does not fit its question (a
    /// choice or item it does not have, the wrong number of items or blanks): answers
    /// meant for another quiz (or a changed one).
    NotThisQuiz,
    /// No question was answered at all: nothing to mark.
    Unanswered,
}

/// Folds a typed answer so that case, spacing, punctuation, and full-width or
/// half-width forms do not matter: `Team-teaching.` = `team teaching` = `teamteaching`,
/// ＡＢＣ = abc, ｶﾀｶﾅ = カタカナ, `ティーム・ティーチング` = `ティームティーチング`.
/// Spaces go altogether (not only repeated ones) because Japanese is written without
/// them and learners type English compounds both ways.
pub fn fold(text: &str) -> String {
    text.nfkc()
        .flat_map(char::to_lowercase)
        .filter(|c| !c.is_whitespace() && c.general_category_group() != GeneralCategoryGroup::Punctuation)
        .collect()
}

/// The right-hand items of a matching question as answers name them: the pairs' right
/// items in order, then the distractors.
pub fn matching_options<'a>(pairs: &'a [Pair], distractors: &'a [String]) -> Vec<&'a str> {
    pairs.iter().map(|p| p.right.as_str()).chain(distractors.iter().map(String::as_str)).collect()
}

/// Marks `answers` (one per question, `None` for unanswered) against `quiz`.
pub fn mark(quiz: &Quiz, answers: &[Option<Answer>]) -> Result<Outcome, Mismatch> {
    if answers.len() > quiz.questions.len() {
        return Err(Mismatch::NotThisQuiz);
    }
    let mut marked = Vec::with_capacity(quiz.questions.len());
    for (i, question) in quiz.questions.iter().enumerate() {
        let answer = answers.get(i).cloned().flatten();
        marked.push(mark_one(question, answer.as_ref())?);
    }
    if answers.iter().flatten().all(Answer::is_blank) {
        return Err(Mismatch::Unanswered);
    }
    let right = marked.iter().filter(|m| m.correct).count();
    let total = quiz.questions.len().max(1);
    let score = u32::try_from(right * 100 / total).unwrap_or(0);
    Ok(Outcome { score, passed: score >= quiz.pass_mark, answers_shown: true, questions: marked })
}

/// Turns answers that name items by where they are shown (as forms and the API do) into
/// answers in the author's order, for `quiz` of the lesson with id `lesson`.
pub fn from_shown(
    quiz: &Quiz,
    lesson: i64,
    answers: Vec<Option<Answer>>,
) -> Result<Vec<Option<Answer>>, Mismatch> {
    answers
        .into_iter()
        .enumerate()
        .map(|(i, answer)| {
            let Some(question) = quiz.questions.get(i) else { return Err(Mismatch::NotThisQuiz) };
            Ok(match (question, answer) {
                (
                    Question::Single { choices, .. } | Question::Multiple { choices, .. },
                    Some(Answer::Choices(picked)),
                ) if quiz.shuffle => {
                    let order = shown::order(lesson, i, choices.len());
                    let picked = picked
                        .into_iter()
                        .map(|k| order.get(k).copied().ok_or(Mismatch::NotThisQuiz))
                        .collect::<Result<_, _>>()?;
                    Some(Answer::Choices(picked))
                }
                (Question::Ordering { items, .. }, Some(Answer::Positions { positions })) => {
                    if positions.len() != items.len() {
                        return Err(Mismatch::NotThisQuiz);
                    }
                    let mut ordered = vec![None; items.len()];
                    for (item, position) in shown::order(lesson, i, items.len()).into_iter().zip(positions) {
                        ordered[item] = position;
                    }
                    Some(Answer::Positions { positions: ordered })
                }
                (Question::Matching { pairs, distractors, .. }, Some(Answer::Matches { matches })) => {
                    let order = shown::order(lesson, i, pairs.len() + distractors.len());
                    let matches = matches
                        .into_iter()
                        .map(|m| m.map(|k| order.get(k).copied().ok_or(Mismatch::NotThisQuiz)).transpose())
                        .collect::<Result<_, _>>()?;
                    Some(Answer::Matches { matches })
                }
                (_, answer) => answer,
            })
        })
        .collect()
}

fn mark_one(question: &Question, answer: Option<&Answer>) -> Result<Marked, Mismatch> {
    let whole = |correct: bool, right: &Option<String>, wrong: &Option<String>| Marked {
        correct,
        verdict: if correct { Verdict::Right } else { Verdict::Wrong },
        feedback: if correct { right.clone() } else { wrong.clone() }.into_iter().collect(),
        choices: Vec::new(),
        parts: None,
        blanks: Vec::new(),
    };
    let in_parts = |rights: Vec<bool>, right: &Option<String>, wrong: &Option<String>| {
        let parts = Parts { right: rights.iter().filter(|r| **r).count(), of: rights.len() };
        let correct = parts.right == parts.of;
        Marked {
            verdict: match parts.right {
                _ if correct => Verdict::Right,
                0 => Verdict::Wrong,
                _ => Verdict::Partly,
            },
            parts: Some(parts),
            ..whole(correct, right, wrong)
        }
    };
    Ok(match question {
        Question::Single { choices, .. } | Question::Multiple { choices, .. } => {
            let picked = match answer {
                None => BTreeSet::new(),
                Some(Answer::Choices(picked)) => picked.clone(),
                Some(_) => return Err(Mismatch::NotThisQuiz),
            };
            let single = matches!(question, Question::Single { .. });
            if picked.iter().any(|i| *i >= choices.len()) || (single && picked.len() > 1) {
                return Err(Mismatch::NotThisQuiz);
            }
            let right: BTreeSet<usize> =
                choices.iter().enumerate().filter(|(_, c)| c.correct).map(|(i, _)| i).collect();
            let mut marks: Vec<ChoiceMark> = picked
                .iter()
                .map(|i| ChoiceMark {
                    index: *i,
                    verdict: if right.contains(i) {
                        ChoiceVerdict::PickedRight
                    } else {
                        ChoiceVerdict::PickedWrong
                    },
                    feedback: choices[*i].feedback.clone(),
                })
                .collect();
            if !single && !picked.is_empty() {
                marks.extend(right.difference(&picked).map(|i| ChoiceMark {
                    index: *i,
                    verdict: ChoiceVerdict::Missed,
                    feedback: None,
                }));
            }
            let correct = picked == right;
            Marked {
                correct,
                verdict: match () {
                    () if correct => Verdict::Right,
                    () if picked.iter().any(|i| right.contains(i)) => Verdict::Partly,
                    () => Verdict::Wrong,
                },
                feedback: picked.iter().filter_map(|i| choices[*i].feedback.clone()).collect(),
                choices: marks,
                parts: None,
                blanks: Vec::new(),
            }
        }
        Question::TrueFalse { answer: truth, feedback_correct, feedback_incorrect, .. } => match answer {
            None => whole(false, feedback_correct, feedback_incorrect),
            Some(Answer::Bool(given)) => whole(given == truth, feedback_correct, feedback_incorrect),
            Some(_) => return Err(Mismatch::NotThisQuiz),
        },
        Question::Short { answers, feedback_correct, feedback_incorrect, .. } => match answer {
            None => whole(false, feedback_correct, feedback_incorrect),
            Some(Answer::Text(given)) => whole(accepts(answers, given), feedback_correct, feedback_incorrect),
            Some(_) => return Err(Mismatch::NotThisQuiz),
        },
        Question::Ordering { items, feedback_correct, feedback_incorrect, .. } => {
            let positions = match answer {
                None => vec![None; items.len()],
                Some(Answer::Positions { positions }) => positions.clone(),
                Some(_) => return Err(Mismatch::NotThisQuiz),
            };
            let fits = |p: &Option<usize>| p.is_none_or(|p| (1..=items.len()).contains(&p));
            if positions.len() != items.len() || !positions.iter().all(fits) {
                return Err(Mismatch::NotThisQuiz);
            }
            let rights = positions.iter().enumerate().map(|(i, p)| *p == Some(i + 1)).collect();
            in_parts(rights, feedback_correct, feedback_incorrect)
        }
        Question::Matching { pairs, distractors, feedback_correct, feedback_incorrect, .. } => {
            let matches = match answer {
                None => vec![None; pairs.len()],
                Some(Answer::Matches { matches }) => matches.clone(),
                Some(_) => return Err(Mismatch::NotThisQuiz),
            };
            let options = pairs.len() + distractors.len();
            if matches.len() != pairs.len() || matches.iter().flatten().any(|m| *m >= options) {
                return Err(Mismatch::NotThisQuiz);
            }
            let rights = matches.iter().enumerate().map(|(i, m)| *m == Some(i)).collect();
            in_parts(rights, feedback_correct, feedback_incorrect)
        }
        Question::Cloze { text, feedback_correct, feedback_incorrect, .. } => {
            let accepted = cloze::blanks(text).map_err(|_| Mismatch::NotThisQuiz)?;
            let given = match answer {
                None => vec![String::new(); accepted.len()],
                Some(Answer::Blanks { blanks }) => blanks.clone(),
                Some(_) => return Err(Mismatch::NotThisQuiz),
            };
            if given.len() != accepted.len() {
                return Err(Mismatch::NotThisQuiz);
            }
            let rights: Vec<bool> = accepted.iter().zip(&given).map(|(a, g)| accepts(a, g)).collect();
            Marked { blanks: rights.clone(), ..in_parts(rights, feedback_correct, feedback_incorrect) }
        }
    })
}

/// Whether `given` is one of the `accepted` answers, compared [folded](fold).
fn accepts(accepted: &[String], given: &str) -> bool {
    let given = fold(given);
    !given.is_empty() && accepted.iter().any(|a| fold(a) == given)
}
