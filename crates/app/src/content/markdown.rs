//! Markdown to safe HTML: CommonMark with tables, then sanitised, so raw HTML in an
//! author's text can never run script or break the page.
//!
//! The sanitiser (ammonia, on html5ever) builds a tree, and the HTML tree-building
//! rules look through the open elements for almost every tag: its cost grows with the
//! square of how deeply elements are nested. Twenty thousand nested quotes took two
//! seconds, and a short table padded to thousands of columns multiplies the HTML it
//! must read. So the text is measured while it is parsed, in one linear pass, before
//! anything reaches the sanitiser: how deeply it nests (Markdown quotes and lists, and
//! raw HTML elements, counted by html5ever's own tokenizer) and how much HTML it makes.
//! [`check`] turns a text beyond [`MAX_DEPTH`] or the output budget into a message for
//! its author; [`render`] shows such a text (saved before the checks existed) as its
//! escaped source instead of sanitising it. Both cost time in proportion to the text.

use std::cell::{Cell, RefCell};

use html5ever::{
    LocalName, local_name,
    tendril::StrTendril,
    tokenizer::{
        BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts, states::RawKind,
    },
};
use pulldown_cmark::{Event, Options, Parser, html};

/// Deepest nesting a text may have: quotes, lists and HTML elements inside each other.
/// Real lessons stay under ten; browsers stop nesting at 512.
pub const MAX_DEPTH: usize = 32;

/// Longest Markdown text an author may save in one field, in bytes.
pub const MAX_BYTES: usize = 200_000;

/// Elements and texts a text may make: at most this many per byte read so far (text
/// makes at most two, as in a table of empty cells `||||`; a short table padded to
/// thousands of empty cells makes hundreds) …
const EVENTS_PER_BYTE: usize = 4;
/// … plus this many, so that a short text can still hold a table.
const EVENT_ALLOWANCE: usize = 10_000;

/// Raw HTML is measured this many bytes at a time.
const HTML_SLICE: usize = 4096;

/// Why a Markdown text cannot be published as it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Longer than [`MAX_BYTES`].
    TooLong,
    /// Nested more than [`MAX_DEPTH`] deep, first at this line.
    TooDeep {
        /// The line (from 1) where the nesting went too deep.
        line: usize,
    },
    /// Makes far more HTML than text (a table padded with empty cells), at this line.
    TooMuchOutput {
        /// The line (from 1) where the output ran over.
        line: usize,
    },
}

impl Problem {
    /// The line the problem is at, if it has one (counted from 1).
    pub fn line(self) -> Option<usize> {
        match self {
            Problem::TooLong => None,
            Problem::TooDeep { line } | Problem::TooMuchOutput { line } => Some(line),
        }
    }

    /// What is wrong, in `lang`, without the line.
    pub fn describe(self, lang: crate::i18n::Lang) -> String {
        let (key, limit) = match self {
            Problem::TooLong => ("markdown-too-long", MAX_BYTES / 1000),
            Problem::TooDeep { .. } => ("markdown-too-deep", MAX_DEPTH),
            Problem::TooMuchOutput { .. } => ("markdown-too-much-output", 0),
        };
        lang.t_args(key, &[("limit", limit.to_string().into())])
    }

