//! The forum at scale for `altto dev seed`: threads in the default categories with
//! replies by generated members, written in bulk. The first thread generated has
//! exactly [`BENCH_THREAD_POSTS`] posts (one full page), the page `bench/run.sh`
//! measures; the others share the remaining posts. Every third thread (`n % 3 == 2`) is
//! a Japanese one: its title and posts are in Japanese (some posts mixed with English).

use std::sync::Arc;

use altto_store::{SeedPost, SeedThread, Store, UserId};
use rand::{RngExt as _, rngs::StdRng};

use super::{
    seed::{Bar, SENTENCES, TOPICS},
    seed_ja,
};
use crate::{
    community::forum::POSTS_PER_PAGE,
    content::markdown::{self, Members, Profile},
};

/// Posts of the first generated thread: one full page of the thread.
pub const BENCH_THREAD_POSTS: usize = POSTS_PER_PAGE as usize;

/// Different post texts generated in English, and in Japanese (each rendered once,
/// shared by many posts).
const VARIANTS: usize = 200;
const VARIANTS_JA: usize = 100;

/// Threads written per transaction.
const THREADS_PER_BATCH: usize = 1000;

/// Adds `threads` threads holding `posts` posts in all (at least one each), written by
/// random `members`, over the past year.
pub async fn run(
    store: &Store,
    rng: &mut StdRng,
    members: &[UserId],
    threads: usize,
    posts: usize,
) -> anyhow::Result<()> {
    if threads == 0 {
        return Ok(());
    }
    anyhow::ensure!(
        posts >= threads,
        "--forum-posts must be at least --forum-threads (each thread has a post)"
    );
    anyhow::ensure!(!members.is_empty(), "no members to write the forum's posts");
    let categories: Vec<i64> = store.forum_categories().await?.iter().map(|c| c.id).collect();
    anyhow::ensure!(!categories.is_empty(), "the forum has no categories");
    let (english, japanese) = variants(rng);
    let (mut thread_id, mut post_id) = store.forum_seed_start().await?;
    let now = altto_store::now_millis();
    let hour = 3_600_000;

    let first = BENCH_THREAD_POSTS.min(posts - (threads - 1));
    let rest = posts - first;
    let bar = Bar::new("forum", threads);
    let (mut batch_threads, mut batch_posts) = (Vec::new(), Vec::new());
    for n in 0..threads {
        let count = match n {
            0 => first,
            _ => rest / (threads - 1) + usize::from(n - 1 < rest % (threads - 1)),
        };
        thread_id += 1;
        let in_japanese = n % 3 == 2;
        let texts = if in_japanese { &japanese } else { &english };
        let started = now - rng.random_range(30..365) * 24 * hour;
        let mut at = started;
        let first_post_id = post_id + 1;
        for k in 0..count {
            post_id += 1;
            if k > 0 {
                at += rng.random_range(1..12) * hour / 4;
            }
            let (body, html) = &texts[rng.random_range(0..texts.len())];
            batch_posts.push(SeedPost {
                id: post_id,
                thread_id,
                author_id: members[rng.random_range(0..members.len())],
                body: Arc::clone(body),
                body_html: Arc::clone(html),
                created_at: at,
            });
        }
        let topic = rng.random_range(0..TOPICS.len());
        let title = if in_japanese {
            format!("{}について、JTEとどのように進めていますか？（{n}）", seed_ja::TOPICS_JA[topic])
        } else {
            format!("How do you handle {} with your JTE? ({n})", TOPICS[topic].replace('-', " "))
        };
        batch_threads.push(SeedThread {
            id: thread_id,
            category_id: categories[n % categories.len()],
            title,
            author_id: batch_posts[batch_posts.len() - count].author_id,
            is_question: n % 3 == 0,
            first_post_id,
            post_count: i64::try_from(count)?,
            last_post_id: post_id,
            last_post_at: at,
            created_at: started,
        });
        if batch_threads.len() == THREADS_PER_BATCH || n + 1 == threads {
            store.bulk_insert_forum(&batch_threads, &batch_posts).await?;
            batch_threads.clear();
            batch_posts.clear();
            bar.show(n + 1);
        }
    }
    bar.finish();
    Ok(())
}

/// A post text and its HTML as the members' profile renders it.
type Variant = (Arc<str>, Arc<str>);

/// Post texts of two to six sentences, some with a list or a quote, in English and in
/// Japanese.
fn variants(rng: &mut StdRng) -> (Vec<Variant>, Vec<Variant>) {
    let profile = Profile::Members(Members::for_site(None));
    let english = (0..VARIANTS)
        .map(|n| {
            let mut body = String::new();
            if n % 5 == 0 {
                body.push_str("> ");
                body.push_str(SENTENCES[rng.random_range(0..SENTENCES.len())]);
                body.push_str("\n\n");
            }
            for _ in 0..rng.random_range(2..=6) {
                body.push_str(SENTENCES[rng.random_range(0..SENTENCES.len())]);
                body.push(' ');
            }
            if n % 4 == 0 {
                body.push_str(
                    "\n\n- Try it with a small group first.\n- Ask your JTE what worked last year.\n",
                );
            }
            let html = markdown::render(body.trim(), &profile);
            (Arc::from(body.trim()), Arc::from(html))
        })
        .collect();
    let japanese = (0..VARIANTS_JA)
        .map(|n| {
            let body = seed_ja::post(rng, n);
            let html = markdown::render(body.trim(), &profile);
            (Arc::from(body.trim()), Arc::from(html))
        })
        .collect();
    (english, japanese)
}
