//! Importing quiz questions from Moodle (GIFT and Moodle XML) in the lesson editor, with
//! the sample files in `fixtures/moodle`.

use altto::courses::content::{CourseContent, Question, Quiz};
use altto_store::{DocumentKind, DocumentRef, Role};
use axum::{body::Body, http::Request};

use crate::{
    authoring::{base_in, create_course, writer},
    helpers::{Agent, TestApp, TestResponse},
};

const LESSON: &str = "/author/courses/planning-lessons/lessons/first-lesson";

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/fixtures/moodle").join(name),
    )
    .unwrap()
}

/// The body of an import form: the revision it was made from, the mode and the file.
fn multipart(base: &str, mode: &str, name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "altto-import-boundary";
    let mut body = Vec::new();
    for (field, value) in [("base", base), ("mode", mode)] {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"\r\n\r\n{value}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Someone signed in, with what their browser sends from the lesson editor.
struct Importer<'a> {
    app: &'a TestApp,
    browser: Agent<'a>,
    token: String,
    /// The browser's `Accept-Language`, if any.
    language: Option<&'static str>,
}

impl<'a> Importer<'a> {
    async fn new(app: &'a TestApp, email: &str, role: Role) -> Self {
        let user = writer(app, email, role).await;
        let mut browser = app.agent_for(user).await;
        // Upload forms carry the session's token in the action's query (the body is streamed).
        let token = browser.csrf().await;
        Self { app, browser, token, language: None }
    }

    /// The same person, reading in Japanese.
    fn in_japanese(mut self) -> Self {
        self.browser = self.browser.with_header("accept-language", "ja");
        self.language = Some("ja");
        self
    }

    /// The base revision in the lesson editor's forms, as loaded now.
    async fn base(&mut self) -> String {
        base_in(&self.browser.get(LESSON).await.body)
    }

    /// Sends the import form made from revision `base`.
    async fn send(&self, base: &str, mode: &str, name: &str, bytes: &[u8]) -> TestResponse {
        let (content_type, body) = multipart(base, mode, name, bytes);
        let cookie =
            self.browser.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
        let mut request = Request::post(format!("{LESSON}/import?_csrf={}", self.token))
            .header("content-type", content_type)
            .header("cookie", cookie);
        if let Some(language) = self.language {
            request = request.header("accept-language", language);
        }
        self.app.request(request.body(Body::from(body)).unwrap()).await
    }

    /// Imports `name` from a freshly loaded editor.
    async fn import(&mut self, mode: &str, name: &str) -> TestResponse {
        let base = self.base().await;
        self.send(&base, mode, name, &fixture(name)).await
    }
}

/// The lesson's quiz in the course's newest revision.
async fn quiz(app: &TestApp) -> Option<Quiz> {
    let course = app.store().course_by_slug("planning-lessons").await.unwrap().unwrap();
    let json =
        app.store().revision(DocumentKind::Course, course.latest_revision_id.unwrap()).await.unwrap().content;
    let content: CourseContent = serde_json::from_str(&json).unwrap();
    content.lesson("first-lesson").unwrap().quiz.clone()
}

async fn revisions(app: &TestApp) -> usize {
    let course = app.store().course_by_slug("planning-lessons").await.unwrap().unwrap();
    app.store().revision_history(DocumentRef::course(course.id)).await.unwrap().len()
}

#[tokio::test]
async fn an_author_imports_the_moodle_xml_sample_and_sees_what_was_left_out_and_why() {
    let app = TestApp::spawn().await;
    let mut author = Importer::new(&app, "ken@example.org", Role::Author).await;
    create_course(&mut author.browser).await;
    let editor = author.browser.get(&format!("{LESSON}/quiz")).await;
    assert!(
        editor.body.contains("Import questions (GIFT or Moodle XML)"),
        "the quiz editor offers the import"
    );
    assert!(editor.body.contains(r#"enctype="multipart/form-data""#));
    assert_eq!(quiz(&app).await, None);
    let before = revisions(&app).await;

    let result = author.import("add", "teaching-in-japan.xml").await;
    assert_eq!(result.status, 200, "{}", result.body);
    assert!(result.body.contains("9 questions imported; the quiz now has 9 questions."), "{}", result.body);
    assert!(result.body.contains("Put these events of the school year in order, starting in April."));
    // What was left out, and why; what came with changes.
    assert!(result.body.contains("Not imported"));
    for expected in [
        "Question 11 (Compulsory years)",
        "A numerical question accepts a number within a tolerance",
        "An essay is marked by a person",
        "A description is text between questions",
        "A calculated question draws its numbers at random",
        "A random question is drawn from a Moodle category",
        "Dragging onto an image",
        "Blank 1 is a numerical blank",
        "Imported with changes",
        "Question 1 (School year)",
        "Its image was left out",
        "became blanks the learner types",
    ] {
        assert!(result.body.contains(expected), "{expected} in {}", result.body);
    }

    assert_eq!(revisions(&app).await, before + 1, "one new revision");
    let quiz = quiz(&app).await.expect("the lesson has a quiz now");
    assert_eq!(quiz.pass_mark, 70);
    let kinds: Vec<&str> = quiz.questions.iter().map(Question::kind).collect();
    assert_eq!(
        kinds,
        ["single", "multiple", "true_false", "short", "matching", "ordering", "cloze", "cloze", "cloze"]
    );
    assert_eq!(
        quiz.questions[3].prompt(),
        "日本の学校で、クラスを受け持つ先生を何と言いますか。（漢字かひらがなで）"
    );
    // The editor shows the imported quiz, and learners see nothing until an editor publishes.
    assert!(author.browser.get(&format!("{LESSON}/quiz")).await.body.contains("日本の学校で"));
    assert_eq!(app.get("/courses/planning-lessons").await.status, 404);
}

#[tokio::test]
async fn an_author_adds_the_gift_sample_to_a_quiz_or_replaces_the_quiz_with_it() {
    let app = TestApp::spawn().await;
    let mut author = Importer::new(&app, "ken@example.org", Role::Author).await;
    create_course(&mut author.browser).await;
    let first = author.import("add", "teaching-in-japan.gift").await;
    assert_eq!(first.status, 200, "{}", first.body);
    assert!(first.body.contains("12 questions imported; the quiz now has 12 questions."), "{}", first.body);
    for expected in
        ["Question 1 (Introduction)", "Question 14 (Compulsory education)", "Question 15 (First lesson plan)"]
    {
        assert!(first.body.contains(expected), "{expected}");
    }
    let added = author.import("add", "teaching-in-japan.gift").await;
    assert!(added.body.contains("12 questions imported; the quiz now has 24 questions."), "{}", added.body);
    assert_eq!(quiz(&app).await.unwrap().questions.len(), 24);
    let replaced = author.import("replace", "teaching-in-japan.xml").await;
    assert!(
        replaced.body.contains("9 questions imported; the quiz now has 9 questions."),
        "{}",
        replaced.body
    );
    let quiz = quiz(&app).await.unwrap();
    assert_eq!(quiz.questions.len(), 9);
    assert_eq!(
        quiz.questions[0].prompt(),
        "In which month does the Japanese school year start?\n[A school calendar]"
    );
}

#[tokio::test]
async fn a_broken_file_saves_nothing_and_names_each_question_at_fault() {
    let app = TestApp::spawn().await;
    let mut author = Importer::new(&app, "ken@example.org", Role::Author).await;
    create_course(&mut author.browser).await;
    let before = revisions(&app).await;
    for (file, expected) in [
        ("broken-unclosed-brace.gift", "Question 2 (Sports day), line 5: A { is not closed by }"),
        ("broken-no-right-answer.gift", "Question 3 (Vice-principal), line 7: No answer is marked right."),
        ("broken-malformed.xml", "Line 21: The file is not well-formed XML."),
        ("broken-no-right-answer.xml", "Question 2 (Vice-principal), line 13: No answer is marked right."),
        (
            "broken-no-right-answer.xml",
            "Question 3 (Indoor shoes), line 21: Neither true nor false is marked right.",
        ),
        ("broken-entity.xml", "The file declares a document type (DOCTYPE)"),
    ] {
        let refused = author.import("replace", file).await;
        assert_eq!(refused.status, 422, "{file}");
        assert!(refused.body.contains("Nothing was imported"), "{file}");
        assert!(refused.body.contains(expected), "{expected} in {}", refused.body);
        assert!(!refused.body.contains("root:"), "no entity was read");
    }
    let empty = author.import("add", "broken-no-right-answer.gift").await;
    assert!(!empty.body.contains("questions imported"));
    let base = author.base().await;
    let nothing = author.send(&base, "add", "empty.gift", b"// only a comment\n").await;
    assert_eq!(nothing.status, 422);
    assert!(nothing.body.contains("The file holds no question that altto can import."));
    assert_eq!(revisions(&app).await, before, "nothing was saved");
    assert_eq!(quiz(&app).await, None);
}

#[tokio::test]
async fn an_import_on_top_of_someone_elses_newer_revision_is_refused() {
    let app = TestApp::spawn().await;
    let mut author = Importer::new(&app, "ken@example.org", Role::Author).await;
    create_course(&mut author.browser).await;
    let old_base = author.base().await;
    let first = author.import("add", "teaching-in-japan.gift").await;
    assert_eq!(first.status, 200);
    let stale =
        author.send(&old_base, "add", "teaching-in-japan.xml", &fixture("teaching-in-japan.xml")).await;
    assert_eq!(stale.status, 409);
    assert!(stale.body.contains("Someone else saved this course while you were working."), "{}", stale.body);
    assert_eq!(quiz(&app).await.unwrap().questions.len(), 12, "the newer revision stands");
    // The page's form is made from the newest revision, so importing again works.
    let again = author.send(&base_in(&stale.body), "add", "a.xml", &fixture("teaching-in-japan.xml")).await;
    assert_eq!(again.status, 200, "{}", again.body);
    assert_eq!(quiz(&app).await.unwrap().questions.len(), 21);
}

#[tokio::test]
async fn a_visitor_a_member_and_someone_elses_author_cannot_import() {
    let app = TestApp::spawn().await;
    let mut author = Importer::new(&app, "ken@example.org", Role::Author).await;
    create_course(&mut author.browser).await;
    let base = author.base().await;
    let before = revisions(&app).await;
    let bytes = fixture("teaching-in-japan.gift");

    let (content_type, body) = multipart(&base, "add", "q.gift", &bytes);
    let visitor = app
        .request(
            Request::post(format!("{LESSON}/import"))
                .header("content-type", content_type)
                .body(Body::from(body))
                .unwrap(),
        )
        .await;
    assert!(visitor.status == 403 || visitor.status.is_redirection(), "{}", visitor.status);
    assert!(!visitor.headers.get("location").is_some_and(|l| l.to_str().unwrap().contains("first-lesson?")));

    let member = Importer::new(&app, "member@example.org", Role::Member).await;
    assert_eq!(member.send(&base, "add", "q.gift", &bytes).await.status, 403);
    let stranger = Importer::new(&app, "other@example.org", Role::Author).await;
    assert_eq!(stranger.send(&base, "add", "q.gift", &bytes).await.status, 404, "a draft stays private");
    assert_eq!(revisions(&app).await, before);

    // An editor may import into anyone's course.
    let mut editor = Importer::new(&app, "emi@example.org", Role::Editor).await;
    assert_eq!(editor.import("add", "teaching-in-japan.gift").await.status, 200);
}

#[tokio::test]
async fn the_import_is_explained_in_japanese_to_a_japanese_reader() {
    let app = TestApp::spawn().await;
    let mut author = Importer::new(&app, "ken@example.org", Role::Author).await.in_japanese();
    create_course(&mut author.browser).await;
    assert!(
        author
            .browser
            .get(&format!("{LESSON}/quiz"))
            .await
            .body
            .contains("問題の取り込み（GIFT または Moodle XML）")
    );
    let result = author.import("add", "teaching-in-japan.xml").await;
    assert_eq!(result.status, 200, "{}", result.body);
    for expected in [
        "9 問を取り込みました。小テストは全 9 問になりました。",
        "取り込まなかった問題",
        "問題 12（First lesson plan）",
        "小論文は人が採点します。",
        "画像 1 枚を除きました。",
    ] {
        assert!(result.body.contains(expected), "{expected} in {}", result.body);
    }
    let refused = author.import("add", "broken-unclosed-brace.gift").await;
    assert!(
        refused.body.contains("問題 2（Sports day）、5 行目：{ が } で閉じられていません"),
        "{}",
        refused.body
    );
}

#[tokio::test]
async fn a_file_over_the_upload_limit_is_refused_before_it_is_read() {
    let app = TestApp::spawn_with(|settings| settings.upload_limit_bytes = 2048).await;
    let mut author = Importer::new(&app, "ken@example.org", Role::Author).await;
    create_course(&mut author.browser).await;
    let before = revisions(&app).await;
    let refused = author.import("add", "teaching-in-japan.xml").await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("The file is larger than the upload limit"), "{}", refused.body);
    let base = author.base().await;
    let none = author.send(&base, "add", "", b"").await;
    assert!(none.body.contains("Choose a GIFT or Moodle XML file to import."));
    assert_eq!(revisions(&app).await, before);
}
