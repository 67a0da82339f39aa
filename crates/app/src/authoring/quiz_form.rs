//! The quiz editor's form, without HTTP: what the author typed (a [`QuizDraft`], kept
//! as typed so a refused form shows it again), the buttons that change it without
//! saving ([`Action`]), and the quiz it makes — checked by the same rules as a
//! package's quiz ([`quiz_format::check`]), so the editor never saves a quiz that
//! cannot be taken and marked.
//!
//! Field names: `pass_mark`, `show_answers`, `answers_after_attempts`, `shuffle`; per
//! question `i` (from 0) `q{i}-kind`, `q{i}-prompt`, `q{i}-feedback_correct`,
//! `q{i}-feedback_incorrect`, and by kind `q{i}-c{k}-text`, `q{i}-c{k}-feedback`,
//! `q{i}-c{k}-correct` (choices), `q{i}-answer` (`true`/`false`), `q{i}-answers`
//! (accepted answers, one a line), `q{i}-items` (in the right order, one a line),
//! `q{i}-p{k}-left`, `q{i}-p{k}-right`, `q{i}-distractors` (one a line), `q{i}-text`
//! (cloze). The Japanese versions (optional): `q{i}-prompt_ja`,
//! `q{i}-feedback_correct_ja`, `q{i}-feedback_incorrect_ja`, `q{i}-c{k}-text_ja`,
//! `q{i}-c{k}-feedback_ja`.

use std::collections::BTreeMap;

use crate::{
    courses::{
        content::{Choice, Pair, Question, Quiz, ShowAnswers},
        quiz::format::{self as quiz_format, Field, Problem},
    },
    web::forms::{Pairs, clean_text, field},
};

/// The most questions a quiz may have in the editor.
pub const MAX_QUESTIONS: usize = 100;
/// The most choices or pairs of one question.
pub const MAX_ROWS: usize = 30;
/// How many empty choice (or pair) rows a new question starts with.
const NEW_ROWS: usize = 3;

/// A question's kind, as the editor offers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Single choice.
    Single,
    /// Multiple choice.
    Multiple,
    /// True or false.
    TrueFalse,
    /// Short typed answer.
    Short,
    /// Put in order.
    Ordering,
    /// Match pairs.
    Matching,
    /// Fill in the blanks.
    Cloze,
}

impl Kind {
    /// Every kind, in the order the editor offers them.
    pub const ALL: [Kind; 7] = [
        Kind::Single,
        Kind::Multiple,
        Kind::TrueFalse,
        Kind::Short,
        Kind::Ordering,
        Kind::Matching,
        Kind::Cloze,
    ];

    /// The code, as written in packages.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Single => "single",
            Kind::Multiple => "multiple",
            Kind::TrueFalse => "true_false",
            Kind::Short => "short",
            Kind::Ordering => "ordering",
            Kind::Matching => "matching",
            Kind::Cloze => "cloze",
        }
    }

    /// The kind with code `code`.
    pub fn parse(code: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.as_str() == code)
    }

    /// Whether its questions have choices.
    pub fn has_choices(self) -> bool {
        matches!(self, Kind::Single | Kind::Multiple)
    }
}

/// A choice as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChoiceDraft {
    /// Its text.
    pub text: String,
    /// Marked correct.
    pub correct: bool,
    /// Shown when picked.
    pub feedback: String,
    /// The Japanese version of the text.
    pub text_ja: String,
    /// The Japanese version of the feedback.
    pub feedback_ja: String,
}

/// A question as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionDraft {
    /// Its kind.
    pub kind: Kind,
    /// The question.
    pub prompt: String,
    /// Single and multiple choice: the choices.
    pub choices: Vec<ChoiceDraft>,
    /// True or false: the right answer.
    pub truth: bool,
    /// Short answer: accepted answers, one a line.
    pub answers: String,
    /// Ordering: the items in the right order, one a line.
    pub items: String,
    /// Matching: the pairs (left, right).
    pub pairs: Vec<(String, String)>,
    /// Matching: right-hand items that match nothing, one a line.
    pub distractors: String,
    /// Cloze: the text with its blanks.
    pub text: String,
    /// Shown for a right answer.
    pub feedback_correct: String,
    /// Shown for a wrong answer.
    pub feedback_incorrect: String,
    /// The Japanese version of the question.
    pub prompt_ja: String,
    /// The Japanese version of `feedback_correct`.
    pub feedback_correct_ja: String,
    /// The Japanese version of `feedback_incorrect`.
    pub feedback_incorrect_ja: String,
}

