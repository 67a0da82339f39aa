//! The article and post editor: every field of a [`Writing`], saved as a new revision
//! on top of the one the writer started from (a save on top of someone else's is
//! refused with the typed text kept), beside the text's place in the workflow and its
//! editorial conversation.

use altto_store::StoreError;
use askama::Template;
use axum::{
    Extension, Form,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::{
    content::Shelf,
    write::{Draft, load, load_for_edit, save, status_of},
    write_form::{self, Intent, WriteForm},
};
use crate::{
    auth::RequestAuth,
    content::workflow::Decision,
    courses::content::Licence,
    error::{AppError, AppResult},
    i18n::Lang,
    state::AppState,
    web::{
        Ctx,
        format::day_of,
        forms::{Pairs, clean_text, field},
    },
};

/// A note in the editorial conversation, as shown.
pub struct NoteView {
    /// Who wrote it.
    pub who: String,
    /// The translation key of what happened.
    pub kind_key: String,
    /// `YYYY-MM-DD`.
    pub when: String,
    /// The note.
    pub body: String,
}

/// What the workflow lets the viewer do now.
#[derive(Default)]
pub struct Buttons {
    /// Submit for review.
    pub submit: bool,
    /// Add a note.
    pub comment: bool,
    /// Ask for changes.
    pub request_changes: bool,
    /// Publish (a post: now or at a given time).
    pub publish: bool,
    /// Unpublish.
    pub unpublish: bool,
    /// Archive.
    pub archive: bool,
}

/// The editor of one article or post.
#[derive(Template)]
#[template(path = "library/author/edit.html")]
pub struct EditPage {
    ctx: Ctx,
    shelf: Shelf,
    slug: String,
    /// The revision the form was made from.
    base: i64,
    form: WriteForm,
    /// (category, its name).
    categories: Vec<(String, String)>,
    /// (SPDX id, name).
    licences: Vec<(&'static str, &'static str)>,
    /// (slug, name) of everyone who can be credited.
    people: Vec<(String, String)>,
    can_edit: bool,
    /// Something that was not done, and why.
    problem: Option<String>,
    /// Something that was done.
    done: Option<String>,
    /// Where it stands.
    status: String,
    /// Whether visitors can read a version of it now.
    public: bool,
    buttons: Buttons,
    notes: Vec<NoteView>,
}

/// What the editor is told at its top: a problem, or a confirmation.
pub enum Said {
    /// Not done, and why.
    Problem(String),
    /// Done.
    Done(String),
}

/// The editor of `draft` showing `form` (made from revision `base`).
pub async fn editor_page(
    state: &AppState,
    auth: &RequestAuth,
    ctx: &Ctx,
    draft: &Draft,
    form: WriteForm,
    base: Option<i64>,
    said: Option<Said>,
) -> AppResult<EditPage> {
    let mut people: Vec<(String, String)> = state
        .store
        .people()
        .await?
        .iter()
        .map(|person| (person.slug.clone(), super::pages::name_of(person, ctx.lang)))
        .collect();
    // Someone credited who is no longer in the list stays visible (and ticked).
    for slug in &form.authors {
        if !people.iter().any(|(known, _)| known == slug) {
            people.push((slug.clone(), slug.clone()));
        }
    }
    let notes = state
        .store
        .review_notes(draft.doc())
        .await?
        .into_iter()
        .map(|note| NoteView {
            who: note.user_name.unwrap_or_default(),
            kind_key: format!("review-kind-{}", note.event),
            when: day_of(note.created_at),
            body: note.body,
        })
        .collect();
    let (problem, done) = match said {
        Some(Said::Problem(problem)) => (Some(problem), None),
        Some(Said::Done(done)) => (None, Some(done)),
        None => (None, None),
    };
    Ok(EditPage {
        ctx: ctx.clone(),
        shelf: draft.shelf,
        slug: draft.row.slug.clone(),
        base: base.unwrap_or_default(),
        form,
        categories: draft
            .shelf
            .categories()
            .iter()
            .map(|category| ((*category).to_owned(), ctx.t(&draft.shelf.category_key(category))))
            .collect(),
        licences: Licence::ALL.iter().map(|licence| (licence.spdx(), licence.name())).collect(),
        people,
        can_edit: draft.may(auth, Decision::Save),
        problem,
        done,
        status: status_of(ctx, &draft.row),
        public: draft.row.is_public()
            && draft.row.publish_at.is_none_or(|at| at <= altto_store::now_millis()),
        buttons: Buttons {
            submit: draft.may(auth, Decision::Submit),
            comment: draft.may(auth, Decision::Comment),
            request_changes: draft.may(auth, Decision::RequestChanges),
            publish: draft.may(auth, Decision::Publish),
            unpublish: draft.may(auth, Decision::Unpublish),
            archive: draft.may(auth, Decision::Archive),
        },
        notes,
    })
}

impl EditPage {
    /// The languages a text can be written in: (code, name).
    fn languages(&self) -> Vec<(&'static str, &'static str)> {
        [Lang::En, Lang::Ja].iter().map(|lang| (lang.code(), lang.native_name())).collect()
    }

    /// Whether this is a post (which may be published for a later time).
    fn is_post(&self) -> bool {
        self.shelf == Shelf::News
    }

    /// "Reference 2".
    fn reference_legend(&self, n: &usize) -> String {
        self.ctx.t1("library-writing-reference-n", "number", &n.to_string())
    }

    /// "Remove reference 2".
    fn remove_label(&self, n: &usize) -> String {
        self.ctx.t1("library-writing-remove-reference", "number", &n.to_string())
    }

    /// The label of reference part `part`.
    fn part_label(&self, part: &str) -> String {
        self.ctx.t(&format!("library-writing-ref-{part}"))
    }

    /// The reference parts, in form order.
    fn parts(&self) -> &'static [&'static str] {
        &write_form::REFERENCE_PARTS
    }
}

