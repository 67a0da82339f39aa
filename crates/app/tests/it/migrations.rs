//! Upgrading a database made by an older altto: nothing is lost.

use altto_store::{
    ConnectOptions, DocumentKind, DocumentRef, NewUser, QuizAttempt, ReviewState, Role, Store,
};

use crate::helpers::{column, fresh_database_url, run_sql};

/// Every row of the tables a migration must not touch, as text, in a fixed order.
async fn learner_rows(url: &str) -> Vec<String> {
    let mut rows = column::<String>(
        url,
        "SELECT CAST(user_id AS TEXT) || ' ' || CAST(lesson_id AS TEXT) || ' ' || CAST(course_id AS TEXT) || ' ' \
         || COALESCE(CAST(completed_at AS TEXT), '-') || ' ' || COALESCE(CAST(best_score AS TEXT), '-') || ' ' \
         || CAST(attempts AS TEXT) FROM lesson_progress ORDER BY user_id, lesson_id",
    )
    .await;
    rows.extend(
        column::<String>(
            url,
            "SELECT CAST(id AS TEXT) || ' ' || CAST(revision_id AS TEXT) || ' ' || CAST(score AS TEXT) || ' ' || answers \
             FROM quiz_attempts ORDER BY id",
        )
        .await,
    );
    rows.extend(
        column::<String>(
            url,
            "SELECT id || ' ' || CAST(course_id AS TEXT) || ' ' || CAST(revision_id AS TEXT) || ' ' || credential \
             FROM certificates ORDER BY id",
        )
        .await,
    );
    rows
}

#[tokio::test]
async fn courses_revisions_reviews_progress_and_certificates_survive_the_move_to_shared_document_tables() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database_url(dir.path()).await;
    let raw = url.expose().to_owned();
    let store = Store::connect(&ConnectOptions::new(url)).await.unwrap();
    // The schema before documents of every kind shared one revision store.
    store.migrate_to(8).await.unwrap();
    let user = |email: &str, role| NewUser {
        email: email.into(),
        password_hash: "x".into(),
        display_name: email.into(),
        locale: "en".into(),
        email_verified: true,
        role,
        is_moderator: false,
        is_admin: false,
    };
    let author = store.create_user(&user("ken@example.org", Role::Author)).await.unwrap();
    let editor = store.create_user(&user("emi@example.org", Role::Editor)).await.unwrap();
    let learner = store.create_user(&user("ann@example.org", Role::Member)).await.unwrap();
    for statement in [
        // a: published at revision 2, with an unpublished edit (3); b: archived; c: in review.
        "INSERT INTO courses (id, slug, status, published_revision_id, latest_revision_id, created_at, updated_at) \
         VALUES (1, 'a', 'published', 2, 3, 10, 11), (2, 'b', 'archived', 4, 4, 20, 21), (3, 'c', 'in_review', NULL, 5, 30, 31)",
        "INSERT INTO course_revisions (id, course_id, number, content, author_id, note, created_at) VALUES \
         (1, 1, 1, '{\"v\":1}', 1, 'first', 100), (2, 1, 2, '{\"v\":2}', 1, 'second', 101), \
         (3, 1, 3, '{\"v\":3}', 2, 'third', 102), (4, 2, 1, '{\"b\":1,\"title_ja\":\"ビー\"}', NULL, 'imported', 103), \
         (5, 3, 1, '{\"c\":1}', 1, '', 104)",
        "INSERT INTO course_reviews (id, course_id, revision_id, user_id, kind, body, created_at) VALUES \
         (1, 1, 1, 1, 'submitted', 'Ready', 200), (2, 1, 2, 2, 'published', '', 201), \
         (3, 2, 4, 2, 'archived', 'Old', 202), (4, 3, 5, 1, 'submitted', '', 203)",
        "INSERT INTO course_authors (course_id, user_id) VALUES (1, 1), (3, 1), (3, 2)",
        "INSERT INTO lessons (id, course_id, slug) VALUES (1, 1, 'one'), (2, 1, 'two'), (3, 2, 'only')",
    ] {
        run_sql(&raw, statement).await;
    }
    for (lesson, course) in [(1, 1), (2, 1), (3, 2)] {
        store.record_visit(learner, lesson, course).await.unwrap();
        store.mark_complete(learner, lesson, course).await.unwrap();
    }
    let attempt = QuizAttempt {
        user: learner,
        lesson_id: 2,
        course_id: 1,
        revision_id: 2,
        score: 80,
        passed: true,
        answers: "{\"q1\":\"a\"}".into(),
    };
    store.record_attempt(attempt).await.unwrap();
    // Written as that schema had it (no Japanese title column yet).
    run_sql(
        &raw,
        &format!(
            "INSERT INTO certificates (id, user_id, course_id, revision_id, recipient_name, course_title, \
             hours_tenths, licence, issued_at, credential) VALUES ('cert-1', {learner}, 2, 4, 'Ann', 'B', 15, \
             'CC-BY-4.0', 300, 'header.payload.signature')"
        ),
    )
    .await;
    let before = learner_rows(&raw).await;
    assert_eq!(before.len(), 3 + 1 + 1);

    store.migrate().await.unwrap();

    assert_eq!(learner_rows(&raw).await, before, "progress, attempts and certificates are untouched");
    // Every lesson's address is known, so a later rename can redirect from it.
    assert_eq!(store.lesson_at_address(1, "two").await.unwrap(), Some(2));
    assert_eq!(store.lesson_at_address(2, "only").await.unwrap(), Some(3));
    let a = store.course_by_slug("a").await.unwrap().unwrap();
    assert_eq!(
        (a.published_revision_id, a.latest_revision_id, a.review_state),
        (Some(2), Some(3), ReviewState::Draft)
    );
    assert!(a.is_public());
    let b = store.course_by_slug("b").await.unwrap().unwrap();
    assert_eq!(
        (b.published_revision_id, b.archived_at),
        (Some(4), Some(21)),
        "archived, keeping its revision"
    );
    assert!(!b.is_public());
    let c = store.course_by_slug("c").await.unwrap().unwrap();
    assert_eq!((c.review_state, c.published_revision_id), (ReviewState::InReview, None));
    let public: Vec<String> =
        store.published_documents().await.unwrap().into_iter().map(|published| published.slug).collect();
    assert_eq!(public, ["a"]);

    let history = store.revision_history(DocumentRef::course(1)).await.unwrap();
    let summary: Vec<(i64, i64, &str)> = history.iter().map(|r| (r.id, r.number, r.note.as_str())).collect();
    assert_eq!(summary, [(3, 3, "third"), (2, 2, "second"), (1, 1, "first")]);
    assert_eq!(history[0].author_id, Some(editor));
    assert_eq!(
        store.revision(DocumentKind::Course, 4).await.unwrap().content,
        "{\"b\":1,\"title_ja\":\"ビー\"}"
    );
    let certificate = store.certificate("cert-1").await.unwrap().unwrap();
    assert_eq!(
        certificate.course_title_ja.as_deref(),
        Some("ビー"),
        "a certificate takes the Japanese title of the revision it was issued for"
    );
    let notes: Vec<(i64, String, String)> = store
        .review_notes(DocumentRef::course(1))
        .await
        .unwrap()
        .into_iter()
        .map(|note| (note.id, note.event, note.body))
        .collect();
    assert_eq!(notes, [(1, "submitted".into(), "Ready".into()), (2, "published".into(), String::new())]);
    assert_eq!(store.review_notes(DocumentRef::course(2)).await.unwrap()[0].event, "archived");
    assert_eq!(store.author_ids(DocumentRef::course(3)).await.unwrap(), [author, editor]);
    assert_eq!(store.author_ids(DocumentRef::course(1)).await.unwrap(), [author]);

    // New revisions and notes number on after the copied ones.
    let next =
        store.add_revision(DocumentRef::course(1), Some(3), "{\"v\":4}", None, "fourth").await.unwrap();
    assert_eq!(next, 6);
    assert_eq!(store.revision_history(DocumentRef::course(1)).await.unwrap()[0].number, 4);
}

