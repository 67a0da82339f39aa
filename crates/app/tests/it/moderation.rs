//! Moderation sized for volunteers: new members' first posts wait for approval, flags
//! with reasons, the review queue, hiding and restoring posts, moving, merging and
//! splitting threads, suspending a member with a reason, and the moderation log.

use altto_store::{Grants, Role, UserId};

use crate::helpers::{Agent, PASSWORD, TestApp};

/// A fresh app with the default categories, holding new members' first two posts.
async fn moderated_app() -> TestApp {
    let app = TestApp::spawn_with(|settings| settings.forum_posts_held = 2).await;
    altto::community::load_once(app.store()).await.unwrap();
    app
}

/// A trusted writer (an author), whose posts appear at once.
async fn teacher(app: &TestApp) -> UserId {
    app.create_user(
        "tess@example.org",
        "Tess",
        Grants { role: Role::Author, is_moderator: false, is_admin: false },
    )
    .await
}

async fn moderator(app: &TestApp) -> UserId {
    app.create_user(
        "mo@example.org",
        "Mo",
        Grants { role: Role::Member, is_moderator: true, is_admin: false },
    )
    .await
}

/// Starts a thread in `category` as `agent`; returns its address.
async fn start_in(agent: &mut Agent<'_>, category: &str, title: &str, body: &str) -> String {
    let done =
        agent.post("/community/threads", &[("category", category), ("title", title), ("body", body)]).await;
    assert_eq!(done.status, 303, "{}", done.body);
    done.location().to_owned()
}

async fn start(agent: &mut Agent<'_>, title: &str, body: &str) -> String {
    start_in(agent, "lesson-ideas", title, body).await
}

/// Replies as `agent`; returns the post's id.
async fn reply(agent: &mut Agent<'_>, thread: &str, body: &str) -> i64 {
    let done = agent.post(&format!("{thread}/replies"), &[("body", body)]).await;
    assert_eq!(done.status, 303, "{}", done.body);
    done.location().trim_start_matches("/community/posts/").parse().unwrap()
}

fn thread_id(thread: &str) -> i64 {
    thread.trim_start_matches("/community/t/").parse().unwrap()
}

async fn post_count(app: &TestApp, thread: &str) -> i64 {
    app.column::<i64>(&format!("SELECT post_count FROM forum_threads WHERE id = {}", thread_id(thread))).await
        [0]
}

async fn moderate(agent: &mut Agent<'_>, post: i64, fields: &[(&str, &str)]) -> u16 {
    agent.post(&format!("/community/posts/{post}/moderate"), fields).await.status.as_u16()
}

#[tokio::test]
async fn a_new_members_first_reply_waits_unseen_until_a_moderator_approves_it_and_then_tells_people() {
    let app = moderated_app().await;
    let tess = teacher(&app).await;
    let sam = app.create_member("sam@example.org", "Sam").await;
    app.store().ensure_member_handle(sam, "sam").await.unwrap();
    let nao = app.create_member("nao@example.org", "Nao").await;
    let mut tess_agent = app.agent_for(tess).await;
    let thread = start(&mut tess_agent, "Phonics songs", "Which songs work?").await;
    let mut nao_agent = app.agent_for(nao).await;
    let post = reply(&mut nao_agent, &thread, "Try the alphabet rap, @sam knows it.").await;

    let own = nao_agent.get(&thread).await.body;
    assert!(own.contains("alphabet rap") && own.contains("Waiting for a moderator"), "{own}");
    assert!(own.contains("Your post is waiting for a moderator"));
    for page in [app.agent().get(&thread).await.body, app.agent_for(sam).await.get(&thread).await.body] {
        assert!(page.contains("Phonics songs") && !page.contains("alphabet rap"));
    }
    assert_eq!(app.agent().get(&format!("/community/posts/{post}")).await.status, 404);
    assert_eq!(post_count(&app, &thread).await, 1, "a waiting post is not counted");
    let told = "SELECT COUNT(*) FROM notifications WHERE event IN ('forum_reply', 'forum_mention')";
    assert_eq!(app.column::<i64>(told).await, vec![0], "nobody is told before approval");

    let mo = moderator(&app).await;
    let mut mo_agent = app.agent_for(mo).await;
    let queue = mo_agent.get("/community/review").await.body;
    assert!(
        queue.contains("Waiting for approval") && queue.contains("alphabet rap") && queue.contains("Nao")
    );
    assert!(queue.contains("0 published posts") && queue.contains("minutes"), "{queue}");
    assert_eq!(moderate(&mut mo_agent, post, &[("action", "approve"), ("back", "review")]).await, 303);

    assert!(app.agent().get(&thread).await.body.contains("alphabet rap"));
    assert_eq!(post_count(&app, &thread).await, 2);
    assert_eq!(
        app.column::<i64>(&format!(
            "SELECT last_post_id FROM forum_threads WHERE id = {}",
            thread_id(&thread)
        ))
        .await,
        vec![post]
    );
    let reply_told = "SELECT user_id FROM notifications WHERE event = 'forum_reply'";
    assert_eq!(app.column::<i64>(reply_told).await, vec![tess.0]);
    let mention_told = "SELECT user_id FROM notifications WHERE event = 'forum_mention'";
    assert_eq!(app.column::<i64>(mention_told).await, vec![sam.0]);
    assert!(!mo_agent.get("/community/review").await.body.contains("alphabet rap"), "the queue is done");
    let log = mo_agent.get("/community/review/log").await.body;
    assert!(log.contains("Post approved") && log.contains(&format!("post {post}")));
}

