//! The Japanese version of a lesson's quiz: shown to Japanese readers where it exists
//! (each text in another language than the page's saying its own), the original to
//! everyone else and on `?text=original`, and marked the same whichever is shown.

use altto::courses::{library::import, package::Files};

use crate::helpers::TestApp;

const QUIZ: &str = r#"pass_mark = 100

[[questions]]
kind = "single"
prompt = "When does the school year start?"
prompt_ja = "学年はいつ始まりますか。"
choices = [
  { text = "April", correct = true, feedback = "Yes.", text_ja = "4月", feedback_ja = "そのとおりです。" },
  { text = "September" },
]

[[questions]]
kind = "true_false"
prompt = "Students clean their classrooms."
answer = true
feedback_correct = "Right: souji."
feedback_correct_ja = "正解です。掃除の時間があります。"
"#;

/// A course in English whose one lesson's quiz has a Japanese version.
async fn app() -> TestApp {
    let app = TestApp::spawn().await;
    let course = "slug = \"c\"\ntitle = \"School life\"\nsummary = \"The school year.\"\nlevel = \"foundation\"\nhours = 1\nlicence = \"CC-BY-4.0\"\nauthors = [\"A\"]\n";
    let lesson = "+++\ntitle = \"The year\"\nsummary = \"When things happen.\"\nminutes = 10\n+++\n\nThe year starts in April.\n";
    let files: Files = [
        ("course.toml", course),
        ("01-m/module.toml", "title = \"Basics\"\n"),
        ("01-m/01-year.md", lesson),
        ("01-m/01-year.quiz.toml", QUIZ),
    ]
    .into_iter()
    .map(|(path, text)| (path.to_owned(), text.as_bytes().to_vec()))
    .collect();
    import(app.store(), &files, None, true, usize::MAX).await.unwrap();
    app
}

const JA: (&str, &str) = ("accept-language", "ja");
const PAGE: &str = "/courses/c/lessons/year";

