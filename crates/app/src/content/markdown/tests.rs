//! What every profile must do: refuse hostile texts in linear time and never let
//! script through. Each test runs against both profiles; the members' own rules are
//! in `members`.

mod members;

use std::cell::RefCell;

use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use super::*;

/// Both profiles, named for failure messages. The members' one has a site address, so
/// that what is checked is the whole of its image rule.
fn profiles() -> [(&'static str, Profile); 2] {
    let members = Members::for_site(Some("https://altto.example/"));
    [("authors", Profile::Authors), ("members", Profile::Members(members))]
}

/// The profile named by `ALTTO_RENDER_PROFILE` (authors unless it says `members`).
fn profile_from_environment() -> Profile {
    match std::env::var("ALTTO_RENDER_PROFILE").as_deref() {
        Ok("members") => Profile::Members(Members::default()),
        _ => Profile::Authors,
    }
}

/// Renders the file named by `ALTTO_RENDER_FILE` in the profile named by
/// `ALTTO_RENDER_PROFILE`: what the counting test below runs under callgrind. Without
/// the variable it renders nothing.
#[test]
fn render_the_file_named_by_the_environment() {
    if let Some(path) = std::env::var_os("ALTTO_RENDER_FILE") {
        let text = std::fs::read_to_string(path).unwrap();
        let profile = profile_from_environment();
        std::hint::black_box(render(std::hint::black_box(&text), &profile));
    }
}

/// Instructions `render` may execute per byte of text, as callgrind counts them in
/// this (test) build. An ordinary 2 MiB lesson takes about 400; a table padded with
/// empty cells about 1,500 (the Markdown parser pads it before it can be refused);
/// the worst, text made of `<` and `>` (a member's raw HTML, or an author's code
/// sample of HTML), about 3,600, because the sanitiser's tokenizer looks each escaped
/// `&lt;` up in its table of named characters. All of these grow in proportion to the
/// text: before nesting was measured, 20,000 nested quotes in 40 KB took about
/// 150,000 per byte, and the cost grew with the square of the length.
const INSTRUCTIONS_PER_BYTE: u64 = 4_000;

/// `unit` repeated to fill 2 MiB.
fn two_mib_of(unit: &str) -> String {
    unit.repeat((2 << 20) / unit.len())
}

#[test]
fn hostile_two_mib_texts_render_within_a_fixed_count_of_instructions() {
    let padded_table = "|a".repeat(2000) + "|\n" + &"|-".repeat(2000) + "|\n" + &"x\n".repeat(2000) + "\n";
    const BOTH: &[&str] = &["authors", "members"];
    let hostile = [
        ("nested quotes", two_mib_of("> "), BOTH),
        // For members, 2 MiB of `<` and `>` as text: the costliest text there is.
        ("nested divs", two_mib_of("<div>"), BOTH),
        ("nested lists", two_mib_of("- "), BOTH),
        ("divs kept open by script text", two_mib_of("<div><script></div></script>"), BOTH),
        ("tables padded with empty cells", two_mib_of(&padded_table), BOTH),
        // Only members' images are rewritten (into links, or text inside a link).
        ("images from elsewhere in links", two_mib_of("[![](//elsewhere.example/a.png)](/a) "), &["members"]),
    ];
    let dir = tempfile::tempdir().unwrap();
    let counts: Vec<_> = std::thread::scope(|scope| {
        let runs: Vec<_> = hostile
            .iter()
            .enumerate()
            .flat_map(|(i, (name, text, profiles))| {
                let file = dir.path().join(format!("{i}.md"));
                std::fs::write(&file, text).unwrap();
                profiles.iter().map(move |profile| (*name, *profile, text.len() as u64, file.clone()))
            })
            .map(|(name, profile, bytes, file)| {
                scope.spawn(move || (name, profile, bytes, instructions_to_render(&file, profile)))
            })
            .collect();
        runs.into_iter().map(|run| run.join().unwrap()).collect()
    });
    for (name, profile, bytes, instructions) in counts {
        println!("{name} ({profile}): {} instructions per byte", instructions / bytes);
        assert!(
            instructions <= INSTRUCTIONS_PER_BYTE * bytes,
            "{name} ({profile}): {instructions} instructions for {bytes} bytes ({} per byte, budget {INSTRUCTIONS_PER_BYTE})",
            instructions / bytes
        );
    }
}

/// How many instructions `render` executes on the text in `file` in `profile`, counted
/// by valgrind's callgrind running this test binary (counts, unlike times, do not
/// depend on what else the machine is doing).
fn instructions_to_render(file: &std::path::Path, profile: &str) -> u64 {
    let this_module = module_path!().split_once("::").map_or(module_path!(), |(_crate, path)| path);
    let output = std::process::Command::new("valgrind")
        .args(["--tool=callgrind", "--callgrind-out-file=/dev/null", "--toggle-collect=*markdown*render*"])
        .arg(std::env::current_exe().unwrap())
        .args([
            "--exact",
            &format!("{this_module}::render_the_file_named_by_the_environment"),
            "--test-threads=1",
        ])
        .env("ALTTO_RENDER_FILE", file)
        .env("ALTTO_RENDER_PROFILE", profile)
        .output()
        .expect("valgrind runs (scripts/test installs it: apt-get install valgrind)");
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "the render under valgrind failed:\n{log}");
    let collected = log.lines().find_map(|line| line.split("Collected : ").nth(1));
    collected.and_then(|n| n.trim().parse().ok()).unwrap_or_else(|| panic!("no count in:\n{log}"))
}

