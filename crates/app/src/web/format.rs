//! How dates, times and numbers are written on pages and in documents: one helper
//! each, so every page writes them alike.

/// `YYYY-MM-DD` (UTC) of a unix-millisecond timestamp.
pub fn day_of(millis: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(millis / 1000)
        .map(|at| at.date().to_string())
        .unwrap_or_default()
}

/// RFC 3339 time of a unix-millisecond timestamp.
pub fn rfc3339(millis: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(millis / 1000)
        .ok()
        .and_then(|at| at.format(&time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_default()
}

/// Unix milliseconds of an RFC 3339 time such as `2026-11-02T09:00:00+09:00`.
pub fn rfc3339_millis(text: &str) -> Result<i64, time::error::Parse> {
    let at = time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)?;
    Ok(i64::try_from(at.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX))
}

/// Hours as a person writes them: `2`, `1.5`.
pub fn hours(value: f64) -> String {
    if value.fract() == 0.0 { format!("{value:.0}") } else { format!("{value:.1}") }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_and_hours_are_written_alike_everywhere() {
        assert_eq!(super::day_of(1_767_225_600_000), "2026-01-01");
        assert_eq!(super::rfc3339(1_767_225_600_000), "2026-01-01T00:00:00Z");
        assert_eq!((super::hours(2.0), super::hours(1.5)), ("2".to_owned(), "1.5".to_owned()));
    }
}
