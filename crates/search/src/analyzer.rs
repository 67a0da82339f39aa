//! The tokenizer of the `altto` analyzer: normalisation, then Japanese bigrams and words.
//!
//! Stop words, over-long tokens and English stemming are the token filters that
//! [`crate::analyzer`] puts after it.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{canonical_combining_class, decompose_compatible, is_combining_mark};

/// At most this many combining marks are normalised together with their base character.
///
/// It is the limit of Unicode's stream-safe text format (UAX #15): no real text has more,
/// and it keeps normalisation linear in the length of hostile input (a base followed by
/// thousands of marks).
const MAX_MARKS: usize = 30;

/// Splits text into search tokens: Han, Hiragana and Katakana runs into overlapping
/// bigrams, everything else into words of letters and digits.
///
/// Tokens are NFKC-normalised, lower-cased and have macron and circumflex vowels written
/// double (see the crate docs), while their offsets stay byte offsets into the text given.
#[derive(Clone, Debug, Default)]
pub struct JapaneseEnglishTokenizer {
    /// The tokens of the text being read, kept to reuse their allocation.
    tokens: Vec<Token>,
}

impl Tokenizer for JapaneseEnglishTokenizer {
    type TokenStream<'a> = JapaneseEnglishTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        self.tokens.clear();
        tokenize(text, &mut self.tokens);
        JapaneseEnglishTokenStream { tokens: self.tokens.drain(..), token: Token::default() }
    }
}

/// The tokens of one text, in order.
pub struct JapaneseEnglishTokenStream<'a> {
    tokens: std::vec::Drain<'a, Token>,
    token: Token,
}

impl TokenStream for JapaneseEnglishTokenStream<'_> {
    fn advance(&mut self) -> bool {
        match self.tokens.next() {
            Some(token) => {
                self.token = token;
                true
            }
            None => false,
        }
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// One character of the normalised text, with the bytes of the original text it came from
/// (several normalised characters may share them: ㍻ gives 平 and 成).
#[derive(Clone, Copy, Debug)]
struct Char {
    ch: char,
    from: usize,
    to: usize,
}

/// What a normalised character does to the runs that become tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    /// Han, Hiragana or Katakana: read in bigrams.
    Cjk,
    /// Any other letter or digit: read in words.
    Word,
    /// A combining mark: belongs to the character before it.
    Mark,
    /// Ends a word, and a fragment of one letter after it is dropped ("don't" → "don").
    Apostrophe,
    /// Anything else (spaces, punctuation, symbols, emoji) separates tokens.
    Other,
}

fn tokenize(text: &str, tokens: &mut Vec<Token>) {
    let chars = normalise(text);
    let class = |i: usize| chars.get(i).map_or(Class::Other, |c| classify(c.ch));
    let mut position = 0;
    let mut unit_starts = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        let kind = class(start);
        if !matches!(kind, Class::Cjk | Class::Word) {
            start += 1;
            continue;
        }
        let mut end = start + 1;
        while end < chars.len() && (class(end) == kind || class(end) == Class::Mark) {
            end += 1;
        }
        let run = &chars[start..end];
        if kind == Class::Word {
            let fragment_after_apostrophe = end - start == 1
                && start >= 2
                && class(start - 1) == Class::Apostrophe
                && matches!(class(start - 2), Class::Word | Class::Mark);
            if !fragment_after_apostrophe {
                tokens.push(token(run, &mut position));
            }
        } else {
            // A unit is a character with its combining marks; a lone unit is its own token.
            unit_starts.clear();
            unit_starts.extend((0..run.len()).filter(|&i| classify(run[i].ch) != Class::Mark));
            unit_starts.push(run.len());
            if unit_starts.len() == 2 {
                tokens.push(token(run, &mut position));
            }
            for window in unit_starts.windows(3) {
                tokens.push(token(&run[window[0]..window[2]], &mut position));
            }
        }
        start = end;
    }
}

/// The token of a non-empty slice of normalised characters, at the next position.
fn token(chars: &[Char], position: &mut usize) -> Token {
    let token = Token {
        offset_from: chars.first().map_or(0, |c| c.from),
        offset_to: chars.last().map_or(0, |c| c.to),
        position: *position,
        text: chars.iter().map(|c| c.ch).collect(),
        position_length: 1,
    };
    *position += 1;
    token
}

/// NFKC-normalises, lower-cases and folds the text, remembering where each character came
/// from.
///
/// Normalisation works on chunks of one character and the combining marks that follow it,
/// so that each normalised character maps back to a chunk; composition never crosses
/// chunks (ｶﾞ is one chunk, so it still becomes ガ).
fn normalise(text: &str) -> Vec<Char> {
    let mut chars = Vec::with_capacity(text.len());
    let mut chunk_start = 0;
    let mut marks = 0;
    for (at, ch) in text.char_indices() {
        if at > chunk_start && marks < MAX_MARKS && continues_chunk(ch) {
            marks += 1;
            continue;
        }
        push_chunk(text, chunk_start, at, &mut chars);
        chunk_start = at;
        marks = 0;
    }
    push_chunk(text, chunk_start, text.len(), &mut chars);
    chars
}

