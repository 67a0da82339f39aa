//! A quiz as authors write it: the TOML of a package's `NN-slug.quiz.toml` (and of the
//! lesson editor's quiz box), its checks, and its writer. Reading is serde's (see
//! [`Quiz`]); see `docs/course-format.md` for the format.

use std::{collections::BTreeSet, fmt::Write as _};

use super::{cloze, fold};
use crate::courses::content::{Question, Quiz};

/// What is wrong with `quiz`, one sentence each, naming the question.
pub fn problems(quiz: &Quiz) -> Vec<String> {
    let mut found = Vec::new();
    if !(1..=100).contains(&quiz.pass_mark) {
        found.push("pass_mark must be a percentage from 1 to 100".to_owned());
    }
    if quiz.questions.is_empty() {
        found.push("a quiz needs at least one question".to_owned());
    }
    for (i, question) in quiz.questions.iter().enumerate() {
        let about = format!("question {} ({})", i + 1, question.kind());
        if question.prompt().trim().is_empty() {
            found.push(format!("question {} has no prompt", i + 1));
        }
        found.extend(problems_of(question).into_iter().map(|problem| format!("{about} {problem}")));
    }
    found
}

/// What is wrong with one question, each said after "question N (kind)".
fn problems_of(question: &Question) -> Vec<String> {
    let mut found = Vec::new();
    match question {
        Question::Single { choices, .. } => {
            if choices.len() < 2 || choices.iter().filter(|c| c.correct).count() != 1 {
                found.push("needs two or more choices, exactly one correct".to_owned());
            }
        }
        Question::Multiple { choices, .. } => {
            if choices.len() < 2 || !choices.iter().any(|c| c.correct) {
                found.push("needs two or more choices, at least one correct".to_owned());
            }
        }
        Question::TrueFalse { .. } => {}
        Question::Short { answers, .. } => {
            if answers.iter().all(|a| a.trim().is_empty()) {
                found.push("needs at least one accepted answer".to_owned());
            }
            found.extend(unmatchable(answers.iter().filter(|a| !a.trim().is_empty())));
        }
        Question::Ordering { items, .. } => {
            if items.len() < 2 {
                found.push("needs two or more items to put in order".to_owned());
            }
            found.extend(blank_or_repeated("item", items.iter()));
        }
        Question::Matching { pairs, distractors, .. } => {
            if pairs.len() < 2 {
                found.push("needs two or more pairs".to_owned());
            }
            found.extend(blank_or_repeated("left item", pairs.iter().map(|p| &p.left)));
            found.extend(blank_or_repeated("right item", pairs.iter().map(|p| &p.right)));
            found.extend(blank_or_repeated("distractor", distractors.iter()));
            let rights: BTreeSet<String> = pairs.iter().map(|p| fold(&p.right)).collect();
            for distractor in distractors.iter().filter(|d| rights.contains(&fold(d))) {
                found.push(format!("has the distractor {distractor:?}, which is also a right item"));
            }
        }
        Question::Cloze { text, .. } => match cloze::blanks(text) {
            Err(error) => found.push(format!("text: {error}")),
            Ok(blanks) => found.extend(unmatchable(blanks.iter().flatten())),
        },
    }
    found
}

/// A problem for each of `texts` that is empty, or the same as one before it (ignoring
/// what [`fold`] ignores, since learners could not tell them apart).
fn blank_or_repeated<'a>(what: &str, texts: impl Iterator<Item = &'a String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut found = Vec::new();
    for text in texts {
        if text.trim().is_empty() {
            found.push(format!("has an empty {what}"));
        } else if !seen.insert(fold(text)) {
            found.push(format!("has the {what} {text:?} twice"));
        }
    }
    found
}

/// A problem for each accepted answer that no typed answer could match.
fn unmatchable<'a>(answers: impl Iterator<Item = &'a String>) -> Vec<String> {
    answers
        .filter(|a| fold(a).is_empty())
        .map(|a| format!("accepts {a:?}, which has no letters or digits, so no typed answer can match it"))
        .collect()
}