#[tokio::test]
async fn a_new_members_thread_is_unlisted_until_approved_and_after_two_approved_posts_they_post_at_once() {
    let app = moderated_app().await;
    let nao = app.create_member("nao@example.org", "Nao").await;
    let mut nao_agent = app.agent_for(nao).await;
    let thread = start(&mut nao_agent, "Hello from Nagano", "First time here.").await;
    assert!(nao_agent.get(&thread).await.body.contains("Waiting for a moderator"));
    assert_eq!(app.agent().get(&thread).await.status, 404);
    assert_eq!(
        app.agent_for(app.create_member("o@example.org", "O").await).await.get(&thread).await.status,
        404
    );
    assert!(!app.get("/community/c/lesson-ideas").await.body.contains("Hello from Nagano"));
    assert!(!app.get("/sitemap.xml").await.body.contains(&thread));

    let mo = moderator(&app).await;
    let mut mo_agent = app.agent_for(mo).await;
    let first: i64 = app
        .column(&format!("SELECT first_post_id FROM forum_threads WHERE id = {}", thread_id(&thread)))
        .await[0];
    assert_eq!(moderate(&mut mo_agent, first, &[("action", "approve")]).await, 303);
    assert_eq!(app.agent().get(&thread).await.status, 200);
    assert!(app.get("/community/c/lesson-ideas").await.body.contains("Hello from Nagano"));

    let second = reply(&mut nao_agent, &thread, "Second post.").await;
    assert_eq!(moderate(&mut mo_agent, second, &[("action", "approve")]).await, 303);
    let third = reply(&mut nao_agent, &thread, "Third post, straight out.").await;
    assert!(app.agent().get(&thread).await.body.contains("Third post, straight out."));
    assert_eq!(
        app.column::<String>(&format!("SELECT state FROM forum_posts WHERE id = {third}")).await,
        vec!["published".to_owned()]
    );
}

