//! The teachers' directory ("connect teachers across Japan"): members who opted in,
//! filtered by prefecture, employer type and school level with a plain GET form, a page
//! per prefecture for all 47, and an index of the prefectures with how many members
//! each lists. Nothing about a member shows unless they chose it: they opt in from
//! their profile settings (off by default), and their profile's visibility still
//! decides who sees them (see [`crate::policy::sees_members_only_profiles`]).

use altto_store::{DirectoryEntry, DirectoryFilter};
use askama::Template;
use axum::{
    Extension,
    extract::{Path, Query, State},
    http::StatusCode,
    response::Response,
};

use crate::{
    accounts::profile::{EMPLOYER_TYPES, PREFECTURES, SCHOOL_LEVELS, prefecture_name},
    auth::RequestAuth,
    error::{AppError, AppResult},
    i18n::Lang,
    policy::{self, Action},
    state::AppState,
    web::{
        Ctx,
        forms::{FormState, Pairs, field},
        paging::{PageLinks, Paging},
        routes::Routes,
    },
};

/// Members per page of the directory.
pub const MEMBERS_PER_PAGE: i64 = 30;

/// The directory routes.
pub fn routes() -> Routes {
    Routes::new().get("/community/directory", Action::ReadPublic, show_directory).get(
        "/community/directory/{prefecture}",
        Action::ReadPublic,
        show_prefecture,
    )
}

/// The address part of prefecture `code`'s page: its English name in lower case
/// (`tokyo`, `hokkaido`).
pub fn prefecture_slug(code: i64) -> Option<String> {
    PREFECTURES.iter().find(|(c, _, _)| *c == code).map(|(_, en, _)| en.to_ascii_lowercase())
}

/// The prefecture whose page is at `slug`.
pub fn prefecture_by_slug(slug: &str) -> Option<i64> {
    PREFECTURES.iter().find(|(_, en, _)| en.to_ascii_lowercase() == slug).map(|(code, _, _)| *code)
}

/// A listed member as the directory shows them: only the facts they filled in.
pub struct EntryView {
    /// Their profile page.
    pub href: String,
    /// Their name.
    pub name: String,
    /// Prefecture, in the page's language.
    pub prefecture: Option<String>,
    /// Employer type, translated.
    pub employer: Option<String>,
    /// School levels, translated.
    pub levels: Vec<String>,
}

impl EntryView {
    fn new(entry: &DirectoryEntry, ctx: &Ctx) -> Self {
        Self {
            href: format!("/members/{}", entry.id),
            name: entry.display_name.clone(),
            prefecture: entry.prefecture.and_then(|code| prefecture_name(code, ctx.lang)).map(str::to_owned),
            employer: entry
                .employer_type
                .as_deref()
                .filter(|code| EMPLOYER_TYPES.contains(code))
                .map(|code| ctx.t(&format!("employer-{code}"))),
            levels: entry
                .school_levels
                .split(',')
                .filter(|level| SCHOOL_LEVELS.contains(level))
                .map(|level| ctx.t(&format!("level-{level}")))
                .collect(),
        }
    }
}

/// One prefecture in the index.
pub struct PrefectureLink {
    /// Its page.
    pub href: String,
    /// Its name in the page's language.
    pub name: &'static str,
    /// How many members it lists for this viewer.
    pub count: i64,
    /// Whether it is the page being shown.
    pub current: bool,
}

/// The 47 prefectures with their counts for this viewer, in JIS order.
async fn prefecture_index(
    state: &AppState,
    ctx: &Ctx,
    signed_in: bool,
    current: Option<i64>,
) -> AppResult<Vec<PrefectureLink>> {
    let counts = state.store.directory_counts(signed_in).await?;
    Ok(PREFECTURES
        .iter()
        .map(|(code, en, ja)| PrefectureLink {
            href: format!("/community/directory/{}", en.to_ascii_lowercase()),
            name: if ctx.lang == Lang::Ja { ja } else { en },
            count: counts.iter().find(|(c, _)| c == code).map_or(0, |(_, n)| *n),
            current: current == Some(*code),
        })
        .collect())
}

/// The directory with its filters.
#[derive(Template)]
#[template(path = "community/directory.html")]
pub struct DirectoryPage {
    ctx: Ctx,
    form: FormState,
    members: Vec<EntryView>,
    links: PageLinks,
    prefectures: Vec<PrefectureLink>,
    signed_in: bool,
}

impl DirectoryPage {
    fn prefecture_options(&self) -> Vec<(String, &'static str)> {
        PREFECTURES
            .iter()
            .map(|(code, en, ja)| (code.to_string(), if self.ctx.lang == Lang::Ja { *ja } else { *en }))
            .collect()
    }

    fn employer_types(&self) -> &'static [&'static str] {
        &EMPLOYER_TYPES
    }

    fn school_levels(&self) -> &'static [&'static str] {
        &SCHOOL_LEVELS
    }
}

