//! Writing library articles and news posts in the browser: the list of what an author
//! may edit (everything, for editors), a new text, and loading a text's working copy.
//! The editor is in [`super::write_edit`], the workflow, preview and history in
//! [`super::write_review`]; all of it on the content core (one revision store, one
//! workflow), like courses.

use altto_store::{DocumentRef, DocumentRow, StoreError, UserId};
use askama::Template;
use axum::{
    Extension, Form,
    extract::{Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::content::{MAX_TITLE, Shelf, Writing, is_slug};
use crate::{
    auth::RequestAuth,
    content::workflow::{self, Decision},
    courses::content::Licence,
    error::{AppError, AppResult},
    i18n::Lang,
    policy,
    state::AppState,
    web::{
        Ctx,
        format::rfc3339,
        forms::{FormState, Pairs, clean_text, field},
    },
};

/// The working copy of an article or post, as its authors and editors see it.
pub struct Draft {
    /// Its shelf.
    pub shelf: Shelf,
    /// Its row.
    pub row: DocumentRow,
    /// Its authors' accounts.
    pub authors: Vec<UserId>,
    /// The newest revision.
    pub writing: Writing,
}

impl Draft {
    /// The document.
    pub fn doc(&self) -> DocumentRef {
        DocumentRef { kind: self.shelf.kind(), id: self.row.id }
    }

    /// The newest revision's id.
    pub fn latest(&self) -> Option<i64> {
        self.row.latest_revision_id
    }

    /// Whether `auth`'s actor may make `decision` about it now.
    pub fn may(&self, auth: &RequestAuth, decision: Decision) -> bool {
        workflow::can(self.row.workflow(), decision, policy::workflow_powers(&auth.actor, &self.authors))
    }

    /// Its editor's address.
    pub fn link(&self) -> String {
        editor_link(self.shelf, &self.row.slug)
    }
}

/// The editor's address of the text at `slug` on `shelf`.
pub fn editor_link(shelf: Shelf, slug: &str) -> String {
    format!("/author/library/{}/{slug}", shelf.name())
}

/// Loads the working copy at `slug` on the shelf named `shelf`, if `auth` may see it
/// (not found otherwise, so drafts stay private).
pub async fn load(state: &AppState, auth: &RequestAuth, shelf: &str, slug: &str) -> AppResult<Draft> {
    let shelf = Shelf::parse(shelf).ok_or(AppError::NotFound)?;
    let row = state.store.document_by_slug(shelf.kind(), slug).await?.ok_or(AppError::NotFound)?;
    let doc = DocumentRef { kind: shelf.kind(), id: row.id };
    let authors = state.store.author_ids(doc).await?;
    if !policy::can_view_draft(&auth.actor, &authors) {
        return Err(AppError::NotFound);
    }
    let latest = row.latest_revision_id.ok_or(AppError::NotFound)?;
    let writing = serde_json::from_str(&state.store.revision(shelf.kind(), latest).await?.content)
        .map_err(anyhow::Error::from)?;
    Ok(Draft { shelf, row, authors, writing })
}

/// Loads the working copy for a change: the actor must be allowed to save it now.
pub async fn load_for_edit(
    state: &AppState,
    auth: &RequestAuth,
    shelf: &str,
    slug: &str,
) -> AppResult<Draft> {
    let draft = load(state, auth, shelf, slug).await?;
    if draft.may(auth, Decision::Save) { Ok(draft) } else { Err(AppError::Forbidden) }
}

/// Saves `writing` as a new revision of `draft` on top of revision `base`: `Conflict`
/// if someone saved meanwhile. What the public sees does not change.
pub async fn save(
    state: &AppState,
    auth: &RequestAuth,
    draft: &Draft,
    base: Option<i64>,
    writing: &Writing,
    note: &str,
) -> AppResult<i64> {
    if base != draft.latest() {
        return Err(StoreError::Conflict("stale base".into()).into());
    }
    let json = serde_json::to_string(writing).map_err(anyhow::Error::from)?;
    Ok(state.store.add_revision(draft.doc(), base, &json, auth.actor.user_id(), note).await?)
}

/// One text in the author's list.
pub struct Row {
    /// Its editor.
    pub link: String,
    /// Its title in the newest revision.
    pub title: String,
    /// `library` or `news`.
    pub shelf: Shelf,
    /// Where it stands, in the reader's language.
    pub status: String,
}

/// `/author/library`.
#[derive(Template)]
#[template(path = "library/author/list.html")]
pub struct WritingListPage {
    ctx: Ctx,
    rows: Vec<Row>,
    may_manage_people: bool,
}

/// Where a text stands, as its authors and editors read it: a post published for a
/// later time is "scheduled for …" (Japan time).
pub fn status_of(ctx: &Ctx, row: &DocumentRow) -> String {
    let now = altto_store::now_millis();
    match row.publish_at {
        Some(at) if at > now && row.is_public() => {
            ctx.t1("library-writing-scheduled", "time", &japan_time(at))
        }
        _ => ctx.t(workflow::status_key(row.workflow())),
    }
}

/// `millis` as Japan time, `2026-12-07 18:30 JST`.
pub fn japan_time(millis: i64) -> String {
    let at = time::OffsetDateTime::from_unix_timestamp(millis / 1000)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
        .to_offset(time::macros::offset!(+9));
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]");
    format!("{} JST", at.format(&format).unwrap_or_else(|_| rfc3339(millis)))
}

/// `GET /author/library`: the articles and posts this author writes (all, for editors).
pub async fn list_writing(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
) -> AppResult<Response> {
    let filter = if policy::can_review(&auth.actor) { None } else { auth.actor.user_id() };
    let mut found = Vec::new();
    for shelf in Shelf::ALL {
        found.extend(
            state.store.documents_for(shelf.kind(), filter).await?.into_iter().map(|row| (shelf, row)),
        );
    }
    let ids: Vec<i64> = found.iter().filter_map(|(_, row)| row.latest_revision_id).collect();
    let titles: std::collections::HashMap<i64, String> = state
        .store
        .revision_contents(&ids)
        .await?
        .into_iter()
        .filter_map(|(id, content, _)| Some((id, serde_json::from_str::<Writing>(&content).ok()?.title)))
        .collect();
    let rows = found
        .iter()
        .map(|(shelf, row)| Row {
            link: editor_link(*shelf, &row.slug),
            title: row
                .latest_revision_id
                .and_then(|id| titles.get(&id).cloned())
                .unwrap_or_else(|| row.slug.clone()),
            shelf: *shelf,
            status: status_of(&ctx, row),
        })
        .collect();
    let page =
        WritingListPage { ctx: ctx.clone(), rows, may_manage_people: policy::can_manage_people(&auth.actor) };
    Ok(ctx.render(&page))
}

/// The new-text form.
#[derive(Template)]
#[template(path = "library/author/new.html")]
pub struct NewWritingPage {
    ctx: Ctx,
    shelf: Shelf,
    form: FormState,
}

/// Which shelf a new text goes on.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ShelfQuery {
    shelf: String,
}

