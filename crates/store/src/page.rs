//! Keyset pagination, shared by every paged list.
//!
//! A list is shown newest first, ordered by a pair of integer columns: a sort key (a
//! timestamp, say) and the row id, which breaks ties; a list ordered by id alone uses
//! the id as its key too. A [`Cursor`] names one row's place in that order, and a page
//! is the rows just after (older than) or just before (newer than) a cursor. Unlike
//! `OFFSET`, a page costs the same however deep it is (given an index on the pair, as
//! the primary key is for id alone), and rows added or removed meanwhile never make a
//! row appear twice or be skipped while paging.
//!
//! A store method that pages takes a [`PageRequest`], puts [`PageRequest::sql`] at
//! the end of its statement, binds [`PageRequest::binds`] after its own parameters,
//! and hands the rows to [`PageRequest::finish`], which makes the [`Page`].

use std::{fmt, str::FromStr};

/// A row's place in a list ordered newest first by `(key, id)`.
///
/// In a URL it is opaque text (see its `Display` and `FromStr`): a link hands it back as
/// the page gave it, and only the store that listed the rows makes one from their columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Cursor {
    /// The sort key of the row (its id, in a list ordered by id alone).
    pub key: i64,
    /// The row's id, which orders rows with the same key.
    pub id: i64,
}

/// Why text is not a [`Cursor`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CursorError {
    /// Not of the form a cursor is written in.
    #[error("not a page cursor")]
    Malformed,
    /// A number in it is too large (or too small) to be a position.
    #[error("a page cursor's number is out of range")]
    OutOfRange,
}

impl Cursor {
    /// The place of row `id` in a list ordered by `(key, id)`.
    pub fn new(key: i64, id: i64) -> Self {
        Self { key, id }
    }

    /// The place of row `id` in a list ordered by id alone.
    pub fn at_id(id: i64) -> Self {
        Self { key: id, id }
    }
}

/// `{key}.{id}`, or just `{id}` when the key is the id.
impl fmt::Display for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.key == self.id { write!(f, "{}", self.id) } else { write!(f, "{}.{}", self.key, self.id) }
    }
}

/// Reads what `Display` writes; anything else (a missing or extra part, a sign other
/// than a leading `-`, a space, a number beyond `i64`) is an error, never a panic.
impl FromStr for Cursor {
    type Err = CursorError;

    fn from_str(text: &str) -> Result<Self, CursorError> {
        let number = |part: &str| {
            let digits = part.strip_prefix('-').unwrap_or(part);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(CursorError::Malformed);
            }
            part.parse::<i64>().map_err(|_| CursorError::OutOfRange)
        };
        match text.split_once('.') {
            None => number(text).map(Cursor::at_id),
            Some((key, id)) => Ok(Cursor::new(number(key)?, number(id)?)),
        }
    }
}

/// Which page of a list to fetch, and how many rows a page holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageRequest {
    /// Rows older than this place (the "Older" link); the newest rows when neither
    /// this nor `before` is set.
    pub after: Option<Cursor>,
    /// Rows newer than this place (the "Newer" link); wins over `after` when both are
    /// set.
    pub before: Option<Cursor>,
    /// Rows a page holds (at least 1).
    pub limit: i64,
}

/// One page of a list, newest first, with the places to fetch its neighbours from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page<T> {
    /// The rows, newest first.
    pub items: Vec<T>,
    /// Where the page of newer rows starts (`before` it), if there are newer rows.
    pub newer: Option<Cursor>,
    /// Where the page of older rows starts (`after` it), if there are older rows.
    pub older: Option<Cursor>,
}

impl PageRequest {
    /// The newest `limit` rows.
    pub fn first(limit: i64) -> Self {
        Self { after: None, before: None, limit: limit.max(1) }
    }

    /// The `limit` rows just older than `cursor`.
    pub fn after(cursor: Cursor, limit: i64) -> Self {
        Self { after: Some(cursor), ..Self::first(limit) }
    }

    /// The `limit` rows just newer than `cursor`.
    pub fn before(cursor: Cursor, limit: i64) -> Self {
        Self { before: Some(cursor), ..Self::first(limit) }
    }

