//! Published articles and posts as JSON, for readers and other sites: the lists (an
//! array like the course list, newest first, optionally one category or tag, a page at
//! a time with a `Link: <…>; rel="next"` header while there are more) and each item with
//! its whole text.

use std::sync::Arc;

use axum::{
    Json,
    extract::{Path, Query, State},
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::Problem;
use crate::{
    error::{AppError, AppResult},
    library::{Shelf, cache::Card},
    state::AppState,
    web::format::rfc3339,
};

/// An article or post in a list.
#[derive(Serialize, ToSchema)]
pub struct WritingSummary {
    /// Address on its shelf: `/library/{slug}` or `/news/{slug}`.
    slug: String,
    /// Title, in the language it is written in.
    title: String,
    /// Japanese title.
    title_ja: Option<String>,
    /// One or two sentences.
    summary: String,
    /// Japanese summary.
    summary_ja: Option<String>,
    /// The language its main texts are written in: `en` or `ja`.
    language: String,
    /// Its category.
    category: String,
    /// Its tags.
    tags: Vec<String>,
    /// The people credited, by their page's slug (`/authors/{slug}`).
    authors: Vec<String>,
    /// SPDX licence id, e.g. `CC-BY-4.0`.
    licence: String,
    /// When it was published (RFC 3339).
    published: String,
    /// When its published version was saved (RFC 3339).
    updated: String,
    /// Minutes to read.
    minutes: u32,
    /// Whether it has a Japanese version of the whole text.
    has_japanese: bool,
    /// Whether it has a video.
    has_video: bool,
}

impl WritingSummary {
    fn of(card: &Card) -> Self {
        Self {
            slug: card.slug.clone(),
            title: card.title.clone(),
            title_ja: card.title_ja.clone(),
            summary: card.summary.clone(),
            summary_ja: card.summary_ja.clone(),
            language: card.language.code().to_owned(),
            category: card.category.clone(),
            tags: card.tags.clone(),
            authors: card.authors.clone(),
            licence: card.licence.spdx().to_owned(),
            published: rfc3339(card.date),
            updated: rfc3339(card.updated.max(card.date)),
            minutes: card.minutes,
            has_japanese: card.has_japanese,
            has_video: card.video.is_some(),
        }
    }
}

/// A work cited.
#[derive(Serialize, ToSchema)]
pub struct ReferenceOut {
    /// Its authors as cited.
    authors: String,
    /// Year of publication.
    year: Option<i32>,
    /// Title.
    title: String,
    /// Where it appeared.
    venue: String,
    /// DOI (empty: none).
    doi: String,
    /// Address (empty: none).
    url: String,
}

/// An article or post with its whole text.
#[derive(Serialize, ToSchema)]
pub struct WritingDetail {
    /// What lists show of it.
    #[serde(flatten)]
    summary: WritingSummary,
    /// The text, in Markdown.
    body: String,
    /// The Japanese version of the whole text, in Markdown.
    body_ja: Option<String>,
    /// Works cited, in order.
    references: Vec<ReferenceOut>,
    /// Site addresses of related lessons, articles and posts.
    related: Vec<String>,
    /// When its facts were last checked (`YYYY-MM-DD`).
    last_reviewed: Option<String>,
    /// The licence's address.
    licence_url: String,
}

/// Filters of a list.
#[derive(Deserialize, Default, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct ListFilter {
    /// Only this category.
    category: Option<String>,
    /// Only texts with this tag.
    tag: Option<String>,
    /// The page, from 1.
    #[param(minimum = 1)]
    page: Option<usize>,
    /// How many a page (at most 100; 50 when not given).
    #[param(minimum = 1, maximum = 100)]
    per_page: Option<usize>,
}

/// The most texts one page of a list holds, and how many when not asked.
const MOST_PER_PAGE: usize = 100;
const PER_PAGE: usize = 50;

impl ListFilter {
    /// The address of page `page` of this list at `path`.
    fn link(&self, path: &str, page: usize, per_page: usize) -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in [("category", &self.category), ("tag", &self.tag)] {
            if let Some(value) = value {
                query.append_pair(name, value);
            }
        }
        query.append_pair("page", &page.to_string()).append_pair("per_page", &per_page.to_string());
        format!("{path}?{}", query.finish())
    }
}

