//! The starter library, compiled into the binary so a fresh site has it: articles in
//! `content/library/`, news posts in `content/news/` (each `SLUG.md` with TOML front
//! matter, and an optional Japanese version `SLUG.ja.md`), and the people credited in
//! `content/authors.toml`. The same files are the format an editor can keep in git.

use altto_store::{DocumentRef, Person, Store, StoreError};
use serde::Deserialize;

use super::content::{Reference, Shelf, Writing, check};
use crate::{
    content::{decisions, front_matter},
    courses::content::{Licence, Video},
    i18n::Lang,
};

static LIBRARY: include_dir::Dir<'_> = include_dir::include_dir!("$CARGO_MANIFEST_DIR/../../content/library");
static NEWS: include_dir::Dir<'_> = include_dir::include_dir!("$CARGO_MANIFEST_DIR/../../content/news");
static AUTHORS: &str = include_str!("../../../../content/authors.toml");

/// The front matter of an article or post file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Front {
    title: String,
    title_ja: Option<String>,
    summary: String,
    summary_ja: Option<String>,
    #[serde(default)]
    language: Lang,
    category: String,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    authors: Vec<String>,
    licence: Licence,
    last_reviewed: Option<String>,
    #[serde(default)]
    related: Vec<String>,
    #[serde(default = "yes")]
    glossary_links: bool,
    #[serde(default)]
    references: Vec<Reference>,
    video: Option<Video>,
    /// When a post is (or was) made public, RFC 3339.
    publish_at: Option<String>,
}

fn yes() -> bool {
    true
}

/// A text read from the files, with when it is made public (unix ms).
pub struct Parsed {
    /// The text.
    pub writing: Writing,
    /// When it is public, if the file says.
    pub publish_at: Option<i64>,
}

/// Reads the text `slug` on `shelf` from its file and optional Japanese version;
/// problems are described in English with the file's name (for the people who write
/// the starter content, and for the tests).
pub fn parse(shelf: Shelf, slug: &str, text: &str, ja: Option<&str>) -> Result<Parsed, String> {
    let split =
        front_matter::split(text).map_err(|missing| format!("{slug}.md: front matter {missing:?}"))?;
    let front: Front = toml::from_str(split.front).map_err(|err| format!("{slug}.md: {err}"))?;
    let publish_at = match &front.publish_at {
        Some(at) => Some(
            crate::web::format::rfc3339_millis(at).map_err(|err| format!("{slug}.md: publish_at: {err}"))?,
        ),
        None => None,
    };
    let writing = Writing {
        slug: slug.to_owned(),
        title: front.title,
        title_ja: front.title_ja,
        summary: front.summary,
        summary_ja: front.summary_ja,
        language: front.language,
        category: front.category,
        tags: front.tags,
        body: split.body.to_owned(),
        body_ja: ja.map(|text| text.trim_start_matches(['\r', '\n']).to_owned()),
        references: front.references,
        related: front.related,
        last_reviewed: front.last_reviewed,
        licence: front.licence,
        authors: front.authors,
        glossary_links: front.glossary_links,
        video: front.video,
        files: Default::default(),
    };
    let problems = check(shelf, &writing);
    if problems.is_empty() {
        Ok(Parsed { writing, publish_at })
    } else {
        let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
        Err(format!("{slug}.md: {}", list.join("; ")))
    }
}

/// Every starter text of `shelf`, by address.
pub fn starter(shelf: Shelf) -> Result<Vec<Parsed>, String> {
    let dir = match shelf {
        Shelf::Library => &LIBRARY,
        Shelf::News => &NEWS,
    };
    let mut out = Vec::new();
    for file in dir.files() {
        let name = file.path().to_string_lossy();
        let Some(slug) = name.strip_suffix(".md").filter(|slug| !slug.ends_with(".ja")) else { continue };
        let text = file.contents_utf8().ok_or_else(|| format!("{name} is not UTF-8"))?;
        let ja = dir.get_file(format!("{slug}.ja.md")).and_then(include_dir::File::contents_utf8);
        out.push(parse(shelf, slug, text, ja)?);
    }
    out.sort_by(|a, b| a.writing.slug.cmp(&b.writing.slug));
    Ok(out)
}

