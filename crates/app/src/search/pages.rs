//! The results page (a plain GET form: it works without JavaScript), what a search
//! asks of the index (shared with the API), and the OpenSearch description that lets
//! browsers add the site's search.

use std::sync::{Arc, RwLock};

use altto_search::{Hit, MAX_QUERY_CHARS, Request, normalised};
use askama::Template;
use axum::{
    Extension,
    extract::{Query, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};

use crate::{
    accounts::profile::SCHOOL_LEVELS,
    auth::RequestAuth,
    courses::content::Level,
    error::AppResult,
    i18n::Lang,
    library::content::Shelf,
    policy,
    state::AppState,
    web::{
        Ctx,
        forms::{Pairs, field},
    },
};

/// Results per page.
pub const PER_PAGE: usize = 10;

/// Pages of results that can be asked for (deeper pages are not worth their cost).
const MAX_PAGE: usize = 50;

/// Every kind of result, in the order the filter lists them.
pub const KINDS: [&str; 9] =
    ["lesson", "course", "article", "news", "term", "thread", "post", "newsletter", "member"];

/// The date filter's choices, with how far back each reaches (days).
const PERIODS: [(&str, i64); 3] = [("week", 7), ("month", 31), ("year", 366)];

/// What a reader asked for, read from the query string. Values that are not among the
/// choices are ignored (the form offers only valid ones; a hand-made address still gets
/// results).
#[derive(Clone, Debug, Default)]
pub struct Asked {
    /// What they typed (cut to [`MAX_QUERY_CHARS`]).
    pub q: String,
    /// Whether what they typed was longer than what is read.
    pub cut: bool,
    pub kind: Option<String>,
    pub level: Option<String>,
    pub category: Option<String>,
    pub school: Option<String>,
    pub period: Option<String>,
    /// 1, 2, …
    pub page: usize,
}

impl Asked {
    /// Reads the query string.
    pub fn from(pairs: &Pairs, categories: &[String]) -> Asked {
        let q = field(pairs, "q").trim();
        let cut = q.chars().count() > MAX_QUERY_CHARS;
        let choice = |name: &str, allowed: &[&str]| {
            let value = field(pairs, name);
            allowed.contains(&value).then(|| value.to_owned())
        };
        let levels: Vec<&str> = Level::ALL.iter().map(|level| level.as_str()).collect();
        let periods: Vec<&str> = PERIODS.iter().map(|(name, _)| *name).collect();
        let category = field(pairs, "category");
        Asked {
            q: q.chars().take(MAX_QUERY_CHARS).collect(),
            cut,
            kind: choice("kind", &KINDS),
            level: choice("level", &levels),
            category: categories.iter().any(|known| known == category).then(|| category.to_owned()),
            school: choice("school", &SCHOOL_LEVELS),
            period: choice("date", &periods),
            page: field(pairs, "page").parse::<usize>().unwrap_or(1).clamp(1, MAX_PAGE),
        }
    }

    /// This search's address with `page` (and the same filters).
    pub fn href(&self, page: usize) -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        query.append_pair("q", &self.q);
        for (name, value) in [
            ("kind", &self.kind),
            ("level", &self.level),
            ("category", &self.category),
            ("school", &self.school),
            ("date", &self.period),
        ] {
            if let Some(value) = value {
                query.append_pair(name, value);
            }
        }
        if page > 1 {
            query.append_pair("page", &page.to_string());
        }
        format!("/search?{}", query.finish())
    }
}

/// What a search found.
pub struct Outcome {
    /// Matches in all.
    pub total: usize,
    /// This page's.
    pub hits: Vec<Hit>,
    /// Pages in all.
    pub pages: usize,
    /// A glossary term close to what was typed, when little was found.
    pub suggestion: Option<String>,
}

/// Every category a result can be filtered by: the library's, the news's and the
/// forum's.
pub async fn categories(state: &AppState) -> AppResult<Vec<(String, String, String)>> {
    let mut all = Vec::new();
    for shelf in Shelf::ALL {
        for category in shelf.categories() {
            let key = shelf.category_key(category);
            all.push(((*category).to_owned(), Lang::En.t(&key), Lang::Ja.t(&key)));
        }
    }
    for category in state.store.forum_categories().await? {
        all.push((category.slug, category.name_en, category.name_ja));
    }
    Ok(all)
}