impl QuestionDraft {
    /// A new, empty question of `kind`.
    pub fn new(kind: Kind) -> Self {
        let rows = if matches!(kind, Kind::Single | Kind::Multiple | Kind::Matching) { NEW_ROWS } else { 0 };
        Self {
            kind,
            prompt: String::new(),
            choices: if kind.has_choices() { vec![ChoiceDraft::default(); rows] } else { Vec::new() },
            truth: true,
            answers: String::new(),
            items: String::new(),
            pairs: if kind == Kind::Matching { vec![Default::default(); rows] } else { Vec::new() },
            distractors: String::new(),
            text: String::new(),
            feedback_correct: String::new(),
            feedback_incorrect: String::new(),
            prompt_ja: String::new(),
            feedback_correct_ja: String::new(),
            feedback_incorrect_ja: String::new(),
        }
    }

    /// `question` as the editor shows it.
    pub fn of(question: &Question) -> Self {
        let lines = |items: &[String]| items.join("\n");
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        let kind = Kind::parse(question.kind()).unwrap_or(Kind::Single);
        let mut draft = QuestionDraft {
            prompt: question.prompt().to_owned(),
            prompt_ja: text(question.prompt_ja()),
            ..QuestionDraft::new(kind)
        };
        if let Some([_, _, right_ja, wrong_ja]) = question.feedback_texts() {
            draft.feedback_correct_ja = text(right_ja);
            draft.feedback_incorrect_ja = text(wrong_ja);
        }
        let (right, wrong) = match question {
            Question::Single { choices, .. } | Question::Multiple { choices, .. } => {
                draft.choices = choices
                    .iter()
                    .map(|c| ChoiceDraft {
                        text: c.text.clone(),
                        correct: c.correct,
                        feedback: text(&c.feedback),
                        text_ja: text(&c.text_ja),
                        feedback_ja: text(&c.feedback_ja),
                    })
                    .collect();
                (&None, &None)
            }
            Question::TrueFalse { answer, feedback_correct, feedback_incorrect, .. } => {
                draft.truth = *answer;
                (feedback_correct, feedback_incorrect)
            }
            Question::Short { answers, feedback_correct, feedback_incorrect, .. } => {
                draft.answers = lines(answers);
                (feedback_correct, feedback_incorrect)
            }
            Question::Ordering { items, feedback_correct, feedback_incorrect, .. } => {
                draft.items = lines(items);
                (feedback_correct, feedback_incorrect)
            }
            Question::Matching { pairs, distractors, feedback_correct, feedback_incorrect, .. } => {
                draft.pairs = pairs.iter().map(|p| (p.left.clone(), p.right.clone())).collect();
                draft.distractors = lines(distractors);
                (feedback_correct, feedback_incorrect)
            }
            Question::Cloze { text: cloze, feedback_correct, feedback_incorrect, .. } => {
                draft.text = cloze.clone();
                (feedback_correct, feedback_incorrect)
            }
        };
        draft.feedback_correct = text(right);
        draft.feedback_incorrect = text(wrong);
        draft
    }
}

/// A quiz as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuizDraft {
    /// The pass mark, as typed.
    pub pass_mark: String,
    /// When answers are shown.
    pub show_answers: ShowAnswers,
    /// After how many attempts, as typed.
    pub answers_after_attempts: String,
    /// Whether choices are shuffled.
    pub shuffle: bool,
    /// The questions in order.
    pub questions: Vec<QuestionDraft>,
}

impl QuizDraft {
    /// `quiz` as the editor shows it; a new quiz when there is none.
    pub fn of(quiz: Option<&Quiz>) -> Self {
        match quiz {
            Some(quiz) => QuizDraft {
                pass_mark: quiz.pass_mark.to_string(),
                show_answers: quiz.show_answers,
                answers_after_attempts: quiz
                    .answers_after_attempts
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
                shuffle: quiz.shuffle,
                questions: quiz.questions.iter().map(QuestionDraft::of).collect(),
            },
            None => QuizDraft {
                pass_mark: "70".into(),
                show_answers: ShowAnswers::Always,
                answers_after_attempts: String::new(),
                shuffle: false,
                questions: Vec::new(),
            },
        }
    }

