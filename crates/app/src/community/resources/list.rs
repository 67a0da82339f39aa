//! `/community/resources`: every shared file, filtered by school level, grade and topic
//! and sorted by newest or most downloaded, with a plain GET form and keyset pages.

use altto_store::{ResourceFilter, ResourceOrder, ResourceView, Topic};
use askama::Template;
use axum::{
    Extension,
    extract::{Query, State},
    http::StatusCode,
    response::Response,
};

use super::{GRADES, MAX_TOPIC, download_path, level_name, levels, licence_deed, licence_name};
use crate::{
    auth::{Actor, RequestAuth},
    community::forum::{in_lang, may_see},
    content::files::describe,
    error::AppResult,
    policy,
    state::AppState,
    web::{
        Ctx,
        format::{day_of, rfc3339},
        forms::{FormState, Pairs, field},
        paging::{PageLinks, Paging},
    },
};

/// Resources per page.
pub const PER_PAGE: i64 = 30;

/// A shared file as the page lists it.
pub struct ResourceItem {
    /// Title.
    pub title: String,
    /// Its download address.
    pub href: String,
    /// Its display name.
    pub file_name: String,
    /// Kind and size, e.g. `PDF, 240 KB`.
    pub kind_size: String,
    /// Licence name.
    pub licence: String,
    /// The licence's deed, if it has one.
    pub deed: Option<&'static str>,
    /// Level, grade and topic, as shown.
    pub audience: String,
    /// Description.
    pub description: String,
    /// Who shared it.
    pub author: String,
    /// Their profile, when the reader may see it.
    pub author_link: Option<String>,
    /// When it was shared.
    pub when: String,
    /// Machine-readable date.
    pub datetime: String,
    /// Downloads so far.
    pub downloads: i64,
    /// The post announcing it in its thread.
    pub thread_href: String,
    /// The thread's title.
    pub thread_title: String,
}

impl ResourceItem {
    /// The item for `resource`, as `actor` may see it, in `ctx`'s language.
    pub fn new(resource: &ResourceView, actor: &Actor, ctx: &Ctx, topics: &[Topic]) -> Self {
        let mut audience = vec![level_name(&resource.school_level, ctx.lang)];
        if let Some(grade) = resource.grade {
            audience.push(ctx.t1("resources-grade-n", "grade", &grade.to_string()));
        }
        if !resource.topic.is_empty() {
            audience.push(topic_label(&resource.topic, topics, ctx).to_owned());
        }
        let size = u64::try_from(resource.size).unwrap_or(0);
        Self {
            title: resource.title.clone(),
            href: download_path(resource.id, &resource.file_name, &resource.kind),
            file_name: resource.file_name.clone(),
            kind_size: describe(&resource.file_name, size, ctx.lang),
            licence: licence_name(&resource.licence, ctx.lang),
            deed: licence_deed(&resource.licence),
            audience: audience.join(" · "),
            description: resource.description.clone(),
            author: resource.author_name.clone().unwrap_or_else(|| ctx.t("forum-former-member")),
            author_link: may_see(
                actor,
                resource.author_id,
                resource.author_status.as_deref(),
                resource.author_visibility.as_deref(),
            )
            .then(|| format!("/members/{}", resource.author_id.map_or(0, |id| id.0))),
            when: day_of(resource.created_at),
            datetime: rfc3339(resource.created_at),
            downloads: resource.downloads,
            thread_href: format!("/community/posts/{}", resource.post_id),
            thread_title: resource.thread_title.clone(),
        }
    }
}

/// A topic's label: the site's topic's, or the tag itself.
fn topic_label<'a>(topic: &'a str, topics: &'a [Topic], ctx: &Ctx) -> &'a str {
    topics.iter().find(|t| t.slug == topic).map_or(topic, |t| in_lang(ctx.lang, &t.label_en, &t.label_ja))
}

/// The resources page.
#[derive(Template)]
#[template(path = "community/resources.html")]
pub struct ResourcesPage {
    ctx: Ctx,
    form: FormState,
    items: Vec<ResourceItem>,
    links: PageLinks,
    /// The topics shown resources have: (value, label).
    topic_options: Vec<(String, String)>,
    may_share: bool,
}

impl ResourcesPage {
    fn levels(&self) -> Vec<(&'static str, String)> {
        levels().map(|code| (code, level_name(code, self.ctx.lang))).collect()
    }

    fn grades(&self) -> Vec<String> {
        GRADES.map(|grade| grade.to_string()).collect()
    }

    fn downloads(&self, count: &i64) -> String {
        self.ctx.lang.t_args("resources-downloads", &[("count", (*count).into())])
    }
}

/// Reads the filter form; an unknown choice is a field error.
fn parse_filter(pairs: &Pairs) -> (FormState, Option<ResourceFilter>) {
    let mut form = FormState::new();
    let level = field(pairs, "level").trim();
    form.keep("level", level);
    if !level.is_empty() && !levels().any(|code| code == level) {
        form.fail("level", "field-choose-from-list");
    }
    let raw_grade = field(pairs, "grade").trim();
    form.keep("grade", raw_grade);
    let grade = raw_grade.parse::<i64>().ok().filter(|grade| GRADES.contains(grade));
    if !raw_grade.is_empty() && grade.is_none() {
        form.fail("grade", "field-choose-from-list");
    }
    let topic = field(pairs, "topic").trim();
    form.keep("topic", topic);
    if topic.chars().count() > MAX_TOPIC {
        form.fail("topic", "field-choose-from-list");
    }
    let sort = field(pairs, "sort").trim();
    form.keep("sort", sort);
    let order = match sort {
        "" | "newest" => ResourceOrder::Newest,
        "downloads" => ResourceOrder::MostDownloaded,
        _ => {
            form.fail("sort", "field-choose-from-list");
            ResourceOrder::Newest
        }
    };
    let filter = (!form.has_errors()).then(|| ResourceFilter {
        school_level: (!level.is_empty()).then(|| level.to_owned()),
        grade,
        topic: (!topic.is_empty()).then(|| topic.to_owned()),
        order,
    });
    (form, filter)
}

/// `GET /community/resources`.
pub async fn show_resources(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    paging: Paging,
    Query(pairs): Query<Pairs>,
) -> AppResult<Response> {
    let topics = state.store.topics().await?;
    let topic_options = state
        .store
        .forum_resource_topics()
        .await?
        .into_iter()
        .map(|topic| {
            let label = topic_label(&topic, &topics, &ctx).to_owned();
            (topic, label)
        })
        .collect();
    let (form, filter) = parse_filter(&pairs);
    let may_share = policy::can_post(&auth.actor);
    let Some(filter) = filter else {
        let page = ResourcesPage {
            ctx: ctx.clone(),
            form,
            items: Vec::new(),
            links: PageLinks::default(),
            topic_options,
            may_share,
        };
        return Ok(ctx.render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page));
    };
    let found = state.store.forum_resources(&filter, &paging.request(PER_PAGE)).await?;
    let links = paging.links(&found, &["level", "grade", "topic", "sort"]);
    let items = found.items.iter().map(|r| ResourceItem::new(r, &auth.actor, &ctx, &topics)).collect();
    Ok(ctx.render(&ResourcesPage { ctx: ctx.clone(), form, items, links, topic_options, may_share }))
}
