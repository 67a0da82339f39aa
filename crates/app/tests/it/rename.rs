//! Renaming, moving and deleting courses, modules, lessons and files: through review
//! like any edit, with old addresses redirecting once published, and learners keeping
//! their progress and certificates whatever happens.

use altto_store::Role;

use crate::{
    authoring::{base_in, create_course, writer},
    courses::complete_starter_course,
    helpers::{Agent, TestApp, TestResponse, right_answers},
    media::{Uploads, draft_files},
};

const COURSE: &str = "/author/courses/alt-essentials";

/// An editor, signed in.
async fn editor(app: &TestApp) -> Agent<'_> {
    let id = writer(app, "emi@example.org", Role::Editor).await;
    app.agent_for(id).await
}

/// The newest revision of the course at `slug`, as its forms carry it.
async fn base(app: &TestApp, slug: &str) -> String {
    app.store().course_by_slug(slug).await.unwrap().unwrap().latest_revision_id.unwrap().to_string()
}

/// The editor publishes the newest revision of the course at `slug`; the page that
/// follows is the course's (new) address.
async fn publish(app: &TestApp, editor: &mut Agent<'_>, slug: &str) -> TestResponse {
    let base = base(app, slug).await;
    let published = editor
        .post(&format!("/author/courses/{slug}/review"), &[("decision", "publish"), ("base", &base)])
        .await;
    assert_eq!(published.status, 303, "{}", published.body);
    published
}

/// Posts `fields` to the course's `action` on top of the newest revision.
async fn change(
    app: &TestApp,
    editor: &mut Agent<'_>,
    action: &str,
    fields: &[(&str, &str)],
) -> TestResponse {
    let base = base(app, "alt-essentials").await;
    let mut all = vec![("base", base.as_str())];
    all.extend_from_slice(fields);
    editor.post(&format!("{COURSE}/{action}"), &all).await
}

/// Renames lesson `from` to address `to` (keeping its title).
async fn rename_lesson(app: &TestApp, editor: &mut Agent<'_>, from: &str, to: &str) -> TestResponse {
    let title = app.starter().await.content.lesson(from).map(|l| l.title.clone()).unwrap_or("Renamed".into());
    let fields = [("what", "lesson"), ("key", from), ("title", title.as_str()), ("new_slug", to)];
    change(app, editor, "rename", &fields).await
}

/// The ids of the lessons of the newest revision, by address.
async fn draft_lesson_id(app: &TestApp, slug: &str) -> Option<i64> {
    let course = app.store().course_by_slug("alt-essentials").await.unwrap().unwrap();
    let json =
        app.store().revision(altto_store::DocumentKind::Course, course.latest_revision_id.unwrap()).await;
    let content: altto::courses::content::CourseContent =
        serde_json::from_str(&json.unwrap().content).unwrap();
    content.lesson(slug).map(|l| l.id)
}

