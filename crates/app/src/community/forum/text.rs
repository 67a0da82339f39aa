//! The pure rules of a post's text: members' handles and @mentions, and quoting.
//!
//! **Mentions.** Display names are neither unique nor easy to type, so a mention names
//! a member's *handle*: `@` then 2–30 of `a-z`, `0-9` and `_` (e.g. `@sam_lee`), after
//! the start of the text or a character that is not a letter, digit or `_` (so an
//! e-mail address such as `sam@example.org` is no mention). A member gets a handle made
//! from their display name when they first post (see [`handle_from_name`]) and may
//! choose another; posts show it beside the author's name. A handle that names no
//! member stays plain text.
//!
//! When a post is saved, its rendered (sanitised) HTML has each mention of a member
//! marked as `<span class="mention" data-member="ID">@handle</span>` outside code and
//! links ([`mark_mentions`]), and the post's mentions are stored (notifications use
//! them). When a page is shown, [`show_mentions`] turns the marks of members whose
//! profile the reader may see into links to it; the others stay plain text.

use std::fmt::Write as _;

/// The most members a post may mention: a post naming more is refused (a mention
/// flood), see [`mention_count`].
pub const MAX_MENTIONS: usize = 10;

/// Whether `c` may be part of a handle.
fn handle_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'
}

/// Whether `text` is a handle a member may hold: 2–30 of `a-z`, `0-9`, `_`.
pub fn is_handle(text: &str) -> bool {
    (2..=30).contains(&text.len()) && text.chars().all(handle_char)
}

/// Whether `text` is a category address: 2–40 of `a-z`, `0-9` and inner `-`.
pub fn is_slug(text: &str) -> bool {
    (2..=40).contains(&text.len())
        && text.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !text.starts_with('-')
        && !text.ends_with('-')
}

/// A handle made from a display name: its ASCII letters and digits, lower-cased, with
/// runs of anything else as one `_`; `member` when that leaves too little (a name
/// written in Japanese, say). The store adds the member's id when it is taken.
pub fn handle_from_name(name: &str) -> String {
    let mut handle = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            handle.push(c.to_ascii_lowercase());
        } else if !handle.is_empty() && !handle.ends_with('_') {
            handle.push('_');
        }
        if handle.len() >= 20 {
            break;
        }
    }
    let handle = handle.trim_end_matches('_').to_owned();
    if is_handle(&handle) { handle } else { "member".to_owned() }
}

/// The handles `markdown` mentions, in order, each once, at most [`MAX_MENTIONS`].
pub fn mentioned_handles(markdown: &str) -> Vec<String> {
    handles_in(markdown, MAX_MENTIONS)
}

/// How many different handles `markdown` mentions (counting stops past
/// [`MAX_MENTIONS`]), wherever they are written.
pub fn mention_count(markdown: &str) -> usize {
    handles_in(markdown, MAX_MENTIONS + 1).len()
}

/// The different handles `markdown` mentions, in order, at most `most`.
fn handles_in(markdown: &str, most: usize) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut before: Option<char> = None;
    for (at, c) in markdown.char_indices() {
        if c == '@' && !before.is_some_and(|b| b.is_alphanumeric() || b == '_') {
            let rest = &markdown[at + 1..];
            let end = rest.find(|ch: char| !handle_char(ch)).unwrap_or(rest.len());
            let handle = &rest[..end];
            if is_handle(handle) && !found.iter().any(|known| known == handle) {
                found.push(handle.to_owned());
                if found.len() == most {
                    break;
                }
            }
        }
        before = Some(c);
    }
    found
}

/// `html` (sanitised) with each mention of a member in `members` (id, handle) marked,
/// outside `<code>`, `<pre>` and links.
pub fn mark_mentions(html: &str, members: &[(i64, String)]) -> String {
    if members.is_empty() {
        return html.to_owned();
    }
    let mut out = String::with_capacity(html.len() + 64);
    let mut skip = 0usize;
    let mut rest = html;
    while !rest.is_empty() {
        if rest.starts_with('<') {
            let end = tag_end(rest);
            let tag = &rest[..end];
            let name = tag.trim_start_matches('<').trim_start_matches('/');
            let name: String = name.chars().take_while(char::is_ascii_alphanumeric).collect();
            if matches!(name.to_ascii_lowercase().as_str(), "a" | "code" | "pre") {
                if tag.starts_with("</") {
                    skip = skip.saturating_sub(1);
                } else {
                    skip += 1;
                }
            }
            out.push_str(tag);
            rest = &rest[end..];
            continue;
        }
        let text_end = rest.find('<').unwrap_or(rest.len());
        let text = &rest[..text_end];
        if skip == 0 {
            mark_in_text(text, members, &mut out)
        } else {
            out.push_str(text)
        }
        rest = &rest[text_end..];
    }
    out
}

/// Where the tag at the start of `html` ends (after its `>`), minding quoted values.
fn tag_end(html: &str) -> usize {
    let mut quote: Option<char> = None;
    for (at, c) in html.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return at + 1,
            _ => {}
        }
    }
    html.len()
}

