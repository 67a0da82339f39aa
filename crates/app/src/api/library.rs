//! Writing library articles and news posts through the API: a token whose owner has
//! the author role creates a text (its first revision, a draft) or saves a new
//! revision of one they may edit, with the same checks as the editor in the browser.
//! Publishing stays with the editors, in the browser.

use axum::{
    Extension, Json,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{FieldProblem, Invalid, Problem, invalid};
use crate::{
    auth::RequestAuth,
    authoring::video_id,
    content::workflow,
    courses::content::{Licence, Video},
    error::AppResult,
    i18n::Lang,
    library::{
        content::{Reference, Shelf, Writing, check, is_slug},
        write::{self, Draft},
    },
    state::AppState,
};

/// A work cited.
#[derive(Deserialize, ToSchema)]
pub struct ReferenceIn {
    /// Its authors as cited: `Tajino, A. & Tajino, Y.`, or an organisation.
    #[serde(default)]
    authors: String,
    /// Year of publication.
    #[serde(default)]
    year: Option<i32>,
    /// Title (required).
    #[serde(default)]
    title: String,
    /// Journal with volume and pages, publisher, or website.
    #[serde(default)]
    venue: String,
    /// DOI, e.g. `10.1093/elt/54.1.3`.
    #[serde(default)]
    doi: String,
    /// Address, when it has no DOI.
    #[serde(default)]
    url: String,
}

/// An article or post as written: the whole text of its new revision.
#[derive(Deserialize, ToSchema)]
pub struct WritingIn {
    /// Its address (when creating; a change keeps the address in its path).
    #[serde(default)]
    slug: Option<String>,
    /// Title.
    title: String,
    /// Japanese title (of an English text).
    #[serde(default)]
    title_ja: Option<String>,
    /// One or two sentences.
    summary: String,
    /// Japanese summary.
    #[serde(default)]
    summary_ja: Option<String>,
    /// The language its main texts are written in: `en` (default) or `ja`.
    #[serde(default)]
    language: Option<String>,
    /// One of its shelf's categories (articles: `educational-goals`,
    /// `hiring-and-training`, `international`, `teaching-practice`, `research`; posts:
    /// `announcements`, `events`, `guest-posts`, `updates`).
    category: String,
    /// Tags: lowercase words joined by hyphens.
    #[serde(default)]
    tags: Vec<String>,
    /// The text, in Markdown.
    body: String,
    /// Its Japanese version, in Markdown.
    #[serde(default)]
    body_ja: Option<String>,
    /// Works cited, in order.
    #[serde(default)]
    references: Vec<ReferenceIn>,
    /// Addresses on this site of related items (`/library/…`, `/courses/…`).
    #[serde(default)]
    related: Vec<String>,
    /// When its facts were last checked (`YYYY-MM-DD`).
    #[serde(default)]
    last_reviewed: Option<String>,
    /// SPDX licence id: `CC-BY-4.0` (default), `CC-BY-SA-4.0`, `CC-BY-NC-4.0`,
    /// `CC-BY-NC-SA-4.0`.
    #[serde(default)]
    licence: Option<String>,
    /// The people credited, by their page's address (`/authors/{slug}`).
    #[serde(default)]
    authors: Vec<String>,
    /// Whether the first use of a glossary term links to its entry (default true).
    #[serde(default)]
    glossary_links: Option<bool>,
    /// A YouTube video id or address.
    #[serde(default)]
    youtube: Option<String>,
    /// A Vimeo video id or address.
    #[serde(default)]
    vimeo: Option<String>,
    /// The revision this change was made on top of (from an earlier answer): if
    /// someone saved since, the change is refused with 409. Without it, the change
    /// goes on top of the newest revision.
    #[serde(default)]
    base_revision: Option<i64>,
    /// What changed, in a few words.
    #[serde(default)]
    note: Option<String>,
}

/// A saved revision.
#[derive(Serialize, ToSchema)]
pub struct WrittenOut {
    /// Its address.
    slug: String,
    /// The new revision's id (the `base_revision` of the next change).
    revision: i64,
    /// Where it stands: `draft`, `in_review`, `changes_requested`, `published`, …
    status: String,
    /// Its editor in the browser.
    editor: String,
}

/// The text `input` describes at `slug` on `shelf`, or each field's problem (in `lang`).
fn read(lang: Lang, shelf: Shelf, slug: &str, input: WritingIn) -> Result<Writing, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let mut fail =
        |field: &str, message: String| problems.push(FieldProblem { field: field.to_owned(), message });
    if !is_slug(slug) {
        fail("slug", lang.t("field-slug-invalid"));
    }
    let language = match input.language.as_deref() {
        None | Some("") => Lang::En,
        Some(code) => Lang::from_code(code).unwrap_or_else(|| {
            fail("language", lang.t("library-writing-language-invalid"));
            Lang::En
        }),
    };
    let licence = match input.licence.as_deref() {
        None | Some("") => Licence::CcBy,
        Some(spdx) => Licence::from_spdx(spdx).unwrap_or_else(|| {
            fail("licence", lang.t("library-writing-licence-invalid"));
            Licence::CcBy
        }),
    };
    let mut id = |site: &'static str, typed: Option<String>| {
        let typed = typed.unwrap_or_default();
        match video_id(site, typed.trim()) {
            Some(id) => (!id.is_empty()).then_some(id),
            None => {
                fail(site, lang.t("field-video-id-invalid"));
                None
            }
        }
    };
    let (youtube, vimeo) = (id("youtube", input.youtube), id("vimeo", input.vimeo));
    if youtube.is_some() && vimeo.is_some() {
        fail("vimeo", lang.t("field-one-video"));
    }
    let writing = Writing {
        slug: slug.to_owned(),
        title: input.title.trim().to_owned(),
        title_ja: input.title_ja.filter(|t| !t.trim().is_empty()),
        summary: input.summary.trim().to_owned(),
        summary_ja: input.summary_ja.filter(|t| !t.trim().is_empty()),
        language,
        category: input.category,
        tags: input.tags,
        body: input.body.replace("\r\n", "\n").trim_end().to_owned(),
        body_ja: input.body_ja.filter(|t| !t.trim().is_empty()),
        references: input
            .references
            .into_iter()
            .map(|r| Reference {
                authors: r.authors.trim().to_owned(),
                year: r.year,
                title: r.title.trim().to_owned(),
                venue: r.venue.trim().to_owned(),
                doi: r.doi.trim().to_owned(),
                url: r.url.trim().to_owned(),
            })
            .collect(),
        related: input.related,
        last_reviewed: input.last_reviewed.filter(|day| !day.is_empty()),
        licence,
        authors: input.authors,
        glossary_links: input.glossary_links.unwrap_or(true),
        video: (youtube.is_some() || vimeo.is_some()).then(|| Video { youtube, vimeo, ..Video::default() }),
        files: Default::default(),
    };
    for problem in check(shelf, &writing) {
        if problem.field == "slug" {
            continue; // said above
        }
        let message = match problem.number {
            Some(n) => lang.t_args(problem.key, &[("number", n.into())]),
            None => lang.t(problem.key),
        };
        problems.push(FieldProblem { field: problem.field, message });
    }
    if problems.is_empty() { Ok(writing) } else { Err(problems) }
}

