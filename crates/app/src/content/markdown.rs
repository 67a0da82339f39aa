//! Markdown to safe HTML, in one of two [`Profile`]s: course authors', and community
//! members'. CommonMark with tables, strikethrough and footnotes, then sanitised by one
//! sanitiser, so no text can run script or break the page.
//!
//! The sanitiser (ammonia, on html5ever) builds a tree, and the HTML tree-building
//! rules look through the open elements for almost every tag: its cost grows with the
//! square of how deeply elements are nested. Twenty thousand nested quotes took two
//! seconds, and a short table padded to thousands of columns multiplies the HTML it
//! must read. So the text is measured while it is parsed, in one linear pass, before
//! anything reaches the sanitiser: how deeply it nests (Markdown quotes and lists, and
//! raw HTML elements, counted by html5ever's own tokenizer) and how much HTML it makes.
//! [`check`] turns a text beyond [`MAX_DEPTH`] or the output budget into a message for
//! its writer; [`render`] shows such a text (saved before the checks existed) as a
//! notice instead of sanitising it. Both cost time in proportion to the text, in
//! either profile.

mod check;
mod members;
mod sanitise;
#[cfg(test)]
mod tests;

pub use members::Members;
pub use sanitise::MEMBER_LINK_REL;

/// Deepest nesting a text may have: quotes, lists and HTML elements inside each other.
/// Real lessons stay under ten; browsers stop nesting at 512.
pub const MAX_DEPTH: usize = 32;

/// Longest Markdown text an author may save in one field, in bytes.
pub const MAX_BYTES: usize = 200_000;

/// Whose text it is, which decides what its Markdown may do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Profile {
    /// Course authors, who are trusted editors: headings, tables, images from anywhere,
    /// footnotes and the harmless part of raw HTML (`<details>`, `<div>` …); links get
    /// `rel="noopener noreferrer"`. A lesson's video is its own field (YouTube without
    /// cookies, or Vimeo, as the Content-Security-Policy allows), not Markdown: the
    /// sanitiser drops every `<iframe>` in both profiles.
    Authors,
    /// Community members, whose posts anyone may write: the same Markdown, but raw
    /// HTML is shown as the text it is (escaped, never silently dropped), headings step
    /// down two levels (`#` is `<h3>`, never higher; see [`Members`]), every link gets
    /// `rel="nofollow ugc noopener"` ([`MEMBER_LINK_REL`]) and may only be `http`,
    /// `https`, `mailto` or relative, an image is shown only from this site (a relative
    /// address or [`Members::site`]) and otherwise becomes a link to it (or, inside a
    /// link, its description), and [`check`] refuses more links than
    /// [`Members::link_limit`].
    Members(Members),
}

impl Profile {
    /// The most links a text may have in this profile, if there is a limit.
    pub fn link_limit(&self) -> Option<usize> {
        match self {
            Profile::Authors => None,
            Profile::Members(members) => members.link_limit,
        }
    }
}

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
    /// Has more links than its writer may post (a new member's limit).
    TooManyLinks {
        /// The line (from 1) of the first link past the limit.
        line: usize,
        /// How many links the text has.
        links: usize,
        /// How many it may have.
        limit: usize,
    },
}

impl Problem {
    /// The line the problem is at, if it has one (counted from 1).
    pub fn line(self) -> Option<usize> {
        match self {
            Problem::TooLong => None,
            Problem::TooDeep { line }
            | Problem::TooMuchOutput { line }
            | Problem::TooManyLinks { line, .. } => Some(line),
        }
    }

    /// What is wrong, in `lang`, without the line.
    pub fn describe(self, lang: crate::i18n::Lang) -> String {
        let (key, limit, links) = match self {
            Problem::TooLong => ("markdown-too-long", MAX_BYTES / 1000, 0),
            Problem::TooDeep { .. } => ("markdown-too-deep", MAX_DEPTH, 0),
            Problem::TooMuchOutput { .. } => ("markdown-too-much-output", 0, 0),
            Problem::TooManyLinks { links, limit, .. } => ("markdown-too-many-links", limit, links),
        };
        // Numbers, not text, so that the messages can choose their words by them.
        lang.t_args(key, &[("limit", limit.into()), ("links", links.into())])
    }

    /// The message for the writer, in `lang`, with the line.
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

/// Checks a text its writer wants to save in `profile`: its length, its nesting, how
/// much HTML it makes and, where the profile limits them, how many links it has.
/// Linear in the length of the text.
pub fn check(markdown: &str, profile: &Profile) -> Result<(), Problem> {
    if markdown.len() > MAX_BYTES {
        return Err(Problem::TooLong);
    }
    let measured = check::measure(markdown, profile)?;
    match (measured.first_link_past_limit, profile.link_limit()) {
        (Some(line), Some(limit)) => Err(Problem::TooManyLinks { line, links: measured.links, limit }),
        _ => Ok(()),
    }
}

/// The first paragraph of `markdown` as plain text (its words, without markup),
/// cut at a word boundary to at most `max_chars` characters with "…": a summary for a
/// feed entry or a page description of a text that has no summary of its own.
pub fn summary(markdown: &str, max_chars: usize) -> String {
    check::first_paragraph(markdown, max_chars)
}

/// All the words of `markdown` as plain text, a line per block (for the search index,
/// whose snippets show text, not markup).
pub fn plain_text(markdown: &str) -> String {
    check::plain_text(markdown)
}

/// Renders `markdown` in `profile` as sanitised HTML. A text that nests too deeply or
/// makes too much HTML (saving one is refused by [`check`], so only a text saved
/// before the checks existed can) is replaced by a notice in both languages naming the
/// line. The link limit is not applied: it is for saving, and a post saved under an
/// earlier limit is still shown.
pub fn render(markdown: &str, profile: &Profile) -> String {
    match check::measure(markdown, profile) {
        Ok(measured) => sanitise::clean(&measured.html, profile),
        Err(problem) => {
            tracing::warn!(?problem, bytes = markdown.len(), "not rendered: too deep or too large");
            let line = problem.line().unwrap_or(1).to_string();
            let key = match profile {
                Profile::Authors => "markdown-not-shown",
                Profile::Members(_) => "markdown-not-shown-post",
            };
            format!(
                "<p class=\"markdown-refused\">{} {}</p>",
                crate::i18n::Lang::En.t_args(key, &[("line", line.clone().into())]),
                crate::i18n::Lang::Ja.t_args(key, &[("line", line.into())]),
            )
        }
    }
}
