//! The people credited on articles and posts, kept by editors: a list and a form for
//! each (names, affiliations and biographies in English and Japanese, an ORCID iD
//! checked with its check digit, and optionally the member account that is them).

use altto_store::Person;
use askama::Template;
use axum::{
    Form,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

use super::content::is_slug;
use crate::{
    error::{AppError, AppResult},
    state::AppState,
    web::{
        Ctx,
        forms::{FormState, Pairs, clean_text, field},
    },
};

/// Whether `orcid` is an ORCID iD: `0000-0000-0000-000X`, its last character the
/// ISO 7064 MOD 11-2 check digit of the fifteen before it.
pub fn is_orcid(orcid: &str) -> bool {
    let chars: Vec<char> = orcid.chars().collect();
    if chars.len() != 19 || [4, 9, 14].iter().any(|at| chars[*at] != '-') {
        return false;
    }
    let digits: Vec<char> = chars.iter().copied().filter(|c| *c != '-').collect();
    let Some((last, body)) = digits.split_last() else { return false };
    if body.len() != 15 || !body.iter().all(char::is_ascii_digit) {
        return false;
    }
    let total = body.iter().fold(0u32, |total, digit| (total + digit.to_digit(10).unwrap_or(0)) * 2);
    let check = (12 - total % 11) % 11;
    let expected = if check == 10 { 'X' } else { char::from_digit(check, 10).unwrap_or('?') };
    *last == expected
}

/// The list of people.
#[derive(Template)]
#[template(path = "library/author/people.html")]
pub struct PeoplePage {
    ctx: Ctx,
    people: Vec<Person>,
    done: bool,
}

/// `GET /author/people`.
pub async fn list_people(
    State(state): State<AppState>,
    ctx: Ctx,
    axum::extract::Query(query): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> AppResult<Response> {
    let people = state.store.people().await?;
    let done = query.get("done").is_some_and(|done| done == "saved");
    Ok(ctx.render(&PeoplePage { ctx: ctx.clone(), people, done }))
}

/// The form of one person (a new one when `is_new`).
#[derive(Template)]
#[template(path = "library/author/person.html")]
pub struct PersonPage {
    ctx: Ctx,
    is_new: bool,
    slug: String,
    form: FormState,
}

/// The text fields of the form, with their longest length.
const TEXTS: [(&str, usize); 6] = [
    ("name", 200),
    ("name_ja", 200),
    ("affiliation", 300),
    ("affiliation_ja", 300),
    ("bio", 4000),
    ("bio_ja", 4000),
];

async fn person_form(state: &AppState, person: &Person) -> AppResult<FormState> {
    let mut form = FormState::new();
    form.keep("slug", &person.slug)
        .keep("name", &person.name)
        .keep("name_ja", &person.name_ja)
        .keep("affiliation", &person.affiliation)
        .keep("affiliation_ja", &person.affiliation_ja)
        .keep("bio", &person.bio)
        .keep("bio_ja", &person.bio_ja)
        .keep("orcid", &person.orcid);
    if let Some(user) = person.user_id {
        form.keep("email", state.store.user(user).await?.email.unwrap_or_default());
    }
    Ok(form)
}

/// `GET /author/people/new`.
pub async fn new_person(ctx: Ctx) -> AppResult<Response> {
    Ok(ctx.render(&PersonPage {
        ctx: ctx.clone(),
        is_new: true,
        slug: String::new(),
        form: FormState::new(),
    }))
}

/// `GET /author/people/{slug}`.
pub async fn edit_person(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let person = state.store.person(&slug).await?.ok_or(AppError::NotFound)?;
    let form = person_form(&state, &person).await?;
    Ok(ctx.render(&PersonPage { ctx: ctx.clone(), is_new: false, slug, form }))
}

/// `POST /author/people`: adds a person.
pub async fn create_person(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let slug = field(&pairs, "slug").trim().to_owned();
    put_person(&state, &ctx, &slug, true, &pairs).await
}

/// `POST /author/people/{slug}`: changes a person.
pub async fn update_person(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    state.store.person(&slug).await?.ok_or(AppError::NotFound)?;
    put_person(&state, &ctx, &slug, false, &pairs).await
}

async fn put_person(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    is_new: bool,
    pairs: &Pairs,
) -> AppResult<Response> {
    let mut form = FormState::new();
    form.keep("slug", slug);
    let mut person = Person { slug: slug.to_owned(), ..Person::default() };
    if !is_slug(slug) {
        form.fail("slug", "field-slug-invalid");
    } else if is_new && state.store.person(slug).await?.is_some() {
        form.fail("slug", "library-people-slug-taken");
    }
    for (name, max) in TEXTS {
        let typed = field(pairs, name);
        form.keep(name, typed);
        let text = clean_text(typed, max).unwrap_or_else(|| {
            form.fail(name, "field-too-long");
            String::new()
        });
        match name {
            "name" => person.name = text,
            "name_ja" => person.name_ja = text,
            "affiliation" => person.affiliation = text,
            "affiliation_ja" => person.affiliation_ja = text,
            "bio" => person.bio = text,
            _ => person.bio_ja = text,
        }
    }
    if person.name.is_empty() {
        form.fail("name", "library-people-name-required");
    }
    person.orcid = field(pairs, "orcid").trim().to_uppercase();
    form.keep("orcid", &person.orcid);
    if !person.orcid.is_empty() && !is_orcid(&person.orcid) {
        form.fail("orcid", "library-people-orcid-invalid");
    }
    let email = field(pairs, "email").trim().to_owned();
    form.keep("email", &email);
    if !email.is_empty() {
        match state.store.user_by_email(&email).await? {
            Some(user) => person.user_id = Some(user.id),
            None => {
                form.fail("email", "library-people-email-unknown");
            }
        }
    }
    if form.has_errors() {
        let page = PersonPage { ctx: ctx.clone(), is_new, slug: slug.to_owned(), form };
        return Ok(ctx.render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page));
    }
    state.store.put_person(&person).await?;
    Ok(Redirect::to("/author/people?done=saved").into_response())
}

#[cfg(test)]
mod tests {
    use super::is_orcid;

    #[test]
    fn an_orcid_is_checked_with_its_check_digit() {
        assert!(is_orcid("0000-0002-1825-0097"));
        assert!(is_orcid("0000-0002-1694-233X"));
        assert!(!is_orcid("0000-0002-1825-0098"));
        assert!(!is_orcid("0000000218250097"));
        assert!(!is_orcid("0000-0002-1694-233x"));
        assert!(!is_orcid("https://orcid.org/0000-0002-1825-0097"));
    }
}
