//! Authoring and the editorial workflow, in process.

use altto_store::{DocumentKind, DocumentRef, Grants, ReviewState, Role};

use crate::helpers::{Agent, TestApp};

pub(crate) async fn writer(app: &TestApp, email: &str, role: Role) -> altto_store::UserId {
    app.create_user(
        email,
        email.split('@').next().unwrap(),
        Grants { role, is_moderator: false, is_admin: false },
    )
    .await
}

/// The `base` revision id in a page's forms.
pub(crate) fn base_in(html: &str) -> String {
    let marker = r#"name="base" value=""#;
    let start = html.find(marker).expect("a form with a base revision") + marker.len();
    html[start..start + html[start..].find('"').unwrap()].to_owned()
}

pub(crate) async fn create_course(author: &mut Agent<'_>) {
    let created = author
        .post(
            "/author/courses",
            &[
                ("slug", "planning-lessons"),
                ("title", "Planning lessons"),
                ("summary", "How to plan a lesson with your JTE."),
                ("level", "intermediate"),
                ("hours", "1.5"),
                ("licence", "CC-BY-SA-4.0"),
                ("authors", "Ken Sato, the altto contributors"),
            ],
        )
        .await;
    assert_eq!(created.location(), "/author/courses/planning-lessons?done=created", "{}", created.body);
    let confirmed = author.get(created.location()).await;
    // Confirmed in the author's language (some tests read in Japanese).
    let said = ["The course has been created.", "コースを作成しました。"];
    assert!(
        said.iter().any(|text| confirmed.body.contains(&format!(r#"role="status">{text}"#))),
        "{}",
        confirmed.body
    );
}

#[tokio::test]
async fn an_author_drafts_a_course_previews_a_lesson_and_nothing_is_public_before_an_editor_publishes() {
    let app = TestApp::spawn().await;
    let author_id = writer(&app, "ken@example.org", Role::Author).await;
    let mut author = app.agent_for(author_id).await;
    create_course(&mut author).await;
    let page = author.get("/author/courses/planning-lessons").await;
    assert!(page.body.contains("Draft") && page.body.contains("First lesson"));
    assert_eq!(app.get("/courses/planning-lessons").await.status, 404, "drafts are not public");

    let edit = author.get("/author/courses/planning-lessons/lessons/first-lesson").await;
    let base = base_in(&edit.body);
    let fields = |body: &'static str, action: &'static str| {
        vec![
            ("base", base.clone()),
            ("title", "Aims first".to_owned()),
            ("summary", "Start from the aim.".to_owned()),
            ("minutes", "20".to_owned()),
            ("body", body.to_owned()),
            ("action", action.to_owned()),
        ]
    };
    let preview_fields =
        fields("## Aim\n\nEvery plan starts from **one aim**.<script>x()</script>", "preview");
    let pairs: Vec<(&str, &str)> = preview_fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let preview = author.post("/author/courses/planning-lessons/lessons/first-lesson", &pairs).await;
    assert_eq!(preview.status, 200);
    assert!(preview.body.contains("<strong>one aim</strong>") && !preview.body.contains("<script>x()"));
    assert_eq!(
        app.store().revision_history(DocumentRef::course(1)).await.unwrap().len(),
        1,
        "a preview saves nothing"
    );

    let save_fields = fields("## Aim\n\nEvery plan starts from **one aim**.", "save");
    let pairs: Vec<(&str, &str)> = save_fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let saved = author.post("/author/courses/planning-lessons/lessons/first-lesson", &pairs).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_eq!(app.store().revision_history(DocumentRef::course(1)).await.unwrap().len(), 2);

    // The quiz has its own editor, which explains a broken question and saves nothing.
    let quiz_path = "/author/courses/planning-lessons/lessons/first-lesson/quiz";
    let base = base_in(&author.get(quiz_path).await.body);
    let bad_quiz = [
        ("base", base.as_str()),
        ("pass_mark", "50"),
        ("q0-kind", "single"),
        ("q0-prompt", "Plans have aims?"),
        ("q0-c0-text", "Yes"),
        ("action", "save"),
    ];
    let refused = author.post(quiz_path, &bad_quiz).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("Question 1: give at least two options"), "the quiz problem is explained");
    assert!(refused.body.contains("Plans have aims?"), "what was typed is kept");
    assert_eq!(app.store().revision_history(DocumentRef::course(1)).await.unwrap().len(), 2, "nothing saved");
}

#[tokio::test]
async fn a_save_on_top_of_someone_elses_newer_revision_is_refused_and_keeps_the_typed_text() {
    let app = TestApp::spawn().await;
    let author_id = writer(&app, "ken@example.org", Role::Author).await;
    let editor_id = writer(&app, "emi@example.org", Role::Editor).await;
    let mut author = app.agent_for(author_id).await;
    let mut editor = app.agent_for(editor_id).await;
    create_course(&mut author).await;
    let path = "/author/courses/planning-lessons/lessons/first-lesson";
    let old_base = base_in(&author.get(path).await.body);
    let editor_base = base_in(&editor.get(path).await.body);
    let editor_save = editor
        .post(
            path,
            &[
                ("base", &editor_base),
                ("title", "Editor's"),
                ("summary", "S"),
                ("minutes", "10"),
                ("body", "Editor text"),
            ],
        )
        .await;
    assert_eq!(editor_save.status, 303);
    let stale = author
        .post(
            path,
            &[
                ("base", &old_base),
                ("title", "Mine"),
                ("summary", "S"),
                ("minutes", "10"),
                ("body", "My careful paragraph"),
            ],
        )
        .await;
    assert_eq!(stale.status, 409);
    assert!(
        stale.body.contains("Someone else saved this course") && stale.body.contains("My careful paragraph")
    );
    let history = app.store().revision_history(DocumentRef::course(1)).await.unwrap();
    assert_eq!(history.len(), 2, "the stale save changed nothing");
}

#[tokio::test]
async fn an_editor_requests_changes_the_author_revises_and_publishing_makes_it_public_with_history_and_restore()
 {
    let app = TestApp::spawn().await;
    let author_id = writer(&app, "ken@example.org", Role::Author).await;
    let editor_id = writer(&app, "emi@example.org", Role::Editor).await;
    let other_id = writer(&app, "other@example.org", Role::Author).await;
    let mut author = app.agent_for(author_id).await;
    let mut editor = app.agent_for(editor_id).await;
    create_course(&mut author).await;
    assert_eq!(app.agent_for(other_id).await.get("/author/courses/planning-lessons").await.status, 404);

    let submitted =
        author.post("/author/courses/planning-lessons/submit", &[("note", "Ready for a look")]).await;
    assert_eq!(submitted.status, 303);
    let course = app.store().course_by_slug("planning-lessons").await.unwrap().unwrap();
    assert_eq!(course.review_state, ReviewState::InReview);
    let locked = author
        .post("/author/courses/planning-lessons/modules", &[("title", "M"), ("name", "m"), ("lesson", "l")])
        .await;
    assert_eq!(locked.status, 403, "authors cannot edit while the course is in review");

    let changes = editor
        .post(
            "/author/courses/planning-lessons/review",
            &[("decision", "changes_requested"), ("note", "Add a reflection prompt")],
        )
        .await;
    assert_eq!(changes.status, 303);
    let page = author.get("/author/courses/planning-lessons").await;
    assert!(page.body.contains("Add a reflection prompt") && page.body.contains("Changes requested"));

    let path = "/author/courses/planning-lessons/lessons/first-lesson";
    let base = base_in(&author.get(path).await.body);
    author
        .post(
            path,
            &[
                ("base", &base),
                ("title", "Aims first"),
                ("summary", "Start from the aim."),
                ("minutes", "20"),
                ("body", "## Aim\n\nRevised text."),
                ("reflection", "What is your next lesson's aim?"),
            ],
        )
        .await;
    let base = base_in(&editor.get("/author/courses/planning-lessons").await.body);
    let published = editor
        .post("/author/courses/planning-lessons/review", &[("decision", "publish"), ("base", &base)])
        .await;
    assert_eq!(published.status, 303);
    let public = app.get("/courses/planning-lessons/lessons/first-lesson").await;
    assert_eq!(public.status, 200);
    assert!(
        public.body.contains("Revised text.") && public.body.contains("next lesson&#39;s aim")
            || public.body.contains("next lesson's aim")
    );

    // A later edit does not change what learners see until it is published.
    let base = base_in(&author.get(path).await.body);
    author
        .post(
            path,
            &[
                ("base", &base),
                ("title", "Aims first"),
                ("summary", "S"),
                ("minutes", "20"),
                ("body", "Unreviewed words."),
            ],
        )
        .await;
    assert!(
        !app.get("/courses/planning-lessons/lessons/first-lesson").await.body.contains("Unreviewed words.")
    );

    let history = author.get("/author/courses/planning-lessons/revisions").await;
    assert!(history.body.contains("published"));
    let latest = app.store().revision_history(DocumentRef::course(1)).await.unwrap()[0].number;
    let diff = author.get(&format!("/author/courses/planning-lessons/revisions/{latest}")).await;
    assert!(
        diff.body.contains("<del>- Revised text.</del>")
            && diff.body.contains("<ins>+ Unreviewed words.</ins>"),
        "{}",
        diff.body
    );
    let earlier = latest - 1;
    let page = author.get(&format!("/author/courses/planning-lessons/revisions/{earlier}")).await;
    let restored = author
        .post(
            &format!("/author/courses/planning-lessons/revisions/{earlier}/restore"),
            &[("base", &base_in(&page.body))],
        )
        .await;
    assert_eq!(restored.status, 303);
    let newest = app.store().revision_history(DocumentRef::course(1)).await.unwrap();
    assert_eq!(newest[0].number, latest + 1, "restoring adds a revision; nothing is deleted");
    let content = app.store().revision(DocumentKind::Course, newest[0].id).await.unwrap().content;
    assert!(content.contains("Revised text.") && !content.contains("Unreviewed words."));
}

#[tokio::test]
async fn reordering_lessons_in_the_editor_keeps_learners_progress() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let editor_id = writer(&app, "emi@example.org", Role::Editor).await;
    let learner_id = app.create_member("learner@example.org", "Learner").await;
    let mut learner = app.agent_for(learner_id).await;
    learner.get("/courses/alt-essentials/lessons/the-school-year").await;
    let mut editor = app.agent_for(editor_id).await;
    let base = base_in(&editor.get("/author/courses/alt-essentials").await.body);
    let moved = editor
        .post(
            "/author/courses/alt-essentials/move",
            &[("base", &base), ("kind", "lesson"), ("key", "the-school-year"), ("direction", "down")],
        )
        .await;
    assert_eq!(moved.status, 303);
    let base = base_in(&editor.get("/author/courses/alt-essentials").await.body);
    editor.post("/author/courses/alt-essentials/review", &[("decision", "publish"), ("base", &base)]).await;
    let course = app.starter().await;
    assert_eq!(course.content.modules[0].lessons[1].slug, "the-school-year", "it moved down one place");
    let page = learner.get("/courses/alt-essentials").await;
    let position = page.body.find("the-school-year").unwrap();
    assert!(page.body[position..].contains("In progress") || page.body[position..].contains("Done"));
}

#[tokio::test]
async fn an_editor_takes_a_course_down_and_it_leaves_the_catalogue() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let editor_id = writer(&app, "emi@example.org", Role::Editor).await;
    let mut editor = app.agent_for(editor_id).await;
    let author_id = writer(&app, "ken@example.org", Role::Author).await;
    let refused = app
        .agent_for(author_id)
        .await
        .post("/author/courses/alt-essentials/review", &[("decision", "unpublish")])
        .await;
    assert_eq!(refused.status, 404, "authors who do not write it cannot even see it");
    let down = editor
        .post(
            "/author/courses/alt-essentials/review",
            &[("decision", "unpublish"), ("note", "Being rewritten")],
        )
        .await;
    assert_eq!(down.status, 303);
    assert_eq!(app.get("/courses/alt-essentials").await.status, 404);
    assert!(!app.get("/courses").await.body.contains("ALT Essentials"));
    let page = editor.get("/author/courses/alt-essentials").await;
    assert!(page.body.contains("Unpublished") && page.body.contains("Being rewritten"));
}

