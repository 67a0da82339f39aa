//! Moodle XML, the question bank export that keeps every kind: `<quiz>` holding
//! `<question type="…">` elements, each with its `<name>`, `<questiontext>` (HTML
//! mostly), answers with a `fraction` (percent of the mark) and feedback. Read with
//! roxmltree, which refuses a document type declaration, so no entity can read a file
//! or multiply text; the size of the file is limited before it gets here.

use roxmltree::{Document, Node, ParsingOptions};

use super::{
    CLOZE_PROMPT, Collector, Fault, Imported, Outcome, Problem, QuestionRef, Reason, cloze_code,
    gift::is_wildcard,
    join_feedback,
    text::{Markup, blank_marker, cloze_text, plain},
};
use crate::courses::content::{Choice, Pair, Question};

/// The most XML nodes a file may have (a generous bound for [`super::MAX_QUESTIONS`]
/// questions, so that a file of empty elements cannot fill the memory).
const NODES_LIMIT: u32 = 2_000_000;

/// A fraction at least this high is the whole mark (exports write `100` or `99.99999`).
const WHOLE_MARK: f64 = 99.999;

/// Reads a Moodle XML file: every question it holds, or every error in it.
pub fn parse(bytes: &[u8]) -> Result<Imported, Vec<Problem>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(vec![Problem::file(Fault::NotUtf8, None)]);
    };
    let options = ParsingOptions { allow_dtd: false, nodes_limit: NODES_LIMIT, ..ParsingOptions::default() };
    let document = match Document::parse_with_options(text, options) {
        Ok(document) => document,
        Err(roxmltree::Error::DtdDetected) => return Err(vec![Problem::file(Fault::DtdRefused, None)]),
        Err(err) => return Err(vec![Problem::file(Fault::NotXml, Some(err.pos().row as usize))]),
    };
    let quiz = document.root_element();
    if !quiz.has_tag_name("quiz") {
        return Err(vec![Problem::file(Fault::NotMoodleXml, None)]);
    }
    let mut collector = Collector::default();
    let mut number = 0;
    for question in quiz.children().filter(|n| n.has_tag_name("question")) {
        let kind = question.attribute("type").unwrap_or_default();
        // A category only sorts questions in Moodle's bank.
        if kind == "category" {
            continue;
        }
        number += 1;
        let name =
            child(question, "name").map(|n| plain(&text_of(n), Markup::Html).text).filter(|n| !n.is_empty());
        let line = document.text_pos_at(question.range().start).row as usize;
        let outcome = Reading::new(question).read(kind);
        collector.add(QuestionRef { number, name }, Some(line), kind, outcome);
    }
    collector.finish()
}

/// The first child element called `name`.
fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|n| n.has_tag_name(name))
}

/// The child elements called `name`.
fn children<'a, 'i: 'a>(node: Node<'a, 'i>, name: &'a str) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    node.children().filter(move |n| n.has_tag_name(name))
}

/// The text of an element's `<text>` child (all of it, CDATA included).
fn text_of(node: Node<'_, '_>) -> String {
    child(node, "text").map(|t| t.children().filter_map(|c| c.text()).collect()).unwrap_or_default()
}

/// An answer's `fraction`: the percent of the mark it is worth.
fn fraction(answer: Node<'_, '_>) -> Result<f64, Fault> {
    let written = answer.attribute("fraction").unwrap_or("0");
    match written.trim().parse::<f64>() {
        Ok(fraction) if (-100.0..=100.0).contains(&fraction) => Ok(fraction),
        _ => Err(Fault::BadWeight { weight: written.to_owned() }),
    }
}

/// One question being read, with the images its texts held.
struct Reading<'a, 'i> {
    question: Node<'a, 'i>,
    images: usize,
}

impl<'a, 'i> Reading<'a, 'i> {
    fn new(question: Node<'a, 'i>) -> Self {
        Self { question, images: 0 }
    }

    /// The plain text of `element` (in its `format`, else `default`).
    fn text(&mut self, element: Option<Node<'_, '_>>, default: Markup) -> String {
        let Some(element) = element else { return String::new() };
        let markup =
            element.attribute("format").map_or(default, |f| Markup::from_name(f).unwrap_or(Markup::Moodle));
        let converted = plain(&text_of(element), markup);
        self.images += converted.images;
        converted.text
    }

    /// The plain text of the question's child `name`.
    fn field(&mut self, name: &str) -> String {
        self.text(child(self.question, name), Markup::Html)
    }

