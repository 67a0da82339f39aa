//! The public pages of the library and the news: the lists, one text, and its history
//! of published versions. A visitor's page of one text comes from the visitor page
//! cache, kept per published revision.

use std::{collections::HashMap, sync::Arc};

use altto_store::{Person, RevisionInfo};
use askama::Template;
use axum::{
    Extension,
    extract::{Path, Query, State},
    response::Response,
};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{
    Shelf,
    cache::{Card, Shown},
    content::Reference,
};
use crate::{
    auth::RequestAuth,
    content::{
        page_cache::Cacheable,
        reading::{Reading, Text, asks_for_original, lang_attr},
    },
    courses::content::Video,
    error::{AppError, AppResult},
    i18n::Lang,
    state::AppState,
    web::{
        Ctx,
        format::day_of,
        meta::{self, Meta, OgType, absolute},
    },
};

/// A text in a list.
pub struct CardView {
    /// Its address.
    pub url: String,
    /// Title in the reader's language where there is one.
    pub title: Text,
    /// Summary likewise.
    pub summary: Text,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Minutes to read.
    pub minutes: u32,
    /// The translation key of its category.
    pub category_key: String,
    /// Its category.
    pub category: String,
    /// Its tags.
    pub tags: Vec<String>,
    /// Whether it has a video.
    pub has_video: bool,
}

impl CardView {
    /// How `card` is listed for a reader of `lang`.
    pub fn new(card: &Card, lang: Lang) -> Self {
        let reading = Reading::new(lang, card.language);
        CardView {
            url: card.url(),
            title: reading.text(&card.title, &card.title_ja),
            summary: reading.text(&card.summary, &card.summary_ja),
            date: day_of(card.date),
            minutes: card.minutes,
            category_key: card.shelf.category_key(&card.category),
            category: card.category.clone(),
            tags: card.tags.clone(),
            has_video: card.video.is_some(),
        }
    }
}

/// One category's texts.
pub struct Section {
    /// The category.
    pub category: String,
    /// The translation key of its name.
    pub name_key: String,
    /// Its texts, newest first.
    pub cards: Vec<CardView>,
    /// How many texts it has in all (more than shown on the library's front page).
    pub total: usize,
}

/// Texts a list page shows.
const PAGE_SIZE: usize = 20;

/// Texts of each category on the library's front page.
const FRONT_SIZE: usize = 5;

/// `/library` or `/news`.
#[derive(Template)]
#[template(path = "library/list.html")]
pub struct ListPage {
    ctx: Ctx,
    shelf: Shelf,
    /// One section per category with texts (only the one asked for, if any).
    sections: Vec<Section>,
    /// The tag asked for.
    tag: String,
    /// Every tag used on the shelf, with how many texts carry it.
    tags: Vec<(String, usize)>,
    /// The category asked for.
    category: String,
    /// The links to the previous and next pages, if there are such pages.
    previous: Option<String>,
    next: Option<String>,
    /// This page's number and how many there are.
    page: usize,
    pages: usize,
}

impl ListPage {
    /// The feed of the library category shown, if one is.
    fn category_feed(&self) -> Option<String> {
        (self.shelf == Shelf::Library && self.shelf.categories().contains(&self.category.as_str()))
            .then(|| format!("/library/category/{}/feed.xml", self.category))
    }
}

/// List filters.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    category: String,
    tag: String,
    page: Option<usize>,
}

impl ListQuery {
    /// The address of page `page` of this list.
    fn link(&self, shelf: Shelf, page: usize) -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in [("category", &self.category), ("tag", &self.tag)] {
            if !value.is_empty() {
                query.append_pair(name, value);
            }
        }
        if page > 1 {
            query.append_pair("page", &page.to_string());
        }
        let query = query.finish();
        format!("/{}{}{query}", shelf.name(), if query.is_empty() { "" } else { "?" })
    }
}

/// `GET /library`.
pub async fn list_library(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    list(&state, ctx, Shelf::Library, query).await
}

/// `GET /news`.
pub async fn list_news(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    list(&state, ctx, Shelf::News, query).await
}