/// Runs `asked` for a reader in `lang`; `None` while the index is being built.
pub async fn run(state: &AppState, asked: &Asked, lang: Lang, signed_in: bool) -> AppResult<Option<Outcome>> {
    let Some(index) = state.search.index(state).await else { return Ok(None) };
    if normalised(&asked.q).is_empty() {
        return Ok(Some(Outcome { total: 0, hits: Vec::new(), pages: 0, suggestion: None }));
    }
    let synonyms = state.search.synonyms(state).await?;
    let now = altto_store::now_millis();
    let request = Request {
        text: asked.q.clone(),
        alternatives: synonyms.alternatives(&asked.q),
        kind: asked.kind.clone(),
        level: asked.level.clone(),
        category: asked.category.clone(),
        school_level: asked.school.clone(),
        since: asked
            .period
            .as_deref()
            .and_then(|period| PERIODS.iter().find(|(name, _)| *name == period))
            .map(|(_, days)| now - days * 24 * 60 * 60 * 1000),
        language: lang.code().to_owned(),
        signed_in,
        offset: (asked.page - 1) * PER_PAGE,
        per_page: PER_PAGE,
    };
    let found = tokio::task::spawn_blocking(move || index.search(&request))
        .await
        .map_err(anyhow::Error::from)?
        .map_err(anyhow::Error::from)?;
    let suggestion = if found.loose || found.total < 3 { synonyms.near(&asked.q) } else { None };
    Ok(Some(Outcome {
        total: found.total,
        pages: found.total.div_ceil(PER_PAGE).min(MAX_PAGE),
        hits: found.hits,
        suggestion,
    }))
}

/// The glossary's terms by each of their names as the index reads them: a search for
/// one name also finds the others ("gakkyuu keiei" finds 学級経営), and a near miss of a
/// name is suggested.
#[derive(Default)]
pub struct Synonyms {
    /// The term revisions it was made from.
    revisions: Vec<i64>,
    /// Each name's words → every name of its term.
    names: Vec<(Vec<String>, Vec<String>)>,
    /// Latin names in lower case, for suggestions.
    spellings: Vec<String>,
}

impl Synonyms {
    /// The other names of the term `text` names, if it names one.
    fn alternatives(&self, text: &str) -> Vec<String> {
        let words = words_of(text);
        self.names
            .iter()
            .find(|(name, _)| *name == words)
            .map(|(_, all)| all.iter().filter(|name| words_of(name) != words).cloned().collect())
            .unwrap_or_default()
    }

    /// The name closest to `text` when it is a near miss (one or two letters off).
    fn near(&self, text: &str) -> Option<String> {
        let typed = text.trim().to_lowercase();
        if typed.chars().count() < 4 {
            return None;
        }
        self.spellings
            .iter()
            .map(|name| (strsim::levenshtein(&typed, name), name))
            .filter(|(distance, _)| *distance > 0 && *distance <= 2)
            .min_by_key(|(distance, _)| *distance)
            .map(|(_, name)| name.clone())
    }
}

/// The words of a name as the index reads them, with the long vowels of rōmaji
/// written once, so that every common spelling of a term meets (gakkyū, gakkyuu and
/// gakkyu; kōchō, kouchou and kocho).
fn words_of(name: &str) -> Vec<String> {
    normalised(name)
        .into_iter()
        .map(|word| {
            if !word.is_ascii() {
                return word;
            }
            ["aa", "ii", "uu", "ee", "oo", "ou"]
                .into_iter()
                .fold(word, |word, long| word.replace(long, &long[..1]))
        })
        .collect()
}

impl super::Search {
    /// The glossary's names as they are published now (made again when that changes).
    async fn synonyms(&self, state: &AppState) -> AppResult<Arc<Synonyms>> {
        let terms = state.glossary.all(&state.store).await?;
        let revisions: Vec<i64> = terms.iter().map(|entry| entry.revision_id).collect();
        if let Some(kept) = self.synonyms.read().ok().and_then(|kept| kept.clone())
            && kept.revisions == revisions
        {
            return Ok(kept);
        }
        let mut synonyms = Synonyms { revisions, ..Synonyms::default() };
        for entry in &terms {
            let term = &entry.term;
            let all = vec![term.ja.clone(), term.en.clone(), term.romaji.clone()];
            for name in [&term.ja, &term.kana, &term.romaji, &term.en] {
                let words = words_of(name);
                if !words.is_empty() {
                    synonyms.names.push((words, all.clone()));
                }
            }
            synonyms.spellings.extend([term.en.to_lowercase(), term.romaji.to_lowercase()]);
        }
        let synonyms = Arc::new(synonyms);
        if let Ok(mut kept) = self.synonyms.write() {
            *kept = Some(synonyms.clone());
        }
        Ok(synonyms)
    }
}

/// Where the glossary's names are kept between searches.
pub type KeptSynonyms = RwLock<Option<Arc<Synonyms>>>;

/// One result as the page shows it.
pub struct ResultView {
    href: String,
    title: String,
    kind_label: String,
    context: String,
    date: String,
    snippet: Vec<(String, bool)>,
    /// ` lang="ja"` when the title is in the other language than the page's.
    title_lang: &'static str,
}

/// A choice of a filter.
pub struct Choice {
    value: String,
    label: String,
    selected: bool,
}

/// `/search`.
#[derive(Template)]
#[template(path = "search/results.html")]
pub struct ResultsPage {
    ctx: Ctx,
    q: String,
    cut: bool,
    /// Whether a filter is chosen (their box is then open).
    filtered: bool,
    searched: bool,
    not_ready: bool,
    total: usize,
    results: Vec<ResultView>,
    kinds: Vec<Choice>,
    levels: Vec<Choice>,
    categories: Vec<Choice>,
    schools: Vec<Choice>,
    periods: Vec<Choice>,
    page: usize,
    pages: usize,
    previous: Option<String>,
    next: Option<String>,
    suggestion: Option<(String, String)>,
}

