//! A member's first page of a thread is stitched from a page shared by every member and
//! their own parts (see `community::forum::stitched`): it must be exactly the page
//! rendered whole for them, carry only their own name and token, and show a change at
//! once.

use altto_store::NewPost;

use crate::{
    forum::{forum_app, reply, start, thread_id},
    helpers::{Agent, csrf_in},
};

/// The member's page of `thread` twice: stitched (gzip), then rendered whole (no gzip),
/// with what they have read put back in between, so both show the same "new" mark.
async fn stitched_and_whole(
    app: &crate::helpers::TestApp,
    agent: &mut Agent<'_>,
    thread: &str,
) -> (String, String) {
    let user: i64 = app.column("SELECT id FROM users WHERE display_name LIKE 'Rin%'").await[0];
    let id = thread_id(thread);
    let read: Vec<i64> = app
        .column(&format!("SELECT last_post_id FROM forum_reads WHERE user_id = {user} AND thread_id = {id}"))
        .await;
    let stitched = agent.get(thread).await;
    assert_eq!(stitched.status, 200);
    assert_eq!(stitched.header("content-encoding"), "gzip");
    assert!(stitched.header("cache-control").contains("no-store"));
    if let Some(read) = read.first() {
        app.sql(&format!(
            "UPDATE forum_reads SET last_post_id = {read} WHERE user_id = {user} AND thread_id = {id}"
        ))
        .await;
    }
    let whole = agent.get_without_gzip(thread).await;
    assert_eq!(whole.header("content-encoding"), "");
    (stitched.body, whole.body)
}

