//! A thread's page: its posts oldest first (one query with their authors), the
//! accepted answer right after the question, "new since your last visit" at the first
//! post the reader has not seen, and the reply form (or why there is none). The
//! discussion of a lesson or article shows the same page.

use std::time::Duration;

use altto_store::{PostView, Thread, UserId};
use askama::Template;
use axum::{
    Extension,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
};
use fluent_templates::fluent_bundle::FluentValue;
use serde::Deserialize;

use super::{POSTS_PER_PAGE, in_lang, may_see, stitched::stitched, text};
use crate::{
    auth::{Actor, RequestAuth},
    content::page_cache::FreshFor,
    error::{AppError, AppResult},
    policy,
    state::AppState,
    web::{
        Ctx,
        compress::accepts_gzip,
        format::{day_of, rfc3339},
        forms::FormState,
        paging::{PageLinks, Paging},
    },
};

/// How long every visitor may be sent the same page of a thread (on every node): a
/// new reply shows to visitors within this, and a thread many read at once is
/// rendered once per language in this time, not once per reader.
pub const VISITOR_PAGE_FRESH: Duration = Duration::from_secs(1);

/// A post as the page shows it.
pub struct ShownPost {
    /// Its id (`post-{id}` is its anchor).
    pub id: i64,
    /// Its writer (`None` once their account is gone).
    pub author_id: Option<UserId>,
    /// Its writer's name.
    pub author: String,
    /// Their profile, when the reader may see it.
    pub author_link: Option<String>,
    /// Their handle.
    pub handle: Option<String>,
    /// The text as sanitised HTML, mentions shown for this reader.
    pub html: String,
    /// How many found it helpful.
    pub helpful: i64,
    /// Whether the reader did.
    pub reacted: bool,
    /// Whether it was edited (its history is a link).
    pub edited: bool,
    /// When it was written, as shown.
    pub when: String,
    /// When it was written, machine-readable.
    pub datetime: String,
    /// Whether the reader may edit it.
    pub may_edit: bool,
    /// Whether the reader may mark it helpful.
    pub may_react: bool,
    /// Whether the reader may accept it as the answer.
    pub may_accept: bool,
    /// Whether it is the accepted answer.
    pub accepted: bool,
    /// Whether it opens the thread.
    pub first: bool,
    /// Whether "new since your last visit" goes before it.
    pub unread: bool,
    /// Whether it waits for a moderator (only its writer and moderators see it).
    pub waiting: bool,
    /// Why a moderator hid it, if one did (only its writer and moderators see it).
    pub hidden_reason: Option<String>,
    /// Whether the reader may flag it for the moderators.
    pub may_flag: bool,
}

/// What a discussion is about: its title and page.
pub struct AboutItem {
    /// The lesson's or article's title.
    pub title: String,
    /// Its page.
    pub link: String,
    /// `forum-discussion-of-lesson` or `forum-discussion-of-article`.
    pub kind_key: &'static str,
}

/// `/community/t/{id}` (and a discussion with posts).
#[derive(Template)]
#[template(path = "community/thread.html")]
pub struct ThreadPage {
    ctx: Ctx,
    thread: Thread,
    category: Option<(String, String)>,
    /// The prefecture it is local to: (its directory page, its name).
    region: Option<(String, String)>,
    about: Option<AboutItem>,
    posts: Vec<ShownPost>,
    accepted: Option<ShownPost>,
    links: PageLinks,
    form: FormState,
    /// Why the reply form is not shown (translation key), if it is not.
    no_reply: Option<&'static str>,
    signed_in: bool,
    may_moderate: bool,
    may_steer: bool,
    /// The categories a moderator may move the thread to: (address, name).
    categories: Vec<(String, String)>,
    /// Whether the reader has a post waiting for a moderator on this page.
    own_waiting: bool,
    /// The members the thread's posts mention.
    mentioned: Vec<UserId>,
}

impl ThreadPage {
    /// "N members found this helpful", with the plural the language wants.
    fn helpful(&self, count: &i64) -> String {
        self.ctx.lang.t_args("forum-helpful-count", &[("count", FluentValue::from(*count))])
    }

    /// The posts shown, each once (the accepted answer's copy shown first is the last).
    pub fn shown(&self) -> impl Iterator<Item = &ShownPost> {
        self.posts.iter().chain(&self.accepted)
    }

