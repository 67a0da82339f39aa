//! The quiz editor (a form of questions, no TOML) and the quiz settings it offers:
//! when learners see the right answers, and shuffled choices.

use altto::courses::content::{CourseContent, LessonContent, Question, Quiz, ShowAnswers};
use altto_store::{DocumentKind, DocumentRef, Role};

use crate::{
    authoring::{base_in, create_course, writer},
    helpers::{Agent, TestApp, publish_latest, right_answers},
};

const LESSON: &str = "/author/courses/planning-lessons/lessons/first-lesson";
pub(crate) const QUIZ: &str = "/author/courses/planning-lessons/lessons/first-lesson/quiz";
const PAGE: &str = "/courses/planning-lessons/lessons/first-lesson";

/// The lesson in the course's newest revision.
pub(crate) async fn lesson(app: &TestApp) -> LessonContent {
    let course = app.store().course_by_slug("planning-lessons").await.unwrap().unwrap();
    let json =
        app.store().revision(DocumentKind::Course, course.latest_revision_id.unwrap()).await.unwrap().content;
    let content: CourseContent = serde_json::from_str(&json).unwrap();
    content.lesson("first-lesson").unwrap().clone()
}

async fn revisions(app: &TestApp) -> usize {
    let course = app.store().course_by_slug("planning-lessons").await.unwrap().unwrap();
    app.store().revision_history(DocumentRef::course(course.id)).await.unwrap().len()
}

fn pairs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

