//! A member's page of a thread, stitched (see [`crate::web::stitch`]).
//!
//! Most of the first page of a thread is the same for every member who reads it: the
//! posts, their authors and counts, the links under them, the reply form. Only a few
//! parts are the reader's: the account menu, the CSRF token, whether they marked each
//! post helpful, and where "new since your last visit" goes. So the page is rendered
//! once, as a member who is nobody in particular sees it, compressed once, and kept as
//! visitors' pages of a thread are kept ([`VISITOR_PAGE_FRESH`]: a second at most, and
//! forgotten on this node after any change). A request adds the reader's parts, from one
//! small query.
//!
//! A reader for whom more of the page differs gets it rendered whole: moderators and
//! the thread's author (their tools), a member who may not post yet, one who wrote a
//! post on the page or is mentioned in the thread (their own name and profile link),
//! and one with a post in the thread waiting for a moderator or hidden.

use std::{
    collections::HashMap,
    sync::{Arc, RwLock},
    time::Instant,
};

use altto_store::{AccountStatus, Role, Thread, User, UserId};
use axum::{body::Body, http::StatusCode, response::Response};

use super::show::{ThreadPage, VISITOR_PAGE_FRESH, helpful_form, helpful_hole, thread_page, unread_mark};
use crate::{
    auth::Actor,
    error::AppResult,
    i18n::Lang,
    policy,
    state::AppState,
    web::{Ctx, forms::FormState, paging::Paging, stitch::Skeleton},
};

/// The most thread pages a node keeps for members (a 50-post page is ~15 KiB).
const MOST_PAGES: usize = 128;

/// A post on a kept page.
struct Slot {
    id: i64,
    author: Option<UserId>,
    /// Whether it is the accepted answer's copy shown first (no "new" mark before it).
    copy: bool,
}

/// The shared page of a thread for members, with what is needed to fill it.
pub struct Kept {
    until: Instant,
    /// What the thread was when the page was made: a reply or a change of counters on
    /// another node shows at once, not a second later.
    version: (i64, i64, Option<i64>),
    skeleton: Skeleton,
    slots: Vec<Slot>,
    mentioned: Vec<UserId>,
}

/// Members' first pages of threads, by thread and language.
#[derive(Default)]
pub struct ThreadPages(RwLock<HashMap<(i64, Lang), Arc<Kept>>>);

impl ThreadPages {
    fn get(&self, thread: &Thread, lang: Lang) -> Option<Arc<Kept>> {
        let kept = self.0.read().ok()?.get(&(thread.id, lang)).cloned()?;
        (Instant::now() < kept.until && kept.version == version(thread)).then_some(kept)
    }

    fn keep(&self, thread: i64, lang: Lang, kept: Kept) -> Arc<Kept> {
        let kept = Arc::new(kept);
        if let Ok(mut pages) = self.0.write() {
            if pages.len() >= MOST_PAGES {
                let now = Instant::now();
                pages.retain(|_, page| now < page.until);
            }
            if pages.len() >= MOST_PAGES {
                pages.clear();
            }
            pages.insert((thread, lang), kept.clone());
        }
        kept
    }

    /// Forgets every kept page: after a change on this node, its members see it at once.
    pub fn forget(&self) {
        if self.0.read().is_ok_and(|pages| !pages.is_empty())
            && let Ok(mut pages) = self.0.write()
        {
            pages.clear();
        }
    }
}

fn version(thread: &Thread) -> (i64, i64, Option<i64>) {
    (thread.post_count, thread.last_post_id, thread.accepted_post_id)
}

/// The first page of `thread` for `actor`, stitched, or `None` when it is rendered
/// whole for them (see the module's notes). `plain`: the address has no query; `gzip`:
/// the browser accepts it compressed.
pub async fn stitched(
    state: &AppState,
    actor: &Actor,
    ctx: &Ctx,
    thread: &Thread,
    paging: &Paging,
    plain: bool,
    gzip: bool,
) -> AppResult<Option<Response>> {
    let Some(reader) = actor.user() else { return Ok(None) };
    if !plain
        || !gzip
        || !policy::can_post(actor)
        || policy::is_forum_moderator(actor)
        || policy::can_steer_thread(actor, thread.author_id)
    {
        return Ok(None);
    }
    let kept = match state.thread_pages.get(thread, ctx.lang) {
        Some(kept) => kept,
        None => match shared_page(state, reader, ctx, thread, paging).await? {
            Some(kept) => state.thread_pages.keep(thread.id, ctx.lang, kept),
            None => return Ok(None),
        },
    };
    let own = |author: Option<UserId>| author == Some(reader.id);
    if kept.slots.iter().any(|slot| own(slot.author)) || kept.mentioned.contains(&reader.id) {
        return Ok(None);
    }
    let ids: Vec<i64> = kept.slots.iter().map(|slot| slot.id).collect();
    let marks = state.store.forum_reader_marks(thread.id, reader.id, &ids).await?;
    if marks.unpublished_own {
        return Ok(None);
    }
    let newest = ids.iter().copied().max();
    let first_unread = thread
        .last_read
        .and_then(|read| kept.slots.iter().find(|slot| !slot.copy && slot.id > read))
        .map(|slot| slot.id);
    let part = |part: u8| {
        let Some(slot) = kept.slots.get(usize::from(part / 2)) else { return String::new() };
        if part == helpful_hole(part / 2) {
            helpful_form(ctx, slot.id, true, marks.helpful.contains(&slot.id))
        } else {
            unread_mark(ctx, !slot.copy && Some(slot.id) == first_unread)
        }
    };
    let parts: Vec<String> = kept.skeleton.holes().iter().map(|hole| ctx.fill(*hole, part)).collect();
    let Some(page) = kept.skeleton.gzip(&parts) else { return Ok(None) };
    if let Some(newest) = newest
        && thread.last_read.is_none_or(|read| read < newest)
    {
        state.store.mark_forum_thread_read(reader.id, thread.id, newest).await?;
    }
    Ok(Some(ctx.html_response(StatusCode::OK, Body::from(page), true)))
}

/// The first page of `thread` as a member who is nobody in particular sees it (one
/// who may post, moderates nothing, wrote none of it and marked nothing helpful), with
/// each personal part left as a hole. `None` if it cannot be stitched.
async fn shared_page(
    state: &AppState,
    reader: &User,
    ctx: &Ctx,
    thread: &Thread,
    paging: &Paging,
) -> AppResult<Option<Kept>> {
    let anyone = Actor::Member(Arc::new(User {
        id: UserId(0),
        email_verified: true,
        role: Role::Member,
        is_moderator: false,
        is_admin: false,
        status: AccountStatus::Active,
        ..reader.clone()
    }));
    let made = Instant::now();
    let (shared, recorder) = ctx.skeleton();
    let seen = Thread { last_read: None, ..thread.clone() };
    let page: ThreadPage =
        thread_page(state, &anyone, &shared, seen, paging, FormState::new(), None, None).await?;
    let Ok(html) = askama::Template::render(&page) else { return Ok(None) };
    let Some(skeleton) = Skeleton::new(&html, recorder.holes()) else { return Ok(None) };
    let slots = page
        .shown()
        .enumerate()
        .map(|(i, post)| Slot { id: post.id, author: post.author_id, copy: i >= page.posts_len() })
        .collect();
    Ok(Some(Kept {
        until: made + VISITOR_PAGE_FRESH,
        version: version(thread),
        skeleton,
        slots,
        mentioned: page.mentioned().to_vec(),
    }))
}