/// A TOML string literal for `text`.
pub fn quote(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// `key = "value"` on its own line, when there is a value.
pub fn optional(out: &mut String, key: &str, value: &Option<String>) {
    if let Some(value) = value {
        let _ = writeln!(out, "{key} = {}", quote(value));
    }
}

/// A TOML array of strings.
pub fn list(items: &[String]) -> String {
    format!("[{}]", items.iter().map(|i| quote(i)).collect::<Vec<_>>().join(", "))
}

/// `quiz` as TOML, as authors write it; reading it back gives the same quiz.
pub fn to_toml(quiz: &Quiz) -> String {
    let mut out = format!("pass_mark = {}\n", quiz.pass_mark);
    for question in &quiz.questions {
        let _ = write!(
            out,
            "\n[[questions]]\nkind = {}\nprompt = {}\n",
            quote(question.kind()),
            quote(question.prompt())
        );
        let (feedback_correct, feedback_incorrect) = match question {
            Question::Single { choices, .. } | Question::Multiple { choices, .. } => {
                out.push_str("choices = [\n");
                for choice in choices {
                    let mut fields = vec![format!("text = {}", quote(&choice.text))];
                    if choice.correct {
                        fields.push("correct = true".into());
                    }
                    if let Some(feedback) = &choice.feedback {
                        fields.push(format!("feedback = {}", quote(feedback)));
                    }
                    let _ = writeln!(out, "  {{ {} }},", fields.join(", "));
                }
                out.push_str("]\n");
                continue;
            }
            Question::TrueFalse { answer, feedback_correct, feedback_incorrect, .. } => {
                let _ = writeln!(out, "answer = {answer}");
                (feedback_correct, feedback_incorrect)
            }
            Question::Short { answers, feedback_correct, feedback_incorrect, .. } => {
                let _ = writeln!(out, "answers = {}", list(answers));
                (feedback_correct, feedback_incorrect)
            }
            Question::Ordering { items, feedback_correct, feedback_incorrect, .. } => {
                out.push_str("items = [\n");
                for item in items {
                    let _ = writeln!(out, "  {},", quote(item));
                }
                out.push_str("]\n");
                (feedback_correct, feedback_incorrect)
            }
            Question::Matching { pairs, distractors, feedback_correct, feedback_incorrect, .. } => {
                out.push_str("pairs = [\n");
                for pair in pairs {
                    let _ = writeln!(
                        out,
                        "  {{ left = {}, right = {} }},",
                        quote(&pair.left),
                        quote(&pair.right)
                    );
                }
                out.push_str("]\n");
                if !distractors.is_empty() {
                    let _ = writeln!(out, "distractors = {}", list(distractors));
                }
                (feedback_correct, feedback_incorrect)
            }
            Question::Cloze { text, feedback_correct, feedback_incorrect, .. } => {
                let _ = writeln!(out, "text = {}", quote(text));
                (feedback_correct, feedback_incorrect)
            }
        };
        optional(&mut out, "feedback_correct", feedback_correct);
        optional(&mut out, "feedback_incorrect", feedback_incorrect);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quiz(questions: &str) -> Quiz {
        toml::from_str(&format!("pass_mark = 50\n{questions}")).unwrap()
    }

    const NEW_KINDS: &str = r#"
[[questions]]
kind = "ordering"
prompt = "Put the parts of the lesson in order."
items = ["Greeting", "Warm-up", "Main activity", "Review"]
feedback_incorrect = "A lesson opens with a greeting."

[[questions]]
kind = "matching"
prompt = "Match each role with its English name."
pairs = [
  { left = "担任", right = "homeroom teacher" },
  { left = "校長", right = "principal" },
]
distractors = ["school nurse"]

[[questions]]
kind = "cloze"
prompt = "Fill in the blanks."
text = 'The year starts in {April|4月}; write \{ for a brace.'
feedback_correct = "Yes."
"#;

    #[test]
    fn ordering_matching_and_cloze_questions_are_written_back_as_they_read() {
        let read = quiz(NEW_KINDS);
        assert!(problems(&read).is_empty(), "{:?}", problems(&read));
        let written = to_toml(&read);
        let again: Quiz = toml::from_str(&written).unwrap();
        assert_eq!(again, read);
        assert_eq!(to_toml(&again), written);
        assert!(written.contains("{ left = \"担任\", right = \"homeroom teacher\" },"), "{written}");
    }

    #[test]
    fn the_quiz_example_in_the_format_document_is_a_valid_quiz_of_every_kind() {
        let doc = include_str!("../../../../../docs/course-format.md");
        let section = doc.split("## Quizzes").nth(1).unwrap();
        let example = section.split("```toml\n").nth(1).unwrap().split("```").next().unwrap();
        let read: Quiz = toml::from_str(example).unwrap();
        assert_eq!(problems(&read), Vec::<String>::new());
        let kinds: Vec<&str> = read.questions.iter().map(Question::kind).collect();
        assert_eq!(kinds, ["single", "multiple", "true_false", "short", "ordering", "matching", "cloze"]);
    }

    #[test]
    fn each_broken_question_of_the_newer_kinds_is_named_with_what_is_wrong() {
        let broken = quiz(
            r#"
[[questions]]
kind = "ordering"
prompt = "One item"
items = ["Greeting"]

[[questions]]
kind = "ordering"
prompt = "Twice"
items = ["Greeting", "greeting.", ""]

[[questions]]
kind = "matching"
prompt = "One pair"
pairs = [{ left = "a", right = "b" }]

[[questions]]
kind = "matching"
prompt = "Repeats"
pairs = [{ left = "a", right = "x" }, { left = "a", right = "x" }, { left = "c", right = "z" }]
distractors = ["Z"]

[[questions]]
kind = "cloze"
prompt = "No blanks"
text = "Nothing to fill in."

[[questions]]
kind = "cloze"
prompt = "Unclosed"
text = "Starts in {April."

[[questions]]
kind = "cloze"
prompt = "Empty"
text = "Starts in {April} and ends in {}."

[[questions]]
kind = "short"
prompt = "Dots"
answers = ["tannin", "..."]
"#,
        );
        let found = problems(&broken);
        let expected = [
            "question 1 (ordering) needs two or more items to put in order",
            "question 2 (ordering) has the item \"greeting.\" twice",
            "question 2 (ordering) has an empty item",
            "question 3 (matching) needs two or more pairs",
            "question 4 (matching) has the left item \"a\" twice",
            "question 4 (matching) has the right item \"x\" twice",
            "question 4 (matching) has the distractor \"Z\", which is also a right item",
            "question 5 (cloze) text: the text needs at least one blank, written {answer}",
            "question 6 (cloze) text: a { opens a blank that no } closes (write \\{ for a brace)",
            "question 7 (cloze) text: blank 2 has an empty answer",
            "question 8 (short) accepts \"...\", which has no letters or digits, so no typed answer can match it",
        ];
        assert_eq!(found, expected.map(String::from).to_vec());
    }
}
