//! GIFT, Moodle's text format for question banks: one question per paragraph,
//! `::title::`, the question's text, and its answers between `{` and `}` (`=` right,
//! `~` wrong, `%50%` weights, `#` feedback, `->` pairs, `T`/`F`), `//` comment lines,
//! `[html]`/`[markdown]`/`[plain]` text formats and `\` before `~ = # { } :` for the
//! character itself. Read the way Moodle's own importer reads it (which kind a question
//! is follows the same tests, in the same order), with every ambiguity it would guess
//! at reported instead.

use super::{
    Collector, Fault, Imported, Outcome, Problem, QuestionRef, Reason, join_feedback,
    text::{Markup, plain},
};
use crate::courses::content::{Choice, Pair, Question};

/// Reads a GIFT file: every question it holds, or every error in it.
pub fn parse(text: &str) -> Result<Imported, Vec<Problem>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text).replace("\r\n", "\n").replace('\r', "\n");
    let mut collector = Collector::default();
    let mut number = 0;
    for (line, block) in blocks(&text) {
        // A category line only sorts questions in Moodle's bank.
        if block.starts_with("$CATEGORY:") {
            continue;
        }
        number += 1;
        let hidden = hide_escapes(&block);
        let (name, rest) = match title(&hidden) {
            Ok(found) => found,
            Err(fault) => {
                collector.add(QuestionRef { number, name: None }, Some(line), "", Err(fault));
                continue;
            }
        };
        let question = QuestionRef { number, name: name.map(|n| reveal(n).trim().to_owned()) };
        let (kind, outcome) = read(rest);
        collector.add(question, Some(line), kind, outcome);
    }
    collector.finish()
}

/// The questions of a file: paragraphs separated by empty lines, without their comment
/// lines, each with the line it starts at.
fn blocks(text: &str) -> Vec<(usize, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            blocks.extend(current.take());
        } else if !trimmed.starts_with("//") {
            let (_, block) = current.get_or_insert_with(|| (i + 1, String::new()));
            if !block.is_empty() {
                block.push('\n');
            }
            block.push_str(line);
        }
    }
    blocks.extend(current);
    blocks.into_iter().map(|(line, block)| (line, block.trim().to_owned())).collect()
}

/// Where an escaped character is kept while the question is split at its special
/// characters: a private-use character that no export writes.
const HIDDEN_BASE: u32 = 0x10_FF00;

/// `text` with each `\~ \= \# \{ \} \: \\` and `\n` hidden, so that only the special
/// characters meant as such are found.
fn hide_escapes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let escaped = match (c, chars.peek()) {
            ('\\', Some(&next @ ('~' | '=' | '#' | '{' | '}' | ':' | '\\'))) => Some(next),
            ('\\', Some('n')) => Some('\n'),
            _ => None,
        };
        match escaped.and_then(|e| char::from_u32(HIDDEN_BASE + e as u32)) {
            Some(hidden) => {
                chars.next();
                out.push(hidden);
            }
            None => out.push(c),
        }
    }
    out
}