fn written(shelf: Shelf, slug: &str, revision: i64, row: &altto_store::DocumentRow) -> WrittenOut {
    // The status key's last part: `draft`, `in_review`, `published_edited`, …
    let status = workflow::status_key(row.workflow()).rsplit('-').next().unwrap_or_default().to_owned();
    WrittenOut { slug: slug.to_owned(), revision, status, editor: write::editor_link(shelf, slug) }
}

async fn create(
    state: &AppState,
    auth: &RequestAuth,
    lang: Lang,
    shelf: Shelf,
    input: WritingIn,
) -> AppResult<Response> {
    let slug = input.slug.clone().unwrap_or_default();
    let writing = match read(lang, shelf, &slug, input) {
        Ok(writing) => writing,
        Err(problems) => return Ok(invalid(lang, problems)),
    };
    let (doc, revision) = write::create(state, shelf, &writing, auth.actor.user_id(), "Created").await?;
    let row = state.store.document(doc).await?;
    Ok((StatusCode::CREATED, Json(written(shelf, &slug, revision, &row))).into_response())
}

async fn update(
    state: &AppState,
    auth: &RequestAuth,
    lang: Lang,
    shelf: Shelf,
    slug: &str,
    input: WritingIn,
) -> AppResult<Response> {
    let draft: Draft = write::load_for_edit(state, auth, shelf.name(), slug).await?;
    let base = input.base_revision.or(draft.latest());
    let note = input.note.clone().filter(|note| !note.trim().is_empty()).unwrap_or_else(|| "Edited".into());
    let writing = match read(lang, shelf, slug, input) {
        Ok(writing) => writing.keeping_files_of(&draft.writing),
        Err(problems) => return Ok(invalid(lang, problems)),
    };
    let revision = write::save(state, auth, &draft, base, &writing, &note).await?;
    let row = state.store.document(draft.doc()).await?;
    Ok(Json(written(shelf, slug, revision, &row)).into_response())
}