    /// The draft a submitted form holds. Fields that name no question of it, or rows
    /// past the limits, are ignored: the editor's own form never sends them.
    pub fn read(pairs: &Pairs) -> Self {
        let mut questions: BTreeMap<usize, QuestionDraft> = BTreeMap::new();
        for (name, value) in pairs {
            if let Some((i, "kind")) = question_field(name)
                && let Some(kind) = Kind::parse(value)
            {
                questions.entry(i).or_insert_with(|| QuestionDraft {
                    choices: Vec::new(),
                    pairs: Vec::new(),
                    ..QuestionDraft::new(kind)
                });
            }
        }
        let mut choices: BTreeMap<(usize, usize), ChoiceDraft> = BTreeMap::new();
        let mut pair_rows: BTreeMap<(usize, usize), (String, String)> = BTreeMap::new();
        for (name, value) in pairs {
            let Some((i, rest)) = question_field(name) else { continue };
            let Some(question) = questions.get_mut(&i) else { continue };
            let value = value.replace("\r\n", "\n");
            match rest {
                "prompt" => question.prompt = value,
                "feedback_correct" => question.feedback_correct = value,
                "feedback_incorrect" => question.feedback_incorrect = value,
                "prompt_ja" => question.prompt_ja = value,
                "feedback_correct_ja" => question.feedback_correct_ja = value,
                "feedback_incorrect_ja" => question.feedback_incorrect_ja = value,
                "answer" => question.truth = value != "false",
                "answers" => question.answers = value,
                "items" => question.items = value,
                "distractors" => question.distractors = value,
                "text" => question.text = value,
                _ => match row_field(rest) {
                    Some(('c', k, part)) if question.kind.has_choices() => {
                        let choice = choices.entry((i, k)).or_default();
                        match part {
                            "text" => choice.text = value,
                            "feedback" => choice.feedback = value,
                            "text_ja" => choice.text_ja = value,
                            "feedback_ja" => choice.feedback_ja = value,
                            "correct" => choice.correct = true,
                            _ => {}
                        }
                    }
                    Some(('p', k, part)) if question.kind == Kind::Matching => {
                        let pair = pair_rows.entry((i, k)).or_default();
                        match part {
                            "left" => pair.0 = value,
                            "right" => pair.1 = value,
                            _ => {}
                        }
                    }
                    _ => {}
                },
            }
        }
        for ((i, _), choice) in choices {
            if let Some(question) = questions.get_mut(&i) {
                question.choices.push(choice);
            }
        }
        for ((i, _), pair) in pair_rows {
            if let Some(question) = questions.get_mut(&i) {
                question.pairs.push(pair);
            }
        }
        let after = field(pairs, "show_answers");
        QuizDraft {
            pass_mark: field(pairs, "pass_mark").trim().to_owned(),
            show_answers: ShowAnswers::ALL.into_iter().find(|s| s.as_str() == after).unwrap_or_default(),
            answers_after_attempts: field(pairs, "answers_after_attempts").trim().to_owned(),
            shuffle: !field(pairs, "shuffle").is_empty(),
            questions: questions.into_values().collect(),
        }
    }

    /// Applies the button `action` (see [`Action`]).
    pub fn apply(&mut self, action: Action) {
        let n = self.questions.len();
        match action {
            Action::Add(kind) if n < MAX_QUESTIONS => self.questions.push(QuestionDraft::new(kind)),
            Action::AddRow(i) => {
                if let Some(question) = self.questions.get_mut(i) {
                    if question.kind.has_choices() && question.choices.len() < MAX_ROWS {
                        question.choices.push(ChoiceDraft::default());
                    } else if question.kind == Kind::Matching && question.pairs.len() < MAX_ROWS {
                        question.pairs.push(Default::default());
                    }
                }
            }
            Action::Up(i) if (1..n).contains(&i) => self.questions.swap(i - 1, i),
            Action::Down(i) if i + 1 < n => self.questions.swap(i, i + 1),
            Action::Remove(i) if i < n => {
                self.questions.remove(i);
            }
            _ => {}
        }
    }