fn push_chunk(text: &str, from: usize, to: usize, chars: &mut Vec<Char>) {
    for normalised in text[from..to].nfkc() {
        for ch in normalised.to_lowercase() {
            let (first, second) = fold_long_vowel(ch);
            chars.push(Char { ch: first, from, to });
            if let Some(ch) = second {
                chars.push(Char { ch, from, to });
            }
        }
    }
}

/// Whether a character composes with the one before it under NFKC: combining marks, the
/// half-width voiced sound marks (ﾞ, ﾟ) and the vowels and final consonants of Hangul jamo.
fn continues_chunk(ch: char) -> bool {
    let mut first = None;
    decompose_compatible(ch, |c| {
        first.get_or_insert(c);
    });
    is_combining_mark(ch)
        || first.is_some_and(|c| canonical_combining_class(c) != 0)
        || matches!(ch, '\u{1160}'..='\u{11FF}' | '\u{D7B0}'..='\u{D7FF}')
}

/// Writes the long vowels of romanised Japanese double: ā ī ū ē with the vowel twice and ō
/// as "ou" (とう, the commoner long o), with macrons or circumflexes alike.
fn fold_long_vowel(ch: char) -> (char, Option<char>) {
    match ch {
        'ā' | 'â' => ('a', Some('a')),
        'ī' | 'î' => ('i', Some('i')),
        'ū' | 'û' => ('u', Some('u')),
        'ē' | 'ê' => ('e', Some('e')),
        'ō' | 'ô' => ('o', Some('u')),
        _ => (ch, None),
    }
}

fn classify(ch: char) -> Class {
    if is_combining_mark(ch) {
        Class::Mark
    } else if is_cjk(ch) {
        Class::Cjk
    } else if ch.is_alphanumeric() {
        Class::Word
    } else if matches!(ch, '\'' | '\u{2019}') {
        Class::Apostrophe
    } else {
        Class::Other
    }
}

