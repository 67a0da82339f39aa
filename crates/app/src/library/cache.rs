//! Published articles and posts, as this node shows them: a [`Card`] of every
//! published text (what lists, feeds and the sitemap need, kept for all of them: a few
//! hundred bytes each) and the full text of recently read ones with their Markdown
//! rendered once per published revision (bounded, like the other page caches). Both
//! follow the one index of what is published ([`Publications`]).

use std::{
    collections::HashMap,
    sync::{Arc, RwLock},
};

use altto_store::{DocumentRef, Store};

use super::content::{Shelf, Writing, reading_minutes};
use crate::{
    content::{
        markdown,
        published::{Index, Publications},
    },
    courses::content::{Licence, Video},
    glossary::Glossary,
    i18n::Lang,
    workers::Workers,
};

/// What lists show of a published text.
#[derive(Clone, Debug)]
pub struct Card {
    /// Its shelf.
    pub shelf: Shelf,
    /// The document.
    pub doc: DocumentRef,
    /// The published revision.
    pub revision_id: i64,
    /// Address on its shelf.
    pub slug: String,
    /// Title.
    pub title: String,
    /// Japanese title.
    pub title_ja: Option<String>,
    /// Summary.
    pub summary: String,
    /// Japanese summary.
    pub summary_ja: Option<String>,
    /// The language its main texts are written in.
    pub language: Lang,
    /// Category.
    pub category: String,
    /// Tags.
    pub tags: Vec<String>,
    /// The people credited, by slug.
    pub authors: Vec<String>,
    /// When it was published (a post's time) or its revision saved (unix ms).
    pub date: i64,
    /// When its published revision was saved (unix ms).
    pub updated: i64,
    /// Minutes to read.
    pub minutes: u32,
    /// Whether it has a Japanese version of the whole text.
    pub has_japanese: bool,
    /// Its video, if it has one.
    pub video: Option<Video>,
    /// Licence.
    pub licence: Licence,
    /// Site addresses of related items.
    pub related: Vec<String>,
}

impl Card {
    /// Its public address.
    pub fn url(&self) -> String {
        self.shelf.url(&self.slug)
    }

    fn of(
        shelf: Shelf,
        doc: DocumentRef,
        revision_id: i64,
        writing: &Writing,
        saved: i64,
        since: Option<i64>,
    ) -> Self {
        Card {
            shelf,
            doc,
            revision_id,
            slug: writing.slug.clone(),
            title: writing.title.clone(),
            title_ja: writing.title_ja.clone(),
            summary: writing.summary.clone(),
            summary_ja: writing.summary_ja.clone(),
            language: writing.language,
            category: writing.category.clone(),
            tags: writing.tags.clone(),
            authors: writing.authors.clone(),
            date: since.unwrap_or(saved),
            updated: saved,
            minutes: reading_minutes(&writing.body),
            has_japanese: writing.body_ja.as_ref().is_some_and(|body| !body.trim().is_empty()),
            video: writing.video.clone(),
            licence: writing.licence,
            related: writing.related.clone(),
        }
    }
}

/// A published text ready to show.
pub struct Shown {
    /// What lists show of it.
    pub card: Arc<Card>,
    /// The whole revision.
    pub writing: Writing,
    /// Its body as sanitised HTML.
    pub html: String,
    /// Its Japanese version as sanitised HTML.
    pub html_ja: Option<String>,
}

/// How many full texts a node keeps rendered.
const MOST_SHOWN: usize = 128;

/// Every card, newest first, as of one reading of the index.
struct Listing {
    index: Arc<Index>,
    cards: Arc<Vec<Arc<Card>>>,
}

/// Cards and rendered texts of what is published.
pub struct LibraryCache {
    markdown: Arc<Workers>,
    glossary: Arc<Glossary>,
    published: Arc<Publications>,
    cards: RwLock<HashMap<i64, Arc<Card>>>,
    listing: RwLock<Option<Listing>>,
    /// Held by the one request making the listing again (see [`Self::cards`]).
    listing_again: tokio::sync::Mutex<()>,
    shown: RwLock<HashMap<i64, Arc<Shown>>>,
}

impl LibraryCache {
    /// An empty cache that renders Markdown on `markdown`, follows `published` and
    /// links texts to the terms of `glossary`.
    pub fn new(markdown: Arc<Workers>, published: Arc<Publications>, glossary: Arc<Glossary>) -> Self {
        Self {
            markdown,
            glossary,
            published,
            cards: RwLock::default(),
            listing: RwLock::default(),
            listing_again: tokio::sync::Mutex::default(),
            shown: RwLock::default(),
        }
    }

    /// Every published article and post, newest first.
    ///
    /// One request at a time makes the listing again when what is published changed;
    /// the others wait for it rather than each reading the same revisions: at start, 64
    /// requests at once reading 5,000 articles each took the process from 59 to 199 MiB.
    pub async fn cards(&self, store: &Store) -> anyhow::Result<Arc<Vec<Arc<Card>>>> {
        let index = self.published.read(store).await?;
        if let Some(cards) = self.listed(&index) {
            return Ok(cards);
        }
        let _again = self.listing_again.lock().await;
        if let Some(cards) = self.listed(&index) {
            return Ok(cards);
        }
        let cards = Arc::new(self.read_cards(store, &index).await?);
        if let Ok(mut slot) = self.listing.write() {
            *slot = Some(Listing { index, cards: cards.clone() });
        }
        Ok(cards)
    }