/// `POST /api/v1/articles`: creates a library article (a draft) written by the caller.
#[utoipa::path(post, path = "/api/v1/articles", tag = "library", security(("token" = [])),
    request_body = WritingIn,
    responses(
        (status = 201, description = "Created as a draft; an editor publishes it", body = WrittenOut),
        (status = 409, description = "The address is taken; nothing was created", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Problems, each naming its field; nothing was saved", body = Invalid, content_type = "application/problem+json"),
    ))]
pub async fn create_article(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    lang: Lang,
    Json(input): Json<WritingIn>,
) -> AppResult<Response> {
    create(&state, &auth, lang, Shelf::Library, input).await
}

/// `PUT /api/v1/articles/{slug}`: saves a new revision of an article the caller may edit.
#[utoipa::path(put, path = "/api/v1/articles/{slug}", tag = "library", security(("token" = [])),
    params(("slug" = String, Path, description = "The article's address")),
    request_body = WritingIn,
    responses(
        (status = 200, description = "Saved as the newest revision; what the public sees does not change", body = WrittenOut),
        (status = 404, description = "No article here that the caller may see", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Someone saved since `base_revision`; nothing was saved", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Problems, each naming its field; nothing was saved", body = Invalid, content_type = "application/problem+json"),
    ))]
pub async fn update_article(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path(slug): Path<String>,
    lang: Lang,
    Json(input): Json<WritingIn>,
) -> AppResult<Response> {
    update(&state, &auth, lang, Shelf::Library, &slug, input).await
}

/// `POST /api/v1/posts`: creates a news post (a draft) written by the caller.
#[utoipa::path(post, path = "/api/v1/posts", tag = "library", security(("token" = [])),
    request_body = WritingIn,
    responses(
        (status = 201, description = "Created as a draft; an editor publishes it", body = WrittenOut),
        (status = 409, description = "The address is taken; nothing was created", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Problems, each naming its field; nothing was saved", body = Invalid, content_type = "application/problem+json"),
    ))]
pub async fn create_post(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    lang: Lang,
    Json(input): Json<WritingIn>,
) -> AppResult<Response> {
    create(&state, &auth, lang, Shelf::News, input).await
}

/// `PUT /api/v1/posts/{slug}`: saves a new revision of a post the caller may edit.
#[utoipa::path(put, path = "/api/v1/posts/{slug}", tag = "library", security(("token" = [])),
    params(("slug" = String, Path, description = "The post's address")),
    request_body = WritingIn,
    responses(
        (status = 200, description = "Saved as the newest revision; what the public sees does not change", body = WrittenOut),
        (status = 404, description = "No post here that the caller may see", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Someone saved since `base_revision`; nothing was saved", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Problems, each naming its field; nothing was saved", body = Invalid, content_type = "application/problem+json"),
    ))]
pub async fn update_post(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path(slug): Path<String>,
    lang: Lang,
    Json(input): Json<WritingIn>,
) -> AppResult<Response> {
    update(&state, &auth, lang, Shelf::News, &slug, input).await
}