    fn limit(&self) -> i64 {
        self.limit.max(1)
    }

    /// `query` with this page's three parameters (see [`PageRequest::binds`]) bound
    /// after its own.
    pub(crate) fn bind<'q, DB, O>(
        &self,
        query: sqlx::query::QueryAs<'q, DB, O, <DB as sqlx::Database>::Arguments>,
    ) -> sqlx::query::QueryAs<'q, DB, O, <DB as sqlx::Database>::Arguments>
    where
        DB: sqlx::Database,
        i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    {
        let [key, id, limit] = self.binds();
        query.bind(key).bind(id).bind(limit)
    }

    /// The end of a paged statement: a condition on the columns `key` and `id`, the
    /// order and the limit, to follow `WHERE … AND ` (or `WHERE `). It uses the three
    /// parameters from `$first` on, which take [`PageRequest::binds`].
    ///
    /// `key` and `id` are column expressions written by the caller, never input; a list
    /// ordered by id alone passes its id column as both.
    pub fn sql(&self, key: &str, id: &str, first: usize) -> String {
        let (k, i, n) = (first, first + 1, first + 2);
        match (self.before, self.after) {
            (Some(_), _) => format!("({key}, {id}) > (${k}, ${i}) ORDER BY {key} ASC, {id} ASC LIMIT ${n}"),
            (None, Some(_)) => {
                format!("({key}, {id}) < (${k}, ${i}) ORDER BY {key} DESC, {id} DESC LIMIT ${n}")
            }
            // Every pair is at most (MAX, MAX), so the first page's condition keeps every row
            // while the statement keeps the same parameters as the others.
            (None, None) => {
                format!("({key}, {id}) <= (${k}, ${i}) ORDER BY {key} DESC, {id} DESC LIMIT ${n}")
            }
        }
    }

    /// The values of the three parameters [`PageRequest::sql`] uses: the cursor's key and
    /// id, and how many rows to fetch (one more than a page, to know whether there are
    /// more).
    fn binds(&self) -> [i64; 3] {
        let cursor = self.before.or(self.after).unwrap_or(Cursor::new(i64::MAX, i64::MAX));
        [cursor.key, cursor.id, self.limit().saturating_add(1)]
    }

    /// The page made of `rows`, as fetched by the statement of [`PageRequest::sql`];
    /// `cursor` gives a row's place.
    pub fn finish<T>(&self, mut rows: Vec<T>, cursor: impl Fn(&T) -> Cursor) -> Page<T> {
        let limit = usize::try_from(self.limit()).unwrap_or(usize::MAX);
        let more = rows.len() > limit;
        rows.truncate(limit);
        if self.before.is_some() {
            // Fetched oldest first, starting just above the cursor.
            rows.reverse();
            let newer = if more { rows.first().map(&cursor) } else { None };
            // The cursor came from the first row of an older page, which is still there to
            // go back to.
            let older = rows.last().map(&cursor).or(self.before);
            Page { items: rows, newer, older }
        } else {
            let newer = if self.after.is_some() { rows.first().map(&cursor).or(self.after) } else { None };
            let older = if more { rows.last().map(&cursor) } else { None };
            Page { items: rows, newer, older }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_what_it_writes() {
        for cursor in [Cursor::new(1_700_000_000_000, 42), Cursor::at_id(7), Cursor::new(-5, 3)] {
            assert_eq!(cursor.to_string().parse::<Cursor>(), Ok(cursor));
        }
        assert_eq!(Cursor::at_id(7).to_string(), "7");
        assert_eq!(Cursor::new(9, 7).to_string(), "9.7");
        let extreme = Cursor::new(i64::MIN, i64::MAX);
        assert_eq!(extreme.to_string().parse::<Cursor>(), Ok(extreme));
    }

    #[test]
    fn malformed_or_huge_cursors_are_errors_and_never_panic() {
        for text in
            ["", "abc", "1.", ".1", "1..2", "1.2.3", "+1", "1e3", " 1", "1 ", "-", "--1", "0x10", "１", "1.a"]
        {
            assert_eq!(text.parse::<Cursor>(), Err(CursorError::Malformed), "{text:?}");
        }
        for text in ["99999999999999999999999", "9223372036854775808", "1.-9223372036854775809"] {
            assert_eq!(text.parse::<Cursor>(), Err(CursorError::OutOfRange), "{text:?}");
        }
        let long = "9".repeat(100_000);
        assert!(long.parse::<Cursor>().is_err());
    }

    /// What a statement would return for `request` from the rows `10, 9, …, 1` (newest
    /// first, each row's id its key): the rows on the far side of the cursor, nearest
    /// first, one more than a page.
    fn fetch(request: &PageRequest) -> Vec<i64> {
        let [_, id, fetch] = request.binds();
        let take = usize::try_from(fetch).unwrap();
        match (request.before, request.after) {
            (Some(_), _) => (1..=10).filter(|row| *row > id).take(take).collect(),
            _ => (1..=10).rev().filter(|row| *row < id).take(take).collect(),
        }
    }

    fn page(request: PageRequest) -> Page<i64> {
        request.finish(fetch(&request), |row| Cursor::at_id(*row))
    }

    #[test]
    fn the_first_page_links_only_to_older_rows_and_only_when_there_are_some() {
        let first = page(PageRequest::first(4));
        assert_eq!(first, Page { items: vec![10, 9, 8, 7], newer: None, older: Some(Cursor::at_id(7)) });
        let everything = page(PageRequest::first(10));
        assert_eq!((everything.items.len(), everything.newer, everything.older), (10, None, None));
    }

    #[test]
    fn older_pages_link_both_ways_until_the_last_which_has_no_older_link() {
        let second = page(PageRequest::after(Cursor::at_id(7), 4));
        assert_eq!(
            second,
            Page { items: vec![6, 5, 4, 3], newer: Some(Cursor::at_id(6)), older: Some(Cursor::at_id(3)) }
        );
        let last = page(PageRequest::after(Cursor::at_id(3), 4));
        assert_eq!(last, Page { items: vec![2, 1], newer: Some(Cursor::at_id(2)), older: None });
    }

    #[test]
    fn a_newer_page_is_fetched_upwards_and_shown_newest_first() {
        let back = page(PageRequest::before(Cursor::at_id(6), 4));
        assert_eq!(back, page(PageRequest::first(4)), "newer than the second page is the first page");
        let middle = page(PageRequest::before(Cursor::at_id(2), 4));
        assert_eq!(
            middle,
            Page { items: vec![6, 5, 4, 3], newer: Some(Cursor::at_id(6)), older: Some(Cursor::at_id(3)) }
        );
    }

    #[test]
    fn a_page_past_either_end_is_empty_and_still_links_back() {
        let past_the_end = page(PageRequest::after(Cursor::at_id(1), 4));
        assert_eq!(past_the_end, Page { items: vec![], newer: Some(Cursor::at_id(1)), older: None });
        let above_the_top = page(PageRequest::before(Cursor::at_id(10), 4));
        assert_eq!(above_the_top, Page { items: vec![], newer: None, older: Some(Cursor::at_id(10)) });
    }

    #[test]
    fn a_page_never_holds_fewer_than_one_row_nor_asks_for_more_than_fits() {
        assert_eq!(PageRequest::first(0).limit, 1);
        assert_eq!(PageRequest::first(-3).binds()[2], 2);
        assert_eq!(PageRequest { after: None, before: None, limit: i64::MAX }.binds()[2], i64::MAX);
    }

    #[test]
    fn the_statement_end_compares_the_pair_in_the_direction_asked() {
        let after = PageRequest::after(Cursor::new(5, 6), 10).sql("failed_at", "id", 2);
        assert_eq!(after, "(failed_at, id) < ($2, $3) ORDER BY failed_at DESC, id DESC LIMIT $4");
        let before = PageRequest::before(Cursor::new(5, 6), 10).sql("a.id", "a.id", 1);
        assert_eq!(before, "(a.id, a.id) > ($1, $2) ORDER BY a.id ASC, a.id ASC LIMIT $3");
        assert!(PageRequest::first(10).sql("k", "id", 1).starts_with("(k, id) <= ($1, $2)"));
    }
}
