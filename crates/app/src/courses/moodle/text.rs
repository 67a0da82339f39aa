//! Moodle's texts as altto's plain text: HTML and Markdown become their words, so no
//! markup from another site ever reaches a page (quiz prompts, choices and feedback are
//! shown as text, escaped).

use std::cell::{Cell, RefCell};

use html5ever::{
    LocalName, local_name,
    tendril::StrTendril,
    tokenizer::{
        BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts, states::RawKind,
    },
};

/// How a Moodle text is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Markup {
    /// HTML.
    Html,
    /// Moodle's "auto-format": HTML where a line break is a line break.
    Moodle,
    /// Plain text: shown as written, tags included.
    Plain,
    /// Markdown.
    Markdown,
}

impl Markup {
    /// The markup a GIFT `[name]` or a Moodle XML `format="name"` names.
    pub fn from_name(name: &str) -> Option<Markup> {
        match name {
            "html" => Some(Markup::Html),
            "moodle" | "moodle_auto_format" => Some(Markup::Moodle),
            "plain" | "plain_text" => Some(Markup::Plain),
            "markdown" => Some(Markup::Markdown),
            _ => None,
        }
    }
}

/// A text made plain, with how many images it showed (left out: altto keeps no
/// pictures inside questions).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plain {
    /// The words.
    pub text: String,
    /// How many `<img>` the text had.
    pub images: usize,
}

/// `source` in `markup` as plain text: tags dropped (an image leaves its description in
/// brackets), entities decoded, blocks on lines of their own, spaces tidied.
pub fn plain(source: &str, markup: Markup) -> Plain {
    match markup {
        Markup::Plain => Plain { text: tidy(source), images: 0 },
        Markup::Html => html_to_text(source),
        Markup::Moodle => html_to_text(&source.replace('\n', "<br>")),
        Markup::Markdown => {
            let mut html = String::with_capacity(source.len() * 3 / 2);
            pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(source));
            html_to_text(&html)
        }
    }
}

/// The words of an HTML text, read with html5ever's tokenizer.
///
/// Hand-written rather than a crate's HTML-to-text renderer: those build the document
/// tree and lay it out to a width, and the one tried (html2text) took minutes on a text
/// of deeply nested `<div>`s, which an uploaded file may hold. Reading tokens keeps the
/// cost in step with the length, and a prompt needs only its words and line breaks.
fn html_to_text(html: &str) -> Plain {
    let sink = TextSink::default();
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from(html));
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    let sink = tokenizer.sink;
    Plain { text: tidy(&sink.out.into_inner()), images: sink.images.get() }
}

/// What the tokenizer has read so far.
#[derive(Default)]
struct TextSink {
    out: RefCell<String>,
    images: Cell<usize>,
    /// Inside `<script>`, `<style>` and the like, whose content is not words.
    skipping: RefCell<Option<LocalName>>,
    /// Inside `<pre>`: spaces and line breaks are kept.
    pre: Cell<usize>,
    /// Spaces were read since the last word.
    space: Cell<bool>,
}

/// Elements that start on a line of their own.
fn is_block(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("p")
            | local_name!("div")
            | local_name!("ul")
            | local_name!("ol")
            | local_name!("li")
            | local_name!("dl")
            | local_name!("dt")
            | local_name!("dd")
            | local_name!("h1")
            | local_name!("h2")
            | local_name!("h3")
            | local_name!("h4")
            | local_name!("h5")
            | local_name!("h6")
            | local_name!("table")
            | local_name!("tr")
            | local_name!("blockquote")
            | local_name!("pre")
            | local_name!("hr")
            | local_name!("section")
            | local_name!("article")
            | local_name!("header")
            | local_name!("footer")
            | local_name!("figure")
            | local_name!("figcaption")
    )
}

/// Elements whose content is never shown as words.
fn hides_content(name: &LocalName) -> Option<RawKind> {
    match *name {
        local_name!("script") => Some(RawKind::ScriptData),
        local_name!("style")
        | local_name!("iframe")
        | local_name!("noembed")
        | local_name!("noframes")
        | local_name!("noscript")
        | local_name!("xmp") => Some(RawKind::Rawtext),
        local_name!("textarea") | local_name!("title") => Some(RawKind::Rcdata),
        _ => None,
    }
}

impl TextSink {
    fn line_break(&self) {
        self.space.set(false);
        let mut out = self.out.borrow_mut();
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
    }
}