/// `GET /author/library/new?shelf=library|news`.
pub async fn new_writing(ctx: Ctx, Query(query): Query<ShelfQuery>) -> AppResult<Response> {
    let shelf = Shelf::parse(&query.shelf).unwrap_or(Shelf::Library);
    let mut form = FormState::new();
    form.keep("category", shelf.categories()[0]);
    Ok(ctx.render(&NewWritingPage { ctx: ctx.clone(), shelf, form }))
}

/// The first revision of a new text: its address, title and category; the rest is
/// written in the editor (and checked before it is saved again or submitted).
pub fn first_revision(
    slug: &str,
    title: &str,
    category: &str,
    language: Lang,
    authors: Vec<String>,
) -> Writing {
    Writing {
        slug: slug.to_owned(),
        title: title.to_owned(),
        title_ja: None,
        summary: String::new(),
        summary_ja: None,
        language,
        category: category.to_owned(),
        tags: Vec::new(),
        body: String::new(),
        body_ja: None,
        references: Vec::new(),
        related: Vec::new(),
        last_reviewed: None,
        licence: Licence::CcBy,
        authors,
        glossary_links: true,
        video: None,
        files: Default::default(),
    }
}

/// Creates the document of `writing` on `shelf`, with `user` as its author and
/// `writing` as its first revision: `Conflict` if the address is taken (nothing is
/// created then).
pub async fn create(
    state: &AppState,
    shelf: Shelf,
    writing: &Writing,
    user: Option<UserId>,
    note: &str,
) -> AppResult<(DocumentRef, i64)> {
    let id = state.store.create_document(shelf.kind(), &writing.slug).await?;
    let doc = DocumentRef { kind: shelf.kind(), id };
    if let Some(user) = user {
        state.store.add_author(doc, user).await?;
    }
    let json = serde_json::to_string(writing).map_err(anyhow::Error::from)?;
    let revision = state.store.add_revision(doc, None, &json, user, note).await?;
    Ok((doc, revision))
}

/// The people credited by default on a new text by `user`: their own page, if they
/// have one.
pub async fn own_people(state: &AppState, user: Option<UserId>) -> AppResult<Vec<String>> {
    let Some(user) = user else { return Ok(Vec::new()) };
    Ok(state.store.people().await?.into_iter().filter(|p| p.user_id == Some(user)).map(|p| p.slug).collect())
}

/// `POST /author/library`: creates the text and opens its editor; a taken address is
/// said, and nothing is created.
pub async fn create_writing(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let shelf = Shelf::parse(field(&pairs, "shelf")).ok_or(AppError::NotFound)?;
    let mut form = FormState::new();
    let slug = field(&pairs, "slug").trim().to_owned();
    let category = field(&pairs, "category").trim().to_owned();
    form.keep("slug", &slug).keep("title", field(&pairs, "title")).keep("category", &category);
    if !is_slug(&slug) {
        form.fail("slug", "field-slug-invalid");
    }
    let title = match clean_text(field(&pairs, "title"), MAX_TITLE) {
        Some(title) if title.is_empty() => {
            form.fail("title", "field-title-required");
            title
        }
        Some(title) => title,
        None => {
            form.fail("title", "field-too-long");
            String::new()
        }
    };
    if !shelf.categories().contains(&category.as_str()) {
        form.fail("category", "library-category-invalid");
    }
    let refuse = |form: FormState, status| {
        Ok(ctx.render_with_status(status, &NewWritingPage { ctx: ctx.clone(), shelf, form }))
    };
    if form.has_errors() {
        return refuse(form, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let authors = own_people(&state, auth.actor.user_id()).await?;
    let writing = first_revision(&slug, &title, &category, ctx.lang, authors);
    let note = ctx.t("library-writing-note-created");
    match create(&state, shelf, &writing, auth.actor.user_id(), &note).await {
        Ok(_) => Ok(Redirect::to(&format!("{}?done=created", editor_link(shelf, &slug))).into_response()),
        Err(AppError::Store(StoreError::Conflict(_))) => {
            form.fail("slug", "library-writing-slug-taken");
            refuse(form, StatusCode::CONFLICT)
        }
        Err(err) => Err(err),
    }
}
