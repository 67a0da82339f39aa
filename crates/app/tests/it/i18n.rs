//! Translation completeness: every key in both languages, every key used exists.

use std::{
    collections::BTreeSet,
    path::{Path, PathBuf},
};

use altto::content::workflow;
use fluent_syntax::{ast, parser};

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Message ids defined in every `.ftl` file of one language.
fn keys_of(lang: &str) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for entry in std::fs::read_dir(crate_dir().join("locales").join(lang)).unwrap() {
        let path = entry.unwrap().path();
        let source = std::fs::read_to_string(&path).unwrap();
        let resource = parser::parse(source.as_str())
            .unwrap_or_else(|(_, errors)| panic!("{} does not parse: {errors:?}", path.display()));
        for entry in resource.body {
            if let ast::Entry::Message(message) = entry {
                assert!(
                    keys.insert(message.id.name.to_owned()),
                    "{} defines {} twice",
                    path.display(),
                    message.id.name
                );
            }
        }
    }
    keys
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn english_and_japanese_define_exactly_the_same_keys() {
    let en = keys_of("en");
    let ja = keys_of("ja");
    let only_en: Vec<_> = en.difference(&ja).collect();
    let only_ja: Vec<_> = ja.difference(&en).collect();
    assert!(
        only_en.is_empty() && only_ja.is_empty(),
        "missing in ja: {only_en:?}; missing in en: {only_ja:?}"
    );
    assert!(en.len() > 20);
}

#[test]
fn every_key_the_templates_and_code_use_is_translated() {
    let defined = keys_of("en");
    let mut files = Vec::new();
    files_under(&crate_dir().join("templates"), &mut files);
    files_under(&crate_dir().join("src"), &mut files);
    let mut missing = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        // Literal keys passed to the translation helpers: t("key"), t1("key", …).
        for call in [".t(\"", ".t1(\""] {
            for (at, _) in text.match_indices(call) {
                let rest = &text[at + call.len()..];
                let key = &rest[..rest.find('"').unwrap()];
                if !defined.contains(key) {
                    missing.push(format!("{}: {key}", file.display()));
                }
            }
        }
    }
    assert!(missing.is_empty(), "untranslated keys: {missing:#?}");
}

