//! The measuring pass: a text's HTML before sanitising, measured while it is parsed —
//! how deeply it nests, how much HTML it makes and how many links it has — so that a
//! hostile text is refused before the sanitiser, whose cost grows with the square of
//! the nesting, ever sees it.

use std::{
    cell::{Cell, RefCell},
    ops::Range,
};

use html5ever::{
    LocalName, local_name,
    tendril::StrTendril,
    tokenizer::{
        BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts, states::RawKind,
    },
};
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

use super::{MAX_DEPTH, Problem, Profile, members::Rewrite};

/// Elements and texts a text may make: at most this many per byte read so far (text
/// makes at most two, as in a table of empty cells `||||`; a short table padded to
/// thousands of empty cells makes hundreds) …
const EVENTS_PER_BYTE: usize = 4;
/// … plus this many, so that a short text can still hold a table.
const EVENT_ALLOWANCE: usize = 10_000;

/// Raw HTML is measured this many bytes at a time.
const HTML_SLICE: usize = 4096;

/// The Markdown both profiles read: CommonMark with tables, strikethrough and footnotes.
fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES
}

/// A text's HTML before sanitising, with what was counted on the way.
pub(super) struct Measured {
    /// The HTML, as Markdown makes it (raw HTML included for authors).
    pub html: String,
    /// How many links the HTML has (an image a member may not show counts: it becomes one).
    pub links: usize,
    /// The line of the first link past the profile's link limit, if any is.
    pub first_link_past_limit: Option<usize>,
}

/// The HTML of `markdown` in `profile` before sanitising, measured on the way: refused
/// once it nests deeper than [`MAX_DEPTH`] or makes far more elements than it has text.
/// Events are pulled one at a time, so the parser stops where the measuring does. The
/// members' rewriting comes first, so what is measured is what the sanitiser will read
/// (a member's raw HTML is text, so it does not nest).
pub(super) fn measure(markdown: &str, profile: &Profile) -> Result<Measured, Problem> {
    let mut markdown_depth = 0usize;
    let mut events = 0usize;
    let (mut links, mut first_link_past_limit) = (0usize, None);
    let link_limit = profile.link_limit();
    let raw = Tokenizer::new(RawHtmlDepth::default(), TokenizerOpts::default());
    let queue = BufferQueue::default();
    let mut problem = None;
    let line_of = |range: &Range<usize>| {
        let offset = range.start.min(markdown.len());
        markdown.as_bytes()[..offset].iter().filter(|b| **b == b'\n').count() + 1
    };
    let parsed = Rewrite::new(Parser::new_ext(markdown, options()).into_offset_iter(), profile);
    let measured = parsed.map_while(|(event, range)| {
        match &event {
            Event::Start(tag) => {
                markdown_depth += 1;
                if let Tag::Link { .. } = tag {
                    links += 1;
                    if first_link_past_limit.is_none() && link_limit.is_some_and(|limit| links > limit) {
                        first_link_past_limit = Some(line_of(&range));
                    }
                }
            }
            Event::End(_) => markdown_depth = markdown_depth.saturating_sub(1),
            Event::Html(fragment) | Event::InlineHtml(fragment) => {
                raw.sink.peak.set(raw.sink.open.borrow().len());
                // In slices, so that a long block of raw HTML stops being read as soon
                // as it nests too deeply.
                let mut rest = fragment.as_ref();
                while !rest.is_empty() && markdown_depth + raw.sink.peak.get() <= MAX_DEPTH {
                    let mut end = rest.len().min(HTML_SLICE);
                    while !rest.is_char_boundary(end) {
                        end += 1;
                    }
                    queue.push_back(StrTendril::from(&rest[..end]));
                    let _ = raw.feed(&queue);
                    rest = &rest[end..];
                }
            }
            _ => raw.sink.peak.set(raw.sink.open.borrow().len()),
        }
        events += 1;
        if markdown_depth + raw.sink.peak.get() > MAX_DEPTH {
            problem = Some(Problem::TooDeep { line: line_of(&range) });
        } else if events > range.end.saturating_mul(EVENTS_PER_BYTE).saturating_add(EVENT_ALLOWANCE) {
            problem = Some(Problem::TooMuchOutput { line: line_of(&range) });
        }
        problem.is_none().then_some(event)
    });
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut html, measured.flat_map(scroll_tables));
    match problem {
        Some(problem) => Err(problem),
        None => Ok(Measured { html, links, first_link_past_limit }),
    }
}

/// The opening of the box every table sits in: on a narrow screen the table scrolls
/// sideways in it (keyboard users too: it takes focus) instead of breaking its words.
pub(super) const TABLE_SCROLL: &str = r#"<div class="table-scroll" tabindex="0">"#;

