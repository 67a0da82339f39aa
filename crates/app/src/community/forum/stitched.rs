//! A member's page of a thread, stitched (see [`crate::web::stitch`]).
//!
//! Most of the first page of a thread is the same for every member who reads it: the
//! posts, their authors and counts, the links under them, the reply form. For most
//! readers, only two parts are theirs: the account menu and the CSRF token in each form
//! (a token always has the same length, so the compressed page refers back across it
//! as if it were one text: see [`Skeleton::with_lengths`]). So the page is rendered
//! once, as a member who is nobody in particular sees it, compressed once, and kept as
//! visitors' pages of a thread are kept ([`VISITOR_PAGE_FRESH`]: a second at most, and
//! forgotten on this node after any change; when it is out of date, one request makes
//! the next while the others are sent it a moment longer). A request adds the reader's
//! parts, after one small query; the readers it was found to fit are kept with it, so
//! a reader who comes back while it is kept is sent it without the query (anything they
//! change on this node forgets the page, and with it whom it fits).
//!
//! A reader for whom more of the page differs gets it rendered whole: moderators and
//! the thread's author (their tools), a member who may not post yet, one who wrote a
//! post on the page or is mentioned in the thread (their own name and profile link),
//! one with a post in the thread waiting for a moderator or hidden, one who marked a
//! post on the page helpful, and one with posts on it new since their last visit (once:
//! the page marks them read).

use std::{
    collections::{HashMap, HashSet},
    sync::{
        Arc, Mutex, RwLock,
        atomic::{AtomicBool, Ordering},
    },
    time::{Duration, Instant},
};

use altto_store::{AccountStatus, Role, Thread, User, UserId};
use axum::{body::Body, http::StatusCode, response::Response};

use super::show::{ThreadPage, VISITOR_PAGE_FRESH, thread_page};
use crate::{
    auth::Actor,
    error::AppResult,
    i18n::Lang,
    policy,
    state::AppState,
    web::{
        Ctx,
        forms::FormState,
        paging::Paging,
        stitch::{Hole, Skeleton},
    },
};

/// The most thread pages a node keeps for members (a 50-post page is ~15 KiB).
const MOST_PAGES: usize = 128;

/// The most readers a kept page remembers fitting (beyond them, the others are asked
/// about on each request: a few KiB per page at most).
const MOST_FITTING: usize = 2048;

/// How long past its time a page may still be sent while another request makes the
/// next one.
const RENEWING_AT_MOST: Duration = Duration::from_secs(2);

/// The shared page of a thread for members, with what is needed to fill it.
pub struct Kept {
    until: Instant,
    /// Whether a request is making the next page: until it is kept, the others are
    /// sent this one (a second old at most, plus the making), instead of all making it.
    renewing: AtomicBool,
    /// The thread as it was when the page was made.
    thread: Thread,
    skeleton: Skeleton,
    /// The posts shown and their writers.
    posts: Vec<(i64, Option<UserId>)>,
    mentioned: Vec<UserId>,
    /// The readers it was found to fit (see [`stitched`]) since it was made.
    fits: Mutex<HashSet<UserId>>,
}

impl Kept {
    fn fits(&self, reader: UserId) -> bool {
        self.fits.lock().is_ok_and(|fits| fits.contains(&reader))
    }

    fn found_to_fit(&self, reader: UserId) {
        if let Ok(mut fits) = self.fits.lock()
            && fits.len() < MOST_FITTING
        {
            fits.insert(reader);
        }
    }
}

/// Members' first pages of threads, by thread and language.
pub struct ThreadPages {
    pages: RwLock<HashMap<(i64, Lang), Arc<Kept>>>,
    /// One page is made at a time: the requests that find none wait for it and then
    /// find it made, instead of all making it at once (each making holds a rendered page
    /// and a compressor's ~330 KiB).
    making: tokio::sync::Semaphore,
}

impl Default for ThreadPages {
    fn default() -> Self {
        Self { pages: RwLock::default(), making: tokio::sync::Semaphore::new(1) }
    }
}

impl ThreadPages {
    /// The page kept for thread `id` in `lang` if it may be sent: fresh, or only just
    /// out of date while another request makes the next one.
    fn get(&self, id: i64, lang: Lang) -> Option<Arc<Kept>> {
        let kept = self.pages.read().ok()?.get(&(id, lang)).cloned()?;
        let now = Instant::now();
        let fresh = now < kept.until;
        // A request that is making the next page and fails leaves this one to the
        // others a few seconds at most.
        let renewed_by_another =
            !fresh && now < kept.until + RENEWING_AT_MOST && kept.renewing.swap(true, Ordering::AcqRel);
        (fresh || renewed_by_another).then_some(kept)
    }

    /// The page kept for thread `id` in `lang` if it is fresh (made a moment ago by the
    /// request that had the turn to make it).
    fn fresh(&self, id: i64, lang: Lang) -> Option<Arc<Kept>> {
        let kept = self.pages.read().ok()?.get(&(id, lang)).cloned()?;
        (Instant::now() < kept.until).then_some(kept)
    }

    /// Forgets the page of thread `id` in `lang`, which could not be made again.
    fn drop_page(&self, id: i64, lang: Lang) {
        if let Ok(mut pages) = self.pages.write() {
            pages.remove(&(id, lang));
        }
    }

