//! Several nodes on one database: sessions, publishing and learners' progress as two
//! servers behind a load balancer see them.
//!
//! What "node B" is depends on the backend, on purpose:
//! - PostgreSQL: node A and node B are two apps on the same database, each with its own
//!   state, store, pool and in-memory caches ([`TestApp::another_node`]), as two
//!   `altto serve` on two machines. Every scenario crosses from one to the other.
//! - SQLite: a second server on the same file is refused by design, and two app states
//!   on one file would not be a valid stand-in: the SQLite store keeps in-memory copies
//!   of sessions (2 s) and progress (a minute) that are only right because one process
//!   makes every write, and each app would keep a group-commit writer of its own. So
//!   [`two_nodes`] checks that the lock a second server would take is refused (the
//!   real processes are run by `cli::a_second_server_on_the_same_sqlite_database_refuses_to_start_and_says_why`),
//!   and node B is node A: every scenario then runs against the one server SQLite
//!   allows, which still checks each request's outcome and pushes the concurrent
//!   writes through group commit.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use altto::server::lock_sqlite_database;
use altto_store::{DatabaseUrl, Grants, QuizAttempt, Role};
use axum::http::StatusCode;

use crate::{
    authoring::base_in,
    helpers::{Agent, PASSWORD, TestApp, TestResponse, fresh_database_url, right_answers},
};

/// Node A, on a fresh database with the starter course, and node B (see the module
/// comment for what B is on each backend).
async fn two_nodes() -> (Arc<TestApp>, Arc<TestApp>) {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database_url(dir.path()).await;
    // On PostgreSQL each node gets 8 connections, not the harness's 4: the requests sent
    // at once below are meant to meet in the database, not to queue for a connection
    // (a node answers 503 after waiting a second for one, and a busy two-core machine
    // makes the queue that slow). Not the server's 16: the test database serves every
    // test running beside this one.
    let pool = url.sqlite_path().is_none().then_some(8);
    let a = TestApp::spawn_on(dir, url, |settings| settings.database_max_connections = pool).await;
    let a = Arc::new(a.with_starter_course().await);
    let b = match a.another_node().await {
        Some(b) => Arc::new(b),
        None => {
            let url = DatabaseUrl::parse(a.settings.database_url.as_deref().unwrap()).unwrap();
            let _serving = lock_sqlite_database(&url).unwrap();
            let second = lock_sqlite_database(&url).map(|_| ()).unwrap_err().to_string();
            assert!(second.starts_with("another altto is already serving the database"), "{second}");
            a.clone()
        }
    };
    (a, b)
}

