//! Markdown to safe HTML: CommonMark with tables, then sanitised, so raw HTML in an
//! author's text can never run script or break the page.

use pulldown_cmark::{Options, Parser, html};

/// Renders `markdown` as sanitised HTML.
pub fn render(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, Parser::new_ext(markdown, options));
    ammonia::Builder::default().clean(&unsafe_html).to_string()
}

#[cfg(test)]
mod tests {
    use super::render;

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
}