/// A start tag's name and its attributes' names and values.
type StartTag = (String, Vec<(String, String)>);

/// The start tags of `html` with their attributes, as a browser's tokenizer reads
/// them (character references decoded).
fn start_tags(html: &str) -> Vec<StartTag> {
    #[derive(Default)]
    struct Tags(RefCell<Vec<StartTag>>);
    impl TokenSink for Tags {
        type Handle = ();
        fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
            if let Token::TagToken(tag) = token
                && tag.kind == TagKind::StartTag
            {
                let attrs =
                    tag.attrs.iter().map(|a| (a.name.local.to_string(), a.value.to_string())).collect();
                self.0.borrow_mut().push((tag.name.to_string(), attrs));
            }
            TokenSinkResult::Continue
        }
    }
    let tokenizer = Tokenizer::new(Tags::default(), TokenizerOpts::default());
    let queue = BufferQueue::default();
    queue.push_back(html.into());
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    tokenizer.sink.0.take()
}

/// Fails unless `html` is harmless: no element that runs or loads anything active, no
/// event handler or style, and no address that runs script or carries a document.
fn assert_harmless(html: &str, profile: &str, input: &str) {
    const ACTIVE: [&str; 19] = [
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math", "form",
        "input", "button", "textarea", "base", "meta", "link", "template", "noscript",
    ];
    for (tag, attrs) in start_tags(html) {
        assert!(!ACTIVE.contains(&tag.as_str()), "{profile}: <{tag}> from {input:?}:\n{html}");
        for (name, value) in attrs {
            let unsafe_attribute =
                name.starts_with("on") || ["style", "srcdoc", "formaction"].contains(&name.as_str());
            assert!(!unsafe_attribute, "{profile}: <{tag} {name}> from {input:?}:\n{html}");
            if let Ok(url) = url::Url::parse(&value)
                && ["href", "src", "cite"].contains(&name.as_str())
            {
                let scheme = url.scheme();
                assert!(
                    !["javascript", "vbscript", "data", "file", "blob"].contains(&scheme),
                    "{profile}: {scheme}: address from {input:?}:\n{html}"
                );
            }
        }
    }
}

/// Texts that try to run script, load something active or break out of the page: the
/// corpus the integration tests also post into every community page
/// (`tests/it/fixtures/hostile.json`).
fn hostile() -> Vec<String> {
    serde_json::from_str(include_str!("../../../tests/it/fixtures/hostile.json"))
        .expect("the corpus is a list of texts")
}

