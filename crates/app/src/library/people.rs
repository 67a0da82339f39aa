//! The pages of the people credited on content: `/authors`, everyone who has published
//! something, and `/authors/{slug}`, one person with everything they wrote — the
//! articles and posts that list them by slug, and the courses that credit them by name.

use std::sync::Arc;

use altto_store::Person;
use askama::Template;
use axum::{
    extract::{Path, State},
    response::Response,
};
use serde_json::{Value, json};

use super::{cache::Card, pages::CardView, pages::name_of};
use crate::{
    content::reading::{Reading, Text},
    courses::Published,
    error::{AppError, AppResult},
    i18n::Lang,
    state::AppState,
    web::{
        Ctx,
        meta::{Meta, OgType, absolute},
    },
};

/// Whether course `course` credits `person` (courses name their authors as written).
fn credits(course: &Published, person: &Person) -> bool {
    course.content.authors.iter().map(|name| name.trim()).any(|name| {
        !name.is_empty()
            && (name == person.name.trim() || (!person.name_ja.is_empty() && name == person.name_ja.trim()))
    })
}

/// Everyone credited on something published, by slug.
pub async fn credited(state: &AppState) -> AppResult<Vec<Person>> {
    let cards = state.library.cards(&state.store).await?;
    let courses = state.courses.all_published(&state.store).await?;
    let people = state.store.people().await?;
    Ok(people
        .into_iter()
        .filter(|person| {
            cards.iter().any(|card| card.authors.contains(&person.slug))
                || courses.iter().any(|course| credits(course, person))
        })
        .collect())
}

/// A person in the list of authors.
pub struct PersonView {
    /// Their page.
    pub url: String,
    /// Their name in the reader's language.
    pub name: String,
    /// Where they work.
    pub affiliation: String,
}

impl PersonView {
    fn new(person: &Person, lang: Lang) -> Self {
        let affiliation = match lang {
            Lang::Ja if !person.affiliation_ja.is_empty() => person.affiliation_ja.clone(),
            _ => person.affiliation.clone(),
        };
        PersonView { url: format!("/authors/{}", person.slug), name: name_of(person, lang), affiliation }
    }
}

/// `/authors`.
#[derive(Template)]
#[template(path = "library/authors.html")]
pub struct AuthorsPage {
    ctx: Ctx,
    people: Vec<PersonView>,
}

/// `GET /authors`: everyone who has published something.
pub async fn list_authors(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let people = credited(&state).await?.iter().map(|person| PersonView::new(person, ctx.lang)).collect();
    let meta = Meta::new(
        &state.settings.base_url(),
        ctx.lang,
        "/authors",
        &ctx.t("authors-title"),
        &ctx.t("authors-lead"),
    );
    let ctx = ctx.with_meta(meta);
    Ok(ctx.render(&AuthorsPage { ctx: ctx.clone(), people }))
}

/// A course someone wrote.
pub struct CourseLink {
    /// Its page.
    pub url: String,
    /// Its title.
    pub title: Text,
}

/// `/authors/{slug}`.
#[derive(Template)]
#[template(path = "library/author.html")]
pub struct AuthorPage {
    ctx: Ctx,
    person: PersonView,
    /// Their name in the other language, when it differs.
    other_name: Option<String>,
    bio: String,
    orcid: String,
    articles: Vec<CardView>,
    posts: Vec<CardView>,
    courses: Vec<CourseLink>,
}

impl AuthorPage {
    /// The language of the name in the other language.
    fn other_lang(&self) -> &'static str {
        match self.ctx.lang {
            Lang::En => "ja",
            Lang::Ja => "en",
        }
    }
}

/// `GET /authors/{slug}`: one person and everything they wrote.
pub async fn show_author(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let person = state.store.person(&slug).await?.ok_or(AppError::NotFound)?;
    let cards = state.library.cards(&state.store).await?;
    let theirs: Vec<&Arc<Card>> = cards.iter().filter(|card| card.authors.contains(&person.slug)).collect();
    let shelf = |shelf| {
        theirs.iter().filter(|card| card.shelf == shelf).map(|card| CardView::new(card, ctx.lang)).collect()
    };
    let (articles, posts): (Vec<CardView>, Vec<CardView>) =
        (shelf(super::Shelf::Library), shelf(super::Shelf::News));
    let courses: Vec<CourseLink> = state
        .courses
        .all_published(&state.store)
        .await?
        .iter()
        .filter(|course| credits(course, &person))
        .map(|course| CourseLink {
            url: format!("/courses/{}", course.content.slug),
            title: Reading::new(ctx.lang, course.content.language)
                .text(&course.content.title, &course.content.title_ja),
        })
        .collect();
    let view = PersonView::new(&person, ctx.lang);
    let other_name = match ctx.lang {
        Lang::Ja => Some(person.name.clone()),
        Lang::En => Some(person.name_ja.clone()),
    }
    .filter(|name| !name.is_empty() && *name != view.name);
    let bio = match ctx.lang {
        Lang::Ja if !person.bio_ja.is_empty() => person.bio_ja.clone(),
        _ => person.bio.clone(),
    };
    let site = state.settings.base_url();
    let path = format!("/authors/{}", person.slug);
    let description = if bio.is_empty() { view.affiliation.clone() } else { first_sentence(&bio) };
    let meta = Meta::new(&site, ctx.lang, &path, &view.name, &description)
        .kind(OgType::Profile)
        .with_json_ld(person_json_ld(&site, &person, &view));
    let ctx = ctx.with_meta(meta);
    let page = AuthorPage {
        ctx: ctx.clone(),
        person: view,
        other_name,
        bio,
        orcid: person.orcid.clone(),
        articles,
        posts,
        courses,
    };
    Ok(ctx.render(&page))
}

/// The schema.org `Person` of `person`'s page.
fn person_json_ld(site: &str, person: &Person, view: &PersonView) -> Value {
    let mut data = json!({
        "@type": "Person",
        "name": person.name,
        "url": absolute(site, &view.url),
        "mainEntityOfPage": absolute(site, &view.url),
    });
    if !person.name_ja.is_empty() {
        data["alternateName"] = Value::from(person.name_ja.clone());
    }
    if !person.affiliation.is_empty() {
        data["affiliation"] = json!({ "@type": "Organization", "name": person.affiliation });
    }
    if !person.bio.is_empty() {
        data["description"] = Value::from(person.bio.clone());
    }
    if !person.orcid.is_empty() {
        data["sameAs"] = json!([orcid_url(&person.orcid)]);
    }
    data
}

/// The ORCID record's address.
pub fn orcid_url(orcid: &str) -> String {
    format!("https://orcid.org/{orcid}")
}

/// The first sentence of `text` (at most 300 characters), for a description.
fn first_sentence(text: &str) -> String {
    let end = text
        .find(['.', '。'])
        .map_or(text.len(), |at| at + text[at..].chars().next().map_or(1, char::len_utf8));
    text[..end].chars().take(300).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_description_is_the_first_sentence_of_the_bio() {
        assert_eq!(first_sentence("One. Two."), "One.");
        assert_eq!(first_sentence("一つ。二つ。"), "一つ。");
        assert_eq!(first_sentence("No stop"), "No stop");
    }
}