/// A confirmation in the editor's address (`?done=saved`), from a fixed list.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DoneQuery {
    done: String,
}

/// The message confirming `code`, if it is one.
fn done_message(ctx: &Ctx, code: &str) -> Option<String> {
    let key = match code {
        "created" => "library-writing-done-created",
        "saved" => "author-done-saved",
        "restored" => "author-done-restored",
        "submitted" => "author-done-submitted",
        "comment" => "author-done-commented",
        "changes_requested" => "author-done-changes-requested",
        "published" => "library-writing-done-published",
        "scheduled" => "library-writing-done-scheduled",
        "unpublished" => "library-writing-done-unpublished",
        "archived" => "library-writing-done-archived",
        _ => return None,
    };
    Some(ctx.t(key))
}

/// `GET /author/library/{shelf}/{slug}`.
pub async fn edit_writing(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path((shelf, slug)): Path<(String, String)>,
    Query(query): Query<DoneQuery>,
) -> AppResult<Response> {
    let draft = load(&state, &auth, &shelf, &slug).await?;
    let said = done_message(&ctx, &query.done).map(Said::Done);
    let form = write_form::of_writing(&draft.writing);
    let page = editor_page(&state, &auth, &ctx, &draft, form, draft.latest(), said).await?;
    Ok(ctx.render(&page))
}

/// `POST /author/library/{shelf}/{slug}`: adds or removes a reference in the form, or
/// saves. Problems are shown per field and nothing is saved; a save on top of a
/// revision someone else replaced meanwhile is refused (409) with the typed text kept.
pub async fn save_writing(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path((shelf, slug)): Path<(String, String)>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let draft = load_for_edit(&state, &auth, &shelf, &slug).await?;
    let intent = write_form::intent(&pairs);
    let (mut form, writing) = write_form::read(&pairs, draft.shelf, &draft.row.slug, ctx.lang, intent);
    let base = field(&pairs, "base").parse::<i64>().ok();
    let show = |form, base, said, status| {
        let (state, auth, ctx, draft) = (&state, &auth, &ctx, &draft);
        async move {
            let page = editor_page(state, auth, ctx, draft, form, base, said).await?;
            Ok::<_, AppError>(ctx.render_with_status(status, &page))
        }
    };
    if intent != Intent::Save {
        form.clear_errors();
        return show(form, base, None, StatusCode::OK).await;
    }
    let Some(writing) = writing else {
        return show(form, base, None, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let writing = writing.keeping_files_of(&draft.writing);
    let note = clean_text(field(&pairs, "note"), 200)
        .filter(|note| !note.is_empty())
        .unwrap_or_else(|| ctx.t("library-writing-note-edited"));
    match save(&state, &auth, &draft, base, &writing, &note).await {
        Ok(_) => Ok(Redirect::to(&format!("{}?done=saved", draft.link())).into_response()),
        Err(AppError::Store(StoreError::Conflict(_))) => {
            // The newest revision becomes the form's base: saving again deliberately
            // puts this version on top of the other one.
            let current = state.store.document(draft.doc()).await?.latest_revision_id;
            let said = Some(Said::Problem(ctx.t("library-writing-stale")));
            show(form, current, said, StatusCode::CONFLICT).await
        }
        Err(err) => Err(err),
    }
}