/// The people of `content/authors.toml`.
pub fn starter_people() -> Result<Vec<Person>, String> {
    #[derive(Deserialize)]
    struct File {
        author: Vec<Entry>,
    }
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Entry {
        slug: String,
        name: String,
        #[serde(default)]
        name_ja: String,
        #[serde(default)]
        affiliation: String,
        #[serde(default)]
        affiliation_ja: String,
        #[serde(default)]
        bio: String,
        #[serde(default)]
        bio_ja: String,
        #[serde(default)]
        orcid: String,
    }
    let file: File = toml::from_str(AUTHORS).map_err(|err| format!("authors.toml: {err}"))?;
    Ok(file
        .author
        .into_iter()
        .map(|e| Person {
            slug: e.slug,
            name: e.name,
            name_ja: e.name_ja,
            affiliation: e.affiliation,
            affiliation_ja: e.affiliation_ja,
            bio: e.bio,
            bio_ja: e.bio_ja,
            orcid: e.orcid,
            user_id: None,
        })
        .collect())
}

/// Saves and publishes `parsed` as a new document on `shelf` (its time, if any, is
/// when it is public). An address already taken is left as it is.
pub async fn add(store: &Store, shelf: Shelf, parsed: &Parsed) -> anyhow::Result<bool> {
    let id = match store.create_document(shelf.kind(), &parsed.writing.slug).await {
        Ok(id) => id,
        Err(StoreError::Conflict(_)) => return Ok(false),
        Err(err) => return Err(err.into()),
    };
    let doc = DocumentRef { kind: shelf.kind(), id };
    let json = serde_json::to_string(&parsed.writing)?;
    let revision = store.add_revision(doc, None, &json, None, "starter content").await?;
    if parsed.publish_at.is_some() || shelf == Shelf::News {
        store.set_publish_at(doc, Some(parsed.publish_at.unwrap_or_else(altto_store::now_millis))).await?;
    }
    decisions::publish_saved(store, doc, revision, None).await?;
    Ok(true)
}

/// Loads the starter people, articles and posts on a site that has no article and no
/// post yet. Nodes starting together may all try; each address is stored once.
pub async fn load_once(store: &Store) -> anyhow::Result<usize> {
    let nothing_yet = store.documents_for(Shelf::Library.kind(), None).await?.is_empty()
        && store.documents_for(Shelf::News.kind(), None).await?.is_empty();
    if !nothing_yet {
        return Ok(0);
    }
    for person in starter_people().map_err(anyhow::Error::msg)? {
        if store.person(&person.slug).await?.is_none() {
            store.put_person(&person).await?;
        }
    }
    let mut added = 0;
    for shelf in Shelf::ALL {
        for parsed in starter(shelf).map_err(anyhow::Error::msg)? {
            added += usize::from(add(store, shelf, &parsed).await?);
        }
    }
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_library_news_and_people_are_all_valid() {
        let articles = starter(Shelf::Library).unwrap();
        let posts = starter(Shelf::News).unwrap();
        assert!(articles.len() >= 8, "{} articles", articles.len());
        assert!(posts.len() >= 3, "{} posts", posts.len());
        let people: Vec<String> = starter_people().unwrap().into_iter().map(|p| p.slug).collect();
        for parsed in articles.iter().chain(&posts) {
            for author in &parsed.writing.authors {
                assert!(people.contains(author), "{} credits unknown {author}", parsed.writing.slug);
            }
        }
        for category in super::super::content::LIBRARY_CATEGORIES {
            assert!(articles.iter().any(|a| a.writing.category == category), "no article in {category}");
        }
    }

    #[test]
    fn a_file_with_a_reference_without_a_title_is_refused_naming_it() {
        let text = "+++\ntitle = \"T\"\nsummary = \"S\"\ncategory = \"research\"\nlicence = \"CC-BY-4.0\"\n\n[[references]]\nauthors = \"MEXT\"\ntitle = \"\"\n+++\nBody\n";
        let err = parse(Shelf::Library, "t", text, None).err().unwrap();
        assert!(err.contains("ref-1-title"), "{err}");
    }
}
