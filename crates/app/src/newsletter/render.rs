//! An issue as people read it: on the site (archive, editor's preview) and in mail,
//! as plain text and as simple, accessible HTML. Every copy of a mail carries its
//! reader's own unsubscribe link.

use altto_store::Issue;
use askama::Template;

use super::picks::Pick;
use crate::{
    content::markdown::{self, Profile},
    error::AppResult,
    i18n::Lang,
    state::AppState,
};

/// What an issue says, parsed and rendered once (for every copy of a mailing).
#[derive(Clone, Debug)]
pub struct IssueContent {
    /// English subject.
    pub subject: String,
    /// Japanese subject.
    pub subject_ja: Option<String>,
    /// The introduction as written (Markdown reads well as plain text).
    pub intro: String,
    /// The introduction as sanitised HTML.
    pub intro_html: String,
    /// The picked items.
    pub items: Vec<Pick>,
}

impl IssueContent {
    /// Parses and renders `issue` (the Markdown on the rendering threads).
    pub async fn of(state: &AppState, issue: &Issue) -> AppResult<Self> {
        let items: Vec<Pick> = serde_json::from_str(&issue.items).unwrap_or_default();
        let intro = issue.intro.clone();
        let text = intro.clone();
        let intro_html = state.markdown.run(move || markdown::render(&text, &Profile::Authors)).await?;
        Ok(Self {
            subject: issue.subject.clone(),
            subject_ja: issue.subject_ja.clone(),
            intro,
            intro_html,
            items,
        })
    }

    /// The subject in `lang`.
    pub fn subject_in(&self, lang: Lang) -> &str {
        subject_in(&self.subject, self.subject_ja.as_deref(), lang)
    }
}

/// The body of an issue as HTML: shown in the archive, the editor's preview and the
/// HTML part of the mail. Links are absolute, so they work from a mail client.
#[derive(Template)]
#[template(path = "newsletter/_issue.html")]
pub struct IssueBody<'a> {
    lang: Lang,
    content: &'a IssueContent,
    base: &'a str,
}

/// The HTML part of a mail: a whole, self-contained document with inline styles.
#[derive(Template)]
#[template(path = "newsletter/mail.html")]
struct MailHtml<'a> {
    lang: Lang,
    subject: &'a str,
    body: String,
    unsubscribe: &'a str,
    site: &'a str,
}

/// One rendered copy.
pub struct MailParts {
    /// Subject line.
    pub subject: String,
    /// Plain-text part.
    pub text: String,
    /// HTML part.
    pub html: String,
}

/// The issue's body as HTML in `lang`, links made absolute with `base`.
pub fn body_html(content: &IssueContent, lang: Lang, base: &str) -> String {
    IssueBody { lang, content, base }.render().unwrap_or_default()
}

/// The subject `subject` (English) or `subject_ja` for a reader of `lang`: the Japanese
/// one for a Japanese reader when there is one.
pub fn subject_in<'a>(subject: &'a str, subject_ja: Option<&'a str>, lang: Lang) -> &'a str {
    match (lang, subject_ja) {
        (Lang::Ja, Some(japanese)) if !japanese.is_empty() => japanese,
        _ => subject,
    }
}

/// The mail for a reader of `lang` whose unsubscribe link is `unsubscribe`.
pub fn mail(content: &IssueContent, lang: Lang, base: &str, unsubscribe: &str) -> MailParts {
    let subject = content.subject_in(lang).to_owned();
    let site = format!("{base}/newsletter");
    let html =
        MailHtml { lang, subject: &subject, body: body_html(content, lang, base), unsubscribe, site: &site }
            .render()
            .unwrap_or_default();
    MailParts { text: text(content, lang, base, unsubscribe), html, subject }
}

/// The plain-text part.
pub fn text(content: &IssueContent, lang: Lang, base: &str, unsubscribe: &str) -> String {
    let subject = content.subject_in(lang);
    let mut out = format!("{subject}\n{}\n\n", "=".repeat(subject.chars().count().clamp(3, 60)));
    out.push_str(content.intro.trim());
    out.push_str("\n\n");
    if !content.items.is_empty() {
        out.push_str(&lang.t("newsletter-in-this-issue"));
        out.push_str("\n\n");
        for item in &content.items {
            out.push_str(&format!("* {}\n", item.title_in(lang)));
            let summary = item.summary_in(lang).trim();
            if !summary.is_empty() {
                out.push_str(&format!("  {summary}\n"));
            }
            out.push_str(&format!("  {}\n\n", absolute(base, &item.url)));
        }
    }
    out.push_str("-- \n");
    out.push_str(&lang.t_args("newsletter-mail-why", &[("site", format!("{base}/newsletter").into())]));
    out.push('\n');
    out.push_str(&lang.t_args("newsletter-mail-unsubscribe", &[("link", unsubscribe.into())]));
    out.push('\n');
    out
}

/// The translation key naming an issue's state (`draft`, `sending`, `sent`).
pub fn state_key(state: &str) -> &'static str {
    match state {
        "sending" => "newsletter-state-sending",
        "sent" => "newsletter-state-sent",
        _ => "newsletter-state-draft",
    }
}

/// `url` as an absolute address: site paths get the site's address in front.
pub fn absolute(base: &str, url: &str) -> String {
    if url.starts_with('/') { format!("{base}{url}") } else { url.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content() -> IssueContent {
        IssueContent {
            subject: "November".into(),
            subject_ja: Some("11月".into()),
            intro: "Hello **teachers**.".into(),
            intro_html: "<p>Hello <strong>teachers</strong>.</p>".into(),
            items: vec![Pick {
                kind: "course".into(),
                title: "ALT Essentials".into(),
                title_ja: Some("ALTの基本".into()),
                url: "/courses/alt-essentials".into(),
                summary: "Start here.".into(),
                summary_ja: None,
                date: 0,
            }],
        }
    }

    #[test]
    fn both_parts_carry_the_unsubscribe_link_and_absolute_item_links() {
        let parts = mail(&content(), Lang::En, "https://altto.example", "https://altto.example/u?t=1");
        assert_eq!(parts.subject, "November");
        for part in [&parts.text, &parts.html] {
            assert!(part.contains("https://altto.example/u?t=1"), "{part}");
            assert!(part.contains("https://altto.example/courses/alt-essentials"), "{part}");
        }
        assert!(parts.html.contains("<html lang=\"en\""));
        let ja = mail(&content(), Lang::Ja, "https://altto.example", "x");
        assert_eq!(ja.subject, "11月");
        assert!(ja.text.contains("ALTの基本") && ja.text.contains("Start here."));
    }
}