#[tokio::test]
async fn a_members_stitched_thread_page_is_byte_for_byte_the_page_rendered_whole() {
    let app = forum_app().await;
    let sam = app.create_member("sam@example.org", "Sam").await;
    let ben = app.create_member("ben@example.org", "Ben").await;
    let kai = app.create_member("kai@example.org", "Kai").await;
    let rin = app.create_member("rin@example.org", "Rin <b>&</b> \"Reader\"").await;
    let mut sam_agent = app.agent_for(sam).await;
    let mut ben_agent = app.agent_for(ben).await;
    let mut rin_agent = app.agent_for(rin).await.with_header("accept-encoding", "gzip");
    let thread = start(&mut sam_agent, "Warm-ups for grade 5?", "What works on a Monday?", true).await;
    let answer = reply(&mut ben_agent, &thread, "Simon says, in English.").await;
    // Sam accepts the answer (shown first), Kai marks it helpful.
    assert_eq!(
        sam_agent.post(&format!("{thread}/accept"), &[("post", &answer.to_string())]).await.status,
        303
    );
    let helpful = format!("/community/posts/{answer}/helpful");
    assert_eq!(app.agent_for(kai).await.post(&helpful, &[]).await.status, 303);
    let (stitched, whole) = stitched_and_whole(&app, &mut rin_agent, &thread).await;
    assert_eq!(stitched, whole, "a first visit");
    assert!(stitched.contains("Rin &#60;b&#62;") || stitched.contains("Rin &lt;b&gt;"), "the name, escaped");
    assert!(stitched.contains("1 member found this helpful") && !stitched.contains(r#"id="new""#));
    let (stitched, whole) = stitched_and_whole(&app, &mut rin_agent, &thread).await;
    assert_eq!(stitched, whole, "a visit with nothing new");
    // In Japanese too, from a page kept apart from the English one.
    let mut japanese =
        app.agent_for(rin).await.with_header("accept-encoding", "gzip").with_header("accept-language", "ja");
    let (stitched, whole) = stitched_and_whole(&app, &mut japanese, &thread).await;
    assert_eq!(stitched, whole);
    assert!(stitched.contains("lang=\"ja\""));
    // New replies are marked where they start, and Rin's own mark shows as hers.
    let new = reply(&mut ben_agent, &thread, "Or a song with gestures.").await;
    reply(&mut sam_agent, &thread, "Thank you both!").await;
    let (page, whole) = stitched_and_whole(&app, &mut rin_agent, &thread).await;
    assert_eq!(page, whole);
    let mark = page.find(r#"id="new""#).expect("the new replies are marked");
    assert!(mark < page.find(&format!(r#"id="post-{new}""#)).unwrap(), "right before the first new one");
    assert_eq!(page.matches(r#"id="new""#).count(), 1);
    assert_eq!(rin_agent.post(&helpful, &[]).await.status, 303);
    let (page, whole) = stitched_and_whole(&app, &mut rin_agent, &thread).await;
    assert_eq!(page, whole);
    assert_eq!(page.matches(r#"aria-pressed="true""#).count(), 2, "the answer and its copy shown first");
}

#[tokio::test]
async fn a_members_stitched_thread_page_carries_their_own_name_and_token_never_anothers() {
    let app = forum_app().await;
    let sam = app.create_member("sam@example.org", "Sam").await;
    let mut sam_agent = app.agent_for(sam).await;
    let thread = start(&mut sam_agent, "Team teaching", "How do you split a lesson?", false).await;
    let mut readers = Vec::new();
    for (email, name) in [("kai@example.org", "Kai Reader"), ("mio@example.org", "Mio Reader")] {
        let id = app.create_member(email, name).await;
        readers.push((name, app.agent_for(id).await.with_header("accept-encoding", "gzip")));
    }
    for _ in 0..2 {
        for (i, (name, agent)) in readers.iter_mut().enumerate() {
            let page = agent.get(&thread).await;
            assert_eq!(page.header("content-encoding"), "gzip");
            let other = if i == 0 { "Mio Reader" } else { "Kai Reader" };
            assert!(page.body.contains(*name) && !page.body.contains(other));
            let token = csrf_in(&page.body).unwrap();
            assert!(page.body.matches(&token).count() >= 2, "every form carries the reader's token");
            assert_eq!(
                agent.post(&format!("{thread}/replies"), &[("_csrf", &token), ("body", "")]).await.status,
                422
            );
        }
    }
}

#[tokio::test]
async fn a_reply_shows_at_once_on_a_members_kept_page_and_writers_and_the_asker_get_their_own_tools() {
    let app = forum_app().await;
    let sam = app.create_member("sam@example.org", "Sam").await;
    let ben = app.create_member("ben@example.org", "Ben").await;
    let rin = app.create_member("rin@example.org", "Rin").await;
    let mut sam_agent = app.agent_for(sam).await.with_header("accept-encoding", "gzip");
    let mut ben_agent = app.agent_for(ben).await.with_header("accept-encoding", "gzip");
    let mut rin_agent = app.agent_for(rin).await.with_header("accept-encoding", "gzip");
    let thread = start(&mut sam_agent, "Which textbook?", "Which one do you use?", true).await;
    assert!(rin_agent.get(&thread).await.body.contains("Which one do you use?"));
    // Through the site: the reply forgets the kept pages on this node.
    let answer = reply(&mut ben_agent, &thread, "New Horizon, mostly.").await;
    assert!(rin_agent.get(&thread).await.body.contains("New Horizon, mostly."));
    // Written by another node (here: straight to the database): shown within the
    // second a kept page may be sent.
    let post = NewPost {
        author: ben,
        body: "And Sunshine at another school.".into(),
        body_html: "<p>And Sunshine at another school.</p>".into(),
        mentions: Vec::new(),
        waiting: false,
    };
    app.store().reply_in_forum_thread(thread_id(&thread), &post, &Default::default()).await.unwrap();
    tokio::time::sleep(altto::community::forum::VISITOR_PAGE_FRESH + std::time::Duration::from_millis(100))
        .await;
    assert!(rin_agent.get(&thread).await.body.contains("And Sunshine at another school."));
    // The writer may edit their post; the asker may accept an answer; Rin neither.
    let edit = format!("/community/posts/{answer}/edit");
    assert!(ben_agent.get(&thread).await.body.contains(&edit));
    let asker = sam_agent.get(&thread).await.body;
    assert!(asker.contains(&format!("{thread}/accept")) && asker.contains(&format!("{thread}/close")));
    let rin_page = rin_agent.get(&thread).await.body;
    assert!(!rin_page.contains(&edit) && !rin_page.contains(&format!("{thread}/accept")));
    assert!(rin_page.contains(&format!("/community/posts/{answer}/flag")));
}

#[tokio::test]
async fn a_readers_helpful_mark_made_on_another_node_shows_on_their_page_within_a_second() {
    let app = forum_app().await;
    let sam = app.create_member("sam@example.org", "Sam").await;
    let rin = app.create_member("rin@example.org", "Rin").await;
    let mut sam_agent = app.agent_for(sam).await;
    let mut rin_agent = app.agent_for(rin).await.with_header("accept-encoding", "gzip");
    let thread = start(&mut sam_agent, "Name games", "Which one works with 40 pupils?", false).await;
    let first: Vec<i64> =
        app.column(&format!("SELECT id FROM forum_posts WHERE thread_id = {}", thread_id(&thread))).await;
    // Twice: the second visit is sent the kept page without asking again what Rin marked.
    for _ in 0..2 {
        let page = rin_agent.get(&thread).await;
        assert_eq!(page.header("content-encoding"), "gzip");
        assert!(!page.body.contains(r#"aria-pressed="true""#));
    }
    // Marked through another node (here: straight to the store).
    assert!(app.store().toggle_forum_helpful(first[0], rin).await.unwrap());
    tokio::time::sleep(altto::community::forum::VISITOR_PAGE_FRESH + std::time::Duration::from_millis(100))
        .await;
    let page = rin_agent.get(&thread).await;
    assert_eq!(page.body.matches(r#"aria-pressed="true""#).count(), 1, "her mark, within the second");
    assert!(page.body.contains("1 member found this helpful"));
}

#[tokio::test]
async fn replies_sent_at_once_are_each_saved_with_their_own_notice_and_one_to_a_locked_thread_leaves_nothing()
{
    let app = forum_app().await;
    let sam = app.create_member("sam@example.org", "Sam").await;
    let mut sam_agent = app.agent_for(sam).await;
    let open = thread_id(&start(&mut sam_agent, "Open", "Replies welcome.", false).await);
    let locked = thread_id(&start(&mut sam_agent, "Locked", "No replies.", false).await);
    app.sql(&format!("UPDATE forum_threads SET locked = TRUE WHERE id = {locked}")).await;
    let mut members = Vec::new();
    for n in 0..12 {
        members.push(app.create_member(&format!("member{n}@example.org"), &format!("Member {n}")).await);
    }
    // Sent together, before any is answered: on SQLite they share group commits.
    let mut replies = tokio::task::JoinSet::new();
    for (n, member) in members.iter().copied().enumerate() {
        let store = app.store().clone();
        let thread = if n == 5 { locked } else { open };
        let post = NewPost {
            author: member,
            body: format!("Reply {n}"),
            body_html: format!("<p>Reply {n}</p>"),
            mentions: Vec::new(),
            waiting: false,
        };
        let tidings = altto_store::Tidings {
            notices: vec![altto_store::NewNotice {
                user: sam,
                event: "forum_reply".into(),
                title: "Open".into(),
                link: format!("/community/posts/{}", altto_store::NEW_POST),
                actor_id: Some(member),
                for_digest: false,
            }],
            mails: Vec::new(),
        };
        replies.spawn(async move { (n, store.reply_in_forum_thread(thread, &post, &tidings).await) });
    }
    let mut saved = Vec::new();
    while let Some(Ok((n, outcome))) = replies.join_next().await {
        match outcome {
            Ok(id) => saved.push(id),
            Err(err) => assert_eq!(n, 5, "reply {n}: {err}"),
        }
    }
    assert_eq!(saved.len(), 11);
    let links: Vec<String> =
        app.column(&format!("SELECT link FROM notifications WHERE user_id = {} ORDER BY link", sam.0)).await;
    let mut expected: Vec<String> = saved.iter().map(|id| format!("/community/posts/{id}")).collect();
    expected.sort();
    assert_eq!(links, expected, "each reply's notice leads to that reply");
    let in_locked: Vec<i64> =
        app.column(&format!("SELECT COUNT(*) FROM forum_posts WHERE thread_id = {locked}")).await;
    assert_eq!(in_locked, vec![1], "only its first post");
    let counted: Vec<i64> =
        app.column(&format!("SELECT post_count FROM forum_threads WHERE id = {open}")).await;
    assert_eq!(counted, vec![12]);
}
