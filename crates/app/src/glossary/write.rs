//! Writing terms: the list with each term's status, the form for a new term, and the
//! editor of a term — saving a new revision on top of the one the writer started from
//! (a stale save is refused with what they typed kept), submitting for review, and for
//! editors the same decisions as for courses (in `review.rs`).

use altto_store::{DocumentKind, DocumentRef, DocumentRow, StoreError, UserId};
use askama::Template;
use axum::{
    Extension, Form,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::content::{self, Term};
use crate::{
    auth::RequestAuth,
    content::workflow::{self, Decision},
    error::{AppError, AppResult},
    policy,
    state::AppState,
    web::{
        Ctx,
        forms::{FormState, Pairs, clean_text, field},
    },
};

/// A term in the writers' list.
pub struct ListedTerm {
    slug: String,
    status: &'static str,
}

/// `/author/glossary`.
#[derive(Template)]
#[template(path = "glossary/author_list.html")]
pub struct TermListPage {
    ctx: Ctx,
    terms: Vec<ListedTerm>,
}

/// `GET /author/glossary`: every term for editors, one's own for authors.
pub async fn list_terms(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
) -> AppResult<Response> {
    let only = if policy::can_review(&auth.actor) { None } else { auth.actor.user_id() };
    let rows = state.store.documents_for(DocumentKind::Term, only).await?;
    let terms = rows
        .iter()
        .map(|row| ListedTerm { slug: row.slug.clone(), status: workflow::status_key(row.workflow()) });
    Ok(ctx.render(&TermListPage { ctx: ctx.clone(), terms: terms.collect() }))
}

/// The new-term form and the term editor.
#[derive(Template)]
#[template(path = "glossary/edit.html")]
pub struct TermEditPage {
    ctx: Ctx,
    /// The term's address (`None`: a new term).
    slug: Option<String>,
    /// The revision the form was filled from.
    base: i64,
    form: FormState,
    notice: Option<String>,
    /// Where the term stands (translation key).
    status: &'static str,
    /// The decisions the reader may make now.
    can: Vec<Decision>,
}

impl TermEditPage {
    fn may(&self, name: &str) -> bool {
        Decision::parse(name).is_some_and(|decision| self.can.contains(&decision))
    }
}

/// The fields of the form, in order.
const FIELDS: [&str; 10] =
    ["slug", "ja", "kana", "romaji", "en", "explanation", "explanation_ja", "related", "see_also", "note"];

/// The form showing `term`.
pub(super) fn form_of(term: &Term) -> FormState {
    let mut form = FormState::new();
    form.keep("slug", &term.slug)
        .keep("ja", &term.ja)
        .keep("kana", &term.kana)
        .keep("romaji", &term.romaji)
        .keep("en", &term.en)
        .keep("explanation", &term.explanation)
        .keep("explanation_ja", &term.explanation_ja)
        .keep("related", term.related.join("\n"))
        .keep("see_also", term.see_also.join(" "));
    form
}

/// The term in the form `pairs` (at `slug`, the form's own for a new term), with what
/// was typed kept and each problem marked on its field.
fn read_form(pairs: &Pairs, slug: Option<&str>) -> (Term, FormState) {
    let mut form = FormState::new();
    for name in FIELDS {
        form.keep(name, field(pairs, name));
    }
    let line = |name: &'static str, form: &mut FormState| {
        clean_text(field(pairs, name), 160).unwrap_or_else(|| {
            form.fail(name, "glossary-error-too-long");
            String::new()
        })
    };
    let markdown = |name: &str| field(pairs, name).replace("\r\n", "\n").trim().to_owned();
    let term = Term {
        slug: slug.map_or_else(|| field(pairs, "slug").trim().to_owned(), str::to_owned),
        ja: line("ja", &mut form),
        kana: line("kana", &mut form),
        romaji: line("romaji", &mut form),
        en: line("en", &mut form),
        explanation: markdown("explanation"),
        explanation_ja: markdown("explanation_ja"),
        related: field(pairs, "related").split_whitespace().map(str::to_owned).collect(),
        see_also: field(pairs, "see_also")
            .split([' ', ',', '\n', '\r'])
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
    };
    for problem in content::check(&term) {
        form.fail(problem.field, problem.key);
    }
    (term, form)
}

/// `GET /author/glossary/new`.
pub async fn new_term(ctx: Ctx) -> AppResult<Response> {
    let page = TermEditPage {
        ctx: ctx.clone(),
        slug: None,
        base: 0,
        form: FormState::new(),
        notice: None,
        status: "course-status-draft",
        can: Vec::new(),
    };
    Ok(ctx.render(&page))
}

