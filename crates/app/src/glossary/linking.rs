//! Links the first use of each glossary term in a text to the term's page.
//!
//! A [`Linker`] is built once from the published terms (see [`super::Glossary::linker`])
//! and applied once per published revision of whatever it links — a lesson's body
//! when the course cache renders it, an article when the library renders it — never
//! per request. It rewrites HTML the sanitiser made (html5ever's serialiser: every
//! attribute quoted, `<`, `>` and `&` in text escaped, no comments or scripts), so a
//! small scanner that knows tags from text is enough and safe: text is only ever cut
//! between characters of a text node, and what is added is a fixed element around
//! them with an address made of a checked slug.
//!
//! Patterns are the Japanese term anywhere (Japanese has no spaces between words)
//! and the English term as a whole word, ignoring ASCII case; at any place the longest
//! pattern wins (副校長 before 校長). Text inside links, headings, `<code>`, `<pre>`,
//! `<kbd>` and `<samp>` is left alone.

use std::{collections::HashSet, fmt::Write as _};

use aho_corasick::{AhoCorasick, Input, MatchKind};

/// Elements whose text is never linked.
const LEFT_ALONE: [&str; 13] =
    ["a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "kbd", "samp", "button", "label"];

/// One pattern: which term it names, and whether it must stand as a whole word at its
/// start and its end.
#[derive(Clone, Copy, Debug)]
struct Pattern {
    term: usize,
    word_start: bool,
    word_end: bool,
}

/// The published terms, ready to link texts to.
#[derive(Debug, Default)]
pub struct Linker {
    matcher: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
    slugs: Vec<String>,
    /// The published term revisions it was built from (to know when it is out of date).
    pub(super) built_from: Vec<i64>,
}

/// Whether `c` is part of a word for the English patterns' boundaries: a letter or
/// digit of an alphabet (Latin with macrons too), not a Japanese character.
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || (c.is_alphanumeric() && (c as u32) < 0x2E80)
}

impl Linker {
    /// A linker for `terms` as `(slug, Japanese term, English term)`.
    pub fn new<'a>(terms: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>) -> Self {
        let mut linker = Linker::default();
        let mut texts: Vec<String> = Vec::new();
        for (term, (slug, ja, en)) in terms.into_iter().enumerate() {
            linker.slugs.push(slug.to_owned());
            for text in [ja.trim(), en.trim()] {
                let (Some(first), Some(last)) = (text.chars().next(), text.chars().last()) else { continue };
                linker.patterns.push(Pattern {
                    term,
                    word_start: is_word_char(first),
                    word_end: is_word_char(last),
                });
                texts.push(text.to_owned());
            }
        }
        if !texts.is_empty() {
            let built = AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(true)
                .build(&texts);
            match built {
                Ok(matcher) => linker.matcher = Some(matcher),
                Err(err) => tracing::error!(error = %err, "the glossary's terms could not be matched"),
            }
        }
        linker
    }

    /// `html` (sanitised) with the first use of each term linked to its page.
    pub fn link(&self, html: &str) -> String {
        self.link_except(html, None)
    }

    /// `html` (sanitised) with the first use of each term but the one at `own` (the
    /// term whose page it is) linked to its page.
    pub fn link_except(&self, html: &str, own: Option<&str>) -> String {
        let Some(matcher) = &self.matcher else { return html.to_owned() };
        let mut linked: HashSet<usize> =
            own.and_then(|own| self.slugs.iter().position(|slug| slug == own)).into_iter().collect();
        let mut out = String::with_capacity(html.len() + 256);
        let mut inside = 0usize;
        let mut rest = html;
        while !rest.is_empty() {
            if rest.starts_with("<!--") {
                let end = rest.find("-->").map_or(rest.len(), |at| at + 3);
                out.push_str(&rest[..end]);
                rest = &rest[end..];
            } else if rest.starts_with('<') {
                let end = tag_end(rest);
                let tag = &rest[..end];
                let (closing, name) = tag_name(tag);
                if LEFT_ALONE.contains(&name.as_str()) && !tag.ends_with("/>") {
                    inside = if closing { inside.saturating_sub(1) } else { inside + 1 };
                }
                out.push_str(tag);
                rest = &rest[end..];
            } else {
                let end = rest.find('<').unwrap_or(rest.len());
                let text = &rest[..end];
                if inside == 0 {
                    self.link_text(matcher, text, &mut out, &mut linked);
                } else {
                    out.push_str(text);
                }
                rest = &rest[end..];
            }
        }
        out
    }

    /// Links the first use of each term not yet `linked` in `text` (a text node as
    /// serialised), writing it to `out`. Character references (`&amp;`) are never cut.
    fn link_text(&self, matcher: &AhoCorasick, text: &str, out: &mut String, linked: &mut HashSet<usize>) {
        let mut rest = text;
        while let Some(at) = rest.find('&') {
            self.link_plain(matcher, &rest[..at], out, linked);
            let end = rest[at..]
                .find(';')
                .filter(|len| {
                    *len <= 32
                        && rest[at + 1..at + len].chars().all(|c| c.is_ascii_alphanumeric() || c == '#')
                })
                .map_or(at + 1, |len| at + len + 1);
            out.push_str(&rest[at..end]);
            rest = &rest[end..];
        }
        self.link_plain(matcher, rest, out, linked);
    }

    /// [`Self::link_text`] for text without character references.
    fn link_plain(&self, matcher: &AhoCorasick, text: &str, out: &mut String, linked: &mut HashSet<usize>) {
        let mut pos = 0;
        while pos < text.len() {
            let Some(found) = matcher.find(Input::new(text).span(pos..text.len())) else { break };
            let pattern = self.patterns[found.pattern().as_usize()];
            let (start, end) = (found.start(), found.end());
            let before = text[..start].chars().next_back();
            let after = text[end..].chars().next();
            let inside_a_word = (pattern.word_start && before.is_some_and(is_word_char))
                || (pattern.word_end && after.is_some_and(is_word_char));
            if inside_a_word {
                // Not a word here ("teachers"): look again from the next character.
                let next = start + text[start..].chars().next().map_or(1, char::len_utf8);
                out.push_str(&text[pos..next]);
                pos = next;
                continue;
            }
            out.push_str(&text[pos..start]);
            if linked.insert(pattern.term) {
                let slug = &self.slugs[pattern.term];
                let _ = write!(out, "<a href=\"/glossary/{slug}\" class=\"term\">{}</a>", &text[start..end]);
            } else {
                // A later use: kept whole, so that a shorter term inside it is not linked.
                out.push_str(&text[start..end]);
            }
            pos = end;
        }
        out.push_str(&text[pos..]);
    }
}

