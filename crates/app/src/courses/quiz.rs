//! Quiz scoring: pure rules, no storage.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization as _;

use super::content::{Question, Quiz};

/// A learner's answer to one question.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    /// Picked choices (by index) for single and multiple choice.
    Choices(BTreeSet<usize>),
    /// True or false.
    Bool(bool),
    /// Typed text.
    Text(String),
}

/// How one question went.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Marked {
    /// Whether the answer is right.
    pub correct: bool,
    /// Feedback to show: the picked choices' feedback, or the right/wrong feedback.
    pub feedback: Vec<String>,
}

/// The result of an attempt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// Percentage of questions answered right, rounded down.
    pub score: u32,
    /// Whether the score reaches the pass mark.
    pub passed: bool,
    /// Each question in order.
    pub questions: Vec<Marked>,
}

/// Why answers cannot be marked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mismatch {
    /// More answers than questions, or a choice the question does not have: answers
    /// meant for another quiz (or a changed one).
    NotThisQuiz,
}

/// Folds a typed answer so that case, surrounding and repeated spaces, and full-width or
/// half-width forms do not matter (ＡＢＣ = abc, ｶﾀｶﾅ = カタカナ).
pub fn fold(text: &str) -> String {
    let folded: String = text.nfkc().collect::<String>().to_lowercase();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
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
    let right = marked.iter().filter(|m| m.correct).count();
    let total = quiz.questions.len().max(1);
    let score = u32::try_from(right * 100 / total).unwrap_or(0);
    Ok(Outcome { score, passed: score >= quiz.pass_mark, questions: marked })
}

fn mark_one(question: &Question, answer: Option<&Answer>) -> Result<Marked, Mismatch> {
    let verdict = |correct: bool, right: &Option<String>, wrong: &Option<String>| Marked {
        correct,
        feedback: if correct { right.clone() } else { wrong.clone() }.into_iter().collect(),
    };
    Ok(match question {
        Question::Single { choices, .. } | Question::Multiple { choices, .. } => {
            let picked = match answer {
                None => BTreeSet::new(),
                Some(Answer::Choices(picked)) => picked.clone(),
                Some(_) => return Err(Mismatch::NotThisQuiz),
            };
            if picked.iter().any(|i| *i >= choices.len())
                || (matches!(question, Question::Single { .. }) && picked.len() > 1)
            {
                return Err(Mismatch::NotThisQuiz);
            }
            let right: BTreeSet<usize> =
                choices.iter().enumerate().filter(|(_, c)| c.correct).map(|(i, _)| i).collect();
            Marked {
                correct: picked == right,
                feedback: picked.iter().filter_map(|i| choices[*i].feedback.clone()).collect(),
            }
        }
        Question::TrueFalse { answer: truth, feedback_correct, feedback_incorrect, .. } => match answer {
            None => verdict(false, feedback_correct, feedback_incorrect),
            Some(Answer::Bool(given)) => verdict(given == truth, feedback_correct, feedback_incorrect),
            Some(_) => return Err(Mismatch::NotThisQuiz),
        },
        Question::Short { answers, feedback_correct, feedback_incorrect, .. } => match answer {
            None => verdict(false, feedback_correct, feedback_incorrect),
            Some(Answer::Text(given)) => {
                let given = fold(given);
                let correct = !given.is_empty() && answers.iter().any(|accepted| fold(accepted) == given);
                verdict(correct, feedback_correct, feedback_incorrect)
            }
            Some(_) => return Err(Mismatch::NotThisQuiz),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::courses::content::Choice;

    fn choice(text: &str, correct: bool) -> Choice {
        Choice { text: text.into(), correct, feedback: Some(format!("about {text}")) }
    }

    fn quiz() -> Quiz {
        Quiz {
            pass_mark: 75,
            questions: vec![
                Question::Single {
                    prompt: "start?".into(),
                    choices: vec![choice("April", true), choice("September", false)],
                },
                Question::Multiple {
                    prompt: "daily?".into(),
                    choices: vec![choice("meeting", true), choice("cleaning", true), choice("siesta", false)],
                },
                Question::TrueFalse {
                    prompt: "2020?".into(),
                    answer: true,
                    feedback_correct: Some("yes".into()),
                    feedback_incorrect: Some("it is true".into()),
                },
                Question::Short {
                    prompt: "homeroom teacher?".into(),
                    answers: vec!["tannin".into(), "担任".into()],
                    feedback_correct: None,
                    feedback_incorrect: Some("担任".into()),
                },
            ],
        }
    }

    fn picks(items: &[usize]) -> Option<Answer> {
        Some(Answer::Choices(items.iter().copied().collect()))
    }

    #[test]
    fn every_question_kind_is_marked_right_and_wrong() {
        let all_right =
            [picks(&[0]), picks(&[0, 1]), Some(Answer::Bool(true)), Some(Answer::Text(" TANNIN ".into()))];
        let outcome = mark(&quiz(), &all_right).unwrap();
        assert_eq!((outcome.score, outcome.passed), (100, true));
        assert_eq!(outcome.questions[0].feedback, vec!["about April".to_owned()]);

        let all_wrong =
            [picks(&[1]), picks(&[0]), Some(Answer::Bool(false)), Some(Answer::Text("kyoto".into()))];
        let outcome = mark(&quiz(), &all_wrong).unwrap();
        assert_eq!((outcome.score, outcome.passed), (0, false));
        assert_eq!(outcome.questions[2].feedback, vec!["it is true".to_owned()]);
        assert_eq!(outcome.questions[3].feedback, vec!["担任".to_owned()]);
    }

    #[test]
    fn multiple_choice_needs_every_right_choice_and_no_wrong_one() {
        let extra = [picks(&[0]), picks(&[0, 1, 2]), None, None];
        let outcome = mark(&quiz(), &extra).unwrap();
        assert!(!outcome.questions[1].correct);
        assert_eq!(outcome.score, 25);
        assert!(!outcome.passed, "25% is below the pass mark of 75%");
    }

    #[test]
    fn short_answers_ignore_case_spacing_and_character_width() {
        assert_eq!(fold("  Ｔａｎｎｉｎ  "), "tannin");
        assert_eq!(fold("ﾀﾝﾆﾝ"), fold("タンニン"));
        assert_eq!(fold("Team   Teaching"), "team teaching");
        let answers = [None, None, None, Some(Answer::Text("担任".into()))];
        assert!(mark(&quiz(), &answers).unwrap().questions[3].correct);
        let blank = [None, None, None, Some(Answer::Text("   ".into()))];
        assert!(!mark(&quiz(), &blank).unwrap().questions[3].correct);
    }

    #[test]
    fn answers_for_another_quiz_are_refused() {
        assert_eq!(mark(&quiz(), &[picks(&[5])]), Err(Mismatch::NotThisQuiz));
        assert_eq!(
            mark(&quiz(), &[picks(&[0, 1])]),
            Err(Mismatch::NotThisQuiz),
            "two picks for a single choice"
        );
        assert_eq!(mark(&quiz(), &[None, None, None, None, None]), Err(Mismatch::NotThisQuiz));
        assert_eq!(mark(&quiz(), &[Some(Answer::Bool(true))]), Err(Mismatch::NotThisQuiz));
    }
}