#[test]
fn the_harmlessness_check_itself_catches_what_it_looks_for() {
    let caught = |html: &str| std::panic::catch_unwind(|| assert_harmless(html, "raw", "")).is_err();
    for html in [
        "<script>x()</script>",
        "<img src=x onerror=x()>",
        "<a href=\"java&#115;cript:x()\">x</a>",
        "<p style=\"color: red\">x</p>",
        "<iframe srcdoc=x></iframe>",
        "<img src=\"data:image/png,x\">",
    ] {
        assert!(caught(html), "{html} should be caught");
    }
    assert!(!caught("<p>&lt;script&gt; <a href=\"/a\" title=\"onerror\">x</a></p>"));
}

#[test]
fn hostile_html_never_survives_in_either_profile() {
    for (name, profile) in profiles() {
        for input in &hostile() {
            assert_harmless(&render(input, &profile), name, input);
            // Also inside Markdown structure: a list item and a quote.
            assert_harmless(&render(&format!("- > {input}"), &profile), name, input);
        }
    }
}

#[test]
fn markdown_becomes_html_and_raw_html_is_defused() {
    let text = "## Plan\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>";
    let html = render(text, &Profile::Authors);
    assert!(html.contains("<h2>Plan</h2>") && html.contains("<table>"));
    assert!(!html.contains("<script") && !html.contains("onerror") && !html.contains("javascript:"));
    for (name, profile) in profiles() {
        let html = render(text, &profile);
        assert!(html.contains("<table>") && html.contains("Plan</h"), "{name}: {html}");
        assert_harmless(&html, name, text);
    }
}

#[test]
fn a_table_sits_in_a_box_that_scrolls_sideways_and_no_text_sets_its_own_focus_order() {
    let text = "| school | 学校 |\n|---|---|\n| elementary | 小学校 |\n\n<div tabindex=\"5\" class=\"table-scroll evil\">x</div>";
    for (name, profile) in profiles() {
        let html = render(text, &profile);
        assert!(html.contains("<div class=\"table-scroll\" tabindex=\"0\"><table>"), "{name}: {html}");
        assert_eq!(html.matches("<div").count(), html.matches("</div>").count(), "{name}: {html}");
        // An author's raw box keeps only what the sanitiser allows; a member's is text.
        assert!(!html.contains("<div tabindex") && !html.contains("evil\">"), "{name}: {html}");
    }
}

#[test]
fn authors_render_exactly_as_before_the_profiles() {
    let authors = |text| render(text, &Profile::Authors);
    assert_eq!(
        authors("[x](javascript:alert(1)) <img src=x onerror=alert(1)>"),
        "<p><a rel=\"noopener noreferrer\">x</a> <img src=\"x\"></p>\n"
    );
    assert_eq!(
        authors(
            "![alt](/media/a.png \"t\") [l](https://e.com \"tt\") <https://auto.link> <iframe src=\"https://www.youtube-nocookie.com/embed/x\"></iframe>"
        ),
        "<p><img src=\"/media/a.png\" alt=\"alt\" title=\"t\"> <a href=\"https://e.com\" title=\"tt\" rel=\"noopener noreferrer\">l</a> <a href=\"https://auto.link\" rel=\"noopener noreferrer\">https://auto.link</a> </p>\n"
    );
    assert_eq!(
        authors(
            "# H1\n### H3\n<details><summary>More</summary><div><p>Raw <em>HTML</em></p></div></details>\n"
        ),
        "<h1>H1</h1>\n<h3>H3</h3>\n<details><summary>More</summary><div><p>Raw <em>HTML</em></p></div></details>\n"
    );
}

#[test]
fn broken_markdown_still_renders_closed_html() {
    for (name, profile) in profiles() {
        let html = render("**bold without end\n\n> quote\n\n<div><p>unclosed", &profile);
        assert_eq!(html.matches("<div").count(), html.matches("</div>").count(), "{name}: {html}");
        assert!(html.contains("<blockquote>"), "{name}: {html}");
    }
}