/// Waits until `check` holds, asking again every few milliseconds, and fails after a
/// generous deadline. What is asserted is that node B gets there; how soon is the
/// design's business ([`altto::content::published::PUBLISHED_TTL`]), not the test's.
async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = Instant::now() + Duration::from_secs(10);
    while !check().await {
        assert!(Instant::now() < deadline, "node B never got there: {what}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// The `Cookie` header an agent sends.
fn cookie_of(agent: &Agent<'_>) -> String {
    agent.cookies.iter().map(|(name, value)| format!("{name}={value}")).collect::<Vec<_>>().join("; ")
}

#[tokio::test]
async fn a_session_made_on_one_node_works_on_the_other_until_it_is_signed_out_on_the_first() {
    let (a, b) = two_nodes().await;
    a.create_member("aiko@example.org", "Aiko Member").await;
    let mut on_a = a.agent();
    assert_eq!(on_a.sign_in("aiko@example.org", PASSWORD).await.status, 303);
    let mut on_b = on_a.on(&b);
    let learning = on_b.get("/learning").await;
    assert_eq!(learning.status, 200);
    assert!(learning.body.contains("Aiko Member"));
    // A form token from node A is good on node B: the key is the site's, in the database.
    let token = on_a.csrf().await;
    let lesson = "/courses/alt-essentials/lessons/the-school-year";
    let saved = on_b
        .post_raw(&format!("{lesson}/reflection"), &[("_csrf", &token), ("note", "Written on node B")])
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert!(on_a.get(lesson).await.body.contains("Written on node B"));

    assert_eq!(on_a.post("/logout", &[]).await.status, 303);
    let after = on_b.get("/account").await;
    assert_eq!(after.status, 303, "node B no longer accepts the session");
    assert!(after.location().starts_with("/login"), "{}", after.location());
}

/// Edits a lesson of the starter course through the editor's form and publishes the new
/// revision, as `editor` (signed in on one node).
async fn publish_an_edit(editor: &mut Agent<'_>, app: &TestApp, lesson_slug: &str, added: &str) {
    let lesson = app.starter().await.content.lesson(lesson_slug).unwrap().clone();
    let edit = format!("/author/courses/alt-essentials/lessons/{lesson_slug}");
    let base = base_in(&editor.get(&edit).await.body);
    let video = lesson.video.clone().unwrap_or_default();
    let (minutes, body) = (lesson.minutes.to_string(), format!("{}\n\n{added}\n", lesson.body));
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let fields = [
        ("base", base),
        ("title", lesson.title.clone()),
        ("title_ja", text(&lesson.title_ja)),
        ("summary", lesson.summary.clone()),
        ("summary_ja", text(&lesson.summary_ja)),
        ("minutes", minutes),
        ("reflection", text(&lesson.reflection)),
        ("youtube", text(&video.youtube)),
        ("vimeo", text(&video.vimeo)),
        ("video_file", text(&video.file)),
        ("captions", text(&video.captions)),
        ("transcript", text(&video.transcript)),
        ("body", body),
    ];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(name, value)| (*name, value.as_str())).collect();
    let saved = editor.post(&edit, &fields).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    publish(editor).await;
}

/// Publishes the newest revision of the starter course.
async fn publish(editor: &mut Agent<'_>) {
    let base = base_in(&editor.get("/author/courses/alt-essentials").await.body);
    let published = editor
        .post("/author/courses/alt-essentials/review", &[("decision", "publish"), ("base", &base)])
        .await;
    assert_eq!(published.status, 303, "{}", published.body);
}

#[tokio::test]
async fn a_publish_on_one_node_reaches_visitors_and_members_on_the_other_and_so_does_taking_the_course_down()
{
    let (a, b) = two_nodes().await;
    let path = "/courses/alt-essentials/lessons/the-school-year";
    let added = "A sentence an editor added on node A.";
    let grants = Grants { role: Role::Editor, is_moderator: false, is_admin: false };
    let editor_id = a.create_user("emi@example.org", "Emi Editor", grants).await;
    let member_id = a.create_member("aiko@example.org", "Aiko Member").await;
    let member = cookie_of(&b.agent_for(member_id).await);
    let gzip = ("accept-encoding", "gzip");
    let (visitor_headers, member_headers) = ([gzip], [("cookie", member.as_str()), gzip]);
    let visitor = || b.get_with(path, &visitor_headers);
    let visitor_plain = || b.get(path);
    let as_member = || b.get_with(path, &member_headers);
    // Node B holds everything it caches: which revision is published, the visitors'
    // page (rendered once, then sent by the middleware) and the members' skeleton.
    for _ in 0..2 {
        let page = visitor().await;
        assert_eq!(page.status, 200);
        assert!(!page.body.contains(added));
        let page = as_member().await;
        assert_eq!(page.header("content-encoding"), "gzip", "stitched from the skeleton");
        assert!(page.body.contains("Aiko Member") && !page.body.contains(added));
    }
    assert!(b.get("/courses").await.body.contains("ALT Essentials"));

    let mut editor = a.agent_for(editor_id).await;
    publish_an_edit(&mut editor, &a, "the-school-year", added).await;
    assert!(a.get(path).await.body.contains(added), "node A, which published, at once");
    // Each step is polled first through one of the two ways a lesson page is sent
    // (whichever asks first makes node B read again what is published).
    eventually("members see the new revision", || async {
        let page = as_member().await;
        page.body.contains(added) && page.body.contains("Aiko Member")
    })
    .await;
    eventually("visitors see it", || async { visitor().await.body.contains(added) }).await;
    assert!(visitor_plain().await.body.contains(added));

    let down = editor.post("/author/courses/alt-essentials/review", &[("decision", "unpublish")]).await;
    assert_eq!(down.status, 303);
    assert_eq!(a.get(path).await.status, 404);
    let gone = |response: TestResponse| response.status == StatusCode::NOT_FOUND;
    eventually("visitors' page gone", || async { gone(visitor().await) }).await;
    assert!(gone(visitor_plain().await));
    eventually("members' page gone", || async { gone(as_member().await) }).await;
    eventually("off the catalogue", || async { !b.get("/courses").await.body.contains("ALT Essentials") })
        .await;
    assert!(gone(b.get("/courses/alt-essentials").await));

    publish(&mut editor).await;
    eventually("published again", || async { as_member().await.body.contains(added) }).await;
    eventually("published again, for visitors", || async { visitor().await.body.contains(added) }).await;
    let archived = editor.post("/author/courses/alt-essentials/review", &[("decision", "archive")]).await;
    assert_eq!(archived.status, 303);
    eventually("archived: members' page gone", || async { gone(as_member().await) }).await;
    eventually("archived: visitors' page gone", || async { gone(visitor().await) }).await;
    assert!(gone(b.get("/courses/alt-essentials").await));
    assert!(!b.get("/courses").await.body.contains("ALT Essentials"));
}

/// How many quiz attempts, and how many lesson completions, go to each node at once
/// (so each node gets twice as many requests).
const PER_NODE: usize = 10;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quiz_attempts_and_completions_sent_to_both_nodes_at_once_are_each_recorded_once() {
    let (a, b) = two_nodes().await;
    let course = a.starter().await;
    let lessons: Vec<_> = course.content.lessons().map(|(_, lesson)| lesson.clone()).collect();
    let (quizzed, completed) = (&lessons[0], &lessons[1]);
    let member_id = a.create_member("aiko@example.org", "Aiko Member").await;
    let mut member = a.agent_for(member_id).await;
    let token = member.csrf().await;
    let revision = course.revision_id.to_string();
    // Every answer right but the typed one, which carries the attempt's own mark: one
    // wrong answer still passes, and the stored answers tell attempts apart.
    let quiz = quizzed.quiz.as_ref().unwrap();
    let typed = quiz
        .questions
        .iter()
        .position(|q| matches!(q, altto::courses::content::Question::Short { .. }))
        .map(|i| format!("q{i}"))
        .expect("the first lesson's quiz has a typed answer");
    let questions = quiz.questions.len();
    let score = (questions - 1) * 100 / questions;
    assert!(score >= quiz.pass_mark as usize, "one wrong answer still passes");
    let mark = |n: usize| format!("mark {n:03}");
    // A lesson with a quiz can be marked complete once its quiz is passed.
    let pass = QuizAttempt {
        user: member_id,
        lesson_id: completed.id,
        course_id: course.course_id,
        revision_id: course.revision_id,
        score: 100,
        passed: true,
        answers: "[]".to_owned(),
    };
    a.store().record_attempt(pass).await.unwrap();

    let mut requests = tokio::task::JoinSet::new();
    for n in 0..2 * PER_NODE {
        let mut fields = vec![("_csrf".to_owned(), token.clone()), ("revision".to_owned(), revision.clone())];
        fields.extend(right_answers(quizzed).into_iter().filter(|(name, _)| *name != typed));
        fields.push((typed.clone(), mark(n)));
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let attempt =
            member.post_request(&format!("/courses/alt-essentials/lessons/{}/quiz", quizzed.slug), &fields);
        let completion = member.post_request(
            &format!("/courses/alt-essentials/lessons/{}/complete", completed.slug),
            &[("_csrf", &token)],
        );
        let node = if n % 2 == 0 { a.clone() } else { b.clone() };
        requests.spawn(async move { ("attempt", node.request(attempt).await) });
        let node = if n % 2 == 0 { b.clone() } else { a.clone() };
        requests.spawn(async move { ("completion", node.request(completion).await) });
    }
    while let Some(done) = requests.join_next().await {
        let (what, response) = done.unwrap();
        let expected = if what == "attempt" { 200 } else { 303 };
        assert_eq!(response.status, expected, "{what}: {}", response.body);
    }

    let answers: Vec<String> = a
        .column(&format!(
            "SELECT answers FROM quiz_attempts WHERE user_id = {member_id} AND lesson_id = {}",
            quizzed.id
        ))
        .await;
    assert_eq!(answers.len(), 2 * PER_NODE, "one row per attempt");
    for n in 0..2 * PER_NODE {
        let quoted = format!("\"{}\"", mark(n));
        assert_eq!(answers.iter().filter(|a| a.contains(&quoted)).count(), 1, "attempt {n} once");
    }
    for node in [&a, &b] {
        let progress = node.store().course_progress(member_id, course.course_id).await.unwrap();
        assert_eq!(progress.len(), 2, "one row per lesson");
        let row = progress.iter().find(|p| p.lesson_id == quizzed.id).unwrap();
        assert_eq!(row.attempts, 2 * PER_NODE as i64, "every attempt counted once");
        assert_eq!(row.best_score, Some(score as i64));
        assert!(row.passed_at.is_some() && row.completed_at.is_some(), "passing completed it");
        let row = progress.iter().find(|p| p.lesson_id == completed.id).unwrap();
        assert!(row.completed_at.is_some() && row.attempts == 1, "completions add no attempt");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_last_lessons_finished_on_both_nodes_at_once_issue_exactly_one_certificate() {
    let (a, b) = two_nodes().await;
    let course = a.starter().await;
    let lessons: Vec<_> = course.content.lessons().map(|(_, lesson)| lesson.clone()).collect();
    let (done_before, last_two) = lessons.split_at(lessons.len() - 2);
    let path = |lesson: &altto::courses::content::LessonContent, what: &str| {
        format!("/courses/alt-essentials/lessons/{}/{what}", lesson.slug)
    };
    // Several members, so the race is run several times over.
    let mut requests = tokio::task::JoinSet::new();
    let mut members = Vec::new();
    for m in 0..4 {
        let id = a.create_member(&format!("learner{m}@example.org"), &format!("Learner {m}")).await;
        for lesson in done_before {
            let attempt = QuizAttempt {
                user: id,
                lesson_id: lesson.id,
                course_id: course.course_id,
                revision_id: course.revision_id,
                score: 100,
                passed: true,
                answers: "[]".to_owned(),
            };
            a.store().record_attempt(attempt).await.unwrap();
        }
        let mut member = a.agent_for(id).await;
        let token = member.csrf().await;
        // Each of the last two lessons' quizzes passed, and each marked complete, on
        // both nodes at once.
        for (lesson, node) in [(&last_two[0], &a), (&last_two[1], &b), (&last_two[0], &b), (&last_two[1], &a)]
        {
            let mut fields = vec![("_csrf".to_owned(), token.clone())];
            fields.push(("revision".to_owned(), course.revision_id.to_string()));
            fields.extend(right_answers(lesson));
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            for request in [
                member.post_request(&path(lesson, "quiz"), &fields),
                member.post_request(&path(lesson, "complete"), &[("_csrf", &token)]),
            ] {
                let node = node.clone();
                requests.spawn(async move { (id, node.request(request).await) });
            }
        }
        members.push(id);
    }
    let mut pointed_to = Vec::new();
    while let Some(done) = requests.join_next().await {
        let (id, response) = done.unwrap();
        // A completion that overtakes its quiz's pass is refused (422) and changes nothing.
        assert!([200, 303, 422].contains(&response.status.as_u16()), "{}", response.body);
        if let Some(certificate) = response.location().strip_prefix("/certificates/") {
            pointed_to.push((id, certificate.split('?').next().unwrap().to_owned()));
        }
    }
    for id in members {
        let issued: Vec<String> =
            a.column(&format!("SELECT id FROM certificates WHERE user_id = {id}")).await;
        assert_eq!(issued.len(), 1, "exactly one certificate for member {id}");
        for (_, shown) in pointed_to.iter().filter(|(member, _)| *member == id) {
            assert_eq!(shown, &issued[0], "every completion leads to the one certificate");
        }
        for node in [&a, &b] {
            let page = node.get(&format!("/certificates/{}", issued[0])).await;
            assert!(page.body.contains("This certificate is genuine"), "verified on either node");
        }
    }
}
