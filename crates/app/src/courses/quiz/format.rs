//! A quiz as authors write it: the TOML of a package's `NN-slug.quiz.toml` (and of the
//! lesson editor's quiz box), its checks, and its writer. Reading is serde's (see
//! [`Quiz`]); see `docs/course-format.md` for the format.

use std::{collections::BTreeSet, fmt::Write as _};

use super::{cloze, fold};
use crate::courses::content::{Question, Quiz, ShowAnswers};

/// The part of a quiz a [`QuizProblem`] is about, so an editor can point at its field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// The pass mark.
    PassMark,
    /// After how many attempts answers are shown.
    AnswersAfterAttempts,
    /// The list of questions itself.
    Questions,
    /// A question's prompt.
    Prompt,
    /// A choice question's choices.
    Choices,
    /// A short-answer question's accepted answers.
    Answers,
    /// An ordering question's items.
    Items,
    /// A matching question's pairs.
    Pairs,
    /// A matching question's distractors.
    Distractors,
    /// A cloze question's text.
    Text,
}

/// Which texts of a question a [`Problem::Empty`] or [`Problem::Repeated`] is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// A choice of a choice question.
    Choice,
    /// An item of an ordering question.
    Item,
    /// A left item of a matching question.
    Left,
    /// A right item of a matching question.
    Right,
    /// A distractor of a matching question.
    Distractor,
}

impl Part {
    /// The word the package format's messages use.
    pub fn english(self) -> &'static str {
        match self {
            Part::Choice => "choice",
            Part::Item => "item",
            Part::Left => "left item",
            Part::Right => "right item",
            Part::Distractor => "distractor",
        }
    }
}

/// What is wrong, without words: the package importer says it in English
/// ([`QuizProblem::english`]), the quiz editor in the author's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The pass mark is not from 1 to 100.
    PassMark,
    /// Answers are shown after a number of attempts, but the number is not from 1 to 100.
    AnswersAfterAttempts,
    /// No questions.
    NoQuestions,
    /// A question without a prompt.
    NoPrompt,
    /// A choice question with fewer than two choices (`enough` false), or a wrong
    /// number of right choices: exactly one (`single`) or at least one.
    Choices {
        /// Whether it is single choice.
        single: bool,
        /// Whether it has two or more choices.
        enough: bool,
    },
    /// A short-answer question with no accepted answer.
    NoAcceptedAnswer,
    /// An accepted answer without letters or digits.
    Unmatchable(String),
    /// An ordering question with fewer than two items.
    TooFewItems,
    /// A matching question with fewer than two pairs.
    TooFewPairs,
    /// An empty text.
    Empty(Part),
    /// A text that is there twice (as learners would see it).
    Repeated(Part, String),
    /// A distractor that is also a right item.
    DistractorIsRight(String),
    /// A cloze text that cannot be used.
    Cloze(cloze::ClozeError),
}

/// One problem of a quiz: where it is and what it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuizProblem {
    /// The question's index (from 0), when it is about one.
    pub question: Option<usize>,
    /// The question's kind, as written in packages.
    pub kind: &'static str,
    /// Its field.
    pub field: Field,
    /// What is wrong.
    pub problem: Problem,
}

impl QuizProblem {
    /// The problem as the package format's messages say it (in English, naming the
    /// question and its kind).
    pub fn english(&self) -> String {
        let what = match &self.problem {
            Problem::PassMark => return "pass_mark must be a percentage from 1 to 100".to_owned(),
            Problem::AnswersAfterAttempts => {
                return "answers_after_attempts must be a number of attempts from 1 to 100 \
                        when show_answers = \"after_attempts\""
                    .to_owned();
            }
            Problem::NoQuestions => return "a quiz needs at least one question".to_owned(),
            Problem::NoPrompt => {
                return format!("question {} has no prompt", self.question.unwrap_or_default() + 1);
            }
            Problem::Choices { single: true, .. } => {
                "needs two or more choices, exactly one correct".to_owned()
            }
            Problem::Choices { single: false, .. } => {
                "needs two or more choices, at least one correct".to_owned()
            }
            Problem::NoAcceptedAnswer => "needs at least one accepted answer".to_owned(),
            Problem::Unmatchable(answer) => {
                format!("accepts {answer:?}, which has no letters or digits, so no typed answer can match it")
            }
            Problem::TooFewItems => "needs two or more items to put in order".to_owned(),
            Problem::TooFewPairs => "needs two or more pairs".to_owned(),
            Problem::Empty(part) => format!("has an empty {}", part.english()),
            Problem::Repeated(part, text) => format!("has the {} {text:?} twice", part.english()),
            Problem::DistractorIsRight(text) => {
                format!("has the distractor {text:?}, which is also a right item")
            }
            Problem::Cloze(error) => format!("text: {error}"),
        };
        format!("question {} ({}) {what}", self.question.unwrap_or_default() + 1, self.kind)
    }
}

