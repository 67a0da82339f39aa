//! Translation completeness: every key in both languages, every key used exists.

use std::{
    collections::BTreeSet,
    path::{Path, PathBuf},
};

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

#[test]
fn every_error_page_status_has_a_title_and_message() {
    let defined = keys_of("en");
    for status in [400, 403, 404, 405, 408, 413, 429, 500, 503] {
        for part in ["title", "message"] {
            let key = format!("error-{status}-{part}");
            assert!(defined.contains(&key), "{key}");
        }
    }
}
