//! altto's text analyzer for its tantivy search index: Japanese and English, no dictionary.
//!
//! Teachers write in both languages, often in one sentence ("ICTを使った学級経営"), with
//! full-width letters from Japanese input methods and romanised Japanese with or without
//! macrons. The analyzer, registered as [`ANALYZER`], turns such text into tokens:
//!
//! 1. NFKC normalisation (ＩＣＴ → ICT, ｶﾞｯｷｭｳ → ガッキュウ, ２０２４ → 2024), then lower case.
//! 2. Runs of Han, Hiragana and Katakana (with ー and 々) become overlapping bigrams at
//!    consecutive positions, as in Lucene's `CJKAnalyzer`: 学級経営 → 学級 級経 経営. A query
//!    for 学級経営 is then a phrase query of those bigrams and matches exactly that
//!    substring. A run of one character is a token of its own.
//! 3. Other runs of letters and digits become words, split at anything else. An apostrophe
//!    ends a word, and a one-letter fragment after it is dropped ("teacher's" → teacher,
//!    "don't" → don).
//! 4. Long vowels of romanised Japanese are written double: ā ī ū ē with the vowel twice,
//!    ō as "ou"; circumflexes (gakkyû) alike. So "gakkyū" finds "gakkyuu".
//! 5. Tokens of 40 bytes or more are dropped (as in tantivy's default analyzer), then
//!    English stop words (Lucene's short list), then words are stemmed with the English
//!    Snowball stemmer, so "managing classrooms" and "classroom management" share manag and
//!    classroom. Japanese bigrams pass the stemmer unchanged: it only rewrites Latin
//!    suffixes.
//!
//! Token offsets are byte offsets into the original text, not the normalised one, so that
//! snippets can highlight what the author wrote.
//!
//! # Why no dictionary
//!
//! A morphological analyzer (lindera, vibrato, sudachi) needs a dictionary of tens of
//! megabytes that is downloaded or compiled at build time; altto must build offline from
//! the crate registry alone. Bigrams need no dictionary and find every substring of two
//! characters or more.
//!
//! # Known limits
//!
//! - Bigram false positives: 京都 (Kyoto) matches 東京都 (Tokyo Metropolis), which contains
//!   the bigram 京都. Ranking puts closer matches first, but they cannot be told apart.
//! - A one-character query (学) finds only texts where that character stands alone: texts
//!   index bigrams, not single characters.
//! - A Japanese phrase split by a space or punctuation in the text (学級 経営) is not found
//!   by the unbroken query (学級経営), whose middle bigram 級経 is missing.
//! - ō may stand for おう (Tōkyō) or おお (ōkii); it folds to "ou", so "ookii" and "ōkii" do
//!   not meet, nor do "Tokyo" and "Tōkyō". Kana and romaji never meet either.
//! - The stemmer and stop words are English only.

mod analyzer;
mod index;
mod query;

pub use analyzer::{JapaneseEnglishTokenStream, JapaneseEnglishTokenizer};
pub use index::{Batch, Entry, FORMAT, Found, Hit, Opened, SearchError, SearchIndex, Stored};
pub use query::{MAX_QUERY_CHARS, Request, normalised};
use tantivy::Index;
use tantivy::schema::{IndexRecordOption, TextFieldIndexing, TextOptions};
use tantivy::tokenizer::{Language, RemoveLongFilter, Stemmer, StopWordFilter, TextAnalyzer};

/// The name under which the analyzer is registered, for schema fields and query parsers.
pub const ANALYZER: &str = "altto";

/// Tokens of this many bytes or more are dropped: the limit of tantivy's default analyzer.
const MAX_TOKEN_BYTES: usize = 40;

/// English stop words: Lucene's `EnglishAnalyzer` list, which tantivy also uses. It is
/// short on purpose, so that phrase-like queries keep their words.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no",
    "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to",
    "was", "will", "with",
];