    /// The members the thread's posts mention.
    pub fn mentioned(&self) -> &[UserId] {
        &self.mentioned
    }
}

/// The query of a thread page: a post to quote in the reply form.
#[derive(Debug, Default, Deserialize)]
pub struct ThreadQuery {
    /// The post to quote.
    pub(super) quote: Option<String>,
}

/// `GET /community/t/{id}`.
pub async fn show_thread(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
    paging: Paging,
    Query(query): Query<ThreadQuery>,
) -> AppResult<Response> {
    let plain = !ctx.path_and_query.contains('?');
    if let Some(page) =
        stitched(&state, &auth.actor, &ctx, id, &paging, plain, accepts_gzip(&headers)).await?
    {
        return Ok(page);
    }
    let thread = state.store.forum_thread(id, auth.actor.user_id()).await?;
    if let Some(into) = thread.merged_into {
        return Ok(Redirect::permanent(&format!("/community/t/{into}")).into_response());
    }
    if !policy::can_read_thread(&auth.actor, thread.author_id, thread.listed) {
        return Err(AppError::NotFound);
    }
    let quote = query.quote.as_deref().and_then(|q| q.parse().ok());
    let page = render_thread(
        &state,
        &auth.actor,
        &ctx,
        thread,
        &paging,
        FormState::new(),
        StatusCode::OK,
        None,
        quote,
    )
    .await?;
    Ok(FreshFor(VISITOR_PAGE_FRESH).mark(page))
}

/// Renders thread `thread`'s page `paging` with the reply form `form` (prefilled with
/// the post `quote` quoted, if it is in this thread and the form is empty), and marks
/// what it shows read by the reader.
#[allow(clippy::too_many_arguments)]
pub async fn render_thread(
    state: &AppState,
    actor: &Actor,
    ctx: &Ctx,
    thread: Thread,
    paging: &Paging,
    form: FormState,
    status: StatusCode,
    about: Option<AboutItem>,
    quote: Option<i64>,
) -> AppResult<Response> {
    let (id, last_read) = (thread.id, thread.last_read);
    let page = thread_page(state, actor, ctx, thread, paging, form, about, quote).await?;
    if let (Some(user), Some(newest)) = (actor.user_id(), page.posts.iter().map(|post| post.id).max())
        && last_read.is_none_or(|read| read < newest)
    {
        state.store.mark_forum_thread_read(user, id, newest).await?;
    }
    Ok(ctx.render_with_status(status, &page))
}