/// `POST /author/glossary`: a new term, its writer its first author; not public until
/// an editor publishes it.
pub async fn create_term(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let (term, mut form) = read_form(&pairs, None);
    let user = auth.actor.user_id().ok_or(AppError::Forbidden)?;
    if content::is_slug(&term.slug)
        && state.store.document_by_slug(DocumentKind::Term, &term.slug).await?.is_some()
    {
        form.fail("slug", "glossary-error-slug-taken");
    }
    let refuse = |form: FormState| {
        let page = TermEditPage {
            ctx: ctx.clone(),
            slug: None,
            base: 0,
            form,
            notice: None,
            status: "course-status-draft",
            can: Vec::new(),
        };
        Ok(ctx.render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
    };
    if form.has_errors() {
        return refuse(form);
    }
    let id = match state.store.create_document(DocumentKind::Term, &term.slug).await {
        Ok(id) => id,
        Err(StoreError::Conflict(_)) => {
            form.fail("slug", "glossary-error-slug-taken");
            return refuse(form);
        }
        Err(err) => return Err(err.into()),
    };
    let doc = DocumentRef { kind: DocumentKind::Term, id };
    state.store.add_author(doc, user).await?;
    let json = serde_json::to_string(&term).map_err(|err| AppError::Internal(err.into()))?;
    let note = note_of(&pairs, &ctx);
    state.store.add_revision(doc, None, &json, Some(user), &note).await?;
    Ok(Redirect::to(&format!("/author/glossary/{}?saved=1", term.slug)).into_response())
}

/// A term's working copy, for those who may see it.
pub(super) struct Working {
    pub(super) row: DocumentRow,
    pub(super) authors: Vec<UserId>,
    pub(super) term: Term,
}

impl Working {
    pub(super) fn doc(&self) -> DocumentRef {
        DocumentRef { kind: DocumentKind::Term, id: self.row.id }
    }

    pub(super) fn powers(&self, auth: &RequestAuth) -> policy::Powers {
        policy::workflow_powers(&auth.actor, &self.authors)
    }

    /// The decisions `auth`'s actor may make now, for the buttons.
    fn can(&self, auth: &RequestAuth) -> Vec<Decision> {
        let powers = self.powers(auth);
        Decision::ALL.into_iter().filter(|d| workflow::can(self.row.workflow(), *d, powers)).collect()
    }

    /// The editor showing `form`.
    pub(super) fn page(
        &self,
        ctx: &Ctx,
        auth: &RequestAuth,
        form: FormState,
        notice: Option<String>,
    ) -> TermEditPage {
        TermEditPage {
            ctx: ctx.clone(),
            slug: Some(self.row.slug.clone()),
            base: self.row.latest_revision_id.unwrap_or_default(),
            form,
            notice,
            status: workflow::status_key(self.row.workflow()),
            can: self.can(auth),
        }
    }
}

/// The working copy of the term at `slug`, if `auth` may see it (not found otherwise,
/// so drafts stay private).
pub(super) async fn load(state: &AppState, auth: &RequestAuth, slug: &str) -> AppResult<Working> {
    let row = state.store.document_by_slug(DocumentKind::Term, slug).await?.ok_or(AppError::NotFound)?;
    let doc = DocumentRef { kind: DocumentKind::Term, id: row.id };
    let authors = state.store.author_ids(doc).await?;
    if !policy::can_view_draft(&auth.actor, &authors) {
        return Err(AppError::NotFound);
    }
    let latest = row.latest_revision_id.ok_or(AppError::NotFound)?;
    let term = serde_json::from_str(&state.store.revision(DocumentKind::Term, latest).await?.content)
        .map_err(anyhow::Error::from)?;
    Ok(Working { row, authors, term })
}

/// What the editor says after a redirect.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Said {
    saved: Option<String>,
    decided: Option<String>,
}

/// `GET /author/glossary/{slug}`.
pub async fn edit_term(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(said): Query<Said>,
) -> AppResult<Response> {
    let working = load(&state, &auth, &slug).await?;
    let notice = match (said.saved, said.decided) {
        (Some(_), _) => Some(ctx.t("glossary-saved")),
        (_, Some(_)) => Some(ctx.t("glossary-decided")),
        _ => None,
    };
    Ok(ctx.render(&working.page(&ctx, &auth, form_of(&working.term), notice)))
}

/// The writer's note on a change, or a default one.
fn note_of(pairs: &Pairs, ctx: &Ctx) -> String {
    clean_text(field(pairs, "note"), 200)
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| ctx.t("glossary-note-saved"))
}

/// `POST /author/glossary/{slug}`: saves a new revision on top of the form's `base`;
/// what the public sees does not change until an editor publishes it.
pub async fn save_term(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let working = load(&state, &auth, &slug).await?;
    let (term, form) = read_form(&pairs, Some(&working.row.slug));
    match workflow::decide(working.row.workflow(), Decision::Save, working.powers(&auth)) {
        Ok(_) => {}
        Err(workflow::Refusal::NotAllowed) => return Err(AppError::Forbidden),
        Err(refusal) => {
            let page = working.page(&ctx, &auth, form, Some(ctx.t(refusal.message_key())));
            return Ok(ctx.render_with_status(StatusCode::CONFLICT, &page));
        }
    }
    if form.has_errors() {
        return Ok(
            ctx.render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &working.page(&ctx, &auth, form, None))
        );
    }
    let base = field(&pairs, "base").parse::<i64>().ok();
    let json = serde_json::to_string(&term).map_err(|err| AppError::Internal(err.into()))?;
    let saved = match base {
        Some(base) if Some(base) == working.row.latest_revision_id => {
            state
                .store
                .add_revision(working.doc(), Some(base), &json, auth.actor.user_id(), &note_of(&pairs, &ctx))
                .await
        }
        _ => Err(StoreError::Conflict("stale".into())),
    };
    match saved {
        Ok(_) => Ok(Redirect::to(&format!("/author/glossary/{slug}?saved=1")).into_response()),
        Err(StoreError::Conflict(_)) => {
            // What they typed stays; the new base lets them save it over the other
            // version deliberately.
            let fresh = load(&state, &auth, &slug).await?;
            let page = fresh.page(&ctx, &auth, form, Some(ctx.t("glossary-stale")));
            Ok(ctx.render_with_status(StatusCode::CONFLICT, &page))
        }
        Err(err) => Err(err.into()),
    }
}