#[tokio::test]
async fn a_flag_puts_the_post_in_the_queue_with_its_reason_once_per_member() {
    let app = moderated_app().await;
    let tess = teacher(&app).await;
    let mut tess_agent = app.agent_for(tess).await;
    let thread = start(&mut tess_agent, "Cheap watches", "Buy cheap watches at spam.example").await;
    let first: i64 = app
        .column(&format!("SELECT first_post_id FROM forum_threads WHERE id = {}", thread_id(&thread)))
        .await[0];
    let sam = app.create_member("sam@example.org", "Sam").await;
    let mut sam_agent = app.agent_for(sam).await;
    let flag = format!("/community/posts/{first}/flag");
    assert!(sam_agent.get(&thread).await.body.contains(&flag), "a flag link on others' posts");
    assert!(!tess_agent.get(&thread).await.body.contains(&flag), "none on one's own");
    assert_eq!(tess_agent.post(&flag, &[("reason", "spam")]).await.status, 403);

    let vague = sam_agent.post(&flag, &[("reason", "other"), ("detail", " ")]).await;
    assert_eq!(vague.status, 422);
    let none = sam_agent.post(&flag, &[("detail", "bad")]).await;
    assert_eq!(none.status, 422);
    assert_eq!(app.column::<i64>("SELECT COUNT(*) FROM reports").await, vec![0]);

    let sent = sam_agent.post(&flag, &[("reason", "spam"), ("detail", "Selling watches")]).await;
    assert_eq!(sent.status, 303);
    assert!(sam_agent.get(&flag).await.body.contains("You have flagged this post"));
    let again = sam_agent.post(&flag, &[("reason", "rude")]).await;
    assert_eq!(again.status, 409);
    assert!(again.body.contains("You have flagged this post"));
    assert_eq!(
        app.column::<String>("SELECT subject_kind || ':' || reason FROM reports").await,
        vec!["post:spam".to_owned()]
    );

    let mo = moderator(&app).await;
    let told = format!("SELECT COUNT(*) FROM notifications WHERE user_id = {} AND event = 'report'", mo.0);
    let mut mo_agent = app.agent_for(mo).await;
    let queue = mo_agent.get("/community/review").await.body;
    assert!(queue.contains("Flagged post") && queue.contains("Spam or advertising: 1 member"), "{queue}");
    assert!(queue.contains("Selling watches") && queue.contains("spam.example"));
    assert_eq!(app.column::<i64>(&told).await, vec![0], "a moderator made after the flag was not told");
    mo_agent.cookies.insert("lang".into(), "ja".into());
    let japanese = mo_agent.get("/community/review").await.body;
    mo_agent.cookies.remove("lang");
    assert!(japanese.contains("通報された投稿") && japanese.contains("1人"), "{japanese}");

    assert_eq!(moderate(&mut mo_agent, first, &[("action", "keep"), ("back", "review")]).await, 303);
    assert!(!mo_agent.get("/community/review").await.body.contains("spam.example"));
    assert_eq!(
        app.column::<i64>(&format!("SELECT COUNT(*) FROM reports WHERE resolved_by = {}", mo.0)).await,
        vec![1]
    );
    assert_eq!(sam_agent.get(&flag).await.status, 200);
    assert!(!sam_agent.get(&flag).await.body.contains("You have flagged this post"), "may flag again later");
}

#[tokio::test]
async fn hiding_a_post_removes_it_from_the_thread_and_counts_until_it_is_restored() {
    let app = moderated_app().await;
    let tess = teacher(&app).await;
    let mut tess_agent = app.agent_for(tess).await;
    let thread = start(&mut tess_agent, "Warm-ups", "Simon says.").await;
    let rude = reply(&mut tess_agent, &thread, "Something rude.").await;
    assert_eq!(post_count(&app, &thread).await, 2);
    let mo = moderator(&app).await;
    let mut mo_agent = app.agent_for(mo).await;

    assert_eq!(moderate(&mut mo_agent, rude, &[("action", "hide"), ("reason", "  ")]).await, 400);
    assert_eq!(post_count(&app, &thread).await, 2, "no reason: nothing changes");
    assert!(app.get(&thread).await.body.contains("Something rude."));

    assert_eq!(
        moderate(&mut mo_agent, rude, &[("action", "hide"), ("reason", "Unkind to students")]).await,
        303
    );
    let public = app.get(&thread).await.body;
    assert!(public.contains("Simon says.") && !public.contains("Something rude."));
    assert_eq!(post_count(&app, &thread).await, 1);
    assert!(app.get("/community/c/lesson-ideas").await.body.contains("0 replies"));
    assert_eq!(app.agent().get(&format!("/community/posts/{rude}")).await.status, 404);
    let own = tess_agent.get(&thread).await.body;
    assert!(own.contains("Something rude.") && own.contains("Hidden by a moderator: Unkind to students"));
    let seen = mo_agent.get(&thread).await.body;
    assert!(seen.contains("Something rude.") && seen.contains(">Restore<"));

    assert_eq!(moderate(&mut mo_agent, rude, &[("action", "restore")]).await, 303);
    assert!(app.get(&thread).await.body.contains("Something rude."));
    assert_eq!(post_count(&app, &thread).await, 2);
    let log = mo_agent.get("/community/review/log").await.body;
    assert!(
        log.contains("Post hidden") && log.contains("Unkind to students") && log.contains("Post restored")
    );

    // Deleting the account keeps a hidden post hidden.
    assert_eq!(moderate(&mut mo_agent, rude, &[("action", "hide"), ("reason", "Again")]).await, 303);
    app.store().delete_user(tess, false).await.unwrap();
    assert!(!app.get(&thread).await.body.contains("Something rude."));
    assert_eq!(post_count(&app, &thread).await, 1);
}

