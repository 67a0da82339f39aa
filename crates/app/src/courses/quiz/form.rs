//! Quiz answers from the lesson page's form.
//!
//! Field names: `q{i}` for question `i` of the older kinds (a choice's index, possibly
//! repeated for multiple choice; `true` or `false`; the typed text). The newer kinds have
//! one field per part, `q{i}-{k}`: for ordering, `k` is where the item is shown and the
//! value its position, `1` to `n`; for matching, `k` is the pair (left item) and the
//! value where the chosen right-hand item is shown, from `0`; for cloze, `k` is the
//! blank and the value the typed text. An empty value is no answer for that part.

use super::{Answer, Mismatch, cloze, from_shown};
use crate::courses::content::{Question, Quiz};

/// The longest text kept from one typed answer or blank.
const MAX_TYPED: usize = 500;

/// Reads the answers to `quiz` of the lesson with id `lesson` from a form's fields; a
/// field that names no question or part of this quiz, or a value that is not of its
/// kind, refuses the whole form.
pub fn read(quiz: &Quiz, lesson: i64, pairs: &[(String, String)]) -> Result<Vec<Option<Answer>>, Mismatch> {
    let mut answers: Vec<Option<Answer>> = vec![None; quiz.questions.len()];
    for (name, value) in pairs {
        let Some(name) = name.strip_prefix('q') else { continue };
        let (index, part) = match name.split_once('-') {
            Some((index, part)) => (index, Some(part.parse::<usize>().map_err(|_| Mismatch::NotThisQuiz)?)),
            None => (name, None),
        };
        let Ok(index) = index.parse::<usize>() else { continue };
        let question = quiz.questions.get(index).ok_or(Mismatch::NotThisQuiz)?;
        let slot = &mut answers[index];
        let number = || value.parse::<usize>().map_err(|_| Mismatch::NotThisQuiz);
        let optional_number = || if value.is_empty() { Ok(None) } else { number().map(Some) };
        match (question, part) {
            (Question::Single { .. } | Question::Multiple { .. }, None) => {
                let choice = number()?;
                match slot {
                    Some(Answer::Choices(set)) => {
                        set.insert(choice);
                    }
                    _ => *slot = Some(Answer::Choices([choice].into())),
                }
            }
            (Question::TrueFalse { .. }, None) => {
                *slot = Some(Answer::Bool(match value.as_str() {
                    "true" => true,
                    "false" => false,
                    _ => return Err(Mismatch::NotThisQuiz),
                }));
            }
            (Question::Short { .. }, None) => *slot = Some(Answer::Text(typed(value))),
            (Question::Ordering { items, .. }, Some(k)) => {
                let positions =
                    part_of(slot, k, items.len(), |n| Answer::Positions { positions: vec![None; n] })?;
                if let Answer::Positions { positions } = positions {
                    positions[k] = optional_number()?;
                }
            }
            (Question::Matching { pairs, .. }, Some(k)) => {
                let matches = part_of(slot, k, pairs.len(), |n| Answer::Matches { matches: vec![None; n] })?;
                if let Answer::Matches { matches } = matches {
                    matches[k] = optional_number()?;
                }
            }
            (Question::Cloze { text, .. }, Some(k)) => {
                let count = cloze::blanks(text).map_err(|_| Mismatch::NotThisQuiz)?.len();
                let blanks = part_of(slot, k, count, |n| Answer::Blanks { blanks: vec![String::new(); n] })?;
                if let Answer::Blanks { blanks } = blanks {
                    blanks[k] = typed(value);
                }
            }
            _ => return Err(Mismatch::NotThisQuiz),
        }
    }
    from_shown(quiz, lesson, answers)
}

/// The answer in `slot`, made with `empty(parts)` on its first part; refuses part `k`
/// of a question with only `parts` parts.
fn part_of(
    slot: &mut Option<Answer>,
    k: usize,
    parts: usize,
    empty: impl FnOnce(usize) -> Answer,
) -> Result<&mut Answer, Mismatch> {
    if k >= parts {
        return Err(Mismatch::NotThisQuiz);
    }
    Ok(slot.get_or_insert_with(|| empty(parts)))
}