/// The revision the page's quiz form names.
fn revision(page: &str) -> String {
    let start = page.find(r#"name="revision" value=""#).expect("a quiz form") + 23;
    page[start..start + page[start..].find('"').unwrap()].to_owned()
}

#[tokio::test]
async fn a_japanese_reader_gets_the_quizs_japanese_version_where_it_has_one_and_each_other_text_says_its_language()
 {
    let app = app().await;
    let page = app.get_with(PAGE, &[JA]).await;
    assert_eq!(page.status, 200);
    let body = &page.body;
    assert!(body.contains("<legend>1. <span>学年はいつ始まりますか。</span></legend>"), "{body}");
    assert!(body.contains(r#"<label for="q0-0">4月</label>"#), "{body}");
    assert!(body.contains(r#"<label for="q0-1" lang="en">September</label>"#), "{body}");
    assert!(
        body.contains(r#"<legend>2. <span lang="en">Students clean their classrooms.</span></legend>"#),
        "{body}"
    );
    assert!(!body.contains("When does the school year start?") && !body.contains(">April<"));
}

#[tokio::test]
async fn an_english_reader_and_a_japanese_reader_asking_for_the_original_get_the_original_quiz() {
    let app = app().await;
    let page = app.get(PAGE).await;
    assert!(
        page.body.contains("<legend>1. <span>When does the school year start?</span></legend>"),
        "{}",
        page.body
    );
    assert!(page.body.contains(r#"<label for="q0-0">April</label>"#));
    assert!(!page.body.contains("学年はいつ始まりますか。") && !page.body.contains("4月"));

    let original = app.get_with(&format!("{PAGE}?text=original"), &[JA]).await;
    let body = &original.body;
    assert!(
        body.contains(r#"<legend>1. <span lang="en">When does the school year start?</span></legend>"#),
        "{body}"
    );
    assert!(body.contains(r#"<label for="q0-0" lang="en">April</label>"#), "{body}");
    assert!(!body.contains("学年はいつ始まりますか。"));
}

#[tokio::test]
async fn answering_the_japanese_version_scores_the_same_and_gives_the_japanese_feedback() {
    let app = app().await;
    let id = app.create_member("learner@example.org", "Learner").await;
    let mut ja = app.agent_for(id).await.with_header("accept-language", "ja");
    let page = ja.get(PAGE).await;
    let revision = revision(&page.body);
    let result =
        ja.post(&format!("{PAGE}/quiz"), &[("revision", &revision), ("q0", "0"), ("q1", "true")]).await;
    assert_eq!(result.status, 200, "{}", result.body);
    assert!(result.body.contains("100%"), "{}", result.body);
    assert!(result.body.contains(r#"<span>そのとおりです。</span>"#), "{}", result.body);
    assert!(result.body.contains("<p>正解です。掃除の時間があります。</p>"), "{}", result.body);
    assert!(!result.body.contains("Right: souji."));

    let id = app.create_member("english@example.org", "English").await;
    let mut en = app.agent_for(id).await;
    let result =
        en.post(&format!("{PAGE}/quiz"), &[("revision", &revision), ("q0", "0"), ("q1", "true")]).await;
    assert!(result.body.contains("You scored 100%"), "{}", result.body);
    assert!(
        result.body.contains("<p>Right: souji.</p>") && !result.body.contains("正解です。"),
        "{}",
        result.body
    );
    let wrong =
        en.post(&format!("{PAGE}/quiz"), &[("revision", &revision), ("q0", "1"), ("q1", "true")]).await;
    assert!(wrong.body.contains("You scored 50%"), "{}", wrong.body);
}

#[tokio::test]
async fn the_api_lists_the_japanese_versions_of_the_questions_and_choices_without_the_answers() {
    let app = app().await;
    let course = app.state.courses.published(app.store(), "c").await.unwrap().unwrap();
    let lesson = course.content.lesson("year").unwrap().id;
    let response = app.get(&format!("/api/v1/lessons/{lesson}")).await;
    assert_eq!(response.status, 200);
    let json: serde_json::Value = serde_json::from_str(&response.body).unwrap();
    let questions = &json["quiz"]["questions"];
    assert_eq!(questions[0]["prompt_ja"], "学年はいつ始まりますか。");
    assert_eq!(questions[0]["choices_ja"], serde_json::json!(["4月", null]));
    assert!(questions[1].get("prompt_ja").is_none() && questions[1].get("choices_ja").is_none());
    assert!(
        !response.body.contains("そのとおりです。") && !response.body.contains("正解です"),
        "no feedback"
    );
}

#[tokio::test]
async fn the_quiz_editor_saves_the_japanese_texts_and_shows_them_again() {
    use crate::quiz_editor::{QUIZ, author_with_course, form_of, lesson, press};
    let app = TestApp::spawn().await;
    let mut author = author_with_course(&app).await;
    let page = author.get(QUIZ).await.body;
    let page = press(&mut author, &page, &[], "add:single").await.body;
    let page = press(&mut author, &page, &[], "add:true_false").await.body;
    assert!(page.contains(r#"name="q0-prompt_ja" rows="2" lang="ja""#), "{page}");
    assert!(page.contains(r#"<label for="q0-c0-text_ja">Option 1 in Japanese (optional)</label>"#), "{page}");
    assert!(page.contains(r#"name="q1-feedback_correct_ja" type="text" lang="ja""#), "{page}");
    let fill = [
        ("q0-prompt", "When does the school year start?"),
        ("q0-prompt_ja", "学年はいつ始まりますか。"),
        ("q0-c0-text", "April"),
        ("q0-c0-text_ja", "4月"),
        ("q0-c0-correct", "on"),
        ("q0-c0-feedback_ja", "そのとおりです。"),
        ("q0-c1-text", "September"),
        ("q1-prompt", "Students clean their school."),
        ("q1-answer", "true"),
        ("q1-feedback_incorrect_ja", "生徒が掃除をします。"),
    ];
    let saved = press(&mut author, &page, &fill, "save").await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let quiz = lesson(&app).await.quiz.unwrap();
    let altto::courses::content::Question::Single { prompt_ja, choices, .. } = &quiz.questions[0] else {
        panic!("{quiz:?}")
    };
    assert_eq!(prompt_ja.as_deref(), Some("学年はいつ始まりますか。"));
    assert_eq!(choices[0].text_ja.as_deref(), Some("4月"));
    assert_eq!(choices[0].feedback_ja.as_deref(), Some("そのとおりです。"));
    let Some([_, _, _, wrong_ja]) = quiz.questions[1].feedback_texts() else { panic!() };
    assert_eq!(wrong_ja.as_deref(), Some("生徒が掃除をします。"));

    let again = form_of(&author.get(QUIZ).await.body);
    let value = |name: &str| again.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
    assert_eq!(value("q0-prompt_ja"), Some("学年はいつ始まりますか。"));
    assert_eq!(value("q0-c0-text_ja"), Some("4月"));
    assert_eq!(value("q0-c1-text_ja"), Some(""));
    assert_eq!(value("q1-feedback_incorrect_ja"), Some("生徒が掃除をします。"));

    // Too long a Japanese text is refused at its field, and nothing is saved.
    let long = "あ".repeat(2001);
    let current = author.get(QUIZ).await.body;
    let refused = press(&mut author, &current, &[("q0-prompt_ja", &long)], "save").await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.body.contains(r##"href="#q0-prompt_ja""##), "{}", refused.body);
}