#[tokio::test]
async fn moving_merging_and_splitting_keep_every_post_and_fix_the_counts() {
    let app = moderated_app().await;
    let tess = teacher(&app).await;
    let mut tess_agent = app.agent_for(tess).await;
    let a = start(&mut tess_agent, "Thread A", "A one.").await;
    let a2 = reply(&mut tess_agent, &a, "A two.").await;
    let b = start(&mut tess_agent, "Thread B", "B one.").await;
    reply(&mut tess_agent, &b, "B two.").await;
    let mo = moderator(&app).await;
    let mut mo_agent = app.agent_for(mo).await;

    let moved = mo_agent.post(&format!("{a}/move"), &[("category", "elementary")]).await;
    assert_eq!(moved.status, 303);
    assert!(app.get("/community/c/elementary").await.body.contains("Thread A"));
    assert!(!app.get("/community/c/lesson-ideas").await.body.contains("Thread A"));
    assert_eq!(mo_agent.post(&format!("{a}/move"), &[("category", "nowhere")]).await.status, 400);

    // Bad merges change nothing.
    assert_eq!(mo_agent.post(&format!("{a}/merge"), &[("into", &a)]).await.status, 400);
    assert_eq!(mo_agent.post(&format!("{a}/merge"), &[("into", "/community/t/999999")]).await.status, 400);
    assert_eq!(mo_agent.post(&format!("{a}/merge"), &[("into", "")]).await.status, 400);
    assert_eq!(post_count(&app, &a).await, 2);

    let merged =
        mo_agent.post(&format!("{a}/merge"), &[("into", &format!("https://site.example{b}#top"))]).await;
    assert_eq!(merged.status, 303);
    assert_eq!(merged.location(), b);
    let old = app.get(&a).await;
    assert!(old.status.is_redirection() && old.location() == b, "{}", old.status);
    let page = app.get(&b).await.body;
    let order: Vec<usize> =
        ["A one.", "A two.", "B one.", "B two."].iter().map(|text| page.find(text).unwrap()).collect();
    assert!(order.windows(2).all(|pair| pair[0] < pair[1]), "posts keep the order they were written in");
    assert_eq!(post_count(&app, &b).await, 4);
    assert!(!app.get("/community/c/elementary").await.body.contains("Thread A"));

    // Split A's two posts back out.
    let split = format!("{b}/split");
    assert!(mo_agent.get(&split).await.body.contains("A two."));
    let empty = mo_agent.post(&split, &[("title", "A again"), ("category", "elementary")]).await;
    assert_eq!(empty.status, 422);
    assert!(empty.body.contains("Choose at least one post"));
    assert_eq!(post_count(&app, &b).await, 4);
    let first_a = a2 - 1;
    let done = mo_agent
        .post(
            &split,
            &[
                ("post", &first_a.to_string()),
                ("post", &a2.to_string()),
                ("title", "A again"),
                ("category", "elementary"),
            ],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    let new = done.location().to_owned();
    let page = app.get(&new).await.body;
    assert!(
        page.contains("A again")
            && page.contains("A one.")
            && page.contains("A two.")
            && !page.contains("B one.")
    );
    assert_eq!(post_count(&app, &new).await, 2);
    assert_eq!(post_count(&app, &b).await, 2);
    assert_eq!(app.column::<i64>("SELECT COUNT(*) FROM forum_posts").await, vec![4], "no post lost");
    let log = mo_agent.get("/community/review/log").await.body;
    assert!(log.contains("Thread moved") && log.contains("Thread merged") && log.contains("Thread split"));
}

#[tokio::test]
async fn a_suspended_member_sees_the_reason_at_sign_in_and_cannot_post() {
    let app = moderated_app().await;
    let tess = teacher(&app).await;
    let spammer = app.create_member("spam@example.org", "Spammer").await;
    let mut spam_agent = app.agent_for(spammer).await;
    let thread = start(&mut spam_agent, "Cheap watches", "Buy now").await;
    let mo = moderator(&app).await;
    let mut mo_agent = app.agent_for(mo).await;

    let path = format!("/community/members/{spammer}/suspend");
    assert_eq!(mo_agent.post(&path, &[("reason", "")]).await.status, 400);
    assert_eq!(app.agent_for(tess).await.post(&path, &[("reason", "x")]).await.status, 403);
    let staff = format!("/community/members/{tess}/suspend");
    assert_eq!(
        mo_agent.post(&staff, &[("reason", "No")]).await.status,
        403,
        "moderators never suspend staff"
    );
    assert_eq!(
        mo_agent.post(&format!("/community/members/{mo}/suspend"), &[("reason", "x")]).await.status,
        403
    );

    let done = mo_agent.post(&path, &[("reason", "Advertising watches")]).await;
    assert_eq!(done.status, 303);
    let refused = spam_agent.post(&format!("{thread}/replies"), &[("body", "More watches")]).await;
    assert!(refused.location().starts_with("/login"), "the session ended");
    let mut again = app.agent();
    let login = again.sign_in("spam@example.org", PASSWORD).await;
    assert_eq!(login.status, 422);
    assert!(login.body.contains("Your account is suspended: Advertising watches"), "{}", login.body);
    again.cookies.insert("lang".into(), "ja".into());
    let japanese = again.sign_in("spam@example.org", PASSWORD).await.body;
    assert!(japanese.contains("あなたのアカウントは利用停止中です：Advertising watches"), "{japanese}");
    let log = mo_agent.get("/community/review/log").await.body;
    assert!(log.contains("Suspended") && log.contains("Advertising watches") && log.contains("Spammer"));

    assert_eq!(mo_agent.post(&format!("/community/members/{spammer}/reinstate"), &[]).await.status, 303);
    assert_eq!(
        app.column::<String>(&format!("SELECT suspended_reason FROM users WHERE id = {spammer}")).await,
        vec![String::new()]
    );
    assert_eq!(app.agent().sign_in("spam@example.org", PASSWORD).await.status, 303);
}

#[tokio::test]
async fn members_get_403_on_the_queue_the_log_and_every_moderator_action() {
    let app = moderated_app().await;
    let tess = teacher(&app).await;
    let mut tess_agent = app.agent_for(tess).await;
    let thread = start(&mut tess_agent, "Mine", "My post.").await;
    let first: i64 = app
        .column(&format!("SELECT first_post_id FROM forum_threads WHERE id = {}", thread_id(&thread)))
        .await[0];
    let sam = app.create_member("sam@example.org", "Sam").await;
    let mut sam_agent = app.agent_for(sam).await;
    for path in ["/community/review", "/community/review/log", &format!("{thread}/split")] {
        assert_eq!(sam_agent.get(path).await.status, 403, "{path}");
    }
    assert_eq!(moderate(&mut sam_agent, first, &[("action", "hide"), ("reason", "mine now")]).await, 403);
    for (path, field, value) in [
        (format!("{thread}/move"), "category", "elementary"),
        (format!("{thread}/merge"), "into", "1"),
        (format!("/community/members/{tess}/suspend"), "reason", "x"),
    ] {
        assert_eq!(sam_agent.post(&path, &[(field, value)]).await.status, 403, "{path}");
    }
    assert!(app.get(&thread).await.body.contains("My post."));
    assert!(!sam_agent.get(&thread).await.body.contains("/moderate\""), "no moderator buttons");
}

#[tokio::test]
async fn a_reported_message_is_in_the_queue_until_a_moderator_keeps_it() {
    let app = moderated_app().await;
    let tess = teacher(&app).await;
    let ben = app.create_member("ben@example.org", "Ben").await;
    let mut tess_agent = app.agent_for(tess).await;
    let sent = tess_agent
        .post("/messages", &[("to", &ben.to_string()), ("body", "Buy my course at spam.example")])
        .await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    let conversation = sent.location().trim_end_matches("?notice=sent").to_owned();
    let message = app.column::<i64>("SELECT id FROM messages").await[0];
    let mut ben_agent = app.agent_for(ben).await;
    let report = ben_agent.post(&format!("{conversation}/report/{message}"), &[("reason", "spam")]).await;
    assert_eq!(report.status, 303);

    let mo = moderator(&app).await;
    let mut mo_agent = app.agent_for(mo).await;
    let queue = mo_agent.get("/community/review").await.body;
    assert!(queue.contains("Reported message") && queue.contains("spam.example") && queue.contains("Tess"));
    assert!(!queue.contains("Suspend the writer"), "a moderator does not suspend staff");
    let kept = mo_agent.post(&format!("/community/review/messages/{message}"), &[]).await;
    assert_eq!(kept.status, 303);
    assert!(!mo_agent.get("/community/review").await.body.contains("spam.example"));
    assert_eq!(
        app.column::<i64>(&format!("SELECT COUNT(*) FROM reports WHERE resolved_by = {}", mo.0)).await,
        vec![1]
    );
    assert!(mo_agent.get("/community/review/log").await.body.contains("Report dismissed"));
}

#[tokio::test]
async fn a_waiting_reply_sent_twice_is_saved_once_even_with_others_replying_in_between() {
    let app = moderated_app().await;
    let tess = teacher(&app).await;
    let mut tess_agent = app.agent_for(tess).await;
    let thread = start(&mut tess_agent, "Phonics games", "Which ones work in grade 3?").await;
    let newcomer = app.create_member("new@example.org", "Newcomer").await;
    let mut newcomer_agent = app.agent_for(newcomer).await;
    let first = reply(&mut newcomer_agent, &thread, "Letter bingo, every Friday.").await;
    reply(&mut tess_agent, &thread, "Thanks, trying it!").await;
    let again = reply(&mut newcomer_agent, &thread, "Letter bingo, every Friday.").await;
    assert_eq!(again, first, "the second send leads to the first post");
    let saved: Vec<i64> = app
        .column(&format!(
            "SELECT COUNT(*) FROM forum_posts WHERE author_id = {} AND thread_id = {}",
            newcomer.0,
            thread_id(&thread)
        ))
        .await;
    assert_eq!(saved, vec![1]);
}

#[tokio::test]
async fn a_discussion_whose_first_post_waits_says_so_to_others_instead_of_showing_an_empty_thread() {
    let app = moderated_app().await.with_starter_course().await;
    let discussion = "/community/about/lesson/alt-essentials/the-school-year";
    let newcomer = app.create_member("new@example.org", "Newcomer").await;
    let mut newcomer_agent = app.agent_for(newcomer).await;
    let done = newcomer_agent.post(discussion, &[("body", "How do you plan around sports day?")]).await;
    assert_eq!(done.status, 303, "{}", done.body);
    for reader in
        [app.agent().get(discussion).await, app.agent_for(teacher(&app).await).await.get(discussion).await]
    {
        assert_eq!(reader.status, 200);
        assert!(reader.body.contains("first post is waiting for a moderator"), "{}", reader.body);
        assert!(!reader.body.contains("sports day") && !reader.body.contains(r#"name="body""#));
    }
    let japanese = app.get_with(discussion, &[("accept-language", "ja")]).await.body;
    assert!(japanese.contains("モデレーターの確認待ち"));
    let own = newcomer_agent.get(discussion).await.body;
    assert!(own.contains("How do you plan around sports day?"), "the writer sees their waiting post");
}

#[tokio::test]
async fn a_mention_in_a_post_waiting_for_approval_links_to_the_profile_for_the_moderator() {
    let app = moderated_app().await;
    let tess = teacher(&app).await;
    app.sql(&format!("UPDATE users SET visibility = 'members' WHERE id = {}", tess.0)).await;
    let mut tess_agent = app.agent_for(tess).await;
    let thread = start(&mut tess_agent, "Phonics games", "Which ones work in grade 3?").await;
    let newcomer = app.create_member("new@example.org", "Newcomer").await;
    reply(&mut app.agent_for(newcomer).await, &thread, "@tess letter bingo works for me.").await;
    let page = app.agent_for(moderator(&app).await).await.get(&thread).await.body;
    assert!(page.contains(&format!(r#"<a class="mention" href="/members/{}">"#, tess.0)), "{page}");
}