    /// The listing, if it was made from what `index` says.
    fn listed(&self, index: &Index) -> Option<Arc<Vec<Arc<Card>>>> {
        let listing = self.listing.read().ok()?;
        listing.as_ref().filter(|listing| listing.index.same_as(index)).map(|listing| listing.cards.clone())
    }

    /// The published texts on `shelf`, newest first.
    pub async fn shelf(&self, store: &Store, shelf: Shelf) -> anyhow::Result<Vec<Arc<Card>>> {
        Ok(self.cards(store).await?.iter().filter(|card| card.shelf == shelf).cloned().collect())
    }

    /// The card of each published text, reading only revisions not read before.
    async fn read_cards(&self, store: &Store, index: &Index) -> anyhow::Result<Vec<Arc<Card>>> {
        let wanted: Vec<(Shelf, i64, i64)> = Shelf::ALL
            .into_iter()
            .flat_map(|shelf| index.all(shelf.kind()).map(move |(id, revision)| (shelf, id, revision)))
            .collect();
        let known = self.cards.read().map(|cards| cards.clone()).unwrap_or_default();
        let missing: Vec<i64> =
            wanted.iter().map(|(_, _, revision)| *revision).filter(|r| !known.contains_key(r)).collect();
        // Read a few dozen at a time, each made a card at once: the whole texts of
        // thousands of articles are never in memory together.
        let mut fresh: HashMap<i64, Arc<Card>> = HashMap::new();
        let shelf_of: HashMap<i64, (Shelf, i64)> =
            wanted.iter().map(|(shelf, id, revision)| (*revision, (*shelf, *id))).collect();
        for chunk in missing.chunks(32) {
            for (revision, content, saved) in store.revision_contents(chunk).await? {
                let writing: Writing = serde_json::from_str(&content)?;
                if let Some((shelf, id)) = shelf_of.get(&revision) {
                    let doc = DocumentRef { kind: shelf.kind(), id: *id };
                    let since = index.public_since(doc);
                    fresh.insert(revision, Arc::new(Card::of(*shelf, doc, revision, &writing, saved, since)));
                }
            }
        }
        let mut cards = Vec::with_capacity(wanted.len());
        let mut kept = HashMap::with_capacity(wanted.len());
        for (_, _, revision) in wanted {
            let Some(card) = known.get(&revision).or_else(|| fresh.get(&revision)).cloned() else { continue };
            kept.insert(revision, card.clone());
            cards.push(card);
        }
        cards.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
        if let Ok(mut slot) = self.cards.write() {
            *slot = kept;
        }
        Ok(cards)
    }

    /// The published text at `slug` on `shelf`, rendered.
    pub async fn show(&self, store: &Store, shelf: Shelf, slug: &str) -> anyhow::Result<Option<Arc<Shown>>> {
        let cards = self.cards(store).await?;
        let Some(card) = cards.iter().find(|card| card.shelf == shelf && card.slug == slug).cloned() else {
            return Ok(None);
        };
        if let Some(shown) = self.shown.read().ok().and_then(|shown| shown.get(&card.revision_id).cloned()) {
            return Ok(Some(shown));
        }
        let revision = store.revision(shelf.kind(), card.revision_id).await?;
        let writing: Writing = serde_json::from_str(&revision.content)?;
        let shown = Arc::new(self.render(store, card, writing).await?);
        if let Ok(mut kept) = self.shown.write() {
            if kept.len() >= MOST_SHOWN {
                kept.clear();
            }
            kept.insert(shown.card.revision_id, shown.clone());
        }
        Ok(Some(shown))
    }

    /// `writing` (a draft, for a preview) ready to show like a published text: its
    /// Markdown rendered, with the first use of each glossary term linked unless the
    /// text says not to (once per revision, never per request).
    pub async fn render(&self, store: &Store, card: Arc<Card>, writing: Writing) -> anyhow::Result<Shown> {
        let (body, body_ja) = (writing.body.clone(), writing.body_ja.clone());
        let linker = writing.glossary_links.then_some(self.glossary.linker(store).await?);
        let (html, html_ja) = self
            .markdown
            .run(move || {
                let render = |text: &str| {
                    let html = markdown::render(text, &markdown::Profile::Authors);
                    match &linker {
                        Some(linker) => linker.link(&html),
                        None => html,
                    }
                };
                let html = render(&body);
                let html_ja = body_ja.filter(|body| !body.trim().is_empty()).map(|body| render(&body));
                (html, html_ja)
            })
            .await?;
        Ok(Shown { card, writing, html, html_ja })
    }
}

/// The card of a draft (for previews), as if published now.
pub fn draft_card(shelf: Shelf, doc: DocumentRef, revision_id: i64, writing: &Writing) -> Arc<Card> {
    let now = altto_store::now_millis();
    Arc::new(Card::of(shelf, doc, revision_id, writing, now, None))
}