    /// The quiz this draft makes, or what is wrong with it, each at its field. Rows
    /// left wholly empty (Japanese texts included) are dropped; lines are trimmed and
    /// empty lines dropped. Japanese texts are optional, with the same length limits.
    pub fn quiz(&self) -> Result<Quiz, Vec<FieldProblem>> {
        let mut found = Found(Vec::new());
        let number = |typed: &str| typed.parse::<u32>().unwrap_or(0);
        let optional = |text: String| (!text.is_empty()).then_some(text);
        let mut questions = Vec::with_capacity(self.questions.len());
        for (i, q) in self.questions.iter().enumerate() {
            let id = |name: &str| format!("q{i}-{name}");
            let prompt = found.text(id("prompt"), i, &q.prompt, 2000);
            let feedback_correct = optional(found.text(id("feedback_correct"), i, &q.feedback_correct, 2000));
            let feedback_incorrect =
                optional(found.text(id("feedback_incorrect"), i, &q.feedback_incorrect, 2000));
            let prompt_ja = optional(found.text(id("prompt_ja"), i, &q.prompt_ja, 2000));
            let feedback_correct_ja =
                optional(found.text(id("feedback_correct_ja"), i, &q.feedback_correct_ja, 2000));
            let feedback_incorrect_ja =
                optional(found.text(id("feedback_incorrect_ja"), i, &q.feedback_incorrect_ja, 2000));
            questions.push(match q.kind {
                Kind::Single | Kind::Multiple => {
                    let mut choices = Vec::new();
                    for (k, c) in q.choices.iter().enumerate() {
                        let text = found.text(format!("q{i}-c{k}-text"), i, &c.text, 1000);
                        let feedback = found.text(format!("q{i}-c{k}-feedback"), i, &c.feedback, 2000);
                        let text_ja = found.text(format!("q{i}-c{k}-text_ja"), i, &c.text_ja, 1000);
                        let feedback_ja =
                            found.text(format!("q{i}-c{k}-feedback_ja"), i, &c.feedback_ja, 2000);
                        let texts = [&text, &feedback, &text_ja, &feedback_ja];
                        if texts.iter().all(|t| t.is_empty()) && !c.correct {
                            continue;
                        }
                        choices.push(Choice {
                            text,
                            correct: c.correct,
                            feedback: optional(feedback),
                            text_ja: optional(text_ja),
                            feedback_ja: optional(feedback_ja),
                        });
                    }
                    if q.kind == Kind::Single {
                        Question::Single { prompt_ja, prompt, choices }
                    } else {
                        Question::Multiple { prompt_ja, prompt, choices }
                    }
                }
                Kind::TrueFalse => Question::TrueFalse {
                    feedback_correct_ja,
                    feedback_incorrect_ja,
                    prompt_ja,
                    prompt,
                    answer: q.truth,
                    feedback_correct,
                    feedback_incorrect,
                },
                Kind::Short => {
                    let answers = found.lines(id("answers"), i, &q.answers);
                    Question::Short {
                        feedback_correct_ja,
                        feedback_incorrect_ja,
                        prompt_ja,
                        prompt,
                        answers,
                        feedback_correct,
                        feedback_incorrect,
                    }
                }
                Kind::Ordering => {
                    let items = found.lines(id("items"), i, &q.items);
                    Question::Ordering {
                        feedback_correct_ja,
                        feedback_incorrect_ja,
                        prompt_ja,
                        prompt,
                        items,
                        feedback_correct,
                        feedback_incorrect,
                    }
                }
                Kind::Matching => {
                    let distractors = found.lines(id("distractors"), i, &q.distractors);
                    let mut pairs = Vec::new();
                    for (k, (left, right)) in q.pairs.iter().enumerate() {
                        let left = found.text(format!("q{i}-p{k}-left"), i, left, 1000);
                        let right = found.text(format!("q{i}-p{k}-right"), i, right, 1000);
                        if !(left.is_empty() && right.is_empty()) {
                            pairs.push(Pair { left, right });
                        }
                    }
                    Question::Matching {
                        feedback_correct_ja,
                        feedback_incorrect_ja,
                        prompt_ja,
                        prompt,
                        pairs,
                        distractors,
                        feedback_correct,
                        feedback_incorrect,
                    }
                }
                Kind::Cloze => {
                    let text = found.text(id("text"), i, &q.text, 10_000);
                    Question::Cloze {
                        feedback_correct_ja,
                        feedback_incorrect_ja,
                        prompt_ja,
                        prompt,
                        text,
                        feedback_correct,
                        feedback_incorrect,
                    }
                }
            });
        }
        let after = self.show_answers == ShowAnswers::AfterAttempts;
        let quiz = Quiz {
            pass_mark: number(&self.pass_mark),
            show_answers: self.show_answers,
            answers_after_attempts: after.then(|| number(&self.answers_after_attempts)),
            shuffle: self.shuffle,
            questions,
        };
        let mut found = found.0;
        found.extend(quiz_format::check(&quiz).into_iter().map(|problem| FieldProblem {
            id: field_id(problem.question, problem.field),
            question: problem.question,
            what: What::Rule(problem.problem),
        }));
        if found.is_empty() { Ok(quiz) } else { Err(found) }
    }
}