/// What is wrong with `quiz`, one sentence each, naming the question.
pub fn problems(quiz: &Quiz) -> Vec<String> {
    check(quiz).iter().map(QuizProblem::english).collect()
}

/// What is wrong with `quiz`: the rules every saved quiz follows, whether it comes from
/// a package, the quiz editor or an import. A quiz without problems can be taken and
/// marked.
pub fn check(quiz: &Quiz) -> Vec<QuizProblem> {
    let whole = |field, problem| QuizProblem { question: None, kind: "", field, problem };
    let mut found = Vec::new();
    if !(1..=100).contains(&quiz.pass_mark) {
        found.push(whole(Field::PassMark, Problem::PassMark));
    }
    if quiz.show_answers == ShowAnswers::AfterAttempts
        && !quiz.answers_after_attempts.is_some_and(|n| (1..=100).contains(&n))
    {
        found.push(whole(Field::AnswersAfterAttempts, Problem::AnswersAfterAttempts));
    }
    if quiz.questions.is_empty() {
        found.push(whole(Field::Questions, Problem::NoQuestions));
    }
    for (i, question) in quiz.questions.iter().enumerate() {
        let at = |(field, problem)| QuizProblem { question: Some(i), kind: question.kind(), field, problem };
        if question.prompt().trim().is_empty() {
            found.push(at((Field::Prompt, Problem::NoPrompt)));
        }
        found.extend(problems_of(question).into_iter().map(at));
    }
    found
}

/// What is wrong with one question, with the field each problem is in.
fn problems_of(question: &Question) -> Vec<(Field, Problem)> {
    let mut found = Vec::new();
    match question {
        Question::Single { choices, .. } | Question::Multiple { choices, .. } => {
            let single = matches!(question, Question::Single { .. });
            let right = choices.iter().filter(|c| c.correct).count();
            let enough = choices.len() >= 2;
            if !enough || (single && right != 1) || right == 0 {
                found.push((Field::Choices, Problem::Choices { single, enough }));
            }
            if choices.iter().any(|c| c.text.trim().is_empty()) {
                found.push((Field::Choices, Problem::Empty(Part::Choice)));
            }
        }
        Question::TrueFalse { .. } => {}
        Question::Short { answers, .. } => {
            if answers.iter().all(|a| a.trim().is_empty()) {
                found.push((Field::Answers, Problem::NoAcceptedAnswer));
            }
            found.extend(
                unmatchable(answers.iter().filter(|a| !a.trim().is_empty())).map(|p| (Field::Answers, p)),
            );
        }
        Question::Ordering { items, .. } => {
            if items.len() < 2 {
                found.push((Field::Items, Problem::TooFewItems));
            }
            found.extend(blank_or_repeated(Part::Item, items.iter()).map(|p| (Field::Items, p)));
        }
        Question::Matching { pairs, distractors, .. } => {
            if pairs.len() < 2 {
                found.push((Field::Pairs, Problem::TooFewPairs));
            }
            found.extend(
                blank_or_repeated(Part::Left, pairs.iter().map(|p| &p.left)).map(|p| (Field::Pairs, p)),
            );
            found.extend(
                blank_or_repeated(Part::Right, pairs.iter().map(|p| &p.right)).map(|p| (Field::Pairs, p)),
            );
            found.extend(
                blank_or_repeated(Part::Distractor, distractors.iter()).map(|p| (Field::Distractors, p)),
            );
            let rights: BTreeSet<String> = pairs.iter().map(|p| fold(&p.right)).collect();
            for distractor in distractors.iter().filter(|d| rights.contains(&fold(d))) {
                found.push((Field::Distractors, Problem::DistractorIsRight(distractor.clone())));
            }
        }
        Question::Cloze { text, .. } => match cloze::blanks(text) {
            Err(error) => found.push((Field::Text, Problem::Cloze(error))),
            Ok(blanks) => found.extend(unmatchable(blanks.iter().flatten()).map(|p| (Field::Text, p))),
        },
    }
    found
}

