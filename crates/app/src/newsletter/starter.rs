//! The archive a new site starts with: issues written as files in
//! `content/newsletter/` (compiled into the binary), stored as already sent — nobody
//! is mailed. Each file is front matter then the Markdown body:
//!
//! ```text
//! +++
//! title = "The Monthly Trainer — November 2026"
//! title_ja = "The Monthly Trainer（2026年11月号）"
//! sent_at = "2026-11-30T09:00:00+09:00"
//! +++
//! Welcome to …
//! ```
//!
//! The file's name (without `.md`) is the issue's address in the archive.

use altto_store::{IssueDraft, Store, StoreError};
use anyhow::Context as _;

/// The starter issues.
static STARTER: include_dir::Dir<'_> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/../../content/newsletter");

/// One issue read from a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StarterIssue {
    /// The archive address (the file name).
    pub slug: String,
    /// English subject.
    pub title: String,
    /// Japanese subject.
    pub title_ja: Option<String>,
    /// When it was sent (unix ms).
    pub sent_at: i64,
    /// The Markdown body.
    pub body: String,
}

/// Stores the starter issues as sent when the archive is empty; returns how many.
/// Nodes starting together may all try: the first to store an issue wins, the others
/// are refused by its unique address and carry on.
pub async fn load_once(store: &Store) -> anyhow::Result<usize> {
    if !store.sent_issues().await?.is_empty() {
        return Ok(0);
    }
    let mut issues = Vec::new();
    for file in STARTER.files() {
        let path = file.path();
        if path.extension().is_none_or(|ext| ext != "md") {
            continue;
        }
        let slug = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        let text = file.contents_utf8().with_context(|| format!("{} is not UTF-8", path.display()))?;
        issues.push(
            parse(slug, text).with_context(|| format!("the starter issue {} is invalid", path.display()))?,
        );
    }
    issues.sort_by_key(|issue| issue.sent_at);
    let mut loaded = 0;
    for issue in issues {
        let draft = IssueDraft {
            subject: &issue.title,
            subject_ja: issue.title_ja.as_deref(),
            intro: &issue.body,
            items: "[]",
        };
        match store.archive_issue(&draft, &issue.slug, issue.sent_at).await {
            Ok(_) => loaded += 1,
            Err(StoreError::Conflict(_)) => {}
            Err(err) => return Err(err.into()),
        }
    }
    Ok(loaded)
}

/// Reads one issue file: TOML front matter between `+++` lines (`title`, `title_ja`,
/// `sent_at`), then the Markdown body.
pub fn parse(slug: &str, text: &str) -> anyhow::Result<StarterIssue> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Front {
        title: String,
        title_ja: Option<String>,
        sent_at: String,
    }
    let split = crate::content::front_matter::split(text.trim_start_matches('\u{feff}'))
        .map_err(|missing| anyhow::anyhow!("front matter: {missing:?} line +++"))?;
    let front: Front = toml::from_str(split.front)?;
    anyhow::ensure!(!front.title.trim().is_empty(), "no title");
    Ok(StarterIssue {
        slug: slug.to_owned(),
        title: front.title,
        title_ja: front.title_ja.filter(|title| !title.is_empty()),
        sent_at: rfc3339_millis(&front.sent_at).with_context(|| format!("sent_at {:?}", front.sent_at))?,
        body: split.body.trim().to_owned(),
    })
}

pub use crate::web::format::rfc3339_millis;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_issue_file_is_read_from_its_front_matter_and_body() {
        let text = "+++\ntitle = \"November\"\ntitle_ja = \"11月号\"\nsent_at = \"2026-11-02T09:00:00+09:00\"\n+++\n\nHello **ALTs**.\n";
        let issue = parse("2026-11", text).unwrap();
        assert_eq!(issue.slug, "2026-11");
        assert_eq!(issue.title, "November");
        assert_eq!(issue.title_ja.as_deref(), Some("11月号"));
        assert_eq!(issue.sent_at, rfc3339_millis("2026-11-02T00:00:00Z").unwrap());
        assert_eq!(issue.body, "Hello **ALTs**.");
        assert!(parse("x", "no front matter").is_err());
        assert!(parse("x", "+++\ntitle = \"A\"\n+++\nbody").is_err(), "sent_at is required");
    }

    #[test]
    fn rfc3339_times_are_read_with_their_offsets() {
        assert_eq!(rfc3339_millis("1970-01-01T00:00:00Z").unwrap(), 0);
        assert_eq!(rfc3339_millis("1970-01-01T09:00:00+09:00").unwrap(), 0);
        assert_eq!(rfc3339_millis("1970-01-01T00:00:01.5Z").unwrap(), 1500);
        assert!(rfc3339_millis("2026-13-01T00:00:00Z").is_err());
        assert!(rfc3339_millis("yesterday").is_err());
    }

    #[test]
    fn the_built_in_issues_are_valid() {
        for file in STARTER.files().filter(|f| f.path().extension().is_some_and(|e| e == "md")) {
            let slug = file.path().file_stem().unwrap().to_str().unwrap();
            parse(slug, file.contents_utf8().unwrap()).unwrap();
        }
    }
}