    /// The message for the author, in `lang`, with the line.
    pub fn message(self, lang: crate::i18n::Lang) -> String {
        match self.line() {
            Some(line) => lang.t_args(
                "markdown-at-line",
                &[("line", line.to_string().into()), ("problem", self.describe(lang).into())],
            ),
            None => self.describe(lang),
        }
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES
}

/// Checks a text an author wants to save: its length, its nesting and how much HTML it
/// makes. Linear in the length of the text.
pub fn check(markdown: &str) -> Result<(), Problem> {
    if markdown.len() > MAX_BYTES {
        return Err(Problem::TooLong);
    }
    to_unsafe_html(markdown).map(|_| ())
}

/// Renders `markdown` as sanitised HTML. A text that nests too deeply or makes too much
/// HTML (saving one is refused by [`check`], so only a text saved before the checks
/// existed can) is replaced by a notice in both languages naming the line.
pub fn render(markdown: &str) -> String {
    match to_unsafe_html(markdown) {
        Ok(unsafe_html) => ammonia::Builder::default().clean(&unsafe_html).to_string(),
        Err(problem) => {
            tracing::warn!(?problem, bytes = markdown.len(), "not rendered: too deep or too large");
            let line = match problem {
                Problem::TooDeep { line } | Problem::TooMuchOutput { line } => line,
                Problem::TooLong => 1,
            };
            format!(
                "<p class=\"markdown-refused\">{} {}</p>",
                crate::i18n::Lang::En.t_args("markdown-not-shown", &[("line", line.to_string().into())]),
                crate::i18n::Lang::Ja.t_args("markdown-not-shown", &[("line", line.to_string().into())]),
            )
        }
    }
}

/// The HTML of `markdown` before sanitising, measured on the way: refused once it
/// nests deeper than [`MAX_DEPTH`] or makes far more elements than it has text. Events
/// are pulled one at a time, so the parser stops where the measuring does.
fn to_unsafe_html(markdown: &str) -> Result<String, Problem> {
    let mut markdown_depth = 0usize;
    let mut events = 0usize;
    let raw = Tokenizer::new(RawHtmlDepth::default(), TokenizerOpts::default());
    let queue = BufferQueue::default();
    let mut problem = None;
    let line_of = |offset: usize| markdown.as_bytes()[..offset].iter().filter(|b| **b == b'\n').count() + 1;
    let measured = Parser::new_ext(markdown, options()).into_offset_iter().map_while(|(event, range)| {
        match &event {
            Event::Start(_) => markdown_depth += 1,
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
            problem = Some(Problem::TooDeep { line: line_of(range.start.min(markdown.len())) });
        } else if events > range.end.saturating_mul(EVENTS_PER_BYTE).saturating_add(EVENT_ALLOWANCE) {
            problem = Some(Problem::TooMuchOutput { line: line_of(range.start.min(markdown.len())) });
        }
        problem.is_none().then_some(event)
    });
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, measured);
    match problem {
        Some(problem) => Err(problem),
        None => Ok(unsafe_html),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders the file named by `ALTTO_RENDER_FILE`: what the counting test below runs
    /// under callgrind. Without the variable it renders nothing.
    #[test]
    fn render_the_file_named_by_the_environment() {
        if let Some(path) = std::env::var_os("ALTTO_RENDER_FILE") {
            let text = std::fs::read_to_string(path).unwrap();
            std::hint::black_box(render(std::hint::black_box(&text)));
        }
    }

    /// Instructions `render` may execute per byte of text, as callgrind counts them in
    /// this (test) build. An ordinary 2 MiB lesson takes about 400; the worst hostile
    /// text below about 1,500 (a table padded with empty cells, which the Markdown
    /// parser itself pads before it can be refused). Before nesting was measured,
    /// 20,000 nested quotes in 40 KB took about 150,000 per byte, and the cost grew
    /// with the square of the length.
    const INSTRUCTIONS_PER_BYTE: u64 = 2_500;

    /// `unit` repeated to fill 2 MiB.
    fn two_mib_of(unit: &str) -> String {
        unit.repeat((2 << 20) / unit.len())
    }

    #[test]
    fn hostile_two_mib_texts_render_within_a_fixed_count_of_instructions() {
        let padded_table =
            "|a".repeat(2000) + "|\n" + &"|-".repeat(2000) + "|\n" + &"x\n".repeat(2000) + "\n";
        let hostile = [
            ("nested quotes", two_mib_of("> ")),
            ("nested divs", two_mib_of("<div>")),
            ("nested lists", two_mib_of("- ")),
            ("divs kept open by script text", two_mib_of("<div><script></div></script>")),
            ("tables padded with empty cells", two_mib_of(&padded_table)),
        ];
        let dir = tempfile::tempdir().unwrap();
        let counts: Vec<_> = std::thread::scope(|scope| {
            let runs: Vec<_> = hostile
                .iter()
                .enumerate()
                .map(|(i, (name, text))| {
                    let file = dir.path().join(format!("{i}.md"));
                    std::fs::write(&file, text).unwrap();
                    scope.spawn(move || (*name, text.len() as u64, instructions_to_render(&file)))
                })
                .collect();
            runs.into_iter().map(|run| run.join().unwrap()).collect()
        });
        for (name, bytes, instructions) in counts {
            assert!(
                instructions <= INSTRUCTIONS_PER_BYTE * bytes,
                "{name}: {instructions} instructions for {bytes} bytes ({} per byte, budget {INSTRUCTIONS_PER_BYTE})",
                instructions / bytes
            );
        }
    }

    /// How many instructions `render` executes on the text in `file`, counted by
    /// valgrind's callgrind running this test binary (counts, unlike times, do not
    /// depend on what else the machine is doing).
    fn instructions_to_render(file: &std::path::Path) -> u64 {
        let output = std::process::Command::new("valgrind")
            .args([
                "--tool=callgrind",
                "--callgrind-out-file=/dev/null",
                "--toggle-collect=*markdown*render*",
            ])
            .arg(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "content::markdown::tests::render_the_file_named_by_the_environment",
                "--test-threads=1",
            ])
            .env("ALTTO_RENDER_FILE", file)
            .output()
            .expect("valgrind runs (scripts/test installs it: apt-get install valgrind)");
        let log = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "the render under valgrind failed:\n{log}");
        let collected = log.lines().find_map(|line| line.split("Collected : ").nth(1));
        collected.and_then(|n| n.trim().parse().ok()).unwrap_or_else(|| panic!("no count in:\n{log}"))
    }

    #[test]
    fn markdown_becomes_html_and_raw_html_is_defused() {
        let html = render(
            "## Plan\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>",
        );
        assert!(html.contains("<h2>Plan</h2>") && html.contains("<table>"));
        assert!(!html.contains("<script") && !html.contains("onerror") && !html.contains("javascript:"));
    }

    #[test]
    fn broken_markdown_still_renders_closed_html() {
        let html = render("**bold without end\n\n> quote\n\n<div><p>unclosed");
        assert_eq!(html.matches("<div").count(), html.matches("</div>").count());
        assert!(html.contains("<blockquote>"));
    }

    #[test]
    fn ordinary_nesting_passes_and_too_deep_nesting_is_refused_at_its_line() {
        let lesson = "# Plan\n\n> A quote\n> - with a list\n>   - nested\n>     1. and numbered\n\n<details><summary>More</summary><div><p>Raw <em>HTML</em></p></div></details>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
        assert_eq!(check(lesson), Ok(()));
        let deep_quotes = format!("Intro\n\n{}deep", "> ".repeat(MAX_DEPTH + 5));
        assert_eq!(check(&deep_quotes), Err(Problem::TooDeep { line: 3 }));
        let deep_divs = format!("Line one\n\nline three {}deep", "<div>".repeat(MAX_DEPTH + 1));
        assert!(matches!(check(&deep_divs), Err(Problem::TooDeep { .. })));
        let deep_lists = "- ".repeat(MAX_DEPTH + 1) + "deep";
        assert!(matches!(check(&deep_lists), Err(Problem::TooDeep { line: 1 })));
        // Closed elements do not add up, and <li> closes the one before.
        let long_list = format!("<ul>{}</ul>", "<li>item".repeat(500));
        assert_eq!(check(&format!("{}\n", "<div>x</div>".repeat(1000))), Ok(()));
        assert_eq!(check(&long_list), Ok(()));
    }

    #[test]
    fn tags_hidden_in_raw_text_do_not_hide_nesting() {
        // A browser keeps every <div> open: the </div> inside <script> is script text.
        let sneaky = "<div><script></div></script>".repeat(MAX_DEPTH + 1);
        assert!(matches!(check(&sneaky), Err(Problem::TooDeep { .. })));
    }

    #[test]
    fn a_table_padded_to_thousands_of_empty_cells_is_refused() {
        let one = "|a".repeat(2000) + "|\n" + &"|-".repeat(2000) + "|\n" + &"x\n".repeat(2000) + "\nend\n\n";
        // Refused within the first few padded rows, long before the table's end.
        assert!(matches!(check(&one), Err(Problem::TooMuchOutput { line: 3..=20 })), "{:?}", check(&one));
        let empty_cells = "|a|b|c|d|\n|-|-|-|-|\n".to_owned() + &"|||||\n".repeat(5000);
        assert_eq!(check(&empty_cells), Ok(()), "a big table of empty cells is fine");
    }

    #[test]
    fn too_long_a_text_is_refused_and_a_too_deep_one_is_replaced_by_a_notice() {
        assert_eq!(check(&"a".repeat(MAX_BYTES + 1)), Err(Problem::TooLong));
        let hostile = "Intro\n\n".to_owned() + &"<div>".repeat(20_000) + "<script>alert(1)</script>";
        let shown = render(&hostile);
        assert!(shown.starts_with("<p class=\"markdown-refused\">") && shown.contains("line 3"), "{shown}");
        assert!(!shown.contains("<script") && !shown.contains("<div"));
    }
}