fn mark_in_text(text: &str, members: &[(i64, String)], out: &mut String) {
    let mut last = 0;
    let mut before: Option<char> = None;
    for (at, c) in text.char_indices() {
        if at < last {
            before = Some(c);
            continue;
        }
        if c == '@' && !before.is_some_and(|b| b.is_alphanumeric() || b == '_') {
            let rest = &text[at + 1..];
            let end = rest.find(|ch: char| !handle_char(ch)).unwrap_or(rest.len());
            if let Some((id, handle)) = members.iter().find(|(_, handle)| handle == &rest[..end]) {
                out.push_str(&text[last..at]);
                let _ = write!(out, r#"<span class="mention" data-member="{id}">@{handle}</span>"#);
                last = at + 1 + end;
            }
        }
        before = Some(c);
    }
    out.push_str(&text[last..]);
}

const MARK_START: &str = r#"<span class="mention" data-member=""#;

/// `html` with the marked mentions of members `visible` says the reader may see
/// turned into links to their profiles; the others stay plain text.
pub fn show_mentions(html: &str, visible: impl Fn(i64) -> bool) -> String {
    if !html.contains(MARK_START) {
        return html.to_owned();
    }
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(start) = rest.find(MARK_START) {
        out.push_str(&rest[..start]);
        let after = &rest[start + MARK_START.len()..];
        let parsed = after.split_once("\">").and_then(|(id, tail)| {
            let id: i64 = id.parse().ok()?;
            let (handle, tail) = tail.split_once("</span>")?;
            Some((id, handle, tail))
        });
        match parsed {
            Some((id, handle, tail)) => {
                if visible(id) {
                    let _ = write!(out, r#"<a class="mention" href="/members/{id}">{handle}</a>"#);
                } else {
                    let _ = write!(out, r#"<span class="mention">{handle}</span>"#);
                }
                rest = tail;
            }
            None => {
                out.push_str(MARK_START);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The Markdown that quotes `body`, written by `author`, with a link back to the post
/// at `link`: each line as a `>` line, then the attribution.
pub fn quote(body: &str, author: &str, link: &str) -> String {
    let mut out = String::new();
    for line in body.lines() {
        out.push_str(if line.is_empty() { ">" } else { "> " });
        out.push_str(line);
        out.push('\n');
    }
    let name: String = author
        .chars()
        .flat_map(|c| {
            let escape = matches!(c, '\\' | '[' | ']' | '*' | '_' | '`' | '<' | '>' | '(' | ')' | '#' | '!');
            escape.then_some('\\').into_iter().chain(std::iter::once(c))
        })
        .collect();
    let _ = write!(out, ">\n> — [{name}]({link})\n\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_handle_is_made_from_a_display_name_or_falls_back_to_member() {
        assert_eq!(handle_from_name("Sam Lee"), "sam_lee");
        assert_eq!(handle_from_name("  O'Brien, Pat!! "), "o_brien_pat");
        assert_eq!(handle_from_name("山田 花子"), "member");
        assert_eq!(handle_from_name("A"), "member");
        assert!(handle_from_name(&"x".repeat(100)).len() <= 20);
        assert!(is_handle("sam_lee") && !is_handle("Sam") && !is_handle("a") && !is_handle("a-b"));
    }

    #[test]
    fn mentions_are_found_once_each_but_not_inside_addresses() {
        let text = "Thanks @sam_lee and @kim! Mail sam@example.org, ask @sam_lee again, @X @a";
        assert_eq!(mentioned_handles(text), vec!["sam_lee".to_owned(), "kim".to_owned()]);
        let flood: String = (0..50).map(|i| format!("@user{i} ")).collect();
        assert_eq!(mentioned_handles(&flood).len(), MAX_MENTIONS);
        assert_eq!(mention_count(&flood), MAX_MENTIONS + 1, "a flood is seen as one");
        let ten: String = (0..10).map(|i| format!("@user{i} @user{i} ")).collect();
        assert_eq!(mention_count(&ten), 10, "each handle counts once");
    }

    #[test]
    fn mentions_are_marked_outside_code_and_links_and_shown_by_visibility() {
        let members = vec![(7, "sam".to_owned())];
        let html = r#"<p>hi @sam, <code>@sam</code> <a href="/x" title="a>b">@sam</a> @samuel</p>"#;
        let marked = mark_mentions(html, &members);
        assert_eq!(
            marked,
            r#"<p>hi <span class="mention" data-member="7">@sam</span>, <code>@sam</code> <a href="/x" title="a>b">@sam</a> @samuel</p>"#
        );
        let linked = show_mentions(&marked, |id| id == 7);
        assert!(linked.contains(r#"<a class="mention" href="/members/7">@sam</a>"#));
        let plain = show_mentions(&marked, |_| false);
        assert!(plain.contains(r#"<span class="mention">@sam</span>"#) && !plain.contains("/members/7"));
    }

    #[test]
    fn a_quote_is_the_post_as_quoted_lines_with_a_link_back() {
        let quoted = quote("First line\n\nSecond", "Sam [the] *ALT*", "/community/posts/4");
        assert_eq!(
            quoted,
            "> First line\n>\n> Second\n>\n> — [Sam \\[the\\] \\*ALT\\*](/community/posts/4)\n\n"
        );
    }
}
