//! `GET /api/v1/search`: the results page's search as JSON, public (members-only
//! profiles are found only with a member's session or token).

use axum::{
    Extension, Json,
    extract::{Query, State},
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::pages::{self, Asked, PER_PAGE};
use crate::{
    auth::RequestAuth,
    error::{AppError, AppResult},
    i18n::Lang,
    policy,
    state::AppState,
    web::{
        Ctx,
        forms::{Pairs, field},
    },
};

/// The query string (every parameter but `q` is optional; values that are not among a
/// filter's choices are ignored, so a search never fails on its parameters).
#[derive(Deserialize, Default, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// What to look for, in English or Japanese (at most 200 characters are read; no
    /// syntax: quotes and operators are ordinary characters).
    q: String,
    /// Only one kind: `lesson`, `course`, `article`, `news`, `term`, `thread`, `post`,
    /// `newsletter` or `member`.
    kind: Option<String>,
    /// Only courses and lessons of one level: `foundation`, `intermediate`, `advanced`.
    level: Option<String>,
    /// Only one category (of the library, the news or the forum), by its address.
    category: Option<String>,
    /// Only members teaching at one school level: `elementary`, `junior_high`,
    /// `senior_high`, `special_needs`.
    school: Option<String>,
    /// Only what is newer than a `week`, `month` or `year`.
    date: Option<String>,
    /// The page of results, from 1 (10 per page, at most 50 pages; anything else is 1).
    page: Option<String>,
}

impl SearchParams {
    /// The parameters as the results page reads them.
    fn pairs(self) -> Pairs {
        let all = [
            ("q", Some(self.q)),
            ("kind", self.kind),
            ("level", self.level),
            ("category", self.category),
            ("school", self.school),
            ("date", self.date),
            ("page", self.page),
        ];
        all.into_iter().filter_map(|(name, value)| Some((name.to_owned(), value?))).collect()
    }
}

/// A page of results.
#[derive(Serialize, ToSchema)]
pub struct SearchResults {
    /// The text searched for (cut to 200 characters).
    query: String,
    /// Matches in all.
    total: usize,
    /// This page, from 1.
    page: usize,
    /// Pages in all.
    pages: usize,
    /// Results per page.
    per_page: usize,
    /// This page's results, best first (the reader's language first).
    results: Vec<SearchResult>,
    /// A glossary term close to the query when little was found ("did you mean").
    suggestion: Option<String>,
}

/// One result.
#[derive(Serialize, ToSchema)]
pub struct SearchResult {
    /// `lesson`, `course`, `article`, `news`, `term`, `thread`, `post`, `newsletter` or
    /// `member`.
    kind: String,
    /// Its title (in Japanese when the reader's language is Japanese and it has one).
    title: String,
    /// Its address on this site.
    url: String,
    /// What it belongs to (a lesson's course, a reply's thread), or empty.
    context: String,
    /// A piece of its text around the words found, plain.
    snippet: String,
    /// The words of the snippet that matched, as they appear in it.
    highlights: Vec<String>,
    /// The languages it is written in (`en`, `ja`).
    languages: Vec<String>,
    /// When it was published or written (unix ms).
    date: i64,
}

/// `GET /api/v1/search`.
#[utoipa::path(get, path = "/api/v1/search", tag = "search", params(SearchParams),
    responses(
        (status = 200, description = "A page of results (none for an empty query)", body = SearchResults),
        (status = 503, description = "The index is still being built; try again after Retry-After seconds",
            body = crate::api::Problem, content_type = "application/problem+json"),
    ))]
pub async fn search(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Query(params): Query<SearchParams>,
) -> AppResult<Json<SearchResults>> {
    let pairs = params.pairs();
    // The categories are read only to check one that was asked for.
    let categories: Vec<String> = if field(&pairs, "category").is_empty() {
        Vec::new()
    } else {
        pages::categories(&state).await?.into_iter().map(|(slug, ..)| slug).collect()
    };
    let asked = Asked::from(&pairs, &categories);
    let signed_in = policy::sees_members_only_profiles(&auth.actor);
    let outcome = pages::run(&state, &asked, ctx.lang, signed_in)
        .await?
        .ok_or(AppError::Busy { retry_after_secs: 5 })?;
    let results = outcome
        .hits
        .into_iter()
        .map(|hit| {
            let stored = hit.stored;
            let title = match (ctx.lang, stored.title_ja) {
                (Lang::Ja, Some(title)) => title,
                _ => stored.title,
            };
            SearchResult {
                kind: stored.kind,
                title,
                url: stored.url,
                context: stored.context,
                snippet: hit.snippet.iter().map(|(text, _)| text.as_str()).collect(),
                highlights: hit
                    .snippet
                    .into_iter()
                    .filter(|(_, found)| *found)
                    .map(|(text, _)| text)
                    .collect(),
                languages: stored.languages,
                date: stored.date,
            }
        })
        .collect();
    Ok(Json(SearchResults {
        query: asked.q,
        total: outcome.total,
        page: asked.page,
        pages: outcome.pages,
        per_page: PER_PAGE,
        results,
        suggestion: outcome.suggestion,
    }))
}