/// Thread `thread`'s page `paging` for `actor`, as [`render_thread`] renders it.
#[allow(clippy::too_many_arguments)]
pub async fn thread_page(
    state: &AppState,
    actor: &Actor,
    ctx: &Ctx,
    thread: Thread,
    paging: &Paging,
    mut form: FormState,
    about: Option<AboutItem>,
    quote: Option<i64>,
) -> AppResult<ThreadPage> {
    let reader = actor.user_id();
    let request = paging.request(POSTS_PER_PAGE);
    let may_moderate = policy::is_forum_moderator(actor);
    let page = state.store.forum_posts_seen_by(thread.id, reader, may_moderate, &request).await?;
    let first_page = request.after.is_none() && request.before.is_none();
    let accepted = match thread.accepted_post_id {
        Some(post) if first_page => Some(state.store.forum_post(post, reader).await?),
        _ => None,
    }
    .filter(|post| policy::can_read_post(actor, post.author_id, &post.state));
    let mentions = if page.items.iter().chain(&accepted).any(|post| post.body_html.contains("data-member")) {
        state.store.forum_thread_mentions(thread.id).await?
    } else {
        Vec::new()
    };
    let visible = |id: i64| {
        mentions.iter().any(|(member, status, visibility)| {
            member.0 == id && may_see(actor, Some(*member), Some(status), Some(visibility))
        })
    };
    let may_steer = policy::can_steer_thread(actor, thread.author_id);
    let show = |post: &PostView, unread: bool| ShownPost {
        id: post.id,
        author_id: post.author_id,
        author: post.author_name.clone().unwrap_or_else(|| ctx.t("forum-former-member")),
        author_link: may_see(
            actor,
            post.author_id,
            post.author_status.as_deref(),
            post.author_visibility.as_deref(),
        )
        .then(|| format!("/members/{}", post.author_id.map_or(0, |id| id.0))),
        handle: post.author_handle.clone(),
        // A post whose writer deleted their account with their posts keeps its place
        // (it opens a thread others answered), without its words.
        html: match post.body_html.is_empty() {
            true => format!("<p class=\"muted\">{}</p>", ctx.t("forum-post-removed")),
            false => text::show_mentions(&post.body_html, visible),
        },
        helpful: post.helpful,
        reacted: post.reacted,
        edited: post.edited_at.is_some(),
        when: day_of(post.created_at),
        datetime: rfc3339(post.created_at),
        may_edit: policy::can_edit_post(actor, post.author_id, thread.locked),
        may_react: policy::can_mark_helpful(actor, post.author_id),
        may_accept: thread.is_question && may_steer && post.id != thread.first_post_id,
        accepted: thread.accepted_post_id == Some(post.id),
        first: post.id == thread.first_post_id,
        unread,
        waiting: post.state == altto_store::POST_WAITING,
        hidden_reason: (post.state == altto_store::POST_HIDDEN).then(|| post.hidden_reason.clone()),
        may_flag: post.published() && policy::can_flag_post(actor, post.author_id),
    };
    let first_unread =
        thread.last_read.and_then(|read| page.items.iter().find(|post| post.id > read)).map(|p| p.id);
    let posts: Vec<ShownPost> =
        page.items.iter().map(|post| show(post, Some(post.id) == first_unread)).collect();
    let accepted = accepted.filter(|post| post.thread_id == thread.id).map(|post| show(&post, false));
    if let Some(quoted) = quote
        && form.value("body").is_empty()
    {
        // A post that is gone or elsewhere is simply not quoted.
        let post = match state.store.forum_post(quoted, reader).await {
            Ok(post) => Some(post),
            Err(altto_store::StoreError::NotFound) => None,
            Err(err) => return Err(err.into()),
        };
        if let Some(post) = post.filter(|post| {
            post.thread_id == thread.id && policy::can_read_post(actor, post.author_id, &post.state)
        }) {
            let author = post.author_name.clone().unwrap_or_else(|| ctx.t("forum-former-member"));
            form.keep("body", text::quote(&post.body, &author, &format!("/community/posts/{}", post.id)));
        }
    }
    let no_reply = if thread.locked {
        Some("forum-locked-notice")
    } else if thread.closed {
        Some("forum-closed-notice")
    } else if reader.is_none() {
        Some("forum-sign-in-to-reply")
    } else if !policy::can_post(actor) {
        Some("forum-confirm-email")
    } else {
        None
    };
    let category = match (&thread.category_slug, &thread.category_name_en) {
        (Some(slug), Some(en)) => Some((
            format!("/community/c/{slug}"),
            in_lang(ctx.lang, en, thread.category_name_ja.as_deref().unwrap_or_default()).to_owned(),
        )),
        _ => None,
    };
    let about = about.or_else(|| {
        let link = thread.about_link.clone()?;
        let kind_key = if thread.about_kind.as_deref() == Some("lesson") {
            "forum-discussion-of-lesson"
        } else {
            "forum-discussion-of-article"
        };
        Some(AboutItem { title: thread.title.clone(), link, kind_key })
    });
    let links = paging.links(&page, &[]);
    let region = thread.prefecture.and_then(|code| {
        let name = crate::accounts::profile::prefecture_name(code, ctx.lang)?;
        let href = format!("/community/directory/{}", crate::community::directory::prefecture_slug(code)?);
        Some((href, ctx.t1("forum-region", "prefecture", name)))
    });
    let own_waiting =
        page.items.iter().any(|post| post.state == altto_store::POST_WAITING && post.author_id == reader);
    let categories = if may_moderate {
        state
            .store
            .forum_categories()
            .await?
            .into_iter()
            .map(|category| {
                let name = in_lang(ctx.lang, &category.name_en, &category.name_ja).to_owned();
                (category.slug, name)
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(ThreadPage {
        ctx: ctx.clone(),
        mentioned: mentions.iter().map(|(member, ..)| *member).collect(),
        categories,
        own_waiting,
        category,
        region,
        about,
        posts,
        accepted,
        links,
        form,
        no_reply,
        signed_in: reader.is_some(),
        may_moderate,
        may_steer,
        thread,
    })
}