async fn list(state: &AppState, ctx: Ctx, shelf: Shelf, query: ListQuery) -> AppResult<Response> {
    let cards = state.library.shelf(&state.store, shelf).await?;
    let mut tags: HashMap<String, usize> = HashMap::new();
    for tag in cards.iter().flat_map(|card| card.tags.iter()) {
        *tags.entry(tag.clone()).or_default() += 1;
    }
    let mut tags: Vec<(String, usize)> = tags.into_iter().collect();
    tags.sort();
    let wanted = |card: &&Arc<Card>| {
        (query.category.is_empty() || card.category == query.category)
            && (query.tag.is_empty() || card.tags.contains(&query.tag))
    };
    // The library's front page is read by subject, a few of each; a category, a tag
    // and the news are read newest first, a page at a time.
    let front = shelf == Shelf::Library && query.category.is_empty() && query.tag.is_empty();
    let chosen: Vec<&Arc<Card>> = cards.iter().filter(wanted).collect();
    let pages = chosen.len().div_ceil(PAGE_SIZE).max(1);
    let page = query.page.unwrap_or(1);
    if page == 0 || page > pages {
        return Err(AppError::NotFound);
    }
    let sections = if front {
        shelf
            .categories()
            .iter()
            .map(|category| {
                let all: Vec<&&Arc<Card>> = chosen.iter().filter(|card| card.category == *category).collect();
                Section {
                    category: (*category).to_owned(),
                    name_key: shelf.category_key(category),
                    cards: all.iter().take(FRONT_SIZE).map(|card| CardView::new(card, ctx.lang)).collect(),
                    total: all.len(),
                }
            })
            .filter(|section| !section.cards.is_empty())
            .collect()
    } else {
        let shown: Vec<CardView> = chosen
            .iter()
            .skip((page - 1) * PAGE_SIZE)
            .take(PAGE_SIZE)
            .map(|card| CardView::new(card, ctx.lang))
            .collect();
        if shown.is_empty() {
            Vec::new()
        } else {
            vec![Section {
                category: String::new(),
                name_key: String::new(),
                total: shown.len(),
                cards: shown,
            }]
        }
    };
    let (previous, next) = if front {
        (None, None)
    } else {
        ((page > 1).then(|| query.link(shelf, page - 1)), (page < pages).then(|| query.link(shelf, page + 1)))
    };
    let title = ctx.t(&format!("{}-title", shelf.name()));
    let lead = ctx.t(&format!("{}-lead", shelf.name()));
    let site = state.settings.base_url();
    let mut meta = Meta::new(&site, ctx.lang, &format!("/{}", shelf.name()), &title, &lead);
    // A later page of a list is a page of its own (its first page is the list's).
    if page > 1 {
        meta.canonical = format!("{}{}", site.trim_end_matches('/'), query.link(shelf, page));
    }
    let ctx = ctx.with_meta(meta);
    let page = ListPage {
        ctx: ctx.clone(),
        shelf,
        sections,
        tag: query.tag,
        tags,
        category: query.category,
        previous,
        next,
        page,
        pages,
    };
    Ok(ctx.render(&page))
}

/// A person credited on a text.
pub struct Byline {
    /// Their page.
    pub url: String,
    /// Their name in the reader's language.
    pub name: String,
}

/// A related lesson, article or post.
pub struct Related {
    /// Its address.
    pub url: String,
    /// Its title.
    pub title: Text,
}

/// The link between a text's Japanese version and its original.
pub struct Switch {
    /// Where it leads.
    pub href: String,
    /// The language of the page it leads to, when that is not the page's.
    pub hreflang: &'static str,
    /// The translation key of its text.
    pub key: &'static str,
}

/// An uploaded video of a text, with its captions and transcript, by address.
pub struct VideoFile {
    /// The video.
    pub src: String,
    /// Captions: language code, address, label (the language's own name).
    pub tracks: Vec<(&'static str, String, &'static str)>,
    /// The transcript's address.
    pub transcript: Option<String>,
}

impl VideoFile {
    /// The uploaded video of `shown`, if it has one; a preview's files are its draft's.
    fn of(shown: &Shown, preview: bool) -> Option<Self> {
        let video = shown.writing.video.as_ref()?;
        let card = &shown.card;
        let url = |path: &String| match preview {
            true => format!(
                "/author/library/{}/{}/files/{}",
                card.shelf.name(),
                card.slug,
                path.trim_start_matches("media/")
            ),
            false => super::files::public_url(card.shelf, &card.slug, path, shown.writing.files.get(path)),
        };
        let src = url(video.file.as_ref()?);
        let tracks = video
            .tracks()
            .map(|(lang, path)| (lang, url(path), Lang::from_code(lang).map_or("", Lang::native_name)))
            .collect();
        Some(VideoFile { src, tracks, transcript: video.transcript.as_ref().map(url) })
    }
}