/// `GET /search?q=…`: the results, with the filters.
pub async fn show_results(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Query(pairs): Query<Pairs>,
) -> AppResult<Response> {
    let all_categories = categories(&state).await?;
    let known: Vec<String> = all_categories.iter().map(|(slug, ..)| slug.clone()).collect();
    let asked = Asked::from(&pairs, &known);
    let signed_in = policy::sees_members_only_profiles(&auth.actor);
    let searched = !asked.q.is_empty();
    let outcome = if searched { run(&state, &asked, ctx.lang, signed_in).await? } else { None };
    let not_ready = searched && outcome.is_none();
    let outcome = outcome.unwrap_or(Outcome { total: 0, hits: Vec::new(), pages: 0, suggestion: None });
    let lang = ctx.lang;
    let choices = |values: Vec<(String, String)>, selected: &Option<String>| -> Vec<Choice> {
        values
            .into_iter()
            .map(|(value, label)| Choice {
                selected: selected.as_deref() == Some(value.as_str()),
                value,
                label,
            })
            .collect()
    };
    let kinds = choices(
        KINDS.iter().map(|kind| ((*kind).to_owned(), ctx.t(&format!("search-kind-{kind}")))).collect(),
        &asked.kind,
    );
    let levels = choices(
        Level::ALL
            .iter()
            .map(|level| (level.as_str().to_owned(), ctx.t(&format!("level-course-{}", level.as_str()))))
            .collect(),
        &asked.level,
    );
    let categories = choices(
        all_categories
            .into_iter()
            .map(|(slug, en, ja)| (slug, if lang == Lang::Ja && !ja.is_empty() { ja } else { en }))
            .collect(),
        &asked.category,
    );
    let schools = choices(
        SCHOOL_LEVELS.iter().map(|level| ((*level).to_owned(), ctx.t(&format!("level-{level}")))).collect(),
        &asked.school,
    );
    let periods = choices(
        PERIODS.iter().map(|(name, _)| ((*name).to_owned(), ctx.t(&format!("search-date-{name}")))).collect(),
        &asked.period,
    );
    let results = outcome.hits.iter().map(|hit| result_view(hit, &ctx)).collect();
    let page = ResultsPage {
        ctx: ctx.clone(),
        q: asked.q.clone(),
        cut: asked.cut,
        filtered: [&asked.kind, &asked.level, &asked.category, &asked.school, &asked.period]
            .iter()
            .any(|filter| filter.is_some()),
        searched,
        not_ready,
        total: outcome.total,
        results,
        kinds,
        levels,
        categories,
        schools,
        periods,
        page: asked.page,
        pages: outcome.pages,
        previous: (asked.page > 1).then(|| asked.href(asked.page - 1)),
        next: (asked.page < outcome.pages).then(|| asked.href(asked.page + 1)),
        suggestion: outcome.suggestion.map(|name| {
            let href = Asked { q: name.clone(), page: 1, ..asked.clone() }.href(1);
            (name, href)
        }),
    };
    let status = if not_ready { StatusCode::SERVICE_UNAVAILABLE } else { StatusCode::OK };
    let mut response = ctx.render_with_status(status, &page);
    if not_ready {
        response.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from_static("5"));
    }
    Ok(response)
}

/// A result as `ctx`'s reader sees it: the title in their language where there is one.
fn result_view(hit: &Hit, ctx: &Ctx) -> ResultView {
    let stored = &hit.stored;
    let (title, title_is_ja) = match (&stored.title_ja, ctx.lang) {
        (Some(title), Lang::Ja) => (title.clone(), true),
        _ => (stored.title.clone(), stored.languages.first().is_some_and(|lang| lang == "ja")),
    };
    let page_is_ja = ctx.lang == Lang::Ja;
    ResultView {
        href: stored.url.clone(),
        title,
        kind_label: ctx.t(&format!("search-kind-{}", stored.kind)),
        context: stored.context.clone(),
        date: crate::web::format::day_of(stored.date),
        snippet: hit.snippet.clone(),
        title_lang: match (title_is_ja, page_is_ja) {
            (true, false) => r#" lang="ja""#,
            (false, true) => r#" lang="en""#,
            _ => "",
        },
    }
}

/// The OpenSearch description.
#[derive(Template)]
#[template(path = "search/opensearch.xml")]
struct OpenSearch {
    name: String,
    description: String,
    base: String,
}

/// `GET /opensearch.xml`: lets a browser add the site's search (its address bar then
/// searches the site).
pub async fn opensearch(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let description = OpenSearch {
        name: ctx.t("site-name"),
        description: ctx.t("search-opensearch-description"),
        base: state.settings.base_url(),
    };
    let xml = description.render().map_err(anyhow::Error::from)?;
    Ok(([(header::CONTENT_TYPE, "application/opensearchdescription+xml; charset=utf-8")], xml)
        .into_response())
}
