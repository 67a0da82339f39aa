//! The text of a cloze (fill-in-the-blank) question: `{answer}` or
//! `{answer|another accepted answer}` marks a blank; `\{`, `\}` and `\|` are a literal
//! brace or bar.

/// One piece of a cloze text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// Text shown as it is.
    Text(String),
    /// A blank, with its accepted answers.
    Blank(Vec<String>),
}

/// Why a cloze text cannot be used, in words an author understands.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ClozeError {
    /// A `{` that no `}` closes.
    #[error("a {{ opens a blank that no }} closes (write \\{{ for a brace)")]
    Unclosed,
    /// A `}` with no `{` before it.
    #[error("a }} closes no blank (write \\}} for a brace)")]
    Stray,
    /// A `{` inside a blank.
    #[error("blank {0} holds a {{ (blanks cannot be put inside blanks)")]
    Nested(usize),
    /// A blank with an empty accepted answer.
    #[error("blank {0} has an empty answer")]
    EmptyBlank(usize),
    /// No blank at all.
    #[error("the text needs at least one blank, written {{answer}}")]
    NoBlanks,
}

/// Splits a cloze text into text and blanks.
pub fn parse(text: &str) -> Result<Vec<Piece>, ClozeError> {
    let mut pieces = Vec::new();
    let mut plain = String::new();
    // The answers of the blank being read, and the answer being read.
    let mut blank: Option<(Vec<String>, String)> = None;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        let c = match c {
            '\\' => match chars.clone().next() {
                Some(next @ ('{' | '}' | '|')) => {
                    chars.next();
                    push(&mut blank, &mut plain, next);
                    continue;
                }
                _ => c,
            },
            c => c,
        };
        match (c, blank.as_mut()) {
            ('{', None) => {
                if !plain.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut plain)));
                }
                blank = Some((Vec::new(), String::new()));
            }
            ('{', Some(_)) => return Err(ClozeError::Nested(blanks_in(&pieces) + 1)),
            ('}', None) => return Err(ClozeError::Stray),
            ('|', Some((answers, current))) => answers.push(std::mem::take(current)),
            ('}', Some(_)) => {
                let Some((mut answers, last)) = blank.take() else { continue };
                answers.push(last);
                let answers: Vec<String> = answers.iter().map(|a| a.trim().to_owned()).collect();
                if answers.iter().any(String::is_empty) {
                    return Err(ClozeError::EmptyBlank(blanks_in(&pieces) + 1));
                }
                pieces.push(Piece::Blank(answers));
            }
            (c, _) => push(&mut blank, &mut plain, c),
        }
    }
    if blank.is_some() {
        return Err(ClozeError::Unclosed);
    }
    if !plain.is_empty() {
        pieces.push(Piece::Text(plain));
    }
    if blanks_in(&pieces) == 0 {
        return Err(ClozeError::NoBlanks);
    }
    Ok(pieces)
}

/// The accepted answers of each blank of `text`, in order.
pub fn blanks(text: &str) -> Result<Vec<Vec<String>>, ClozeError> {
    Ok(parse(text)?
        .into_iter()
        .filter_map(|piece| match piece {
            Piece::Blank(answers) => Some(answers),
            Piece::Text(_) => None,
        })
        .collect())
}

/// Adds `c` to the blank being read, or else to the plain text.
fn push(blank: &mut Option<(Vec<String>, String)>, plain: &mut String, c: char) {
    match blank {
        Some((_, current)) => current.push(c),
        None => plain.push(c),
    }
}

fn blanks_in(pieces: &[Piece]) -> usize {
    pieces.iter().filter(|p| matches!(p, Piece::Blank(_))).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Piece {
        Piece::Text(s.into())
    }

    fn blank(answers: &[&str]) -> Piece {
        Piece::Blank(answers.iter().map(|a| (*a).to_owned()).collect())
    }

    #[test]
    fn blanks_are_read_with_their_alternatives_between_pieces_of_text() {
        let pieces = parse("The year starts in {April|4月} and ends in { March }.").unwrap();
        assert_eq!(
            pieces,
            vec![
                text("The year starts in "),
                blank(&["April", "4月"]),
                text(" and ends in "),
                blank(&["March"]),
                text("."),
            ]
        );
        assert_eq!(blanks("{a}{b|c}").unwrap(), vec![vec!["a".to_owned()], vec!["b".into(), "c".into()]]);
    }

    #[test]
    fn an_escaped_brace_or_bar_is_literal_text_and_other_backslashes_stay() {
        let pieces = parse(r"Write \{ and \} for braces, a\b, then {x\|y}.").unwrap();
        assert_eq!(pieces, vec![text(r"Write { and } for braces, a\b, then "), blank(&["x|y"]), text(".")]);
    }

    #[test]
    fn broken_cloze_texts_are_refused_with_the_reason() {
        for (source, error) in [
            ("No blanks here.", ClozeError::NoBlanks),
            ("Only a brace \\{ here.", ClozeError::NoBlanks),
            ("Opens {April but never closes", ClozeError::Unclosed),
            ("Closes } without opening {a}", ClozeError::Stray),
            ("{a} then {b {c}}", ClozeError::Nested(2)),
            ("{a} then {}", ClozeError::EmptyBlank(2)),
            ("{a|  }", ClozeError::EmptyBlank(1)),
            ("{|a}", ClozeError::EmptyBlank(1)),
        ] {
            assert_eq!(parse(source), Err(error), "{source}");
        }
    }
}