/// The analyzer: the Japanese and English tokenizer, then the long-token, stop-word and
/// English stemming filters.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(JapaneseEnglishTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(StopWordFilter::remove(STOP_WORDS.iter().map(|word| (*word).to_owned())))
        .filter(Stemmer::new(Language::English))
        .build()
}

/// Registers the analyzer under [`ANALYZER`] in the index, where both its writers and its
/// query parsers find it. Call it every time an index is created or opened: tantivy saves
/// only the analyzer's name.
pub fn register(index: &Index) {
    index.tokenizers().register(ANALYZER, analyzer());
}

/// Options of a text field read with the analyzer, with positions for phrase queries (a
/// Japanese query is a phrase of bigrams). Add `| STORED` to keep the text for snippets.
pub fn text_options() -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

#[cfg(test)]
mod tests {
    use tantivy::collector::TopDocs;
    use tantivy::query::QueryParser;
    use tantivy::schema::{Field, STORED, Schema, Value};
    use tantivy::snippet::SnippetGenerator;
    use tantivy::{Index, TantivyDocument, doc};

    const DOCUMENTS: &[&str] = &[
        "学級経営の基本",
        "東京都の研修",
        "Managing classrooms well",
        "ICT in English lessons",
        "Gakkyuu keiei no kihon",
    ];

    fn index() -> (Index, Field) {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", super::text_options() | STORED);
        let index = Index::create_in_ram(schema.build());
        super::register(&index);
        let mut writer = index.writer(15_000_000).unwrap();
        for text in DOCUMENTS {
            writer.add_document(doc!(body => *text)).unwrap();
        }
        writer.commit().unwrap();
        (index, body)
    }

    /// The bodies of the documents that all words of the query match.
    fn search(query: &str) -> Vec<String> {
        let (index, body) = index();
        let searcher = index.reader().unwrap().searcher();
        let mut parser = QueryParser::for_index(&index, vec![body]);
        parser.set_conjunction_by_default();
        let query = parser.parse_query(query).unwrap();
        let mut found: Vec<String> = searcher
            .search(&query, &TopDocs::with_limit(10).order_by_score())
            .unwrap()
            .into_iter()
            .map(|(_, address)| {
                let document: TantivyDocument = searcher.doc(address).unwrap();
                document.get_first(body).and_then(|value| value.as_str()).unwrap().to_owned()
            })
            .collect();
        found.sort();
        found
    }

    #[test]
    fn a_japanese_query_finds_only_the_document_containing_the_compound() {
        assert_eq!(search("学級経営"), ["学級経営の基本"]);
        assert_eq!(search("経営学級"), Vec::<String>::new());
    }

    #[test]
    fn an_english_query_finds_other_forms_of_its_words() {
        assert_eq!(search("classroom management"), ["Managing classrooms well"]);
    }

    #[test]
    fn a_full_width_query_finds_half_width_text() {
        assert_eq!(search("ＩＣＴ"), ["ICT in English lessons"]);
    }

    #[test]
    fn a_romanised_query_with_macrons_finds_the_doubled_vowel_spelling() {
        assert_eq!(search("gakkyū keiei"), ["Gakkyuu keiei no kihon"]);
    }

    #[test]
    fn a_bigram_query_also_matches_inside_a_longer_word_as_a_known_limit() {
        // 京都 (Kyoto) is a bigram of 東京都 (Tokyo Metropolis): bigrams cannot tell them apart.
        assert_eq!(search("京都"), ["東京都の研修"]);
    }

    #[test]
    fn snippets_highlight_the_original_text() {
        let (index, body) = index();
        let searcher = index.reader().unwrap().searcher();
        let query = QueryParser::for_index(&index, vec![body]).parse_query("ict").unwrap();
        let snippets = SnippetGenerator::create(&searcher, &*query, body).unwrap();
        assert_eq!(snippets.snippet("ＩＣＴ教育の実践").to_html(), "<b>ＩＣＴ</b>教育の実践");
    }
}