/// A problem for each of `texts` that is empty, or the same as one before it (ignoring
/// what [`fold`] ignores, since learners could not tell them apart).
fn blank_or_repeated<'a>(
    part: Part,
    texts: impl Iterator<Item = &'a String>,
) -> impl Iterator<Item = Problem> {
    let mut seen = BTreeSet::new();
    let mut found = Vec::new();
    for text in texts {
        if text.trim().is_empty() {
            found.push(Problem::Empty(part));
        } else if !seen.insert(fold(text)) {
            found.push(Problem::Repeated(part, text.clone()));
        }
    }
    found.into_iter()
}

/// A problem for each accepted answer that no typed answer could match.
fn unmatchable<'a>(answers: impl Iterator<Item = &'a String>) -> impl Iterator<Item = Problem> {
    answers.filter(|a| fold(a).is_empty()).map(|a| Problem::Unmatchable(a.clone()))
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
    if quiz.show_answers != ShowAnswers::Always {
        let _ = writeln!(out, "show_answers = {}", quote(quiz.show_answers.as_str()));
    }
    if let Some(attempts) = quiz.answers_after_attempts {
        let _ = writeln!(out, "answers_after_attempts = {attempts}");
    }
    if quiz.shuffle {
        out.push_str("shuffle = true\n");
    }
    for question in &quiz.questions {
        let _ = write!(
            out,
            "\n[[questions]]\nkind = {}\nprompt = {}\n",
            quote(question.kind()),
            quote(question.prompt())
        );
        optional(&mut out, "prompt_ja", question.prompt_ja());
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
                    if let Some(text) = &choice.text_ja {
                        fields.push(format!("text_ja = {}", quote(text)));
                    }
                    if let Some(feedback) = &choice.feedback_ja {
                        fields.push(format!("feedback_ja = {}", quote(feedback)));
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
        if let Some([_, _, right_ja, wrong_ja]) = question.feedback_texts() {
            optional(&mut out, "feedback_correct_ja", right_ja);
            optional(&mut out, "feedback_incorrect_ja", wrong_ja);
        }
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
    fn japanese_versions_of_quiz_texts_are_written_back_as_they_read() {
        let read = quiz(
            r#"
[[questions]]
kind = "single"
prompt = "When does the school year start?"
prompt_ja = "学年はいつ始まりますか。"
choices = [
  { text = "April", correct = true, feedback = "Yes.", text_ja = "4月", feedback_ja = "そのとおりです。" },
  { text = "September" },
]

[[questions]]
kind = "true_false"
prompt = "Students clean their classrooms."
prompt_ja = "生徒は自分たちで教室を掃除する。"
answer = true
feedback_correct = "Right."
feedback_correct_ja = "正解です。"
feedback_incorrect_ja = "もう一度考えてみましょう。"
"#,
        );
        let Question::Single { prompt_ja, choices, .. } = &read.questions[0] else { panic!("single") };
        assert_eq!(prompt_ja.as_deref(), Some("学年はいつ始まりますか。"));
        assert_eq!(choices[0].text_ja.as_deref(), Some("4月"));
        assert_eq!(choices[0].feedback_ja.as_deref(), Some("そのとおりです。"));
        assert_eq!(choices[1].text_ja, None);
        let Some([_, _, right_ja, _]) = read.questions[1].feedback_texts() else { panic!("feedback") };
        assert_eq!(right_ja.as_deref(), Some("正解です。"));
        let written = to_toml(&read);
        assert_eq!(toml::from_str::<Quiz>(&written).unwrap(), read, "{written}");
        let stored: Quiz = serde_json::from_str(&serde_json::to_string(&read).unwrap()).unwrap();
        assert_eq!(stored, read);
    }

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