#[tokio::test]
async fn a_lesson_text_nested_too_deeply_is_neither_previewed_nor_saved_and_the_author_is_told_where() {
    let app = TestApp::spawn().await;
    let author_id = writer(&app, "ken@example.org", Role::Author).await;
    let mut author = app.agent_for(author_id).await;
    create_course(&mut author).await;
    let path = "/author/courses/planning-lessons/lessons/first-lesson";
    let base = base_in(&author.get(path).await.body);
    let revisions = app.store().revision_history(DocumentRef::course(1)).await.unwrap().len();
    let hostile = [
        (
            "Intro\n\n".to_owned() + &"> ".repeat(20_000) + "deep",
            "Line 3: Quotes, lists or HTML elements are nested more than 32 levels deep",
        ),
        (
            "<div>".repeat(20_000),
            "Line 1: Quotes, lists or HTML elements are nested more than 32 levels deep",
        ),
        ("a".repeat(200_001), "This text is too long (more than 200 KB)"),
    ];
    for (body, message) in &hostile {
        for action in ["preview", "save"] {
            let fields = [
                ("base", base.as_str()),
                ("title", "Aims first"),
                ("summary", "S"),
                ("minutes", "20"),
                ("body", body.as_str()),
                ("action", action),
            ];
            let refused = author.post(path, &fields).await;
            assert_eq!(refused.status, 422, "{action}");
            assert!(refused.body.contains(message), "{action}: {message}");
            assert!(!refused.body.contains(r#"<section class="preview""#), "nothing is rendered");
        }
    }
    assert_eq!(
        app.store().revision_history(DocumentRef::course(1)).await.unwrap().len(),
        revisions,
        "nothing was saved"
    );
}

#[tokio::test]
async fn of_many_saves_on_the_same_revision_at_once_exactly_one_wins_and_the_others_are_told_it_is_stale() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let store = app.store();
    let course = store.course_by_slug("alt-essentials").await.unwrap().unwrap();
    let base = course.latest_revision_id;
    let content = store.revision(DocumentKind::Course, base.unwrap()).await.unwrap().content;
    let saves = (0..8).map(|n| {
        let content = content.clone();
        async move {
            store
                .add_revision(DocumentRef::course(course.id), base, &content, None, &format!("editor {n}"))
                .await
        }
    });
    let results = futures_util::future::join_all(saves).await;
    let won: Vec<i64> = results.iter().filter_map(|r| r.as_ref().ok().copied()).collect();
    let stale = results.iter().filter(|r| matches!(r, Err(altto_store::StoreError::Conflict(_)))).count();
    assert_eq!((won.len(), stale), (1, 7), "{results:?}");
    let now = store.course_by_slug("alt-essentials").await.unwrap().unwrap();
    assert_eq!(now.latest_revision_id, Some(won[0]), "the winner is the newest revision");
    assert_eq!(
        store.revision_history(DocumentRef::course(course.id)).await.unwrap().len(),
        2,
        "nothing else was saved"
    );
}

/// Saves the first lesson of the planning course with `body`, as `agent`.
async fn save_first_lesson(agent: &mut Agent<'_>, body: &str) -> axum::http::StatusCode {
    let path = "/author/courses/planning-lessons/lessons/first-lesson";
    // Someone who may not edit gets no form: send the newest revision's id anyway.
    let page = agent.get(path).await.body;
    let base = if page.contains(r#"name="base""#) { base_in(&page) } else { "2".to_owned() };
    let fields = [
        ("base", base.as_str()),
        ("title", "Aims first"),
        ("summary", "S"),
        ("minutes", "20"),
        ("body", body),
    ];
    agent.post(path, &fields).await.status
}

#[tokio::test]
async fn an_archived_course_stays_withdrawn_through_later_edits_submissions_and_requests_for_changes() {
    let app = TestApp::spawn().await;
    let author_id = writer(&app, "ken@example.org", Role::Author).await;
    let editor_id = writer(&app, "emi@example.org", Role::Editor).await;
    let mut author = app.agent_for(author_id).await;
    let mut editor = app.agent_for(editor_id).await;
    create_course(&mut author).await;
    let course = "/author/courses/planning-lessons";
    let review = "/author/courses/planning-lessons/review";
    let lesson = "/courses/planning-lessons/lessons/first-lesson";
    let base = base_in(&editor.get(course).await.body);
    assert_eq!(editor.post(review, &[("decision", "publish"), ("base", &base)]).await.status, 303);
    let public = "/courses/planning-lessons";
    for _ in 0..2 {
        // The second visit is answered from the visitor page cache.
        assert_eq!(app.get(lesson).await.status, 200);
        assert_eq!(app.get(public).await.status, 200);
    }
    let archived = editor.post(review, &[("decision", "archive"), ("note", "Out of date")]).await;
    assert_eq!(archived.status, 303);
    let confirmed = editor.get(archived.location()).await;
    assert!(confirmed.body.contains(r#"role="status">Archived: visitors no longer see the course"#));
    assert_eq!(app.get(lesson).await.status, 404, "archiving withdraws it, cached pages too");
    assert_eq!(app.get(public).await.status, 404, "archiving withdraws the course page");

    // Authors cannot change an archived course; editors can, and none of it is public.
    assert_eq!(save_first_lesson(&mut author, "Author's words.").await, 403);
    assert_eq!(save_first_lesson(&mut editor, "Editor's words.").await, 303);
    assert_eq!(app.get(lesson).await.status, 404, "public again after an edit");
    let submit = author.post("/author/courses/planning-lessons/submit", &[("note", "Please")]).await;
    assert_eq!(submit.status, 409, "an archived course cannot be submitted");
    assert!(submit.body.contains("archived"), "{}", submit.body);
    let sent_back = editor.post(review, &[("decision", "changes_requested"), ("note", "More")]).await;
    assert_eq!(sent_back.status, 409, "nothing is in review");
    assert_eq!(editor.post(review, &[("decision", "comment"), ("note", "Keep it")]).await.status, 303);
    assert_eq!(app.get(lesson).await.status, 404, "public again after review steps");
    assert!(!app.get("/courses").await.body.contains("planning-lessons"), "not in the catalogue");
    let page = editor.get(course).await;
    assert!(page.body.contains("Archived") && !page.body.contains(r#"value="archive""#), "{}", page.body);

    // Publishing brings it back, with the editor's edit.
    let base = base_in(&page.body);
    assert_eq!(editor.post(review, &[("decision", "publish"), ("base", &base)]).await.status, 303);
    let public = app.get(lesson).await;
    assert!(
        public.status == 200 && public.body.contains("Editor&#39;s words.")
            || public.body.contains("Editor's words.")
    );
}

#[tokio::test]
async fn a_published_course_being_edited_keeps_its_public_version_through_review_and_shows_the_edits_are_pending()
 {
    let app = TestApp::spawn().await;
    let author_id = writer(&app, "ken@example.org", Role::Author).await;
    let editor_id = writer(&app, "emi@example.org", Role::Editor).await;
    let mut author = app.agent_for(author_id).await;
    let mut editor = app.agent_for(editor_id).await;
    create_course(&mut author).await;
    let review = "/author/courses/planning-lessons/review";
    let lesson = "/courses/planning-lessons/lessons/first-lesson";
    let base = base_in(&editor.get("/author/courses/planning-lessons").await.body);
    editor.post(review, &[("decision", "publish"), ("base", &base)]).await;
    let before = app.get(lesson).await.body;

    assert_eq!(save_first_lesson(&mut author, "Second thoughts.").await, 303);
    assert!(author.get("/author").await.body.contains("Published, with unpublished edits"));
    author.post("/author/courses/planning-lessons/submit", &[("note", "Edits")]).await;
    editor.post(review, &[("decision", "changes_requested"), ("note", "Not yet")]).await;
    assert_eq!(app.get(lesson).await.body, before, "the public version did not change");
    assert!(author.get("/author").await.body.contains("Changes requested"));
    // Unpublishing twice: the second is refused with a reason, not an error page.
    assert_eq!(editor.post(review, &[("decision", "unpublish"), ("note", "")]).await.status, 303);
    let again = editor.post(review, &[("decision", "unpublish"), ("note", "")]).await;
    assert_eq!(again.status, 409);
    assert!(again.body.contains("not published"), "{}", again.body);
}

#[tokio::test]
async fn an_author_writes_ordering_matching_and_cloze_questions_in_the_quiz_editor_and_a_broken_blank_is_explained()
 {
    let app = TestApp::spawn().await;
    let author_id = writer(&app, "ken@example.org", Role::Author).await;
    let mut author = app.agent_for(author_id).await;
    create_course(&mut author).await;
    let path = "/author/courses/planning-lessons/lessons/first-lesson/quiz";
    let form = |text: &str, base: String| {
        [
            ("base", base),
            ("pass_mark", "50".into()),
            ("q0-kind", "ordering".into()),
            ("q0-prompt", "Order".into()),
            ("q0-items", "Warm-up\nInput\nPractice".into()),
            ("q1-kind", "matching".into()),
            ("q1-prompt", "Match".into()),
            ("q1-p0-left", "校長".into()),
            ("q1-p0-right", "Principal".into()),
            ("q1-p1-left", "教頭".into()),
            ("q1-p1-right", "Vice-principal".into()),
            ("q2-kind", "cloze".into()),
            ("q2-prompt", "Fill in".into()),
            ("q2-text", text.to_owned()),
            ("action", "save".into()),
        ]
    };
    let base = base_in(&author.get(path).await.body);
    let save = form("Starts in {April|4月}; a brace: \\{", base);
    let pairs: Vec<(&str, &str)> = save.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(author.post(path, &pairs).await.status, 303);
    let edit = author.get(path).await;
    let revisions = app.store().revision_history(DocumentRef::course(1)).await.unwrap();
    assert_eq!(revisions.len(), 2, "saved as a new revision");
    for written in ["Warm-up\nInput\nPractice", "value=\"校長\"", "Starts in {April|4月}; a brace: \\{"] {
        assert!(edit.body.contains(written), "the editor shows the saved quiz: {written}");
    }

    let broken = form("Starts in {April; a brace: \\{", base_in(&edit.body));
    let pairs: Vec<(&str, &str)> = broken.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let refused = author.post(path, &pairs).await;
    assert_eq!(refused.status, 422);
    assert!(
        refused.body.contains("Question 3: a { opens a blank that no } closes (write \\{ for a brace)"),
        "{}",
        refused.body
    );
    assert!(!refused.body.contains("question 3 (cloze)"), "no package-format message");
}