    fn keep(&self, lang: Lang, kept: Kept) -> Arc<Kept> {
        let kept = Arc::new(kept);
        if let Ok(mut pages) = self.pages.write() {
            if pages.len() >= MOST_PAGES {
                let now = Instant::now();
                pages.retain(|_, page| now < page.until);
            }
            if pages.len() >= MOST_PAGES {
                pages.clear();
            }
            pages.insert((kept.thread.id, lang), kept.clone());
        }
        kept
    }

    /// Forgets every kept page: after a change on this node, its members see it at once.
    pub fn forget(&self) {
        if self.pages.read().is_ok_and(|pages| !pages.is_empty())
            && let Ok(mut pages) = self.pages.write()
        {
            pages.clear();
        }
    }
}

/// The first page of thread `id` for `actor`, stitched, or `None` when it is rendered
/// whole for them (see the module's notes) or is not there for them. `plain`: the
/// address has no query; `gzip`: the browser accepts it compressed.
pub async fn stitched(
    state: &AppState,
    actor: &Actor,
    ctx: &Ctx,
    id: i64,
    paging: &Paging,
    plain: bool,
    gzip: bool,
) -> AppResult<Option<Response>> {
    let Some(reader) = actor.user() else { return Ok(None) };
    if !plain || !gzip || !policy::can_post(actor) || policy::is_forum_moderator(actor) {
        return Ok(None);
    }
    let pages = &state.thread_pages;
    let kept = match pages.get(id, ctx.lang) {
        Some(kept) => kept,
        None => {
            let Ok(_making) = pages.making.acquire().await else { return Ok(None) };
            match pages.fresh(id, ctx.lang) {
                Some(kept) => kept,
                None => match shared_page(state, reader, ctx, id, paging).await {
                    Ok(Some(kept)) => pages.keep(ctx.lang, kept),
                    made => {
                        pages.drop_page(id, ctx.lang);
                        made?;
                        return Ok(None);
                    }
                },
            }
        }
    };
    let thread = &kept.thread;
    let own = |author: Option<UserId>| author == Some(reader.id);
    if policy::can_steer_thread(actor, thread.author_id)
        || kept.posts.iter().any(|(_, author)| own(*author))
        || kept.mentioned.contains(&reader.id)
    {
        return Ok(None);
    }
    if !kept.fits(reader.id) {
        let ids: Vec<i64> = kept.posts.iter().map(|(id, _)| *id).collect();
        let marks = state.store.forum_reader_marks(thread.id, reader.id, &ids).await?;
        let newest = ids.iter().copied().max();
        let unread = matches!((marks.last_read, newest), (Some(read), Some(newest)) if read < newest);
        if marks.unpublished_own || !marks.helpful.is_empty() || unread {
            return Ok(None);
        }
        if let Some(newest) = newest
            && marks.last_read.is_none()
        {
            state.store.mark_forum_thread_read(reader.id, thread.id, newest).await?;
        }
        kept.found_to_fit(reader.id);
    }
    let parts: Vec<String> =
        kept.skeleton.holes().iter().map(|hole| ctx.fill(*hole, |_| String::new())).collect();
    let Some(page) = kept.skeleton.gzip(&parts) else { return Ok(None) };
    Ok(Some(ctx.html_response(StatusCode::OK, Body::from(page), true)))
}

/// The first page of thread `id` as a member who is nobody in particular sees it (one
/// who may post, moderates nothing, wrote none of it and marked nothing helpful), with
/// each personal part left as a hole. `None` if it cannot be stitched, or the thread
/// is not simply there (merged, or not listed: the page rendered whole says so).
async fn shared_page(
    state: &AppState,
    reader: &User,
    ctx: &Ctx,
    id: i64,
    paging: &Paging,
) -> AppResult<Option<Kept>> {
    let made = Instant::now();
    let thread = match state.store.forum_thread(id, None).await {
        Ok(thread) if thread.merged_into.is_none() && thread.listed => thread,
        Ok(_) | Err(altto_store::StoreError::NotFound) => return Ok(None),
        Err(err) => return Err(err.into()),
    };
    let anyone = Actor::Member(Arc::new(User {
        id: UserId(0),
        email_verified: true,
        role: Role::Member,
        is_moderator: false,
        is_admin: false,
        status: AccountStatus::Active,
        ..reader.clone()
    }));
    let (shared, recorder) = ctx.skeleton();
    let page: ThreadPage =
        thread_page(state, &anyone, &shared, thread.clone(), paging, FormState::new(), None, None).await?;
    let Ok(html) = askama::Template::render(&page) else { return Ok(None) };
    // Every token is as long as the reader's: the compressed page refers back across it.
    let holes = recorder.holes();
    let lengths = holes.iter().map(|hole| (*hole == Hole::Csrf).then(|| ctx.csrf_field().len())).collect();
    let Some(skeleton) = Skeleton::with_lengths(&html, holes, lengths) else { return Ok(None) };
    let posts = page.shown().map(|post| (post.id, post.author_id)).collect();
    Ok(Some(Kept {
        until: made + VISITOR_PAGE_FRESH,
        renewing: AtomicBool::new(false),
        thread,
        skeleton,
        posts,
        mentioned: page.mentioned().to_vec(),
        fits: Mutex::default(),
    }))
}