/// Reads the filter form; an unknown choice is a field error.
fn parse_filter(pairs: &Pairs, signed_in: bool) -> (FormState, Option<DirectoryFilter>) {
    let mut form = FormState::new();
    let raw_prefecture = field(pairs, "prefecture").trim();
    form.keep("prefecture", raw_prefecture);
    let prefecture = match raw_prefecture {
        "" => Some(None),
        raw => raw.parse::<i64>().ok().filter(|code| (1..=47).contains(code)).map(Some),
    };
    if prefecture.is_none() {
        form.fail("prefecture", "field-choose-from-list");
    }
    let employer = field(pairs, "employer").trim();
    form.keep("employer", employer);
    if !employer.is_empty() && !EMPLOYER_TYPES.contains(&employer) {
        form.fail("employer", "field-choose-from-list");
    }
    let level = field(pairs, "level").trim();
    form.keep("level", level);
    if !level.is_empty() && !SCHOOL_LEVELS.contains(&level) {
        form.fail("level", "field-choose-from-list");
    }
    let filter = match prefecture {
        Some(prefecture) if !form.has_errors() => Some(DirectoryFilter {
            prefecture,
            employer_type: (!employer.is_empty()).then(|| employer.to_owned()),
            school_level: (!level.is_empty()).then(|| level.to_owned()),
            signed_in,
        }),
        _ => None,
    };
    (form, filter)
}

/// `GET /community/directory`: the listed members this viewer may see, filtered.
pub async fn show_directory(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    paging: Paging,
    Query(pairs): Query<Pairs>,
) -> AppResult<Response> {
    let signed_in = policy::sees_members_only_profiles(&auth.actor);
    let prefectures = prefecture_index(&state, &ctx, signed_in, None).await?;
    let (form, filter) = parse_filter(&pairs, signed_in);
    let Some(filter) = filter else {
        let page = DirectoryPage {
            ctx: ctx.clone(),
            form,
            members: Vec::new(),
            links: PageLinks::default(),
            prefectures,
            signed_in,
        };
        return Ok(ctx.render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page));
    };
    let found = state.store.directory(&filter, &paging.request(MEMBERS_PER_PAGE)).await?;
    let links = paging.links(&found, &["prefecture", "employer", "level"]);
    let members = found.items.iter().map(|entry| EntryView::new(entry, &ctx)).collect();
    Ok(ctx.render(&DirectoryPage { ctx: ctx.clone(), form, members, links, prefectures, signed_in }))
}

/// How many local threads a prefecture's page lists.
const LOCAL_THREADS: i64 = 20;

/// One prefecture's page.
#[derive(Template)]
#[template(path = "community/directory_prefecture.html")]
pub struct PrefecturePage {
    ctx: Ctx,
    name: &'static str,
    /// Its address (`nagano`).
    slug: String,
    /// Its local threads with the latest activity: (address, title).
    threads: Vec<(String, String)>,
    members: Vec<EntryView>,
    links: PageLinks,
    prefectures: Vec<PrefectureLink>,
    signed_in: bool,
}

/// `GET /community/directory/{prefecture}`: the members listed in one prefecture
/// (`tokyo`, `nagano` …), with links to the others; an unknown name is not found.
pub async fn show_prefecture(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    paging: Paging,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let code = prefecture_by_slug(&slug).ok_or(AppError::NotFound)?;
    let name = prefecture_name(code, ctx.lang).ok_or(AppError::NotFound)?;
    let signed_in = policy::sees_members_only_profiles(&auth.actor);
    let filter = DirectoryFilter { prefecture: Some(code), signed_in, ..DirectoryFilter::default() };
    let found = state.store.directory(&filter, &paging.request(MEMBERS_PER_PAGE)).await?;
    let links = paging.links(&found, &[]);
    let members = found.items.iter().map(|entry| EntryView::new(entry, &ctx)).collect();
    let prefectures = prefecture_index(&state, &ctx, signed_in, Some(code)).await?;
    let threads = state
        .store
        .forum_threads_in_prefecture(code, auth.actor.user_id(), LOCAL_THREADS)
        .await?
        .into_iter()
        .map(|thread| (format!("/community/t/{}", thread.id), thread.title))
        .collect();
    let page =
        PrefecturePage { ctx: ctx.clone(), name, slug, threads, members, links, prefectures, signed_in };
    Ok(ctx.render(&page))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_prefecture_has_a_readable_slug_that_leads_back_to_it() {
        for (code, _, _) in PREFECTURES {
            let slug = prefecture_slug(code).unwrap();
            assert!(slug.bytes().all(|b| b.is_ascii_lowercase()), "{slug}");
            assert_eq!(prefecture_by_slug(&slug), Some(code));
        }
        assert_eq!(prefecture_slug(13).as_deref(), Some("tokyo"));
        assert_eq!(prefecture_by_slug("hokkaido"), Some(1));
        assert_eq!(prefecture_by_slug("Tokyo"), None, "one address per page");
        assert_eq!(prefecture_by_slug("atlantis"), None);
    }
}