/// `text` with its hidden characters shown as themselves.
fn reveal(text: &str) -> String {
    text.chars()
        .map(|c| match (c as u32).checked_sub(HIDDEN_BASE) {
            Some(ascii) if ascii < 0x80 => char::from_u32(ascii).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// The `::title::` of a question, if it has one, and the rest of it.
fn title(text: &str) -> Result<(Option<&str>, &str), Fault> {
    let Some(rest) = text.strip_prefix("::") else { return Ok((None, text)) };
    let end = rest.find("::").ok_or(Fault::UnclosedTitle)?;
    Ok((Some(&rest[..end]), rest[end + 2..].trim()))
}

/// The markup a text names with a leading `[html]`, `[markdown]`, `[plain]` or
/// `[moodle]` (else `default`), and the text after it.
fn markup_of(text: &str, default: Markup) -> (Markup, &str) {
    let text = text.trim();
    if let Some(rest) = text.strip_prefix('[')
        && let Some((name, after)) = rest.split_once(']')
        && let Some(markup) = Markup::from_name(name)
    {
        return (markup, after);
    }
    (default, text)
}

/// Texts converted so far, with the images they held.
struct Texts {
    markup: Markup,
    images: usize,
}

impl Texts {
    /// `text` (which may name its own markup) as plain text.
    fn plain(&mut self, text: &str) -> String {
        let (markup, text) = markup_of(text, self.markup);
        let converted = plain(&reveal(text), markup);
        self.images += converted.images;
        converted.text
    }

    /// A typed answer: the text as written (the learner types it).
    fn typed(&mut self, text: &str) -> String {
        let (_, text) = markup_of(text, Markup::Plain);
        plain(&reveal(text), Markup::Plain).text
    }

    /// The notes for what the texts lost.
    fn notes(&self, mut notes: Vec<Reason>) -> Vec<Reason> {
        if self.images > 0 {
            notes.insert(0, Reason::ImagesLeftOut { count: self.images });
        }
        notes
    }
}

/// Reads one question (after its title): its kind in Moodle's words and what became of it.
fn read(text: &str) -> (&'static str, Result<Outcome, Fault>) {
    let (open, close) = (text.find('{'), text.find('}'));
    let (open, close) = match (open, close) {
        (None, None) => return ("description", Ok(Outcome::Skipped(Reason::Description))),
        (Some(_), None) => return ("", Err(Fault::UnclosedBrace)),
        (None, Some(_)) => return ("", Err(Fault::StrayBrace)),
        (Some(open), Some(close)) if close < open => return ("", Err(Fault::StrayBrace)),
        (Some(open), Some(close)) => (open, close),
    };
    let (before, answers, after) = (&text[..open], &text[open + 1..close], &text[close + 1..]);
    if answers.contains('{') {
        return ("", Err(Fault::UnclosedBrace));
    }
    if after.contains(['{', '}']) {
        return ("", Err(Fault::StrayBrace));
    }
    // Answers in the middle of the text leave a blank there ("missing word").
    let prompt = if after.trim().is_empty() { before.to_owned() } else { format!("{before}_____{after}") };
    let (markup, prompt) = markup_of(&prompt, Markup::Moodle);
    let mut texts = Texts { markup, images: 0 };
    let prompt = texts.plain(prompt);
    let (answers, general) = match answers.rfind("####") {
        Some(at) => (answers[..at].trim(), Some(texts.plain(&answers[at + 4..]))),
        None => (answers.trim(), None),
    };
    let truth = answers.split('#').next().unwrap_or_default().trim();
    if answers.is_empty() {
        ("essay", Ok(Outcome::Skipped(Reason::Essay)))
    } else if answers.starts_with('#') {
        ("numerical", Ok(Outcome::Skipped(Reason::Numerical)))
    } else if answers.contains('~') {
        ("multichoice", choices(prompt, answers, general, &mut texts))
    } else if answers.contains('=') && answers.contains("->") {
        ("matching", matching(prompt, answers, general, &mut texts))
    } else if ["T", "TRUE", "F", "FALSE"].contains(&truth) {
        ("truefalse", true_false(prompt, answers, general, &mut texts))
    } else {
        ("shortanswer", short(prompt, answers, general, &mut texts))
    }
}

/// Splits answers at each of `markers`, keeping the marker (`None` for text before the
/// first one, kept only if not empty).
fn split_answers<'a>(answers: &'a str, markers: &[char]) -> Vec<(Option<char>, &'a str)> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut marker = None;
    for (at, c) in answers.char_indices() {
        if markers.contains(&c) {
            parts.push((marker, &answers[start..at]));
            marker = Some(c);
            start = at + c.len_utf8();
        }
    }
    parts.push((marker, &answers[start..]));
    parts.into_iter().filter(|(marker, text)| marker.is_some() || !text.trim().is_empty()).collect()
}

/// A leading `%weight%` (a percentage from -100 to 100), and the text after it.
fn weight(text: &str) -> Result<(Option<f64>, &str), Fault> {
    let text = text.trim_start();
    let Some(rest) = text.strip_prefix('%') else { return Ok((None, text)) };
    let bad = |weight: &str| Fault::BadWeight { weight: reveal(weight) };
    let (number, after) = rest.split_once('%').ok_or_else(|| bad(rest))?;
    match number.trim().parse::<f64>() {
        Ok(weight) if (-100.0..=100.0).contains(&weight) => Ok((Some(weight), after)),
        _ => Err(bad(number)),
    }
}

/// An answer's text and its `#feedback`.
fn feedback(text: &str) -> (&str, Option<&str>) {
    match text.split_once('#') {
        Some((answer, feedback)) => (answer, Some(feedback)),
        None => (text, None),
    }
}

fn choices(
    prompt: String,
    answers: &str,
    general: Option<String>,
    texts: &mut Texts,
) -> Result<Outcome, Fault> {
    // With a `=` answer, Moodle makes a one-answer question; without, it weighs the `~` ones.
    let one_answer = answers.contains('=');
    let mut choices = Vec::new();
    let mut weights = Vec::new();
    for (marker, answer) in split_answers(answers, &['~', '=']) {
        let (weight, answer) = match marker {
            Some('=') => (100.0, answer),
            _ => {
                let (weight, answer) = weight(answer)?;
                (weight.unwrap_or(0.0), answer)
            }
        };
        let (answer, said) = feedback(answer);
        let said = said.map(|s| texts.plain(s));
        choices.push(Choice {
            feedback_ja: None,
            text_ja: None,
            text: texts.plain(answer),
            correct: false,
            feedback: said,
        });
        weights.push(weight);
    }
    if choices.len() < 2 {
        return Err(Fault::TooFewChoices);
    }
    let mut notes = Vec::new();
    let right: Vec<bool> = if one_answer {
        if weights.iter().any(|w| *w > 0.0 && *w < 100.0) {
            notes.push(Reason::PartialCredit);
        }
        weights.iter().map(|w| *w >= 100.0).collect()
    } else {
        weights.iter().map(|w| *w > 0.0).collect()
    };
    for (choice, right) in choices.iter_mut().zip(&right) {
        choice.correct = *right;
    }
    match right.iter().filter(|r| **r).count() {
        0 => Err(Fault::NoRightAnswer),
        1 => {
            // General feedback shows whatever the answer: with each choice's own.
            for choice in &mut choices {
                choice.feedback = join_feedback(choice.feedback.iter().chain(&general).map(String::as_str));
            }
            Ok(Outcome::Mapped(Question::Single { prompt_ja: None, prompt, choices }, texts.notes(notes)))
        }
        _ if one_answer => Ok(Outcome::Skipped(Reason::SeveralRightAnswers)),
        _ => {
            if general.as_deref().is_some_and(|g| !g.is_empty()) {
                notes.push(Reason::FeedbackLeftOut);
            }
            Ok(Outcome::Mapped(Question::Multiple { prompt_ja: None, prompt, choices }, texts.notes(notes)))
        }
    }
}

fn matching(
    prompt: String,
    answers: &str,
    general: Option<String>,
    texts: &mut Texts,
) -> Result<Outcome, Fault> {
    let mut pairs = Vec::new();
    let mut distractors = Vec::new();
    for (_, pair) in split_answers(answers, &['=']) {
        let (left, right) = pair.split_once("->").ok_or(Fault::PairWithoutArrow)?;
        let (left, right) = (texts.plain(left), texts.typed(right));
        // A pair with nothing on the left only adds a wrong answer to choose from.
        if left.is_empty() {
            distractors.push(right);
        } else {
            pairs.push(Pair { left, right });
        }
    }
    let general = general.as_deref();
    let question = Question::Matching {
        feedback_correct_ja: None,
        feedback_incorrect_ja: None,
        prompt_ja: None,
        prompt,
        pairs,
        distractors,
        feedback_correct: join_feedback(general),
        feedback_incorrect: join_feedback(general),
    };
    Ok(Outcome::Mapped(question, texts.notes(Vec::new())))
}

fn true_false(
    prompt: String,
    answers: &str,
    general: Option<String>,
    texts: &mut Texts,
) -> Result<Outcome, Fault> {
    // `{T#shown for a wrong answer#shown for a right one}`.
    let mut parts = answers.splitn(3, '#');
    let answer = matches!(parts.next().map(str::trim), Some("T" | "TRUE"));
    let wrong = parts.next().map(|f| texts.plain(f));
    let right = parts.next().map(|f| texts.plain(f));
    let question = Question::TrueFalse {
        feedback_correct_ja: None,
        feedback_incorrect_ja: None,
        prompt_ja: None,
        prompt,
        answer,
        feedback_correct: join_feedback(right.iter().chain(&general).map(String::as_str)),
        feedback_incorrect: join_feedback(wrong.iter().chain(&general).map(String::as_str)),
    };
    Ok(Outcome::Mapped(question, texts.notes(Vec::new())))
}

fn short(
    prompt: String,
    answers: &str,
    general: Option<String>,
    texts: &mut Texts,
) -> Result<Outcome, Fault> {
    let mut accepted = Vec::new();
    let mut said = None;
    let mut notes = Vec::new();
    for (_, answer) in split_answers(answers, &['=']) {
        let (weight, answer) = weight(answer)?;
        let (answer, feedback) = feedback(answer);
        let answer = texts.typed(answer);
        match weight.unwrap_or(100.0) {
            w if w >= 100.0 => {
                if is_wildcard(&answer) {
                    return Ok(Outcome::Skipped(Reason::Wildcard));
                }
                accepted.push(answer.replace("\\*", "*"));
                if said.is_none() {
                    said = feedback.map(|f| texts.plain(f)).filter(|f| !f.is_empty());
                }
            }
            w if w > 0.0 && !notes.contains(&Reason::PartialCredit) => notes.push(Reason::PartialCredit),
            // Answers worth nothing only carry feedback for a known wrong answer.
            _ => {}
        }
    }
    if accepted.is_empty() {
        return Err(Fault::NoRightAnswer);
    }
    let question = Question::Short {
        feedback_correct_ja: None,
        feedback_incorrect_ja: None,
        prompt_ja: None,
        prompt,
        answers: accepted,
        feedback_correct: join_feedback(said.iter().chain(&general).map(String::as_str)),
        feedback_incorrect: join_feedback(general.as_deref()),
    };
    Ok(Outcome::Mapped(question, texts.notes(notes)))
}

/// Whether a short answer holds Moodle's `*` wildcard (`\*` is a star).
pub(super) fn is_wildcard(answer: &str) -> bool {
    let mut previous = ' ';
    answer.chars().any(|c| {
        let wild = c == '*' && previous != '\\';
        previous = c;
        wild
    })
}