/// One article or post.
#[derive(Template)]
#[template(path = "library/show.html")]
pub struct WritingPage {
    ctx: Ctx,
    shelf: Shelf,
    card: CardView,
    /// The body as HTML, and the language it is in when not the page's.
    body: String,
    body_lang: &'static str,
    switch: Option<Switch>,
    authors: Vec<Byline>,
    references: Vec<Reference>,
    related: Vec<Related>,
    last_reviewed: Option<String>,
    updated: String,
    licence_name: &'static str,
    licence_url: &'static str,
    video: Option<Video>,
    video_file: Option<VideoFile>,
    /// Shown as a preview of a draft (not indexed, nothing to share).
    preview: bool,
}

/// `GET /library/{slug}`.
pub async fn show_article(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    show(&state, &auth, ctx, Shelf::Library, &slug).await
}

/// `GET /news/{slug}`.
pub async fn show_post(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    show(&state, &auth, ctx, Shelf::News, &slug).await
}

async fn show(
    state: &AppState,
    auth: &RequestAuth,
    ctx: Ctx,
    shelf: Shelf,
    slug: &str,
) -> AppResult<Response> {
    let shown = state.library.show(&state.store, shelf, slug).await?.ok_or(AppError::NotFound)?;
    let page = writing_page(state, &ctx, &shown, false).await?;
    let response = ctx.render(&page);
    let original = asks_for_original(&ctx);
    Ok(match auth.actor.user() {
        None if !original => {
            Cacheable { doc: shown.card.doc, revision: shown.card.revision_id }.mark(response)
        }
        _ => response,
    })
}

/// The page showing `shown` to the reader of `ctx` (a draft's, for `preview`).
pub async fn writing_page(
    state: &AppState,
    ctx: &Ctx,
    shown: &Shown,
    preview: bool,
) -> AppResult<WritingPage> {
    let card = &shown.card;
    let reading = Reading::new(ctx.lang, card.language);
    let original = asks_for_original(ctx);
    let japanese = reading.shows_japanese(&shown.writing.body_ja) && shown.html_ja.is_some();
    let (body, body_lang, switch) = match (japanese, original) {
        (true, false) => (
            shown.html_ja.clone().unwrap_or_default(),
            "",
            Some(Switch {
                href: format!("{}?text=original", ctx.path),
                hreflang: card.language.code(),
                key: "library-read-original",
            }),
        ),
        (true, true) => (
            shown.html.clone(),
            lang_attr(reading.other(card.language)),
            Some(Switch { href: ctx.path.clone(), hreflang: "ja", key: "library-read-japanese" }),
        ),
        (false, _) => (shown.html.clone(), lang_attr(reading.other(card.language)), None),
    };
    let people: HashMap<String, Person> =
        state.store.people().await?.into_iter().map(|person| (person.slug.clone(), person)).collect();
    let authors = card
        .authors
        .iter()
        .map(|slug| Byline {
            url: format!("/authors/{slug}"),
            name: people.get(slug).map_or_else(|| slug.clone(), |person| name_of(person, ctx.lang)),
        })
        .collect();
    let related = related(state, ctx.lang, &card.related).await?;
    // A preview is not a page of the site: nothing to index or share.
    let page_ctx = match preview {
        true => ctx.clone(),
        false => {
            let shown_lang = if japanese && !original { Lang::Ja } else { card.language };
            ctx.clone().with_meta(writing_meta(state, ctx.lang, shown, &people, shown_lang))
        }
    };
    Ok(WritingPage {
        ctx: page_ctx,
        shelf: card.shelf,
        card: CardView::new(card, ctx.lang),
        body,
        body_lang,
        switch,
        authors,
        references: shown.writing.references.clone(),
        related,
        last_reviewed: shown.writing.last_reviewed.clone(),
        updated: day_of(card.updated),
        licence_name: card.licence.name(),
        licence_url: card.licence.url(),
        video: card.video.clone(),
        video_file: VideoFile::of(shown, preview),
        preview,
    })
}