/// The problems found while reading a draft's texts.
struct Found(Vec<FieldProblem>);

impl Found {
    /// The trimmed text of field `id` of question `question`; empty, and a problem,
    /// when it is longer than `max` characters.
    fn text(&mut self, id: String, question: usize, value: &str, max: usize) -> String {
        match clean_text(value, max) {
            Some(text) => text,
            None => {
                self.0.push(FieldProblem { id, question: Some(question), what: What::TooLong(max) });
                String::new()
            }
        }
    }

    /// The non-empty lines of field `id`, trimmed.
    fn lines(&mut self, id: String, question: usize, value: &str) -> Vec<String> {
        let text = self.text(id, question, value, 10_000);
        text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
    }
}

/// `q{i}-{rest}` → `(i, rest)`.
fn question_field(name: &str) -> Option<(usize, &str)> {
    let (index, rest) = name.strip_prefix('q')?.split_once('-')?;
    let index = index.parse().ok().filter(|i| *i < MAX_QUESTIONS)?;
    Some((index, rest))
}

/// `c{k}-{part}` or `p{k}-{part}` → `('c' or 'p', k, part)`.
fn row_field(rest: &str) -> Option<(char, usize, &str)> {
    let (row, part) = rest.split_once('-')?;
    let mut chars = row.chars();
    let letter = chars.next()?;
    let k = chars.as_str().parse().ok().filter(|k| *k < MAX_ROWS)?;
    Some((letter, k, part))
}

/// The id of the form field where a problem with `field` of question `question` is
/// shown (the first of its rows, for choices and pairs).
pub fn field_id(question: Option<usize>, field: Field) -> String {
    let i = question.unwrap_or_default();
    match field {
        Field::PassMark => "pass_mark".into(),
        Field::AnswersAfterAttempts => "answers_after_attempts".into(),
        Field::Questions => "add-question".into(),
        Field::Prompt => format!("q{i}-prompt"),
        Field::Choices => format!("q{i}-c0-text"),
        Field::Answers => format!("q{i}-answers"),
        Field::Items => format!("q{i}-items"),
        Field::Pairs => format!("q{i}-p0-left"),
        Field::Distractors => format!("q{i}-distractors"),
        Field::Text => format!("q{i}-text"),
    }
}

/// What is wrong with one field of the editor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldProblem {
    /// The id of the field.
    pub id: String,
    /// The question (from 0), when it is about one.
    pub question: Option<usize>,
    /// What is wrong.
    pub what: What,
}

/// What is wrong with a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum What {
    /// Longer than this many characters.
    TooLong(usize),
    /// A rule of every quiz (see [`quiz_format::check`]).
    Rule(Problem),
}

/// A button of the editor's form: all but `Save` change the form without saving.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Save the quiz (`save`).
    Save,
    /// Add a question of a kind (`add:{kind}`).
    Add(Kind),
    /// Add a choice or a pair to question `i` (`add-row:{i}`).
    AddRow(usize),
    /// Move question `i` up (`up:{i}`).
    Up(usize),
    /// Move question `i` down (`down:{i}`).
    Down(usize),
    /// Remove question `i` (`remove:{i}`).
    Remove(usize),
}

impl Action {
    /// The action a button's value names; `None` for none of them.
    pub fn parse(value: &str) -> Option<Action> {
        if value == "save" {
            return Some(Action::Save);
        }
        let (verb, what) = value.split_once(':')?;
        let index = || what.parse::<usize>().ok();
        Some(match verb {
            "add" => Action::Add(Kind::parse(what)?),
            "add-row" => Action::AddRow(index()?),
            "up" => Action::Up(index()?),
            "down" => Action::Down(index()?),
            "remove" => Action::Remove(index()?),
            _ => return None,
        })
    }
}

#[cfg(test)]
#[path = "quiz_form_tests.rs"]
mod tests;