#[tokio::test]
async fn a_renamed_lesson_keeps_its_learners_and_its_old_address_redirects_once_published() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let id = app.create_member("learner@example.org", "Aiko Learner").await;
    let mut learner = app.agent_for(id).await;
    let certificate = complete_starter_course(&app, &mut learner).await.split('?').next().unwrap().to_owned();
    let mut editor = editor(&app).await;
    let old_id = app.starter().await.content.lesson("the-school-year").unwrap().id;

    let form = editor.get(&format!("{COURSE}/manage?what=lesson&key=the-school-year")).await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains(r#"name="new_slug" type="text" value="the-school-year""#), "{}", form.body);
    let renamed = rename_lesson(&app, &mut editor, "the-school-year", "school-year").await;
    assert_eq!(renamed.location(), "/author/courses/alt-essentials?done=renamed", "{}", renamed.body);
    let confirmed = editor.get(renamed.location()).await;
    assert!(confirmed.body.contains(r#"role="status">The new name has been saved."#), "{}", confirmed.body);
    assert_eq!(draft_lesson_id(&app, "school-year").await, Some(old_id), "the lesson keeps its id");
    let revision = editor.get(&format!("{COURSE}/revisions/2")).await;
    let says = "Lesson “The Japanese school year” renamed: address the-school-year changed to school-year";
    assert!(revision.body.contains(says), "{}", revision.body);

    // Learners see nothing new before an editor publishes.
    let old = "/courses/alt-essentials/lessons/the-school-year";
    assert_eq!(app.get(old).await.status, 200);
    assert_eq!(app.get("/courses/alt-essentials/lessons/school-year").await.status, 404);
    publish(&app, &mut editor, "alt-essentials").await;
    let moved = app.get(old).await;
    assert_eq!(moved.status, 308);
    assert_eq!(moved.location(), "/courses/alt-essentials/lessons/school-year");
    assert_eq!(moved.header("cache-control"), "public, max-age=3600", "a taken-over address is reached soon");
    assert_eq!(app.get(moved.location()).await.status, 200);

    // A chain of renames leads straight to the current address.
    rename_lesson(&app, &mut editor, "school-year", "the-year-at-school").await;
    publish(&app, &mut editor, "alt-essentials").await;
    for from in ["the-school-year", "school-year"] {
        let moved = app.get(&format!("/courses/alt-essentials/lessons/{from}")).await;
        assert_eq!(moved.location(), "/courses/alt-essentials/lessons/the-year-at-school", "{from}");
    }

    // The learner's progress, quiz results and certificate are all still theirs.
    let course = learner.get("/courses/alt-essentials").await;
    assert!(course.body.contains("100%"), "{}", course.body);
    assert_eq!(app.get(&certificate).await.status, 200);
    assert_eq!(learner.get("/learning").await.status, 200);
    let kept =
        app.column::<i64>(&format!("SELECT COUNT(*) FROM lesson_progress WHERE lesson_id = {old_id}")).await;
    assert_eq!(kept, vec![1]);
    let lesson = learner.get("/courses/alt-essentials/lessons/the-year-at-school").await;
    assert!(lesson.body.contains("You have completed this lesson."), "{}", lesson.body);

    // A new lesson may take an old address: the live lesson wins, as a new lesson.
    let added = change(
        &app,
        &mut editor,
        "lessons",
        &[("module", "01-japanese-schools"), ("title", "A new lesson"), ("lesson", "school-year")],
    )
    .await;
    assert_eq!(added.status, 303, "{}", added.body);
    assert_ne!(draft_lesson_id(&app, "school-year").await, Some(old_id), "a new lesson gets a new id");
    publish(&app, &mut editor, "alt-essentials").await;
    let live = app.get("/courses/alt-essentials/lessons/school-year").await;
    assert_eq!(live.status, 200);
    assert!(live.body.contains("A new lesson"));
    assert_eq!(app.get(old).await.location(), "/courses/alt-essentials/lessons/the-year-at-school");
}

#[tokio::test]
async fn a_renamed_course_moves_to_its_new_address_when_published_and_the_old_one_redirects() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let mut editor = editor(&app).await;
    let renamed =
        change(&app, &mut editor, "rename", &[("what", "course"), ("new_slug", "alt-basics")]).await;
    assert_eq!(renamed.location(), "/author/courses/alt-essentials?done=renamed", "{}", renamed.body);
    let page = editor.get(COURSE).await;
    assert!(page.body.contains("New address once published: alt-basics"), "{}", page.body);
    assert_eq!(app.get("/courses/alt-essentials").await.status, 200, "not before it is published");
    assert_eq!(app.get("/courses/alt-basics").await.status, 404);

    let published = publish(&app, &mut editor, "alt-essentials").await;
    assert_eq!(published.location(), "/author/courses/alt-basics?done=published");
    assert_eq!(app.get("/courses/alt-basics").await.status, 200);
    let moved = app.get("/courses/alt-essentials").await;
    assert_eq!((moved.status.as_u16(), moved.location()), (308, "/courses/alt-basics"));
    let lesson = app.get("/courses/alt-essentials/lessons/who-is-who").await;
    assert_eq!((lesson.status.as_u16(), lesson.location()), (308, "/courses/alt-basics/lessons/who-is-who"));
    assert_eq!(app.get("/courses/alt-essentials/lessons/no-such-lesson").await.status, 404);
    let author_page = editor.get(COURSE).await;
    assert_eq!((author_page.status.as_u16(), author_page.location()), (307, "/author/courses/alt-basics"));
    let revision = editor.get("/author/courses/alt-basics/revisions/2").await;
    assert!(
        revision.body.contains("Course address changed from alt-essentials to alt-basics"),
        "{}",
        revision.body
    );
    assert_eq!(app.get("/courses/no-such-course").await.status, 404);
}

#[tokio::test]
async fn a_lesson_moved_to_another_module_and_place_keeps_its_learners_progress() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let id = app.create_member("learner@example.org", "Aiko Learner").await;
    let mut learner = app.agent_for(id).await;
    let starter = app.starter().await;
    let lesson = starter.content.lesson("who-is-who").unwrap();
    let mut fields = vec![("revision".to_owned(), starter.revision_id.to_string())];
    fields.extend(right_answers(lesson));
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    learner.post("/courses/alt-essentials/lessons/who-is-who/quiz", &pairs).await;
    let done = learner.post("/courses/alt-essentials/lessons/who-is-who/complete", &[]).await;
    assert_eq!(done.status, 303);
    let lesson_id = lesson.id;
    let mut editor = editor(&app).await;

    let fields = [("what", "lesson"), ("key", "who-is-who"), ("module", "03-team-teaching"), ("place", "1")];
    let moved = change(&app, &mut editor, "move-to", &fields).await;
    assert_eq!(moved.location(), "/author/courses/alt-essentials?done=moved", "{}", moved.body);
    let module = editor.get(&format!("{COURSE}/manage?what=module&key=03-team-teaching")).await;
    assert!(module.body.contains("Now at place 3 of 3"), "{}", module.body);
    let refused = change(
        &app,
        &mut editor,
        "move-to",
        &[("what", "module"), ("key", "03-team-teaching"), ("place", "9")],
    )
    .await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("There is no such place to move it to."));
    publish(&app, &mut editor, "alt-essentials").await;

    let course = app.starter().await;
    let (module, lesson) = course.content.lessons().find(|(_, l)| l.slug == "who-is-who").unwrap();
    assert_eq!(
        (module.key.as_str(), lesson.order.as_str(), lesson.id),
        ("03-team-teaching", "01", lesson_id)
    );
    let page = learner.get("/courses/alt-essentials/lessons/who-is-who").await;
    assert!(page.body.contains("You have completed this lesson."), "{}", page.body);
}

