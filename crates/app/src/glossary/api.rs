//! The published glossary as JSON (`/api/v1/glossary`), public.

use axum::{
    Json,
    extract::{Path, State},
};
use serde::Serialize;
use utoipa::ToSchema;

use super::Term;
use crate::{
    api::Problem,
    error::{AppError, AppResult},
    state::AppState,
};

/// A published glossary term.
#[derive(Serialize, ToSchema)]
pub struct GlossaryTerm {
    /// Address: `/glossary/{slug}`.
    slug: String,
    /// The term in Japanese, e.g. 担任.
    ja: String,
    /// Its reading in kana.
    kana: String,
    /// Its reading in rōmaji (Hepburn).
    romaji: String,
    /// The English term.
    en: String,
    /// What it means, in English (Markdown).
    explanation: String,
    /// What it means, in Japanese (Markdown; empty if not written).
    explanation_ja: String,
    /// Addresses on this site of related lessons and articles.
    related: Vec<String>,
    /// Slugs of related terms.
    see_also: Vec<String>,
}

impl From<&Term> for GlossaryTerm {
    fn from(term: &Term) -> Self {
        Self {
            slug: term.slug.clone(),
            ja: term.ja.clone(),
            kana: term.kana.clone(),
            romaji: term.romaji.clone(),
            en: term.en.clone(),
            explanation: term.explanation.clone(),
            explanation_ja: term.explanation_ja.clone(),
            related: term.related.clone(),
            see_also: term.see_also.clone(),
        }
    }
}

/// `GET /api/v1/glossary`: every published term, by address.
#[utoipa::path(get, path = "/api/v1/glossary", tag = "glossary",
    responses((status = 200, description = "Published glossary terms", body = [GlossaryTerm])))]
pub async fn list_terms(State(state): State<AppState>) -> AppResult<Json<Vec<GlossaryTerm>>> {
    let all = state.glossary.all(&state.store).await?;
    Ok(Json(all.iter().map(|entry| GlossaryTerm::from(&entry.term)).collect()))
}

/// `GET /api/v1/glossary/{slug}`: one published term.
#[utoipa::path(get, path = "/api/v1/glossary/{slug}", tag = "glossary",
    params(("slug" = String, Path, description = "The term's address")),
    responses(
        (status = 200, description = "The term", body = GlossaryTerm),
        (status = 404, description = "No such published term", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn show_term(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> AppResult<Json<GlossaryTerm>> {
    let entry = state.glossary.find(&state.store, &slug).await?.ok_or(AppError::NotFound)?;
    Ok(Json(GlossaryTerm::from(&entry.term)))
}