/// Han, Hiragana and Katakana after NFKC (half-width katakana are full-width by then), with
/// 々 〆 〇 and the prolonged sound mark ー, but not the middle dot ・, which separates words.
fn is_cjk(ch: char) -> bool {
    matches!(ch,
        '\u{3005}'..='\u{3007}'         // 々 〆 〇
        | '\u{3041}'..='\u{3096}'       // Hiragana
        | '\u{309D}'..='\u{309F}'       // ゝ ゞ ゟ
        | '\u{30A1}'..='\u{30FA}'       // Katakana
        | '\u{30FC}'..='\u{30FF}'       // ー ヽ ヾ ヿ
        | '\u{31F0}'..='\u{31FF}'       // small Katakana for Ainu
        | '\u{3400}'..='\u{4DBF}'       // Han extension A
        | '\u{4E00}'..='\u{9FFF}'       // Han
        | '\u{F900}'..='\u{FAFF}'       // Han compatibility ideographs
        | '\u{1B000}'..='\u{1B16F}'     // Kana supplement and extensions
        | '\u{20000}'..='\u{3FFFF}'     // Han extensions B and later
    )
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::Token;

    fn tokens(text: &str) -> Vec<Token> {
        let mut analyzer = crate::analyzer();
        let mut stream = analyzer.token_stream(text);
        let mut tokens = Vec::new();
        stream.process(&mut |token| tokens.push(token.clone()));
        for token in &tokens {
            assert!(text.get(token.offset_from..token.offset_to).is_some(), "{token:?} in {text:?}");
        }
        tokens
    }

    fn texts(text: &str) -> Vec<String> {
        tokens(text).into_iter().map(|token| token.text).collect()
    }

    #[test]
    fn full_width_and_half_width_text_give_the_same_tokens_as_the_usual_forms() {
        assert_eq!(texts("ＩＣＴ"), texts("ICT"));
        assert_eq!(texts("ｶﾞｯｷｭｳ"), texts("ガッキュウ"));
        assert_eq!(texts("２０２４年"), texts("2024年"));
        assert_eq!(texts("ＩＣＴ"), ["ict"]);
        assert_eq!(texts("ｶﾞｯｷｭｳ"), ["ガッ", "ッキ", "キュ", "ュウ"]);
    }

    #[test]
    fn a_kanji_compound_becomes_overlapping_bigrams_at_consecutive_positions() {
        let tokens = tokens("「学級経営」");
        let texts: Vec<&str> = tokens.iter().map(|token| token.text.as_str()).collect();
        assert_eq!(texts, ["学級", "級経", "経営"]);
        let positions: Vec<usize> = tokens.iter().map(|token| token.position).collect();
        assert_eq!(positions, [0, 1, 2]);
    }

    #[test]
    fn a_single_japanese_character_between_other_text_is_a_token_of_its_own() {
        assert_eq!(texts("ICTと AI"), ["ict", "と", "ai"]);
    }

    #[test]
    fn the_prolonged_sound_mark_and_the_iteration_mark_stay_inside_japanese_runs() {
        assert_eq!(texts("ルール"), ["ルー", "ール"]);
        assert_eq!(texts("人々"), ["人々"]);
        assert_eq!(texts("ｺｰﾋｰ"), ["コー", "ーヒ", "ヒー"]);
    }

    #[test]
    fn the_middle_dot_separates_katakana_words() {
        assert_eq!(texts("ジョン・スミス"), ["ジョ", "ョン", "スミ", "ミス"]);
    }

    #[test]
    fn english_words_are_stemmed_and_stop_words_are_dropped() {
        assert_eq!(texts("Managing the classrooms"), ["manag", "classroom"]);
        assert_eq!(texts("classroom management"), ["classroom", "manag"]);
    }

    #[test]
    fn a_dropped_stop_word_leaves_a_gap_in_positions() {
        let positions: Vec<usize> = tokens("games in class").iter().map(|token| token.position).collect();
        assert_eq!(positions, [0, 2]);
    }

    #[test]
    fn a_one_letter_fragment_after_an_apostrophe_is_dropped() {
        assert_eq!(texts("the teacher's students don't"), ["teacher", "student", "don"]);
        assert_eq!(texts("the teacher’s students"), ["teacher", "student"]);
        assert_eq!(texts("we'll"), ["we", "ll"]);
    }

    #[test]
    fn japanese_tokens_pass_the_english_stemmer_unchanged() {
        assert_eq!(texts("授業です"), ["授業", "業で", "です"]);
        assert_eq!(texts("クラス ゲームズ"), ["クラ", "ラス", "ゲー", "ーム", "ムズ"]);
    }

    #[test]
    fn macrons_and_circumflexes_are_written_as_doubled_vowels() {
        assert_eq!(texts("gakkyū"), texts("gakkyuu"));
        assert_eq!(texts("gakkyû"), texts("gakkyuu"));
        assert_eq!(texts("Tōkyō"), ["toukyou"]);
        assert_eq!(texts("Ōsaka"), ["ousaka"]);
    }

    #[test]
    fn a_long_o_written_oo_is_not_unified_with_the_folded_ou() {
        // おおきい is "ōkii" in Hepburn; the fold cannot know it is おお and not おう.
        assert_eq!(texts("ōkii"), ["oukii"]);
        assert_eq!(texts("ookii"), ["ookii"]);
    }

    #[test]
    fn token_offsets_are_byte_offsets_into_the_original_text() {
        let text = "ＩＣＴ教育";
        let found: Vec<(String, &str)> = tokens(text)
            .into_iter()
            .map(|token| (token.text, &text[token.offset_from..token.offset_to]))
            .collect();
        assert_eq!(found, [("ict".to_owned(), "ＩＣＴ"), ("教育".to_owned(), "教育")]);

        let text = "ｶﾞｯｺｳ";
        let first = &tokens(text)[0];
        assert_eq!((first.text.as_str(), &text[first.offset_from..first.offset_to]), ("ガッ", "ｶﾞｯ"));

        let text = "a cafe\u{301} ㍻";
        let found: Vec<&str> =
            tokens(text).iter().map(|token| &text[token.offset_from..token.offset_to]).collect();
        assert_eq!(found, ["cafe\u{301}", "㍻"]);
    }

    #[test]
    fn empty_and_punctuation_only_input_give_no_tokens() {
        for text in ["", " \n\t", "。、！？…「」・", "!!! ??? --- ...", "👩‍🏫✨🎌", "\u{301}\u{3099}"]
        {
            assert_eq!(texts(text), Vec::<String>::new(), "{text:?}");
        }
    }

    #[test]
    fn long_and_hostile_inputs_are_tokenised_without_panicking() {
        let mixed = "学級経営とICT教育、classroom management! 👩‍🏫 ".repeat(300);
        assert!(mixed.chars().count() >= 10_000);
        let mixed_tokens = tokens(&mixed);
        assert_eq!(mixed_tokens.len(), 300 * 8);
        assert_eq!(mixed_tokens.last().map(|token| token.position), Some(300 * 8 - 1));

        // A word this long is noise, and the length filter drops it.
        assert_eq!(texts(&"a".repeat(10_000)), Vec::<String>::new());
        assert_eq!(texts(&"学".repeat(10_000)).len(), 9_999);
        for text in [
            format!("e{}", "\u{301}".repeat(10_000)),
            format!("学{}", "\u{3099}".repeat(10_000)),
            "\u{301}".repeat(10_000),
            "！".repeat(10_000),
            "😀".repeat(10_000),
            "ﾞ".repeat(10_000),
        ] {
            tokens(&text);
        }
    }
}