#[test]
fn ordinary_nesting_passes_and_too_deep_nesting_is_refused_at_its_line() {
    let lesson = "# Plan\n\n> A quote\n> - with a list\n>   - nested\n>     1. and numbered\n\n<details><summary>More</summary><div><p>Raw <em>HTML</em></p></div></details>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
    for (name, profile) in profiles() {
        assert_eq!(check(lesson, &profile), Ok(()), "{name}");
        let deep_quotes = format!("Intro\n\n{}deep", "> ".repeat(MAX_DEPTH + 5));
        assert_eq!(check(&deep_quotes, &profile), Err(Problem::TooDeep { line: 3 }), "{name}");
        let deep_lists = "- ".repeat(MAX_DEPTH + 1) + "deep";
        assert!(matches!(check(&deep_lists, &profile), Err(Problem::TooDeep { line: 1 })), "{name}");
        // Closed elements do not add up, and <li> closes the one before.
        let long_list = format!("<ul>{}</ul>", "<li>item".repeat(500));
        assert_eq!(check(&format!("{}\n", "<div>x</div>".repeat(1000)), &profile), Ok(()), "{name}");
        assert_eq!(check(&long_list, &profile), Ok(()), "{name}");
    }
    // An author's raw HTML is HTML, and nests; a member's is text (see `members`).
    let deep_divs = format!("Line one\n\nline three {}deep", "<div>".repeat(MAX_DEPTH + 1));
    assert!(matches!(check(&deep_divs, &Profile::Authors), Err(Problem::TooDeep { .. })));
}

#[test]
fn tags_hidden_in_raw_text_do_not_hide_nesting() {
    // A browser keeps every <div> open: the </div> inside <script> is script text.
    let sneaky = "<div><script></div></script>".repeat(MAX_DEPTH + 1);
    assert!(matches!(check(&sneaky, &Profile::Authors), Err(Problem::TooDeep { .. })));
}

#[test]
fn a_table_padded_to_thousands_of_empty_cells_is_refused() {
    for (name, profile) in profiles() {
        let one = "|a".repeat(2000) + "|\n" + &"|-".repeat(2000) + "|\n" + &"x\n".repeat(2000) + "\nend\n\n";
        // Refused within the first few padded rows, long before the table's end.
        let checked = check(&one, &profile);
        assert!(matches!(checked, Err(Problem::TooMuchOutput { line: 3..=20 })), "{name}: {checked:?}");
        let empty_cells = "|a|b|c|d|\n|-|-|-|-|\n".to_owned() + &"|||||\n".repeat(5000);
        assert_eq!(check(&empty_cells, &profile), Ok(()), "{name}: a big table of empty cells is fine");
    }
}

#[test]
fn too_long_a_text_is_refused_and_a_too_deep_one_is_replaced_by_a_notice() {
    let hostile = "Intro\n\n".to_owned() + &"> ".repeat(20_000) + "<script>alert(1)</script>";
    for (name, profile) in profiles() {
        assert_eq!(check(&"a".repeat(MAX_BYTES + 1), &profile), Err(Problem::TooLong), "{name}");
        let shown = render(&hostile, &profile);
        assert!(
            shown.starts_with("<p class=\"markdown-refused\">") && shown.contains("line 3"),
            "{name}: {shown}"
        );
        assert!(shown.contains("3 行目"), "{name}: in Japanese too: {shown}");
        assert!(!shown.contains("<script") && !shown.contains("<blockquote"), "{name}: {shown}");
    }
    let divs = "Intro\n\n".to_owned() + &"<div>".repeat(20_000) + "<script>alert(1)</script>";
    let shown = render(&divs, &Profile::Authors);
    assert!(shown.starts_with("<p class=\"markdown-refused\">") && shown.contains("line 3"), "{shown}");
    assert!(!shown.contains("<script") && !shown.contains("<div"));
}

#[test]
fn a_summary_is_the_first_paragraph_in_plain_words() {
    let text = "# Heading\n\nThis month: **three** new\n[lessons](/courses) and `code`.\n\nSecond paragraph.";
    assert_eq!(summary(text, 200), "This month: three new lessons and code.");
}

#[test]
fn a_long_summary_is_cut_between_words() {
    let text = "one two three four five six seven eight nine ten";
    let cut = summary(text, 20);
    assert_eq!(cut, "one two three four…");
    assert!(cut.chars().count() <= 20);
    assert_eq!(summary("学級経営と授業づくり", 5), "学級経営…");
}