#[tokio::test]
async fn deleting_a_completed_lesson_asks_first_and_never_takes_a_certificate_back() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let id = app.create_member("learner@example.org", "Aiko Learner").await;
    let mut learner = app.agent_for(id).await;
    let certificate = complete_starter_course(&app, &mut learner).await.split('?').next().unwrap().to_owned();
    let mut editor = editor(&app).await;

    let confirm = editor.get(&format!("{COURSE}/delete?what=lesson&key=who-is-who")).await;
    assert_eq!(confirm.status, 200);
    assert!(confirm.body.contains("1 learner completed it; their progress and certificates are kept."));
    assert!(
        confirm.body.contains("1 learner holds this course&#39;s certificate")
            || confirm.body.contains("1 learner holds this course")
    );
    assert!(
        confirm.body.contains(r#"href="/author/courses/alt-essentials">Cancel, keep it</a>"#),
        "{}",
        confirm.body
    );
    assert!(draft_lesson_id(&app, "who-is-who").await.is_some(), "looking changes nothing");
    let japanese = editor
        .on(&app)
        .with_header("accept-language", "ja")
        .get(&format!("{COURSE}/delete?what=lesson&key=who-is-who"))
        .await;
    assert!(japanese.body.contains("1 人の学習者が修了しています。"), "{}", japanese.body);

    let deleted = change(&app, &mut editor, "delete", &[("what", "lesson"), ("key", "who-is-who")]).await;
    assert_eq!(deleted.location(), "/author/courses/alt-essentials?done=deleted", "{}", deleted.body);
    assert_eq!(draft_lesson_id(&app, "who-is-who").await, None);
    let revision = editor.get(&format!("{COURSE}/revisions/2")).await;
    assert!(revision.body.contains("Lesson “Who is who in a Japanese school” deleted"), "{}", revision.body);
    publish(&app, &mut editor, "alt-essentials").await;
    assert_eq!(app.get("/courses/alt-essentials/lessons/who-is-who").await.status, 404);
    assert_eq!(app.get(&certificate).await.status, 200, "the certificate still verifies");
    let learning = learner.get("/learning").await;
    assert_eq!(learning.status, 200);
    assert!(learning.body.contains("ALT Essentials"), "{}", learning.body);
    let course = learner.get("/courses/alt-essentials").await;
    assert_eq!(course.status, 200);
    assert!(course.body.contains(&certificate), "the certificate is still linked: {}", course.body);
}