    /// A typed answer: its words as the learner types them.
    fn typed(&mut self, element: Node<'_, '_>) -> String {
        self.text(Some(element), Markup::Moodle)
    }

    /// The feedback of an answer.
    fn feedback(&mut self, answer: Node<'_, '_>) -> Option<String> {
        let feedback = self.text(child(answer, "feedback"), Markup::Html);
        (!feedback.is_empty()).then_some(feedback)
    }

    /// The question's right and wrong feedback: the combined feedback, each with the
    /// general feedback (shown whatever the answer).
    fn combined_feedback(&mut self) -> (Option<String>, Option<String>) {
        let general = self.field("generalfeedback");
        let right = self.field("correctfeedback");
        let wrong = self.field("incorrectfeedback");
        (join_feedback([right.as_str(), general.as_str()]), join_feedback([wrong.as_str(), general.as_str()]))
    }

    /// The notes for what the texts lost: images, counted as `<img>` in the texts or
    /// as attached files, whichever are more.
    fn notes(&self, mut notes: Vec<Reason>) -> Vec<Reason> {
        let files = self.question.descendants().filter(|n| n.has_tag_name("file")).count();
        let count = self.images.max(files);
        if count > 0 {
            notes.insert(0, Reason::ImagesLeftOut { count });
        }
        notes
    }

    fn mapped(&self, question: Question, notes: Vec<Reason>) -> Result<Outcome, Fault> {
        Ok(Outcome::Mapped(question, self.notes(notes)))
    }

    /// What becomes of the question, a `kind` in Moodle's words.
    fn read(mut self, kind: &str) -> Result<Outcome, Fault> {
        let skip = |reason| Ok(Outcome::Skipped(reason));
        match kind {
            "multichoice" => self.choices(),
            "truefalse" => self.true_false(),
            "shortanswer" => self.short(),
            "matching" | "match" => self.matching(),
            "ordering" => self.ordering(),
            "gapselect" => self.gaps("selectoption"),
            "ddwtos" => self.gaps("dragbox"),
            "cloze" | "multianswer" => self.embedded(),
            "numerical" => skip(Reason::Numerical),
            "essay" => skip(Reason::Essay),
            "description" => skip(Reason::Description),
            "calculated" | "calculatedsimple" | "calculatedmulti" => skip(Reason::Calculated),
            "random" | "randomsamatch" => skip(Reason::Random),
            "ddimageortext" | "ddmarker" => skip(Reason::OnImage),
            _ => skip(Reason::UnknownKind),
        }
    }

    fn choices(&mut self) -> Result<Outcome, Fault> {
        let prompt = self.field("questiontext");
        let single = child(self.question, "single").and_then(|n| n.text()).map(str::trim);
        let single = matches!(single, Some("true" | "1"));
        let mut choices = Vec::new();
        let mut fractions = Vec::new();
        for answer in children(self.question, "answer") {
            fractions.push(fraction(answer)?);
            let text = self.text(Some(answer), Markup::Moodle);
            let feedback = self.feedback(answer);
            choices.push(Choice { feedback_ja: None, text_ja: None, text, correct: false, feedback });
        }
        if choices.len() < 2 {
            return Err(Fault::TooFewChoices);
        }
        let general = self.field("generalfeedback");
        let mut notes = Vec::new();
        for (choice, fraction) in choices.iter_mut().zip(&fractions) {
            choice.correct = if single { *fraction >= WHOLE_MARK } else { *fraction > 0.0 };
        }
        if single && fractions.iter().any(|f| *f > 0.0 && *f < WHOLE_MARK) {
            notes.push(Reason::PartialCredit);
        }
        match choices.iter().filter(|c| c.correct).count() {
            0 => Err(Fault::NoRightAnswer),
            1 if single => {
                // General feedback shows whatever the answer: with each choice's own.
                for choice in &mut choices {
                    choice.feedback =
                        join_feedback(choice.feedback.iter().map(String::as_str).chain([&*general]));
                }
                self.mapped(Question::Single { prompt_ja: None, prompt, choices }, notes)
            }
            _ if single => Ok(Outcome::Skipped(Reason::SeveralRightAnswers)),
            _ => {
                if !general.is_empty() {
                    notes.push(Reason::FeedbackLeftOut);
                }
                self.mapped(Question::Multiple { prompt_ja: None, prompt, choices }, notes)
            }
        }
    }

