//! Managing the forum's categories (admins): add one, and rename, describe or move
//! each (its position in the list; lower first). Addresses stay once made, so links
//! to a category keep working.

use altto_store::{Category, CategoryFields, StoreError};
use askama::Template;
use axum::{
    Form,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

use crate::{
    error::AppResult,
    state::AppState,
    web::{
        Ctx,
        forms::{FormState, Pairs, clean_text, field},
    },
};

/// `/community/categories`.
#[derive(Template)]
#[template(path = "community/forum_categories.html")]
pub struct CategoriesPage {
    ctx: Ctx,
    categories: Vec<Category>,
    /// The new-category form.
    form: FormState,
    /// The category whose form failed, with its form.
    failed: Option<(i64, FormState)>,
}

impl CategoriesPage {
    /// The form of `category`: the failed one as typed, else its stored values.
    fn form_of(&self, category: &Category) -> FormState {
        if let Some((id, form)) = &self.failed
            && *id == category.id
        {
            return form.clone();
        }
        let mut form = FormState::new();
        form.keep("name_en", &category.name_en)
            .keep("name_ja", &category.name_ja)
            .keep("description_en", &category.description_en)
            .keep("description_ja", &category.description_ja)
            .keep("position", category.position.to_string());
        form
    }
}

/// `GET /community/categories`.
pub async fn list_categories(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let categories = state.store.forum_categories().await?;
    Ok(ctx.render(&CategoriesPage { ctx: ctx.clone(), categories, form: FormState::new(), failed: None }))
}

/// The fields of a category form, with problems marked.
fn read(pairs: &Pairs, with_slug: bool) -> (CategoryFields, FormState) {
    let mut form = FormState::new();
    let text = |name: &'static str, max: usize, required: bool, form: &mut FormState| {
        let value = field(pairs, name);
        form.keep(name, value.trim());
        match clean_text(value, max) {
            Some(value) if required && value.is_empty() => {
                form.fail(name, "forum-error-required");
                value
            }
            Some(value) => value,
            None => {
                form.fail(name, "forum-error-too-long");
                String::new()
            }
        }
    };
    let slug = if with_slug { text("slug", 40, true, &mut form) } else { String::new() };
    if with_slug && !slug.is_empty() && !super::text::is_slug(&slug) {
        form.fail("slug", "forum-error-slug");
    }
    let name_en = text("name_en", 80, true, &mut form);
    let name_ja = text("name_ja", 80, true, &mut form);
    let description_en = text("description_en", 300, false, &mut form);
    let description_ja = text("description_ja", 300, false, &mut form);
    let position_text = field(pairs, "position").trim().to_owned();
    form.keep("position", position_text.clone());
    let position = if position_text.is_empty() {
        0
    } else {
        position_text.parse::<i64>().ok().filter(|p| (0..=100_000).contains(p)).unwrap_or_else(|| {
            form.fail("position", "forum-error-position");
            0
        })
    };
    (CategoryFields { slug, name_en, name_ja, description_en, description_ja, position }, form)
}

/// `POST /community/categories`: adds a category.
pub async fn add_category(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let (fields, mut form) = read(&pairs, true);
    if !form.has_errors() {
        match state.store.add_forum_category(&fields).await {
            Ok(()) => return Ok(Redirect::to("/community/categories").into_response()),
            Err(StoreError::Conflict(_)) => {
                form.fail("slug", "forum-error-slug-taken");
            }
            Err(err) => return Err(err.into()),
        }
    }
    let categories = state.store.forum_categories().await?;
    let page = CategoriesPage { ctx: ctx.clone(), categories, form, failed: None };
    Ok(ctx.render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
}

/// `POST /community/categories/{id}`: renames, describes or moves a category.
pub async fn update_category(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let category = state.store.forum_category(id).await?;
    let (fields, form) = read(&pairs, false);
    if !form.has_errors() {
        state.store.update_forum_category(category.id, &fields).await?;
        return Ok(Redirect::to("/community/categories").into_response());
    }
    let categories = state.store.forum_categories().await?;
    let page =
        CategoriesPage { ctx: ctx.clone(), categories, form: FormState::new(), failed: Some((id, form)) };
    Ok(ctx.render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
}