/// The metadata of the page of `shown` for a reader of `lang`, its body shown in
/// `shown_lang`: an `Article` (library) or `BlogPosting` (news) in schema.org terms.
fn writing_meta(
    state: &AppState,
    lang: Lang,
    shown: &Shown,
    people: &HashMap<String, Person>,
    shown_lang: Lang,
) -> Meta {
    let card = &shown.card;
    let site = state.settings.base_url();
    let reading = Reading::new(lang, card.language);
    let (title, summary) =
        (reading.text(&card.title, &card.title_ja), reading.text(&card.summary, &card.summary_ja));
    let url = absolute(&site, &card.url());
    let authors: Vec<Value> = card
        .authors
        .iter()
        .map(|slug| match people.get(slug) {
            Some(person) => meta::person(&person.name, Some(absolute(&site, &format!("/authors/{slug}")))),
            None => meta::person(slug, None),
        })
        .collect();
    let citations: Vec<Value> = shown
        .writing
        .references
        .iter()
        .map(|r| {
            let mut work = json!({ "@type": "CreativeWork", "name": r.title, "author": r.authors });
            if let Some(year) = r.year {
                work["datePublished"] = Value::from(year.to_string());
            }
            if let Some(link) = r.link() {
                work["url"] = Value::from(link);
            }
            work
        })
        .collect();
    let kind = match card.shelf {
        Shelf::Library => "Article",
        Shelf::News => "BlogPosting",
    };
    let mut data = json!({
        "@type": kind,
        "headline": title.text,
        "name": title.text,
        "description": summary.text,
        "url": url,
        "mainEntityOfPage": url,
        "author": authors,
        "publisher": meta::organization(&site, &lang.t("site-name")),
        "datePublished": meta::iso_time(card.date),
        "dateModified": meta::iso_time(card.updated.max(card.date)),
        "license": card.licence.url(),
        "inLanguage": shown_lang.code(),
        "articleSection": lang.t(&card.shelf.category_key(&card.category)),
        "keywords": card.tags,
        "isAccessibleForFree": true,
    });
    if !citations.is_empty() {
        data["citation"] = Value::from(citations);
    }
    Meta::new(&site, lang, &card.url(), &title.text, &summary.text).kind(OgType::Article).with_json_ld(data)
}

/// A person's name as a reader of `lang` reads it.
pub fn name_of(person: &Person, lang: Lang) -> String {
    if lang == Lang::Ja && !person.name_ja.is_empty() { person.name_ja.clone() } else { person.name.clone() }
}

/// The related items at `addresses` that are published, with their titles.
async fn related(state: &AppState, lang: Lang, addresses: &[String]) -> AppResult<Vec<Related>> {
    let mut out = Vec::new();
    let cards = state.library.cards(&state.store).await?;
    for address in addresses {
        let parts: Vec<&str> = address.trim_matches('/').split('/').collect();
        let title = match parts.as_slice() {
            [shelf, slug] if Shelf::parse(shelf).is_some() => cards
                .iter()
                .find(|card| Some(card.shelf) == Shelf::parse(shelf) && card.slug == *slug)
                .map(|card| Reading::new(lang, card.language).text(&card.title, &card.title_ja)),
            ["courses", course, rest @ ..] => match state.courses.published(&state.store, course).await? {
                Some(course) => {
                    let reading = Reading::new(lang, course.content.language);
                    match rest {
                        [] => Some(reading.text(&course.content.title, &course.content.title_ja)),
                        ["lessons", lesson] => course
                            .content
                            .lesson(lesson)
                            .map(|lesson| reading.text(&lesson.title, &lesson.title_ja)),
                        _ => None,
                    }
                }
                None => None,
            },
            _ => None,
        };
        if let Some(title) = title {
            out.push(Related { url: address.clone(), title });
        }
    }
    Ok(out)
}

/// The published versions of a text.
#[derive(Template)]
#[template(path = "library/history.html")]
pub struct HistoryPage {
    ctx: Ctx,
    card: CardView,
    /// (date, note) of each published version, newest first.
    versions: Vec<(String, String)>,
}

/// `GET /library/{slug}/history`.
pub async fn article_history(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    history(&state, ctx, Shelf::Library, &slug).await
}

/// `GET /news/{slug}/history`.
pub async fn post_history(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    history(&state, ctx, Shelf::News, &slug).await
}

async fn history(state: &AppState, ctx: Ctx, shelf: Shelf, slug: &str) -> AppResult<Response> {
    let cards = state.library.shelf(&state.store, shelf).await?;
    let card: Arc<Card> = cards.into_iter().find(|card| card.slug == slug).ok_or(AppError::NotFound)?;
    // Readers see the versions that were published, with their authors' notes; drafts
    // and the editorial conversation stay with the editors.
    let published: Vec<i64> = state
        .store
        .review_notes(card.doc)
        .await?
        .into_iter()
        .filter(|note| note.event == "published")
        .filter_map(|note| note.revision_id)
        .collect();
    let revisions: Vec<RevisionInfo> = state.store.revision_history(card.doc).await?;
    let versions = revisions
        .into_iter()
        .filter(|revision| published.contains(&revision.id))
        .map(|revision| (day_of(revision.created_at), revision.note))
        .collect();
    let page = HistoryPage { ctx: ctx.clone(), card: CardView::new(&card, ctx.lang), versions };
    Ok(ctx.render(&page))
}