    fn true_false(&mut self) -> Result<Outcome, Fault> {
        let prompt = self.field("questiontext");
        let general = self.field("generalfeedback");
        let (mut truth, mut feedback) = (None, [None, None]);
        for answer in children(self.question, "answer") {
            let said = match text_of(answer).trim().to_lowercase().as_str() {
                "true" => true,
                "false" => false,
                _ => continue,
            };
            if fraction(answer)? >= WHOLE_MARK {
                truth = Some(said);
            }
            feedback[usize::from(said)] = self.feedback(answer);
        }
        let answer = truth.ok_or(Fault::NoTrueFalseAnswer)?;
        let [when_false, when_true] = feedback;
        let (right, wrong) = if answer { (when_true, when_false) } else { (when_false, when_true) };
        let question = Question::TrueFalse {
            feedback_correct_ja: None,
            feedback_incorrect_ja: None,
            prompt_ja: None,
            prompt,
            answer,
            feedback_correct: join_feedback(right.iter().map(String::as_str).chain([&*general])),
            feedback_incorrect: join_feedback(wrong.iter().map(String::as_str).chain([&*general])),
        };
        self.mapped(question, Vec::new())
    }

    fn short(&mut self) -> Result<Outcome, Fault> {
        let prompt = self.field("questiontext");
        let general = self.field("generalfeedback");
        let (mut accepted, mut said, mut notes) = (Vec::new(), None, Vec::new());
        for answer in children(self.question, "answer") {
            let fraction = fraction(answer)?;
            let text = self.typed(answer);
            if fraction >= WHOLE_MARK {
                if is_wildcard(&text) {
                    return Ok(Outcome::Skipped(Reason::Wildcard));
                }
                accepted.push(text.replace("\\*", "*"));
                if said.is_none() {
                    said = self.feedback(answer);
                }
            } else if fraction > 0.0 && !notes.contains(&Reason::PartialCredit) {
                notes.push(Reason::PartialCredit);
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
            feedback_correct: join_feedback(said.iter().map(String::as_str).chain([&*general])),
            feedback_incorrect: join_feedback([&*general]),
        };
        self.mapped(question, notes)
    }

    fn matching(&mut self) -> Result<Outcome, Fault> {
        let prompt = self.field("questiontext");
        let (mut pairs, mut distractors) = (Vec::new(), Vec::new());
        for sub in children(self.question, "subquestion") {
            let left = self.text(Some(sub), Markup::Html);
            let right = child(sub, "answer").map(|a| self.typed(a)).unwrap_or_default();
            // A subquestion with no text only adds a wrong answer to choose from.
            if left.is_empty() {
                distractors.push(right);
            } else {
                pairs.push(Pair { left, right });
            }
        }
        let (feedback_correct, feedback_incorrect) = self.combined_feedback();
        let question = Question::Matching {
            feedback_correct_ja: None,
            feedback_incorrect_ja: None,
            prompt_ja: None,
            prompt,
            pairs,
            distractors,
            feedback_correct,
            feedback_incorrect,
        };
        self.mapped(question, Vec::new())
    }

    fn ordering(&mut self) -> Result<Outcome, Fault> {
        let prompt = self.field("questiontext");
        let mut items = Vec::new();
        for answer in children(self.question, "answer") {
            // Exports list the items in order; some number them in `fraction` too.
            let position = answer.attribute("fraction").and_then(|f| f.trim().parse::<f64>().ok());
            items.push((position, self.text(Some(answer), Markup::Moodle)));
        }
        let mut positions: Vec<f64> = items.iter().filter_map(|(p, _)| *p).filter(|p| *p > 0.0).collect();
        positions.sort_by(f64::total_cmp);
        positions.dedup();
        if positions.len() == items.len() {
            items.sort_by(|(a, _), (b, _)| a.unwrap_or_default().total_cmp(&b.unwrap_or_default()));
        }
        let (feedback_correct, feedback_incorrect) = self.combined_feedback();
        let items = items.into_iter().map(|(_, item)| item).collect();
        self.mapped(
            Question::Ordering {
                feedback_correct_ja: None,
                feedback_incorrect_ja: None,
                prompt_ja: None,
                prompt,
                items,
                feedback_correct,
                feedback_incorrect,
            },
            Vec::new(),
        )
    }

    /// Missing words to select (`gapselect`) or drag (`ddwtos`): the text holds `[[n]]`
    /// where choice `n` (an `option` element) goes.
    fn gaps(&mut self, option: &str) -> Result<Outcome, Fault> {
        let options: Vec<String> =
            children(self.question, option).map(|o| plain(&text_of(o), Markup::Html).text).collect();
        let source = text_of(child(self.question, "questiontext").unwrap_or(self.question));
        let mut marked = String::with_capacity(source.len());
        let mut blanks = Vec::new();
        let mut rest = source.as_str();
        while let Some(open) = rest.find("[[") {
            let after = &rest[open + 2..];
            let Some((number, tail)) = after.split_once("]]").filter(|(n, _)| n.parse::<usize>().is_ok())
            else {
                marked.push_str(&rest[..open + 2]);
                rest = after;
                continue;
            };
            let gap = number.parse::<usize>().unwrap_or_default();
            let answer = gap.checked_sub(1).and_then(|i| options.get(i)).ok_or(Fault::UnknownGap { gap })?;
            marked.push_str(&rest[..open]);
            marked.push_str(&blank_marker(blanks.len()));
            blanks.push(vec![answer.clone()]);
            rest = tail;
        }
        marked.push_str(rest);
        self.cloze(&marked, blanks, vec![Reason::ChoicesTyped])
    }

    /// Embedded answers (Moodle's "Cloze" questions): each blank typed or chosen from a
    /// list becomes a typed blank accepting its right answers.
    fn embedded(&mut self) -> Result<Outcome, Fault> {
        let source = text_of(child(self.question, "questiontext").unwrap_or(self.question));
        let mut marked = String::with_capacity(source.len());
        let (mut blanks, mut notes) = (Vec::new(), Vec::new());
        for piece in cloze_code::split(&source)? {
            let (kind, answers) = match piece {
                cloze_code::Piece::Text(text) => {
                    marked.push_str(text);
                    continue;
                }
                cloze_code::Piece::Blank(kind, answers) => (kind, answers),
            };
            let blank = blanks.len() + 1;
            match kind {
                cloze_code::Kind::Numerical | cloze_code::Kind::MultiResponse => {
                    let kind = kind.moodle_name().to_owned();
                    return Ok(Outcome::Skipped(Reason::ClozePart { blank, kind }));
                }
                cloze_code::Kind::Choice if !notes.contains(&Reason::ChoicesTyped) => {
                    notes.push(Reason::ChoicesTyped);
                }
                cloze_code::Kind::Short | cloze_code::Kind::Choice => {}
            }
            let mut accepted = Vec::new();
            for answer in &answers {
                let text = plain(&answer.text, Markup::Html).text;
                if answer.weight >= WHOLE_MARK {
                    if kind == cloze_code::Kind::Short && is_wildcard(&text) {
                        return Ok(Outcome::Skipped(Reason::Wildcard));
                    }
                    accepted.push(text.replace("\\*", "*"));
                } else if answer.weight > 0.0 && !notes.contains(&Reason::PartialCredit) {
                    notes.push(Reason::PartialCredit);
                }
            }
            if accepted.is_empty() {
                return Err(Fault::ClozeNoRightAnswer { blank });
            }
            marked.push_str(&blank_marker(blanks.len()));
            blanks.push(accepted);
        }
        self.cloze(&marked, blanks, notes)
    }

    /// A cloze question from `marked` (the question's HTML with [`blank_marker`]s).
    fn cloze(
        &mut self,
        marked: &str,
        blanks: Vec<Vec<String>>,
        notes: Vec<Reason>,
    ) -> Result<Outcome, Fault> {
        if blanks.is_empty() {
            return Err(Fault::NoBlanks);
        }
        let markup = child(self.question, "questiontext")
            .and_then(|q| q.attribute("format"))
            .map_or(Markup::Html, |f| Markup::from_name(f).unwrap_or(Markup::Moodle));
        let converted = plain(marked, markup);
        self.images += converted.images;
        let text = cloze_text(&converted.text, &blanks).ok_or(Fault::NoBlanks)?;
        let (feedback_correct, feedback_incorrect) = self.combined_feedback();
        let question = Question::Cloze {
            feedback_correct_ja: None,
            feedback_incorrect_ja: None,
            prompt_ja: None,
            prompt: CLOZE_PROMPT.to_owned(),
            text,
            feedback_correct,
            feedback_incorrect,
        };
        self.mapped(question, notes)
    }
}
