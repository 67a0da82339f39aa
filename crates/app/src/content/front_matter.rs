//! Markdown files with TOML front matter, as content is written in folders (course
//! lessons, library articles, news posts): a line `+++`, the front matter, a line
//! `+++`, then the Markdown body.

/// Why a file's front matter cannot be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Missing {
    /// The file does not start with a line `+++`.
    Opening,
    /// No line `+++` closes the front matter.
    Closing,
}

/// A file split into its front matter and body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The TOML between the two `+++` lines.
    pub front: &'a str,
    /// The Markdown after them, without the blank lines that start it.
    pub body: &'a str,
    /// How many lines of the file come before the body.
    pub lines_before_body: usize,
}

/// Splits `text` into front matter and body.
pub fn split(text: &str) -> Result<Split<'_>, Missing> {
    let mut lines = text.split_inclusive('\n');
    if lines.next().map(str::trim_end) != Some("+++") {
        return Err(Missing::Opening);
    }
    let after_open = &text[text.find('\n').map_or(text.len(), |i| i + 1)..];
    let (close_start, close_end) = after_open
        .split_inclusive('\n')
        .scan(0, |at, line| {
            let start = *at;
            *at += line.len();
            Some((start, line))
        })
        .find(|(_, line)| line.trim_end() == "+++")
        .map(|(start, line)| (start, start + line.len()))
        .ok_or(Missing::Closing)?;
    let body = after_open[close_end..].trim_start_matches(['\r', '\n']);
    Ok(Split {
        front: &after_open[..close_start],
        body,
        lines_before_body: text[..text.len() - body.len()].matches('\n').count(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_and_body_are_split_and_the_body_knows_its_first_line() {
        let split = split("+++\ntitle = \"T\"\n+++\n\nBody\n").unwrap();
        assert_eq!((split.front, split.body, split.lines_before_body), ("title = \"T\"\n", "Body\n", 4));
        assert_eq!(super::split("title = 1\n"), Err(Missing::Opening));
        assert_eq!(super::split("+++\ntitle = 1\n"), Err(Missing::Closing));
    }
}
