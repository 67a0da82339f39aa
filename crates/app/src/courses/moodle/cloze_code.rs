//! Moodle's embedded answers ("Cloze" questions): blanks written into the question's
//! text as `{1:SHORTANSWER:=April~%50%Spring#Feedback}` — an optional mark, the blank's
//! kind, then its answers separated by `~` (`=` right, `%n%` worth n percent, `#`
//! feedback, `\` before `} ~ # / " \` for the character itself). A `{` that does not
//! start such a code is text.

use super::Fault;

/// What a blank asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// A typed answer (`SHORTANSWER`, `SA`, `MW`, and their case-sensitive `_C` forms).
    Short,
    /// One choice from a list (`MULTICHOICE`, `MC` and their layouts).
    Choice,
    /// A number (`NUMERICAL`, `NM`).
    Numerical,
    /// Several choices (`MULTIRESPONSE`, `MR` and their layouts).
    MultiResponse,
}

impl Kind {
    fn from_name(name: &str) -> Option<Kind> {
        Some(match name {
            "SHORTANSWER" | "SA" | "MW" | "SHORTANSWER_C" | "SAC" | "MWC" => Kind::Short,
            "MULTICHOICE" | "MC" | "MULTICHOICE_V" | "MCV" | "MULTICHOICE_H" | "MCH" | "MULTICHOICE_S"
            | "MCS" | "MULTICHOICE_VS" | "MCVS" | "MULTICHOICE_HS" | "MCHS" => Kind::Choice,
            "NUMERICAL" | "NM" => Kind::Numerical,
            "MULTIRESPONSE" | "MR" | "MULTIRESPONSE_H" | "MRH" | "MULTIRESPONSE_S" | "MRS"
            | "MULTIRESPONSE_HS" | "MRHS" => Kind::MultiResponse,
            _ => return None,
        })
    }

    /// Its name in Moodle's words.
    pub(super) fn moodle_name(self) -> &'static str {
        match self {
            Kind::Short => "shortanswer",
            Kind::Choice => "multichoice",
            Kind::Numerical => "numerical",
            Kind::MultiResponse => "multiresponse",
        }
    }
}

/// One answer of a blank.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Answer {
    /// Percent of the mark it is worth.
    pub weight: f64,
    /// Its text (HTML, as the question's text is).
    pub text: String,
}

/// A piece of a text with embedded answers.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Piece<'a> {
    /// Text.
    Text(&'a str),
    /// A blank.
    Blank(Kind, Vec<Answer>),
}

/// Splits `text` at its embedded answers.
pub(super) fn split(text: &str) -> Result<Vec<Piece<'_>>, Fault> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut search = 0;
    while let Some(found) = text[search..].find('{') {
        let open = search + found;
        let Some((kind, body)) = code_start(&text[open + 1..]) else {
            search = open + 1;
            continue;
        };
        let blank = pieces.iter().filter(|p| matches!(p, Piece::Blank(..))).count() + 1;
        let body_start = text.len() - body.len();
        let end = closing(body).ok_or(Fault::BadClozeCode { blank })?;
        let kind = kind.ok_or(Fault::BadClozeCode { blank })?;
        let answers = answers(&body[..end]).ok_or(Fault::BadClozeCode { blank })?;
        if open > start {
            pieces.push(Piece::Text(&text[start..open]));
        }
        pieces.push(Piece::Blank(kind, answers));
        start = body_start + end + 1;
        search = start;
    }
    if start < text.len() {
        pieces.push(Piece::Text(&text[start..]));
    }
    Ok(pieces)
}

/// After a `{`: `digits:NAME:` starts a code (the kind, `None` if the name is not one
/// Moodle knows), and the rest of the text after it.
fn code_start(after: &str) -> Option<(Option<Kind>, &str)> {
    let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let rest = after[digits..].strip_prefix(':')?;
    let name_len = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_uppercase() || c == '_').len();
    if name_len == 0 {
        return None;
    }
    let body = rest[name_len..].strip_prefix(':')?;
    Some((Kind::from_name(&rest[..name_len]), body))
}