/// The length of the tag at the start of `html` (up to and including its `>`, outside
/// quoted attribute values), or all of it if it never closes.
fn tag_end(html: &str) -> usize {
    let mut quote = None;
    for (at, c) in html.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return at + 1,
            _ => {}
        }
    }
    html.len()
}

/// Whether `tag` closes an element, and the element's name in lowercase.
fn tag_name(tag: &str) -> (bool, String) {
    let inner = tag.trim_start_matches('<');
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(inner) => (true, inner),
        None => (false, inner),
    };
    let name = inner.chars().take_while(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase();
    (closing, name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn linker() -> Linker {
        Linker::new([
            ("tannin", "担任", "homeroom teacher"),
            ("kocho", "校長", "principal"),
            ("fukukocho", "副校長", "vice-principal"),
        ])
    }

    fn links(html: &str) -> usize {
        html.matches("class=\"term\"").count()
    }

    #[test]
    fn only_the_first_use_of_a_term_is_linked() {
        let html =
            linker().link("<p>担任の先生と話す。担任は忙しい。</p><p>The homeroom teacher agrees.</p>");
        assert_eq!(
            html,
            "<p><a href=\"/glossary/tannin\" class=\"term\">担任</a>の先生と話す。担任は忙しい。</p>\
             <p>The homeroom teacher agrees.</p>"
        );
    }

    #[test]
    fn english_terms_are_linked_as_whole_words_in_any_case() {
        let html = linker().link("<p>Homeroom teachers differ. Ask the Homeroom Teacher.</p>");
        assert!(
            html.contains("the <a href=\"/glossary/tannin\" class=\"term\">Homeroom Teacher</a>."),
            "{html}"
        );
        assert_eq!(links(&linker().link("<p>principals, unprincipaled</p>")), 0);
    }

    #[test]
    fn text_in_links_headings_and_code_is_left_alone() {
        let html = linker().link(
            "<h2>担任</h2><p><a href=\"/x\">担任</a> <code>担任</code></p><pre><code>担任</code></pre>\
             <p title=\"a > 担任\">then 担任</p>",
        );
        assert_eq!(links(&html), 1, "{html}");
        assert!(html.ends_with(
            "<p title=\"a > 担任\">then <a href=\"/glossary/tannin\" class=\"term\">担任</a></p>"
        ));
    }

    #[test]
    fn the_longest_term_wins_and_japanese_needs_no_word_boundaries() {
        let html = linker().link("<p>新しい副校長が来た。校長も来た。</p>");
        assert_eq!(
            html,
            "<p>新しい<a href=\"/glossary/fukukocho\" class=\"term\">副校長</a>が来た。\
             <a href=\"/glossary/kocho\" class=\"term\">校長</a>も来た。</p>"
        );
        // A second 副校長 is not linked, and neither is the 校長 inside it.
        let html = linker().link("<p>副校長と副校長</p>");
        assert_eq!(links(&html), 1);
        let html = linker().link("<p>The vice-principal and the principal.</p>");
        assert!(html.contains(">vice-principal</a>") && html.contains(">principal</a>."), "{html}");
    }

    #[test]
    fn a_terms_own_page_does_not_link_it_and_character_references_stay_whole() {
        assert_eq!(links(&linker().link_except("<p>担任と校長</p>", Some("tannin"))), 1);
        let amp = Linker::new([("amp", "アンプ", "amp")]);
        assert_eq!(amp.link("<p>A &amp; B</p>"), "<p>A &amp; B</p>");
        assert_eq!(Linker::default().link("<p>担任</p>"), "<p>担任</p>");
    }
}