fn typed(value: &str) -> String {
    value.chars().take(MAX_TYPED).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::courses::{content::Pair, quiz::shown};

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    fn quiz() -> Quiz {
        Quiz {
            pass_mark: 100,
            questions: vec![
                Question::Ordering {
                    feedback_correct_ja: None,
                    feedback_incorrect_ja: None,
                    prompt_ja: None,
                    prompt: "order".into(),
                    items: vec!["a".into(), "b".into(), "c".into()],
                    feedback_correct: None,
                    feedback_incorrect: None,
                },
                Question::Matching {
                    feedback_correct_ja: None,
                    feedback_incorrect_ja: None,
                    prompt_ja: None,
                    prompt: "match".into(),
                    pairs: vec![
                        Pair { left: "x".into(), right: "1".into() },
                        Pair { left: "y".into(), right: "2".into() },
                    ],
                    distractors: vec![],
                    feedback_correct: None,
                    feedback_incorrect: None,
                },
                Question::Cloze {
                    feedback_correct_ja: None,
                    feedback_incorrect_ja: None,
                    prompt_ja: None,
                    prompt: "fill".into(),
                    text: "{a} and {b}".into(),
                    feedback_correct: None,
                    feedback_incorrect: None,
                },
                Question::TrueFalse {
                    feedback_correct_ja: None,
                    feedback_incorrect_ja: None,
                    prompt_ja: None,
                    prompt: "tf".into(),
                    answer: true,
                    feedback_correct: None,
                    feedback_incorrect: None,
                },
            ],
            ..Quiz::default()
        }
    }

    #[test]
    fn each_part_of_the_newer_kinds_has_its_own_field_read_in_the_shown_order() {
        let lesson = 5;
        let order = shown::order(lesson, 0, 3);
        let options = shown::inverse(&shown::order(lesson, 1, 2));
        let [p0, p1, p2] = [0, 1, 2].map(|k| (order[k] + 1).to_string());
        let [m0, m1] = [0, 1].map(|i| options[i].to_string());
        let form = fields(&[
            ("revision", "1"),
            ("q0-0", &p0),
            ("q0-1", &p1),
            ("q0-2", &p2),
            ("q1-0", &m0),
            ("q1-1", &m1),
            ("q2-0", "A"),
            ("q2-1", ""),
            ("q3", "true"),
        ]);
        let answers = read(&quiz(), lesson, &form).unwrap();
        assert_eq!(
            answers,
            vec![
                Some(Answer::Positions { positions: vec![Some(1), Some(2), Some(3)] }),
                Some(Answer::Matches { matches: vec![Some(0), Some(1)] }),
                Some(Answer::Blanks { blanks: vec!["A".into(), String::new()] }),
                Some(Answer::Bool(true)),
            ]
        );
        let partial = read(&quiz(), lesson, &fields(&[("q0-1", ""), ("q1-1", "")])).unwrap();
        assert_eq!(partial[0], Some(Answer::Positions { positions: vec![None; 3] }));
        assert!(partial[0].as_ref().unwrap().is_blank() && partial[1].as_ref().unwrap().is_blank());
    }

    #[test]
    fn fields_that_name_no_part_of_this_quiz_refuse_the_form() {
        for (name, value) in [
            ("q0-3", "1"),
            ("q0", "1"),
            ("q0-x", "1"),
            ("q0-0", "first"),
            ("q1-2", "0"),
            ("q1-0", "7"),
            ("q2-2", "text"),
            ("q3-0", "true"),
            ("q3", "yes"),
            ("q9", "0"),
        ] {
            assert_eq!(
                read(&quiz(), 5, &fields(&[(name, value)])),
                Err(Mismatch::NotThisQuiz),
                "{name}={value}"
            );
        }
        assert!(read(&quiz(), 5, &fields(&[("question", "1"), ("qx", "1")])).is_ok(), "not quiz fields");
    }
}