/// `event`, with a table's start and end wrapped in its scrolling box.
fn scroll_tables(event: Event<'_>) -> impl Iterator<Item = Event<'_>> {
    let (before, after) = match &event {
        Event::Start(Tag::Table(_)) => (Some(Event::Html(CowStr::Borrowed(TABLE_SCROLL))), None),
        Event::End(TagEnd::Table) => (None, Some(Event::Html(CowStr::Borrowed("</div>")))),
        _ => (None, None),
    };
    before.into_iter().chain(std::iter::once(event)).chain(after)
}

/// How deeply the raw HTML in a text nests, as html5ever's tokenizer reads it: a stack
/// of open elements, pushed by start tags and popped by the matching end tag, with the
/// tree builder's raw-text rules (nothing inside `<script>` or `<textarea>` is a tag)
/// and its commonest implied end tags (`<p>`, `<li>`, table cells). It may count deeper
/// than a browser would (unclosed elements stay counted), never shallower; the stack
/// stops growing past [`MAX_DEPTH`], so each tag costs at most that much.
#[derive(Default)]
struct RawHtmlDepth {
    open: RefCell<Vec<LocalName>>,
    /// How many of the open elements are `<svg>` or `<math>`.
    foreign: Cell<usize>,
    /// The most elements open at once since it was last set.
    peak: Cell<usize>,
}

/// Elements that never have content.
fn is_void(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("area")
            | local_name!("base")
            | local_name!("br")
            | local_name!("col")
            | local_name!("embed")
            | local_name!("hr")
            | local_name!("img")
            | local_name!("input")
            | local_name!("link")
            | local_name!("meta")
            | local_name!("source")
            | local_name!("track")
            | local_name!("wbr")
    )
}

/// Elements whose content is SVG or MathML rather than HTML.
fn is_foreign(name: &LocalName) -> bool {
    matches!(*name, local_name!("svg") | local_name!("math"))
}

/// Elements a start tag of the same kind closes (`<li>a<li>b` are siblings).
fn closes_its_kind(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("p")
            | local_name!("li")
            | local_name!("dt")
            | local_name!("dd")
            | local_name!("tr")
            | local_name!("td")
            | local_name!("th")
            | local_name!("option")
    )
}

/// What the tokenizer reads after a start tag of `name` (in HTML, not SVG or MathML).
fn raw_text_after(name: &LocalName) -> Option<TokenSinkResult<()>> {
    match *name {
        local_name!("title") | local_name!("textarea") => Some(TokenSinkResult::RawData(RawKind::Rcdata)),
        local_name!("style")
        | local_name!("xmp")
        | local_name!("iframe")
        | local_name!("noembed")
        | local_name!("noframes")
        | local_name!("noscript") => Some(TokenSinkResult::RawData(RawKind::Rawtext)),
        local_name!("script") => Some(TokenSinkResult::RawData(RawKind::ScriptData)),
        local_name!("plaintext") => Some(TokenSinkResult::Plaintext),
        _ => None,
    }
}

impl TokenSink for RawHtmlDepth {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else { return TokenSinkResult::Continue };
        let mut open = self.open.borrow_mut();
        match tag.kind {
            TagKind::StartTag => {
                if closes_its_kind(&tag.name) && open.last() == Some(&tag.name) {
                    open.pop();
                }
                // Inside SVG or MathML, `<style>` and friends hold tags like any element.
                let after = (self.foreign.get() == 0).then(|| raw_text_after(&tag.name)).flatten();
                // `<div/>` still opens a div in HTML; only void elements stay empty.
                if !is_void(&tag.name) && open.len() <= MAX_DEPTH {
                    if is_foreign(&tag.name) {
                        self.foreign.set(self.foreign.get() + 1);
                    }
                    open.push(tag.name);
                    self.peak.set(self.peak.get().max(open.len()));
                }
                after.unwrap_or(TokenSinkResult::Continue)
            }
            TagKind::EndTag => {
                if let Some(at) = open.iter().rposition(|n| *n == tag.name) {
                    let closed = open[at..].iter().filter(|n| is_foreign(n)).count();
                    self.foreign.set(self.foreign.get() - closed);
                    open.truncate(at);
                }
                TokenSinkResult::Continue
            }
        }
    }
}

/// Every word of `markdown`, a line per block (see [`super::plain_text`]).
pub(super) fn plain_text(markdown: &str) -> String {
    let mut text = String::with_capacity(markdown.len());
    // A line break inside a paragraph joins Japanese lines with nothing between them (a
    // space would split a word wrapped across two lines), other lines with a space.
    let mut pending_break = false;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(words) | Event::Code(words) => {
                let joins =
                    text.chars().last().is_some_and(is_cjk) && words.chars().next().is_some_and(is_cjk);
                if pending_break && !joins {
                    text.push(' ');
                }
                pending_break = false;
                text.push_str(&words);
            }
            Event::SoftBreak | Event::HardBreak => pending_break = true,
            Event::End(_) if !text.ends_with('\n') && !text.is_empty() => {
                pending_break = false;
                text.push('\n');
            }
            _ => {}
        }
    }
    text.trim_end().to_owned()
}

/// Whether `c` is written without spaces between words (Japanese and Chinese).
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{FF00}'..='\u{FFEF}')
}

/// The words of the first paragraph of `markdown`, at most `max_chars` characters (see
/// [`super::summary`]).
pub(super) fn first_paragraph(markdown: &str, max_chars: usize) -> String {
    let mut text = String::new();
    let mut in_paragraph = false;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::Paragraph) => in_paragraph = true,
            Event::End(TagEnd::Paragraph) if in_paragraph => break,
            Event::Text(words) | Event::Code(words) if in_paragraph => text.push_str(&words),
            Event::SoftBreak | Event::HardBreak if in_paragraph => text.push(' '),
            _ => {}
        }
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max_chars {
        return text;
    }
    let cut: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    let cut = match cut.rfind(' ') {
        Some(space) if space > cut.len() / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end())
}
