//! The starter glossary (`content/glossary.toml`, compiled into the binary): loaded and
//! published on a site that has no terms yet, like the starter course.

use altto_store::{DocumentKind, DocumentRef, Store, StoreError};
use serde::Deserialize;

use super::content::{self, Term};
use crate::{
    content::{
        decisions::{self, Deciding},
        workflow::Decision,
    },
    i18n::Lang,
    policy::Powers,
};

/// The starter glossary's text.
const STARTER: &str = include_str!("../../../../content/glossary.toml");

/// The file: one `[[term]]` table per term.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StarterFile {
    term: Vec<Term>,
}

/// The terms of a glossary file, each checked as a form would check it; every problem
/// is named with its term and field.
pub fn parse(text: &str) -> anyhow::Result<Vec<Term>> {
    let file: StarterFile = toml::from_str(text)?;
    let mut problems = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for term in &file.term {
        if !seen.insert(term.slug.as_str()) {
            problems.push(format!("{}: the slug is used twice", term.slug));
        }
        for problem in content::check(term) {
            problems.push(format!("{} ({}): {}", term.slug, problem.field, Lang::En.t(problem.key)));
        }
    }
    if problems.is_empty() { Ok(file.term) } else { anyhow::bail!(problems.join("\n")) }
}

/// The starter glossary's terms.
pub fn starter_terms() -> anyhow::Result<Vec<Term>> {
    parse(STARTER)
}

/// Loads and publishes the starter glossary when the site has no term at all. Nodes
/// starting together on an empty database may all try; the first to store a term wins
/// and the others, refused by the database, carry on without loading it.
pub async fn load_starter_glossary(store: &Store) -> anyhow::Result<bool> {
    if !store.documents_for(DocumentKind::Term, None).await?.is_empty() {
        return Ok(false);
    }
    let terms = starter_terms().map_err(|err| err.context("the built-in starter glossary is invalid"))?;
    for term in terms {
        let id = match store.create_document(DocumentKind::Term, &term.slug).await {
            Ok(id) => id,
            Err(StoreError::Conflict(_)) => return Ok(false),
            Err(err) => return Err(err.into()),
        };
        let doc = DocumentRef { kind: DocumentKind::Term, id };
        let json = serde_json::to_string(&term)?;
        let revision = store.add_revision(doc, None, &json, None, "starter glossary").await?;
        // Publishing the starter glossary is an editor's decision like any other.
        let before = store.document(doc).await?.workflow();
        let deciding = Deciding {
            doc,
            before,
            seen: Some(revision),
            decision: Decision::Publish,
            powers: Powers { author: false, editor: true },
            user_id: None,
            note: "",
        };
        if let Err(not_made) = decisions::make(store, deciding).await? {
            anyhow::bail!("cannot publish the starter term {}: {not_made:?}", term.slug);
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_glossary_is_valid() {
        let terms = starter_terms().unwrap();
        assert!(terms.len() >= 5);
        assert!(terms.iter().any(|t| t.slug == "tannin" && t.ja == "担任"));
    }

    #[test]
    fn a_glossary_file_with_an_empty_field_is_refused_naming_the_term_and_field() {
        let text = "[[term]]\nslug = \"x\"\nja = \"担任\"\nkana = \"たんにん\"\nromaji = \"tannin\"\n\
                    en = \"\"\nexplanation = \"E\"\nexplanation_ja = \"\"\nrelated = []\nsee_also = []\n";
        let err = parse(text).unwrap_err().to_string();
        assert!(err.contains("x (en)"), "{err}");
    }
}