#[tokio::test]
async fn deleting_a_module_takes_its_lessons_and_the_last_lesson_or_module_cannot_be_deleted() {
    let app = TestApp::spawn().await;
    let author = writer(&app, "ken@example.org", Role::Author).await;
    let mut author = app.agent_for(author).await;
    create_course(&mut author).await;
    let course = "/author/courses/planning-lessons";
    for (what, key, says) in [
        ("lesson", "first-lesson", "This is the only lesson of the course."),
        ("module", "01-first-module", "This is the only module of the course."),
    ] {
        let page = author.get(&format!("{course}/delete?what={what}&key={key}")).await;
        assert!(page.body.contains(says), "{}", page.body);
        assert!(!page.body.contains(r#"action="/author/courses/planning-lessons/delete""#), "no button");
        let base = base_in(&author.get(course).await.body);
        let refused =
            author.post(&format!("{course}/delete"), &[("what", what), ("key", key), ("base", &base)]).await;
        assert_eq!(refused.status, 422);
        assert!(refused.body.contains(says));
    }
    let base = base_in(&author.get(course).await.body);
    let added = author
        .post(
            &format!("{course}/modules"),
            &[("title", "Second"), ("name", "second"), ("lesson", "later"), ("base", &base)],
        )
        .await;
    assert_eq!(added.status, 303, "{}", added.body);
    let confirm = author.get(&format!("{course}/delete?what=module&key=01-first-module")).await;
    assert!(confirm.body.contains("Its lessons are deleted with it: First lesson."), "{}", confirm.body);
    let base = base_in(&author.get(course).await.body);
    let gone = author
        .post(&format!("{course}/delete"), &[("what", "module"), ("key", "01-first-module"), ("base", &base)])
        .await;
    assert_eq!(gone.status, 303, "{}", gone.body);
    let page = author.get(course).await;
    assert!(
        !page.body.contains("lessons/first-lesson") && page.body.contains("lessons/later"),
        "{}",
        page.body
    );
}

#[tokio::test]
async fn a_course_never_published_can_be_deleted_and_a_published_one_is_archived_instead() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let author = writer(&app, "ken@example.org", Role::Author).await;
    let mut author = app.agent_for(author).await;
    create_course(&mut author).await;
    let confirm = author.get("/author/courses/planning-lessons/delete?what=course&key=").await;
    assert!(confirm.body.contains("This course was never published."), "{}", confirm.body);
    let base = base_in(&author.get("/author/courses/planning-lessons").await.body);
    let deleted = author
        .post("/author/courses/planning-lessons/delete", &[("what", "course"), ("key", ""), ("base", &base)])
        .await;
    assert_eq!(deleted.location(), "/author?done=deleted", "{}", deleted.body);
    let list = author.get(deleted.location()).await;
    assert!(list.body.contains(r#"role="status">The course has been deleted."#), "{}", list.body);
    assert!(app.store().course_by_slug("planning-lessons").await.unwrap().is_none());

    let mut editor = editor(&app).await;
    let confirm = editor.get(&format!("{COURSE}/delete?what=course&key=")).await;
    assert!(confirm.body.contains("A course that was published cannot be deleted"), "{}", confirm.body);
    assert!(confirm.body.contains("Archive"));
    let refused = change(&app, &mut editor, "delete", &[("what", "course"), ("key", "")]).await;
    assert_eq!(refused.status, 422);
    assert_eq!(app.get("/courses/alt-essentials").await.status, 200, "nothing changed");
}

#[tokio::test]
async fn a_renamed_file_is_renamed_in_the_lessons_that_use_it_and_a_used_file_cannot_be_deleted() {
    let app = TestApp::spawn().await;
    let mut editor = Uploads::for_an_editor(&app).await;
    let course = "/author/courses/greetings";
    let confirm = editor.browser.get(&format!("{course}/delete?what=file&key=media/hello.vtt")).await;
    assert!(
        confirm.body.contains("media/hello.vtt cannot be removed: it is used by Hello"),
        "{}",
        confirm.body
    );

    let base = editor.latest().await.unwrap().to_string();
    let fields =
        [("what", "file"), ("key", "media/hello.vtt"), ("new_name", "greeting.vtt"), ("base", &base)];
    let renamed = editor.browser.post(&format!("{course}/rename"), &fields).await;
    assert_eq!(renamed.status, 303, "{}", renamed.body);
    let files = draft_files(&app).await;
    assert!(
        files.contains(&"media/greeting.vtt".to_owned()) && !files.contains(&"media/hello.vtt".to_owned())
    );
    let lesson = editor.browser.get(&format!("{course}/lessons/hello")).await;
    assert!(
        lesson.body.contains(r#"value="media/greeting.vtt""#),
        "the lesson uses the new name: {}",
        lesson.body
    );

    for (typed, says) in [
        ("greeting.mp4", "Keep the same ending"),
        ("hello.txt", "Keep the same ending"),
        ("../x.vtt", "Use letters"),
    ] {
        let base = editor.latest().await.unwrap().to_string();
        let fields = [("what", "file"), ("key", "media/greeting.vtt"), ("new_name", typed), ("base", &base)];
        let refused = editor.browser.post(&format!("{course}/rename"), &fields).await;
        assert_eq!(refused.status, 422, "{typed}");
        assert!(refused.body.contains(says), "{typed}: {}", refused.body);
    }
    assert!(draft_files(&app).await.contains(&"media/greeting.vtt".to_owned()), "nothing changed");
}

#[tokio::test]
async fn a_rename_or_deletion_on_a_page_someone_saved_over_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let mut editor = editor(&app).await;
    let stale = base(&app, "alt-essentials").await;
    rename_lesson(&app, &mut editor, "who-is-who", "people").await;
    let fields = [
        ("what", "lesson"),
        ("key", "people"),
        ("title", "Typed by me"),
        ("new_slug", "staff"),
        ("base", &stale),
    ];
    let refused = editor.post(&format!("{COURSE}/rename"), &fields).await;
    assert_eq!(refused.status, 409);
    assert!(refused.body.contains("Someone else saved this course"), "{}", refused.body);
    assert!(refused.body.contains(r#"value="Typed by me""#), "what was typed is kept");
    assert!(
        draft_lesson_id(&app, "people").await.is_some() && draft_lesson_id(&app, "staff").await.is_none()
    );
    let deleted = editor
        .post(&format!("{COURSE}/delete"), &[("what", "lesson"), ("key", "people"), ("base", &stale)])
        .await;
    assert_eq!(deleted.status, 409);
    assert!(draft_lesson_id(&app, "people").await.is_some());
}

/// A form's fields.
type Fields<'a> = &'a [(&'a str, &'a str)];

#[tokio::test]
async fn bad_renames_are_explained_in_the_users_language_and_change_nothing() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let mut editor = editor(&app).await;
    let before = base(&app, "alt-essentials").await;
    let cases: [(Fields, &str, &str); 5] = [
        (
            &[("what", "lesson"), ("key", "who-is-who"), ("title", " "), ("new_slug", "who-is-who")],
            "Enter a title",
            "タイトル",
        ),
        (
            &[("what", "lesson"), ("key", "who-is-who"), ("title", "Who"), ("new_slug", "the-school-day")],
            "Another lesson of this course already uses that name.",
            "",
        ),
        (
            &[("what", "lesson"), ("key", "who-is-who"), ("title", "Who"), ("new_slug", "Who Is/Who")],
            "Use lowercase letters",
            "",
        ),
        (
            &[("what", "module"), ("key", "01-japanese-schools"), ("title", ""), ("title_ja", "")],
            "Enter a title",
            "",
        ),
        (&[("what", "course"), ("new_slug", "é")], "Use lowercase letters", ""),
    ];
    for (fields, english, japanese) in cases {
        let refused = change(&app, &mut editor, "rename", fields).await;
        assert_eq!(refused.status, 422, "{fields:?}");
        assert!(refused.body.contains(english), "{fields:?}: {}", refused.body);
        if !japanese.is_empty() {
            let mut ja = editor.on(&app).with_header("accept-language", "ja");
            let refused = change(&app, &mut ja, "rename", fields).await;
            assert!(refused.body.contains(japanese), "{fields:?}: {}", refused.body);
        }
    }
    let other =
        change(&app, &mut editor, "rename", &[("what", "lesson"), ("key", "no-such"), ("new_slug", "x")])
            .await;
    assert_eq!(other.status, 404);
    assert_eq!(base(&app, "alt-essentials").await, before, "nothing was saved");
}

#[tokio::test]
async fn an_editor_renames_moves_and_deletes_a_lesson_in_a_browser_without_scripts_and_can_cancel() {
    use crate::browser::Browser;
    let app = TestApp::spawn().await.with_starter_course().await;
    writer(&app, "emi@example.org", Role::Editor).await;
    let browser = Browser::open(&app).await;
    browser.goto("/login").await;
    browser.fill("email", "emi@example.org").await;
    browser.fill("password", crate::helpers::PASSWORD).await;
    browser.press("Sign in").await;

    browser.goto(&format!("{COURSE}/manage?what=lesson&key=who-is-who")).await;
    browser.assert_accessible().await;
    browser.fill("new_slug", "people").await;
    browser.press("Save the new name").await;
    assert!(browser.main_text().await.contains("The new name has been saved."));
    browser.assert_accessible().await;

    browser.goto(&format!("{COURSE}/manage?what=lesson&key=people")).await;
    browser.select("move-module", "02-the-curriculum").await;
    browser.fill("move-place", "1").await;
    browser.press("Move").await;
    assert!(browser.main_text().await.contains("The move has been saved."));

    browser.goto(&format!("{COURSE}/delete?what=lesson&key=people")).await;
    browser.assert_accessible().await;
    assert!(browser.main_text().await.contains("No learner has completed it yet."));
    browser.follow("Cancel, keep it").await;
    assert_eq!(browser.path().await, COURSE);
    assert!(draft_lesson_id(&app, "people").await.is_some(), "cancelling changes nothing");

    browser.goto(&format!("{COURSE}/delete?what=lesson&key=people")).await;
    browser.press("Delete “Who is who in a Japanese school”").await;
    assert!(browser.main_text().await.contains("Deleted. Learners keep their progress and certificates."));
    assert_eq!(draft_lesson_id(&app, "people").await, None);
    browser.close().await;
}