/// Where the `}` that ends a code is (not an escaped one).
fn closing(body: &str) -> Option<usize> {
    let mut escaped = false;
    for (at, c) in body.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '}' => return Some(at),
            _ => {}
        }
    }
    None
}

/// The answers of a code's body, split at `~` (`None` if one is empty).
fn answers(body: &str) -> Option<Vec<Answer>> {
    let mut answers = Vec::new();
    let mut current = String::new();
    let mut feedback = false;
    let mut chars = body.chars();
    let mut done = |current: &mut String, feedback: &mut bool| {
        let answer = std::mem::take(current);
        *feedback = false;
        let answer = answer.trim();
        let (weight, text) = if let Some(text) = answer.strip_prefix('=') {
            (100.0, text)
        } else if let Some(rest) = answer.strip_prefix('%') {
            let (weight, text) = rest.split_once('%')?;
            (weight.trim().parse::<f64>().ok().filter(|w| (-100.0..=100.0).contains(w))?, text)
        } else {
            (0.0, answer)
        };
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        answers.push(Answer { weight, text: text.to_owned() });
        Some(())
    };
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next()
                    && !feedback
                {
                    if !matches!(next, '}' | '~' | '#' | '/' | '"' | '\\' | '{') {
                        current.push('\\');
                    }
                    current.push(next);
                }
            }
            '~' => done(&mut current, &mut feedback)?,
            // The feedback after `#` is shown for that answer only: altto's blanks have none.
            '#' => feedback = true,
            c if !feedback => current.push(c),
            _ => {}
        }
    }
    done(&mut current, &mut feedback)?;
    Some(answers)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(weight: f64, text: &str) -> Answer {
        Answer { weight, text: text.into() }
    }

    #[test]
    fn codes_are_read_with_their_kind_answers_and_weights() {
        let pieces = split(
            "The year starts in {1:SHORTANSWER:=April~=4月#Right~%50%Spring#Nearly}; \
             the {:MC:=担任~校長} leads homeroom {#3} and {2:NM:=9:0}.",
        )
        .unwrap();
        assert_eq!(
            pieces,
            vec![
                Piece::Text("The year starts in "),
                Piece::Blank(
                    Kind::Short,
                    vec![answer(100.0, "April"), answer(100.0, "4月"), answer(50.0, "Spring")]
                ),
                Piece::Text("; the "),
                Piece::Blank(Kind::Choice, vec![answer(100.0, "担任"), answer(0.0, "校長")]),
                Piece::Text(" leads homeroom {#3} and "),
                Piece::Blank(Kind::Numerical, vec![answer(100.0, "9:0")]),
                Piece::Text("."),
            ]
        );
    }

    #[test]
    fn escaped_characters_are_themselves() {
        let pieces = split(r"{1:SA:=a\}b\~c\#d\/e~=x\\y}").unwrap();
        assert_eq!(
            pieces,
            vec![Piece::Blank(Kind::Short, vec![answer(100.0, "a}b~c#d/e"), answer(100.0, r"x\y")])]
        );
    }

    #[test]
    fn broken_codes_name_their_blank() {
        assert_eq!(split("{1:SA:=a} then {1:SA:=b"), Err(Fault::BadClozeCode { blank: 2 }));
        assert_eq!(split("{1:SHORT:=a}"), Err(Fault::BadClozeCode { blank: 1 }));
        assert_eq!(split("{1:SA:=a~~=b}"), Err(Fault::BadClozeCode { blank: 1 }));
        assert_eq!(split("{1:SA:%abc%x}"), Err(Fault::BadClozeCode { blank: 1 }));
        assert_eq!(split("no code {here}").unwrap(), vec![Piece::Text("no code {here}")]);
    }
}