impl TokenSink for TextSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let hidden = self.skipping.borrow().clone();
        if let Some(hidden) = hidden {
            // Only the end tag of the hiding element ends its raw content.
            let ends =
                matches!(&token, Token::TagToken(tag) if tag.kind == TagKind::EndTag && tag.name == hidden);
            if !ends {
                return TokenSinkResult::Continue;
            }
        }
        match token {
            Token::CharacterTokens(text) => {
                let mut out = self.out.borrow_mut();
                for c in text.chars() {
                    // Runs of spaces and line breaks are one space, as a browser shows them.
                    if self.pre.get() == 0 && c.is_whitespace() && c != '\u{a0}' {
                        self.space.set(true);
                        continue;
                    }
                    if self.space.replace(false) && !out.is_empty() && !out.ends_with('\n') {
                        out.push(' ');
                    }
                    out.push(c);
                }
            }
            Token::TagToken(tag) => match tag.kind {
                TagKind::StartTag => {
                    if let Some(raw) = hides_content(&tag.name) {
                        *self.skipping.borrow_mut() = Some(tag.name);
                        return TokenSinkResult::RawData(raw);
                    }
                    match tag.name {
                        local_name!("br") => {
                            self.space.set(false);
                            self.out.borrow_mut().push('\n');
                        }
                        local_name!("img") => {
                            self.images.set(self.images.get() + 1);
                            let alt = tag.attrs.iter().find(|a| a.name.local == local_name!("alt"));
                            if let Some(alt) = alt.map(|a| a.value.trim()).filter(|alt| !alt.is_empty()) {
                                let mut out = self.out.borrow_mut();
                                if self.space.replace(false) && !out.is_empty() && !out.ends_with('\n') {
                                    out.push(' ');
                                }
                                out.push('[');
                                out.push_str(alt);
                                out.push(']');
                            }
                        }
                        local_name!("td") | local_name!("th") => self.space.set(true),
                        ref name if is_block(name) => {
                            self.line_break();
                            if tag.name == local_name!("li") {
                                self.out.borrow_mut().push_str("- ");
                            }
                            if tag.name == local_name!("pre") {
                                self.pre.set(self.pre.get() + 1);
                            }
                        }
                        _ => {}
                    }
                }
                TagKind::EndTag => {
                    if self.skipping.borrow().as_ref() == Some(&tag.name) {
                        *self.skipping.borrow_mut() = None;
                    } else if is_block(&tag.name) {
                        self.line_break();
                        if tag.name == local_name!("pre") {
                            self.pre.set(self.pre.get().saturating_sub(1));
                        }
                    }
                }
            },
            Token::CommentToken(_)
            | Token::DoctypeToken(_)
            | Token::NullCharacterToken
            | Token::EOFToken
            | Token::ParseError(_) => {}
        }
        TokenSinkResult::Continue
    }
}

/// Spaces tidied: no-break spaces become spaces, each line is trimmed, and at most one
/// empty line separates two paragraphs.
pub fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_lines = 0usize;
    for line in text.replace(['\u{a0}', '\r'], " ").lines() {
        let line = line.trim();
        if line.is_empty() {
            blank_lines += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_lines > 0 { "\n\n" } else { "\n" });
        }
        blank_lines = 0;
        out.push_str(line);
    }
    out
}

/// `text` as literal text inside an altto cloze text (see `courses::quiz::cloze`):
/// braces and bars are escaped.
pub fn cloze_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '{' | '}' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// An altto cloze blank accepting `answers`.
pub fn cloze_blank(answers: &[String]) -> String {
    let answers: Vec<String> = answers.iter().map(|a| cloze_literal(a.trim())).collect();
    format!("{{{}}}", answers.join("|"))
}

const BLANK_OPEN: char = '\u{10FFF0}';
const BLANK_CLOSE: char = '\u{10FFF1}';

/// Where a blank goes, in a text on its way to plain text: private-use characters that
/// pass through the conversion as they are.
pub fn blank_marker(index: usize) -> String {
    format!("{BLANK_OPEN}{index}{BLANK_CLOSE}")
}

/// The altto cloze text of `converted` (plain text with [`blank_marker`]s): literal text
/// escaped, each marker replaced by its blank. `None` unless every blank is there once,
/// in order (one written where text is not shown, such as inside a `<script>`, is lost).
pub fn cloze_text(converted: &str, blanks: &[Vec<String>]) -> Option<String> {
    let mut out = String::with_capacity(converted.len());
    let mut next = 0;
    let mut rest = converted;
    while let Some(open) = rest.find(BLANK_OPEN) {
        out.push_str(&cloze_literal(&rest[..open]));
        let after = &rest[open + BLANK_OPEN.len_utf8()..];
        let close = after.find(BLANK_CLOSE)?;
        if after[..close].parse::<usize>().ok()? != next {
            return None;
        }
        out.push_str(&cloze_blank(blanks.get(next)?));
        next += 1;
        rest = &after[close + BLANK_CLOSE.len_utf8()..];
    }
    out.push_str(&cloze_literal(rest));
    (next == blanks.len()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_its_words_with_blocks_on_their_own_lines() {
        let plain = plain(
            "<p>The school year starts in <b>April</b>.</p><p>担任 &amp; JTE&nbsp;plan</p>\
             <ul><li>one</li><li>two</li></ul>Is 3 &lt; 5?<br>Yes",
            Markup::Html,
        );
        assert_eq!(
            plain.text,
            "The school year starts in April.\n担任 & JTE plan\n- one\n- two\nIs 3 < 5?\nYes"
        );
        assert_eq!(plain.images, 0);
    }

    #[test]
    fn scripts_styles_and_comments_leave_nothing_and_images_are_counted() {
        let plain = plain(
            "<script>alert('<p>x</p>')</script><style>p { color: red }</style><!-- note -->\
             Look <img src=\"@@PLUGINFILE@@/board.png\" alt=\"the board\"> and <img src=x.png>.",
            Markup::Html,
        );
        assert_eq!(plain.text, "Look [the board] and .");
        assert_eq!(plain.images, 2);
    }

    #[test]
    fn deeply_nested_html_is_read_in_one_pass() {
        let deep = "<div>".repeat(200_000) + "words" + &"</div>".repeat(200_000);
        assert_eq!(plain(&deep, Markup::Html).text, "words");
    }

    #[test]
    fn moodle_auto_format_keeps_line_breaks_and_markdown_loses_its_marks() {
        assert_eq!(plain("line one\nline <i>two</i>", Markup::Moodle).text, "line one\nline two");
        assert_eq!(plain("Which is the **JTE's** part?", Markup::Markdown).text, "Which is the JTE's part?");
        assert_eq!(plain("Keep <b>this</b>  as typed ", Markup::Plain).text, "Keep <b>this</b>  as typed");
    }

    #[test]
    fn cloze_text_escapes_its_special_characters() {
        assert_eq!(cloze_literal("a {b} | c"), r"a \{b\} \| c");
        assert_eq!(cloze_blank(&["April".into(), " 4月 ".into(), "x|y".into()]), r"{April|4月|x\|y}");
    }
}
