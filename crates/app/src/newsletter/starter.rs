//! The archive a new site starts with: issues written as files in
//! `content/newsletter/` (compiled into the binary), stored as already sent — nobody
//! is mailed. Each file is front matter then the Markdown body:
//!
//! ```text
//! ---
//! title: The Monthly Trainer — November 2026
//! title_ja: マンスリー・トレーナー 2026年11月号
//! sent_at: 2026-11-02T09:00:00+09:00
//! ---
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

/// Reads one issue file.
pub fn parse(slug: &str, text: &str) -> anyhow::Result<StarterIssue> {
    let text = text.trim_start_matches('\u{feff}');
    let rest = text.strip_prefix("---").context("no front matter (the file must start with ---)")?;
    let end = rest.find("\n---").context("the front matter is not closed with ---")?;
    let (front, body) = (&rest[..end], &rest[end + 4..]);
    let body = body.split_once('\n').map_or("", |(_, body)| body).trim().to_owned();
    let (mut title, mut title_ja, mut sent_at) = (None, None, None);
    for line in front.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let (key, value) = line.split_once(':').with_context(|| format!("not `key: value`: {line}"))?;
        let value = value.trim().trim_matches('"').trim_matches('\'').to_owned();
        match key.trim() {
            "title" => title = Some(value),
            "title_ja" => title_ja = Some(value).filter(|v| !v.is_empty()),
            "sent_at" => {
                sent_at = Some(rfc3339_millis(&value).with_context(|| format!("sent_at {value:?}"))?)
            }
            _ => {}
        }
    }
    Ok(StarterIssue {
        slug: slug.to_owned(),
        title: title.filter(|t| !t.is_empty()).context("no title")?,
        title_ja,
        sent_at: sent_at.context("no sent_at")?,
        body,
    })
}

/// Unix milliseconds of an RFC 3339 time such as `2026-11-02T09:00:00+09:00` or
/// `2026-11-02T00:00:00Z` (fractions of a second are ignored).
pub fn rfc3339_millis(text: &str) -> anyhow::Result<i64> {
    let bad = || anyhow::anyhow!("not an RFC 3339 time");
    let (date, rest) = text.split_once(['T', 't', ' ']).ok_or_else(bad)?;
    let number = |s: &str| s.parse::<i32>().map_err(|_| bad());
    let mut parts = date.split('-');
    let (year, month, day) = (
        number(parts.next().ok_or_else(bad)?)?,
        number(parts.next().ok_or_else(bad)?)?,
        number(parts.next().ok_or_else(bad)?)?,
    );
    let (clock, offset_secs) = if let Some(clock) = rest.strip_suffix(['Z', 'z']) {
        (clock, 0)
    } else {
        let at = rest.rfind(['+', '-']).ok_or_else(bad)?;
        let sign = if rest[at..].starts_with('-') { -1 } else { 1 };
        let (hours, minutes) = rest[at + 1..].split_once(':').ok_or_else(bad)?;
        (&rest[..at], sign * (number(hours)? * 3600 + number(minutes)? * 60))
    };
    let clock = clock.split('.').next().unwrap_or_default();
    let mut hms = clock.split(':');
    let (hour, minute, second) = (
        number(hms.next().ok_or_else(bad)?)?,
        number(hms.next().ok_or_else(bad)?)?,
        number(hms.next().ok_or_else(bad)?)?,
    );
    let month = time::Month::try_from(u8::try_from(month)?)?;
    let date = time::Date::from_calendar_date(year, month, u8::try_from(day)?)?;
    let clock = time::Time::from_hms(u8::try_from(hour)?, u8::try_from(minute)?, u8::try_from(second)?)?;
    let offset = time::UtcOffset::from_whole_seconds(offset_secs)?;
    let at = time::PrimitiveDateTime::new(date, clock).assume_offset(offset);
    Ok(i64::try_from(at.unix_timestamp_nanos() / 1_000_000)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_issue_file_is_read_from_its_front_matter_and_body() {
        let text = "---\ntitle: \"November\"\ntitle_ja: 11月号\nsent_at: 2026-11-02T09:00:00+09:00\n---\n\nHello **ALTs**.\n";
        let issue = parse("2026-11", text).unwrap();
        assert_eq!(issue.slug, "2026-11");
        assert_eq!(issue.title, "November");
        assert_eq!(issue.title_ja.as_deref(), Some("11月号"));
        assert_eq!(issue.sent_at, rfc3339_millis("2026-11-02T00:00:00Z").unwrap());
        assert_eq!(issue.body, "Hello **ALTs**.");
        assert!(parse("x", "no front matter").is_err());
        assert!(parse("x", "---\ntitle: A\n---\nbody").is_err(), "sent_at is required");
    }

    #[test]
    fn rfc3339_times_are_read_with_their_offsets() {
        assert_eq!(rfc3339_millis("1970-01-01T00:00:00Z").unwrap(), 0);
        assert_eq!(rfc3339_millis("1970-01-01T09:00:00+09:00").unwrap(), 0);
        assert_eq!(rfc3339_millis("1970-01-01T00:00:01.5-00:00").unwrap(), 1000);
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