async fn list(state: &AppState, shelf: Shelf, path: &str, filter: ListFilter) -> AppResult<Response> {
    let page = filter.page.unwrap_or(1);
    let per_page = filter.per_page.unwrap_or(PER_PAGE);
    if page == 0 || per_page == 0 || per_page > MOST_PER_PAGE {
        return Err(AppError::BadInput("api-page-invalid"));
    }
    let cards = state.library.shelf(&state.store, shelf).await?;
    let chosen: Vec<&Arc<Card>> = cards
        .iter()
        .filter(|card| filter.category.as_ref().is_none_or(|category| card.category == *category))
        .filter(|card| filter.tag.as_ref().is_none_or(|tag| card.tags.contains(tag)))
        .collect();
    let start = (page - 1).saturating_mul(per_page);
    let items: Vec<WritingSummary> =
        chosen.iter().skip(start).take(per_page).map(|card| WritingSummary::of(card)).collect();
    let mut response = Json(items).into_response();
    if start.saturating_add(per_page) < chosen.len() {
        let next = format!("<{}>; rel=\"next\"", filter.link(path, page + 1, per_page));
        if let Ok(value) = HeaderValue::from_str(&next) {
            response.headers_mut().insert(header::LINK, value);
        }
    }
    Ok(response)
}

async fn show(state: &AppState, shelf: Shelf, slug: &str) -> AppResult<Json<WritingDetail>> {
    let shown = state.library.show(&state.store, shelf, slug).await?.ok_or(AppError::NotFound)?;
    let card: &Arc<Card> = &shown.card;
    let writing = &shown.writing;
    Ok(Json(WritingDetail {
        summary: WritingSummary::of(card),
        body: writing.body.clone(),
        body_ja: writing.body_ja.clone(),
        references: writing
            .references
            .iter()
            .map(|r| ReferenceOut {
                authors: r.authors.clone(),
                year: r.year,
                title: r.title.clone(),
                venue: r.venue.clone(),
                doi: r.doi.clone(),
                url: r.url.clone(),
            })
            .collect(),
        related: writing.related.clone(),
        last_reviewed: writing.last_reviewed.clone(),
        licence_url: writing.licence.url().to_owned(),
    }))
}

/// `GET /api/v1/articles`: every published library article, newest first.
#[utoipa::path(get, path = "/api/v1/articles", tag = "library", params(ListFilter),
    responses((status = 200, description = "Published articles (a `Link` header names the next page, if any)", body = [WritingSummary])))]
pub async fn list_articles(
    State(state): State<AppState>,
    Query(filter): Query<ListFilter>,
) -> AppResult<Response> {
    list(&state, Shelf::Library, "/api/v1/articles", filter).await
}

/// `GET /api/v1/articles/{slug}`: one article with its text.
#[utoipa::path(get, path = "/api/v1/articles/{slug}", tag = "library",
    params(("slug" = String, Path, description = "The article's address")),
    responses(
        (status = 200, description = "The article", body = WritingDetail),
        (status = 404, description = "No such published article", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn show_article(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> AppResult<Json<WritingDetail>> {
    show(&state, Shelf::Library, &slug).await
}

/// `GET /api/v1/posts`: every published news post, newest first.
#[utoipa::path(get, path = "/api/v1/posts", tag = "news", params(ListFilter),
    responses((status = 200, description = "Published posts (a `Link` header names the next page, if any)", body = [WritingSummary])))]
pub async fn list_posts(
    State(state): State<AppState>,
    Query(filter): Query<ListFilter>,
) -> AppResult<Response> {
    list(&state, Shelf::News, "/api/v1/posts", filter).await
}

/// `GET /api/v1/posts/{slug}`: one post with its text.
#[utoipa::path(get, path = "/api/v1/posts/{slug}", tag = "news",
    params(("slug" = String, Path, description = "The post's address")),
    responses(
        (status = 200, description = "The post", body = WritingDetail),
        (status = 404, description = "No such published post", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn show_post(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> AppResult<Json<WritingDetail>> {
    show(&state, Shelf::News, &slug).await
}