/// Whether `text` looks like a message id of ours: kebab-case, starting with the first
/// segment of some defined id.
fn looks_like_key(text: &str, prefixes: &BTreeSet<String>) -> bool {
    let mut parts = text.split('-');
    let first = parts.next().unwrap_or_default();
    text.contains('-')
        && prefixes.contains(first)
        && text.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// The string literals of a Rust file or template line.
fn literals(text: &str) -> Vec<&str> {
    text.split('"').skip(1).step_by(2).collect()
}

#[test]
fn every_key_passed_around_as_a_literal_is_translated() {
    // Keys also travel as arguments: form errors, notices, macro labels and hints.
    let defined = keys_of("en");
    let prefixes: BTreeSet<String> =
        defined.iter().map(|k| k.split('-').next().unwrap().to_owned()).collect();
    let mut files = Vec::new();
    files_under(&crate_dir().join("src"), &mut files);
    // Generated benchmark data is not interface text.
    files.retain(|file| !file.starts_with(crate_dir().join("src/dev")));
    let mut missing = Vec::new();
    for file in &files {
        for literal in literals(&std::fs::read_to_string(file).unwrap()) {
            if looks_like_key(literal, &prefixes) && !defined.contains(literal) {
                missing.push(format!("{}: {literal}", file.display()));
            }
        }
    }
    let mut templates = Vec::new();
    files_under(&crate_dir().join("templates"), &mut templates);
    for file in &templates {
        for line in std::fs::read_to_string(file).unwrap().lines().filter(|l| l.contains("{% call ")) {
            for literal in literals(line) {
                if looks_like_key(literal, &prefixes) && !defined.contains(literal) {
                    missing.push(format!("{}: {literal}", file.display()));
                }
            }
        }
    }
    assert!(missing.is_empty(), "untranslated keys: {missing:#?}");
}

#[test]
fn every_value_shown_through_a_computed_key_is_translated() {
    use altto::accounts::profile::{EMPLOYER_TYPES, SCHOOL_LEVELS};
    use altto_store::{AccountStatus, Role, Visibility};
    let defined = keys_of("en");
    let mut wanted: Vec<String> = Vec::new();
    wanted.extend(Role::ALL.iter().map(|r| format!("role-{}", r.as_str())));
    wanted.extend(["role-moderator".into(), "role-admin".into()]);
    wanted.extend(AccountStatus::ALL.iter().map(|s| format!("status-{}", s.as_str())));
    wanted.extend(Visibility::ALL.iter().map(|v| format!("visibility-{}", v.as_str())));
    wanted.extend(EMPLOYER_TYPES.iter().map(|e| format!("employer-{e}")));
    wanted.extend(SCHOOL_LEVELS.iter().map(|l| format!("level-{l}")));
    wanted.extend(workflow::STATUS_KEYS.iter().map(|key| (*key).to_owned()));
    wanted.extend(workflow::Refusal::ALL.iter().map(|refusal| refusal.message_key().to_owned()));
    for kind in ["comment", "submitted", "changes_requested", "published", "unpublished", "archived"] {
        wanted.push(format!("review-kind-{kind}"));
    }
    for state in ["not-started", "in-progress", "done"] {
        wanted.push(format!("lesson-state-{state}"));
    }
    for level in ["foundation", "intermediate", "advanced"] {
        wanted.push(format!("level-course-{level}"));
    }
    // The quiz editor names kinds, answer settings and parts through computed keys.
    for kind in altto::authoring::quiz_form::Kind::ALL {
        wanted.push(format!("quiz-editor-kind-{}", kind.as_str().replace('_', "-")));
    }
    for show in altto::courses::content::ShowAnswers::ALL {
        wanted.push(format!("quiz-editor-show-answers-{}", show.as_str().replace('_', "-")));
    }
    for part in ["choice", "item", "left", "right", "distractor"] {
        wanted.push(format!("quiz-editor-problem-empty-{part}"));
        wanted.push(format!("quiz-editor-problem-twice-{part}"));
    }
    for key in ["media-type-not-allowed", "media-too-large", "media-content-mismatch"] {
        wanted.push(key.to_owned());
    }
    for mail in ["verify", "exists", "reset", "change", "taken", "changed"] {
        wanted.push(format!("mail-{mail}-subject"));
        wanted.push(format!("mail-{mail}-body"));
    }
    // The newsletter names issue states, kinds of content and notices through keys.
    for state in ["draft", "sending", "sent"] {
        wanted.push(altto::newsletter::render::state_key(state).to_owned());
    }
    for kind in ["course", "article", "post", "other"] {
        wanted.push(format!("newsletter-kind-{kind}"));
    }
    for notice in ["saved", "test-sent", "no-recipients", "sent", "sending", "already-sent", "no-address"] {
        wanted.push(format!("newsletter-notice-{notice}"));
    }
    // Every action the code records in the audit log has a name.
    let mut files = Vec::new();
    files_under(&crate_dir().join("src"), &mut files);
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (at, _) in text.match_indices("action: \"") {
            let rest = &text[at + "action: \"".len()..];
            wanted.push(format!("audit-{}", &rest[..rest.find('"').unwrap()]));
        }
        for (at, _) in text.match_indices("audit(&state, &auth, \"") {
            let rest = &text[at + "audit(&state, &auth, \"".len()..];
            wanted.push(format!("audit-{}", &rest[..rest.find('"').unwrap()]));
        }
    }
    let missing: Vec<_> = wanted.iter().filter(|key| !defined.contains(*key)).collect();
    assert!(missing.is_empty(), "untranslated computed keys: {missing:?}");
}

#[test]
fn every_error_page_status_has_a_title_and_message() {
    let defined = keys_of("en");
    for status in [400, 401, 403, 404, 405, 408, 409, 413, 429, 500, 503] {
        for part in ["title", "message"] {
            let key = format!("error-{status}-{part}");
            assert!(defined.contains(&key), "{key}");
        }
    }
}