/// The fields of the editor's form as the page shows them: every input's and
/// textarea's value, checked boxes and radios only.
pub(crate) fn form_of(html: &str) -> Vec<(String, String)> {
    let form = &html[html.find("class=\"editor quiz-editor\"").expect("the quiz form")..];
    let form = &form[..form.find("</form>").unwrap()];
    let attr = |tag: &str, name: &str| {
        let marker = format!("{name}=\"");
        tag.find(&marker).map(|at| {
            let rest = &tag[at + marker.len()..];
            rest[..rest.find('"').unwrap()].to_owned()
        })
    };
    let unescape = |text: &str| {
        text.replace("&#34;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    };
    let mut fields = Vec::new();
    for (at, _) in form.match_indices('<') {
        let tag = &form[at..at + form[at..].find('>').unwrap()];
        if tag.starts_with("<input") {
            let (Some(name), value) = (attr(tag, "name"), attr(tag, "value")) else { continue };
            let kind = attr(tag, "type").unwrap_or_default();
            if (kind == "checkbox" || kind == "radio") && !tag.contains(" checked") {
                continue;
            }
            fields.push((name, unescape(&value.unwrap_or_default())));
        } else if tag.starts_with("<textarea") {
            let rest = &form[at + tag.len() + 1..];
            let text = &rest[..rest.find("</textarea>").unwrap()];
            fields.push((attr(tag, "name").unwrap(), unescape(text)));
        }
    }
    fields
}

/// Presses the button `action` of the form on `page` after setting `set` (replacing a
/// field's value, or adding it).
pub(crate) async fn press(
    author: &mut Agent<'_>,
    page: &str,
    set: &[(&str, &str)],
    action: &str,
) -> crate::helpers::TestResponse {
    let mut fields = form_of(page);
    for (name, value) in set {
        match fields.iter_mut().find(|(n, _)| n == name) {
            Some(field) => field.1 = (*value).to_owned(),
            None => fields.push(((*name).to_owned(), (*value).to_owned())),
        }
    }
    fields.push(("action".into(), action.into()));
    author.post(QUIZ, &pairs(&fields)).await
}

pub(crate) async fn author_with_course(app: &TestApp) -> Agent<'_> {
    let author_id = writer(app, "ken@example.org", Role::Author).await;
    let mut author = app.agent_for(author_id).await;
    create_course(&mut author).await;
    author
}

#[tokio::test]
async fn an_author_builds_a_quiz_of_every_kind_with_buttons_and_a_learner_takes_it() {
    let app = TestApp::spawn().await;
    let mut author = author_with_course(&app).await;
    let editor = author.get(LESSON).await;
    assert!(!editor.body.contains("name=\"quiz\""), "no TOML box in the lesson editor");
    assert!(editor.body.contains("Quiz: none — edit quiz"), "{}", editor.body);
    let before = revisions(&app).await;

    // Each button re-renders the form with the change, and saves nothing.
    let mut page = author.get(QUIZ).await.body;
    for kind in ["single", "multiple", "true_false", "short", "ordering", "matching", "cloze", "single"] {
        let next = press(&mut author, &page, &[], &format!("add:{kind}")).await;
        assert_eq!(next.status, 200);
        page = next.body;
    }
    assert!(page.contains("Question 8: Single choice"), "{page}");
    assert!(page.contains("not saved yet"));
    let next = press(&mut author, &page, &[], "remove:7").await;
    page = next.body;
    assert!(!page.contains("Question 8"));
    let next = press(&mut author, &page, &[], "add-row:0").await;
    page = next.body;
    assert!(page.contains("id=\"q0-c3-text\""), "a fourth option row");
    assert_eq!(revisions(&app).await, before, "nothing saved yet");

    let fill = [
        ("pass_mark", "60"),
        ("q0-prompt", "When does the school year start?"),
        ("q0-c0-text", "April"),
        ("q0-c0-correct", "on"),
        ("q0-c0-feedback", "Yes: the year starts in April."),
        ("q0-c1-text", "September"),
        ("q1-prompt", "Which happen every day?"),
        ("q1-c0-text", "Morning meeting"),
        ("q1-c0-correct", "on"),
        ("q1-c1-text", "Cleaning time"),
        ("q1-c1-correct", "on"),
        ("q1-c2-text", "Siesta"),
        ("q2-prompt", "Students clean their school."),
        ("q2-answer", "true"),
        ("q3-prompt", "What is team teaching called for short?"),
        ("q3-answers", "TT\nteam teaching"),
        ("q4-prompt", "Put the parts of a lesson in order."),
        ("q4-items", "Greeting\nWarm-up\nMain activity\nReview"),
        ("q5-prompt", "Match each role."),
        ("q5-p0-left", "校長"),
        ("q5-p0-right", "principal"),
        ("q5-p1-left", "担任"),
        ("q5-p1-right", "homeroom teacher"),
        ("q5-distractors", "school nurse"),
        ("q6-prompt", "Fill in the blank."),
        ("q6-text", "The school year starts in {April|4月}."),
        ("q6-feedback_correct", "Right."),
    ];
    // Moving keeps what was typed: the cloze question goes first and back again.
    let moved = press(&mut author, &page, &fill, "up:6").await.body;
    let moved = press(&mut author, &moved, &[], "down:5").await.body;
    assert_eq!(
        form_of(&moved).iter().find(|(n, _)| n == "q6-text").unwrap().1,
        "The school year starts in {April|4月}."
    );
    let saved = press(&mut author, &moved, &[], "save").await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_eq!(saved.location(), format!("{QUIZ}?saved=1"));
    assert_eq!(revisions(&app).await, before + 1);
    assert!(author.get(saved.location()).await.body.contains("The quiz has been saved."));
    assert!(author.get(LESSON).await.body.contains("Quiz: 7 questions — edit quiz"));

    let lesson = lesson(&app).await;
    let quiz = lesson.quiz.clone().unwrap();
    let kinds: Vec<&str> = quiz.questions.iter().map(Question::kind).collect();
    assert_eq!(kinds, ["single", "multiple", "true_false", "short", "ordering", "matching", "cloze"]);
    assert_eq!(quiz.pass_mark, 60);
    let Question::Single { choices, .. } = &quiz.questions[0] else { panic!() };
    assert_eq!(choices.len(), 2, "the empty option rows are dropped");

    // A learner takes the published quiz and is marked.
    let course = app.store().course_by_slug("planning-lessons").await.unwrap().unwrap();
    publish_latest(app.store(), course.id).await;
    let member = app.create_member("learner@example.org", "Learner").await;
    let mut learner = app.agent_for(member).await;
    let mut fields = vec![("revision".to_owned(), course.latest_revision_id.unwrap().to_string())];
    fields.extend(right_answers(&lesson));
    let result = learner.post(&format!("{PAGE}/quiz"), &pairs(&fields)).await;
    assert_eq!(result.status, 200, "{}", result.body);
    assert!(result.body.contains("You scored 100%."), "{}", result.body);
}

#[tokio::test]
async fn quiz_problems_are_worded_per_question_in_the_authors_language_and_nothing_is_saved() {
    let app = TestApp::spawn().await;
    let author_id = writer(&app, "ken@example.org", Role::Author).await;
    let mut author = app.agent_for(author_id).await;
    create_course(&mut author).await;
    let before = revisions(&app).await;
    let base = base_in(&author.get(QUIZ).await.body);
    let broken = [
        ("base", base.as_str()),
        ("pass_mark", "150"),
        ("q0-kind", "true_false"),
        ("q0-prompt", "Fine."),
        ("q0-answer", "true"),
        ("q1-kind", "single"),
        ("q1-prompt", "Which month?"),
        ("q1-c0-text", "April"),
        ("q1-c1-text", "May"),
        ("q2-kind", "multiple"),
        ("q2-prompt", "Which ones?"),
        ("q2-c0-text", "A"),
        ("q2-c1-text", "B"),
        ("q3-kind", "cloze"),
        ("q3-prompt", "Fill in"),
        ("q3-text", "No blanks here."),
        ("action", "save"),
    ];
    let refused = author.post(QUIZ, &broken).await;
    assert_eq!(refused.status, 422);
    for expected in [
        r##"<a href="#pass_mark">Enter a pass mark from 1 to 100.</a>"##,
        r##"<a href="#q1-c0-text">Question 2: mark exactly one option as correct</a>"##,
        r##"<a href="#q2-c0-text">Question 3: mark at least one option as correct</a>"##,
        r##"<a href="#q3-text">Question 4: the text needs at least one blank, written {answer}</a>"##,
        r#"<p class="field-error" id="q2-c0-text-error">Question 3: mark at least one option as correct </p>"#,
        r#"aria-invalid="true" aria-describedby="q3-text-error""#,
        r#"role="alert""#,
    ] {
        assert!(refused.body.contains(expected), "{expected} in {}", refused.body);
    }
    assert!(!refused.body.contains("question 2 (single)"), "never the package format's wording");
    assert!(refused.body.contains("Which month?"), "what was typed is kept");

    let mut japanese = app.agent_for(author_id).await.with_header("accept-language", "ja");
    let refused = japanese.post(QUIZ, &broken).await;
    assert_eq!(refused.status, 422);
    for expected in [
        "合格点を1〜100の数で入力してください。",
        "問題 2：正解の選択肢を1つだけチェックしてください",
        "問題 3：正解の選択肢を1つ以上チェックしてください",
        "問題 4：空欄を1つ以上、{答え} の形で書いてください",
    ] {
        assert!(refused.body.contains(expected), "{expected} in {}", refused.body);
    }
    assert_eq!(revisions(&app).await, before, "nothing saved");
    assert_eq!(lesson(&app).await.quiz, None);
}

#[tokio::test]
async fn a_quiz_saved_on_top_of_someone_elses_newer_revision_is_refused_and_keeps_the_questions() {
    let app = TestApp::spawn().await;
    let mut author = author_with_course(&app).await;
    let editor_id = writer(&app, "emi@example.org", Role::Editor).await;
    let mut editor = app.agent_for(editor_id).await;
    let mine = author.get(QUIZ).await.body;
    let theirs = editor.get(QUIZ).await.body;
    let question = [("q0-kind", "true_false"), ("q0-prompt", "Editor's statement."), ("q0-answer", "true")];
    assert_eq!(press(&mut editor, &theirs, &question, "save").await.status, 303);

    let question = [("q0-kind", "short"), ("q0-prompt", "My careful question"), ("q0-answers", "aim")];
    let stale = press(&mut author, &mine, &question, "save").await;
    assert_eq!(stale.status, 409);
    assert!(stale.body.contains("Someone else saved this course"), "{}", stale.body);
    assert!(stale.body.contains("My careful question"), "the author's quiz is kept");
    assert_eq!(lesson(&app).await.quiz.unwrap().questions[0].prompt(), "Editor's statement.");
    // The refused page's form is on top of the newer revision: saving again is deliberate.
    let again = press(&mut author, &stale.body, &[], "save").await;
    assert_eq!(again.status, 303);
    assert_eq!(lesson(&app).await.quiz.unwrap().questions[0].prompt(), "My careful question");
}

/// A published quiz of one single-choice and one true/false question, with `settings`.
async fn published_quiz(app: &TestApp, settings: &[(&str, &str)]) -> (LessonContent, i64) {
    let mut author = author_with_course(app).await;
    let page = author.get(QUIZ).await.body;
    let mut set = vec![
        ("pass_mark", "100"),
        ("q0-kind", "single"),
        ("q0-prompt", "When does the school year start?"),
        ("q0-c0-text", "April"),
        ("q0-c0-correct", "on"),
        ("q0-c0-feedback", "Yes: April."),
        ("q0-c1-text", "September"),
        ("q0-c1-feedback", "No: that is in the US."),
        ("q0-c2-text", "January"),
        ("q0-c3-text", "June"),
        ("q1-kind", "cloze"),
        ("q1-prompt", "Fill in"),
        ("q1-text", "Students clean the {classroom}."),
        ("q1-feedback_incorrect", "They clean the classroom."),
    ];
    set.extend_from_slice(settings);
    let saved = press(&mut author, &page, &set, "save").await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let course = app.store().course_by_slug("planning-lessons").await.unwrap().unwrap();
    publish_latest(app.store(), course.id).await;
    (lesson(app).await, course.latest_revision_id.unwrap())
}

/// Fields answering the quiz of `published_quiz`: right, or all wrong.
fn answers(lesson: &LessonContent, revision: i64, right: bool) -> Vec<(String, String)> {
    let mut fields = vec![("revision".to_owned(), revision.to_string())];
    if right {
        fields.extend(right_answers(lesson));
    } else {
        let quiz = lesson.quiz.as_ref().unwrap();
        let shown = altto::courses::quiz::choice_order(quiz, lesson.id, 0, 4);
        let september = shown.iter().position(|c| *c == 1).unwrap();
        fields.push(("q0".into(), september.to_string()));
        fields.push(("q1-0".into(), "desks".into()));
    }
    fields
}

/// Whether a marked page gives away a right answer of `published_quiz`.
fn reveals(body: &str) -> bool {
    ["No: that is in the US.", "They clean the classroom.", "You chose", "You did not choose", "(not right)"]
        .iter()
        .any(|give_away| body.contains(give_away))
}

#[tokio::test]
async fn right_answers_stay_hidden_until_the_learner_passes_when_the_author_says_so() {
    let app = TestApp::spawn().await;
    let (lesson, revision) = published_quiz(&app, &[("show_answers", "after_pass")]).await;
    assert_eq!(lesson.quiz.as_ref().unwrap().show_answers, ShowAnswers::AfterPass);
    let member = app.create_member("learner@example.org", "Learner").await;
    let mut learner = app.agent_for(member).await;
    let wrong = learner.post(&format!("{PAGE}/quiz"), &pairs(&answers(&lesson, revision, false))).await;
    assert_eq!(wrong.status, 200);
    assert!(wrong.body.contains("You scored 0%."), "{}", wrong.body);
    assert!(wrong.body.contains("The right answers are not shown yet"), "{}", wrong.body);
    assert!(!reveals(&wrong.body), "{}", wrong.body);
    let right = learner.post(&format!("{PAGE}/quiz"), &pairs(&answers(&lesson, revision, true))).await;
    assert!(right.body.contains("You scored 100%.") && right.body.contains("Yes: April."), "{}", right.body);
    // Once passed, a wrong attempt shows the answers.
    let after = learner.post(&format!("{PAGE}/quiz"), &pairs(&answers(&lesson, revision, false))).await;
    assert!(reveals(&after.body), "{}", after.body);

    // A visitor's attempts count on their device the same way.
    let mut visitor = app.agent();
    let wrong = visitor.post(&format!("{PAGE}/quiz"), &pairs(&answers(&lesson, revision, false))).await;
    assert!(!reveals(&wrong.body), "{}", wrong.body);
}

#[tokio::test]
async fn right_answers_stay_hidden_until_the_set_number_of_attempts_and_the_api_hides_them_too() {
    let app = TestApp::spawn().await;
    let settings = [("show_answers", "after_attempts"), ("answers_after_attempts", "3")];
    let (lesson, revision) = published_quiz(&app, &settings).await;
    let member = app.create_member("learner@example.org", "Learner").await;
    let mut learner = app.agent_for(member).await;
    for attempt in 1..=3 {
        let wrong = learner.post(&format!("{PAGE}/quiz"), &pairs(&answers(&lesson, revision, false))).await;
        assert_eq!(wrong.status, 200);
        assert_eq!(reveals(&wrong.body), attempt == 3, "attempt {attempt}: {}", wrong.body);
    }
    let mut visitor = app.agent();
    for attempt in 1..=3 {
        let wrong = visitor.post(&format!("{PAGE}/quiz"), &pairs(&answers(&lesson, revision, false))).await;
        assert_eq!(reveals(&wrong.body), attempt == 3, "a visitor's attempt {attempt}: {}", wrong.body);
    }

    // The API answers a visitor's attempt without the right answers either.
    let body = serde_json::json!({ "answers": [[0], { "blanks": ["desks"] }] }).to_string();
    let request = axum::http::Request::post(format!("/api/v1/quizzes/{}/attempts", lesson.id))
        .header("content-type", "application/json")
        .body(axum::body::Body::from(body))
        .unwrap();
    let response = app.request(request).await;
    assert_eq!(response.status, 200, "{}", response.body);
    let json: serde_json::Value = serde_json::from_str(&response.body).unwrap();
    assert_eq!(json["answers_shown"], false);
    assert!(!response.body.contains("missed") && !response.body.contains("classroom"), "{}", response.body);
}

#[tokio::test]
async fn shuffled_choices_are_shown_in_the_same_order_every_time_and_marked_right() {
    let app = TestApp::spawn().await;
    let (lesson, revision) = published_quiz(&app, &[("shuffle", "on")]).await;
    let quiz: &Quiz = lesson.quiz.as_ref().unwrap();
    assert!(quiz.shuffle);
    let order = altto::courses::quiz::choice_order(quiz, lesson.id, 0, 4);
    assert_ne!(order, [0, 1, 2, 3], "shown shuffled");
    let member = app.create_member("learner@example.org", "Learner").await;
    let mut learner = app.agent_for(member).await;
    let first = learner.get(PAGE).await.body;
    let listed_on = |page: &str| {
        let at: Vec<usize> = ["April", "September", "January", "June"]
            .iter()
            .map(|c| page.find(&format!(">{c}</label>")).unwrap())
            .collect();
        let mut by_place: Vec<usize> = (0..4).collect();
        by_place.sort_by_key(|c| at[*c]);
        by_place
    };
    assert_eq!(listed_on(&first), order, "the page lists the choices in the shuffled order");
    assert_eq!(listed_on(&app.get(PAGE).await.body), order, "the same for a visitor");
    // The page after marking shows the same order, and the right answer is marked right.
    let right = learner.post(&format!("{PAGE}/quiz"), &pairs(&answers(&lesson, revision, true))).await;
    assert!(right.body.contains("You scored 100%."), "{}", right.body);
    assert_eq!(listed_on(&right.body), order);
    let wrong = learner.post(&format!("{PAGE}/quiz"), &pairs(&answers(&lesson, revision, false))).await;
    assert!(wrong.body.contains("You scored 0%."), "{}", wrong.body);

    // The API lists the choices as shown and takes answers by where they are listed.
    let out: serde_json::Value =
        serde_json::from_str(&app.get(&format!("/api/v1/lessons/{}", lesson.id)).await.body).unwrap();
    let listed: Vec<&str> = out["quiz"]["questions"][0]["choices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    let texts = ["April", "September", "January", "June"];
    assert_eq!(listed, order.iter().map(|c| texts[*c]).collect::<Vec<_>>());
    let april = listed.iter().position(|c| *c == "April").unwrap();
    let body = serde_json::json!({ "answers": [[april], { "blanks": ["classroom"] }] }).to_string();
    let request = axum::http::Request::post(format!("/api/v1/quizzes/{}/attempts", lesson.id))
        .header("content-type", "application/json")
        .body(axum::body::Body::from(body))
        .unwrap();
    let response = app.request(request).await;
    let json: serde_json::Value = serde_json::from_str(&response.body).unwrap();
    assert_eq!(json["score"], 100, "{}", response.body);
    assert_eq!(json["questions"][0]["choices"][0]["index"], april, "marks name choices as listed");
}
