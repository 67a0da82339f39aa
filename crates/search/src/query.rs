//! Queries from what a reader typed. Nothing typed is syntax: quotes, `AND (`, `*` and
//! `~` are punctuation to the analyzer, so no input can make a query fail to parse.
//! The text is cut into the analyzer's tokens; a run of Japanese becomes a phrase of
//! its bigrams (so 学級経営 matches exactly that), every other word a term; an entry
//! must match each of them, in its title (which counts double) or its text, unless none
//! does, when any of them will do.

use std::ops::Bound;

use tantivy::Term;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};

use crate::index::Fields;

/// Characters of a query that are read; the rest is ignored (a pasted page is not a
/// question, and every word costs a lookup).
pub const MAX_QUERY_CHARS: usize = 200;

/// Tokens of a query that are looked up.
const MAX_TOKENS: usize = 40;

/// How much a result in the reader's language gains.
const OWN_LANGUAGE_BONUS: f32 = 2.0;

/// What a reader asks for.
#[derive(Clone, Debug, Default)]
pub struct Request {
    /// What they typed.
    pub text: String,
    /// Other ways to say the same (a glossary term's other names): an entry matching
    /// any of them is found too.
    pub alternatives: Vec<String>,
    /// Only this kind of entry.
    pub kind: Option<String>,
    /// Only courses and lessons of this level.
    pub level: Option<String>,
    /// Only this category.
    pub category: Option<String>,
    /// Only entries for this school level.
    pub school_level: Option<String>,
    /// Only entries dated from this time on (unix ms).
    pub since: Option<i64>,
    /// The reader's language (`en`, `ja`): entries in it come first.
    pub language: String,
    /// Whether the reader is signed in (members-only entries are found too).
    pub signed_in: bool,
    /// Results skipped (the pages before this one).
    pub offset: usize,
    /// Results per page.
    pub per_page: usize,
}

/// The query for `request`: every word needed when `all_words`, else any. `None` when
/// the text has no word at all (empty, or only punctuation).
pub(crate) fn build(fields: &Fields, request: &Request, all_words: bool) -> Option<Box<dyn Query>> {
    let mut texts = vec![text_query(fields, &request.text, all_words)?];
    for alternative in &request.alternatives {
        texts.extend(text_query(fields, alternative, true));
    }
    let matching: Box<dyn Query> = if texts.len() == 1 {
        texts.remove(0)
    } else {
        Box::new(BooleanQuery::new(texts.into_iter().map(|query| (Occur::Should, query)).collect()))
    };
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, matching)];
    let exact = |field: Field, value: &str| -> Box<dyn Query> {
        Box::new(TermQuery::new(Term::from_field_text(field, value), IndexRecordOption::Basic))
    };
    let filters = [
        (fields.kind, &request.kind),
        (fields.level, &request.level),
        (fields.category, &request.category),
        (fields.school, &request.school_level),
    ];
    for (field, value) in filters {
        if let Some(value) = value {
            clauses.push((Occur::Must, exact(field, value)));
        }
    }
    if let Some(since) = request.since {
        let range =
            RangeQuery::new(Bound::Included(Term::from_field_i64(fields.date, since)), Bound::Unbounded);
        clauses.push((Occur::Must, Box::new(range)));
    }
    if !request.signed_in {
        clauses.push((Occur::MustNot, exact(fields.members_only, "yes")));
    }
    let own = ConstScoreQuery::new(exact(fields.language, &request.language), OWN_LANGUAGE_BONUS);
    clauses.push((Occur::Should, Box::new(own)));
    Some(Box::new(BooleanQuery::new(clauses)))
}

/// The query matching `text` in titles or texts; `None` when it has no word.
fn text_query(fields: &Fields, text: &str, all_words: bool) -> Option<Box<dyn Query>> {
    let text: String = text.chars().take(MAX_QUERY_CHARS).collect();
    let parts = parts(&text);
    if parts.is_empty() {
        return None;
    }
    let occur = if all_words { Occur::Must } else { Occur::Should };
    let clauses = parts
        .iter()
        .map(|tokens| {
            let in_title: Box<dyn Query> = Box::new(BoostQuery::new(part_query(fields.title, tokens), 2.0));
            let either = BooleanQuery::new(vec![
                (Occur::Should, in_title),
                (Occur::Should, part_query(fields.body, tokens)),
            ]);
            (occur, Box::new(either) as Box<dyn Query>)
        })
        .collect();
    Some(Box::new(BooleanQuery::new(clauses)))
}

/// `tokens` in `field`: one term, or a phrase of consecutive ones (positions kept, so a
/// stop word left out inside a phrase still leaves its gap).
fn part_query(field: Field, tokens: &[(usize, String)]) -> Box<dyn Query> {
    if let [(_, token)] = tokens {
        return Box::new(TermQuery::new(Term::from_field_text(field, token), IndexRecordOption::WithFreqs));
    }
    let first = tokens[0].0;
    let terms = tokens
        .iter()
        .map(|(position, token)| (position - first, Term::from_field_text(field, token)))
        .collect();
    Box::new(PhraseQuery::new_with_offset(terms))
}

/// The parts of a query: each run of Japanese (its bigrams, with positions), and each
/// other word on its own.
fn parts(text: &str) -> Vec<Vec<(usize, String)>> {
    let mut analyzer = crate::analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut parts: Vec<Vec<(usize, String)>> = Vec::new();
    // Where the last token ended, and whether it was Japanese: the next Japanese token
    // continues the run when the two overlap (bigrams share a character).
    let mut last: Option<(usize, bool)> = None;
    let mut count = 0;
    while stream.advance() && count < MAX_TOKENS {
        let token = stream.token();
        let japanese = token.text.chars().any(is_japanese);
        let continues = japanese && matches!(last, Some((end, true)) if token.offset_from < end);
        match parts.last_mut() {
            Some(part) if continues => part.push((token.position, token.text.clone())),
            _ => parts.push(vec![(token.position, token.text.clone())]),
        }
        last = Some((token.offset_to, japanese));
        count += 1;
    }
    parts
}

/// Whether the analyzer makes bigrams of `c`.
fn is_japanese(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '々')
}

/// Each word of `text` as the index keeps it, in order: two texts with the same words
/// find the same entries (`gakkyū keiei` and `gakkyuu keiei`, `ＩＣＴ` and `ICT`).
pub fn normalised(text: &str) -> Vec<String> {
    let mut analyzer = crate::analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut words = Vec::new();
    while stream.advance() {
        words.push(stream.token().text.clone());
    }
    words
}

#[cfg(test)]
mod tests {
    use super::parts;

    #[test]
    fn a_japanese_run_is_one_part_and_each_english_word_another() {
        let parts = parts("ICTを使った 学級経営 classroom");
        let texts: Vec<Vec<&str>> =
            parts.iter().map(|part| part.iter().map(|(_, token)| token.as_str()).collect()).collect();
        assert_eq!(texts[0], ["ict"]);
        assert_eq!(texts.last().unwrap(), &["classroom"]);
        assert!(texts.contains(&vec!["学級", "級経", "経営"]), "{texts:?}");
    }

    #[test]
    fn query_syntax_and_punctuation_are_only_punctuation() {
        assert!(parts("\"AND ( * ~ ) :: [").iter().all(|part| part.iter().all(|(_, t)| t != "(")));
        assert!(parts("!!! ??? ...").is_empty());
    }
}