#[tokio::test]
async fn the_topics_of_courses_made_before_the_topic_list_are_listed_once_and_their_revisions_still_load() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database_url(dir.path()).await;
    let store = Store::connect(&ConnectOptions::new(url)).await.unwrap();
    // The schema before the topic list (and before captions had a language).
    store.migrate_to(12).await.unwrap();
    let mut content = altto::courses::package::parse(&crate::media::package_with_media()).unwrap();
    content.topics = vec!["team-teaching".into(), "phonics".into()];
    let json = serde_json::to_string(&content).unwrap();
    assert!(!json.contains("captions_ja"), "as older revisions were");
    let course = store.create_course("greetings").await.unwrap();
    store.add_revision(DocumentRef::course(course), None, &json, None, "old").await.unwrap();

    store.migrate().await.unwrap();
    assert!(store.topics().await.unwrap().is_empty(), "the migration itself adds no rows");
    assert!(!altto::courses::library::load_starter_course(&store).await.unwrap(), "the site has a course");
    let topics: Vec<(String, String, bool)> =
        store.topics().await.unwrap().into_iter().map(|t| (t.slug, t.label_en, t.provisional)).collect();
    assert!(topics.contains(&("team-teaching".into(), "Team teaching".into(), false)));
    assert!(topics.contains(&("phonics".into(), "phonics".into(), true)), "{topics:?}");
    // Filled once: a topic removed since is not put back at the next start.
    store.remove_topic("curriculum").await.unwrap();
    altto::courses::library::load_starter_course(&store).await.unwrap();
    assert!(!store.topics().await.unwrap().iter().any(|t| t.slug == "curriculum"));

    let latest = store.course_by_slug("greetings").await.unwrap().unwrap().latest_revision_id.unwrap();
    let old: altto::courses::content::CourseContent =
        serde_json::from_str(&store.revision(DocumentKind::Course, latest).await.unwrap().content).unwrap();
    let lesson = old.lesson("hello").unwrap();
    assert_eq!(lesson.video.as_ref().unwrap().captions_ja, None);
    assert_eq!(lesson.resources[0].title_ja, None);
}
