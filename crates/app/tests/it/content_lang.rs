//! The language of content: a course's declared language, lessons' Japanese versions
//! with the switch to the original, `lang` on every part shown in a language other
//! than the page's (WCAG 3.1.2), and the whole-page preview of the working copy.

use altto::courses::{
    library::{export, import},
    package::Files,
};
use altto_store::{DocumentRef, Role};

use crate::{
    authoring::{base_in, writer},
    helpers::TestApp,
};

/// A course `c` in `language`: lesson `first` with a Japanese version, `second` without.
fn package(language: &str) -> Files {
    let course = format!(
        "slug = \"c\"\ntitle = \"Team teaching\"\ntitle_ja = \"ティーム・ティーチング\"\nsummary = \"Working with your JTE.\"\nlanguage = \"{language}\"\nlevel = \"foundation\"\nhours = 1\nlicence = \"CC-BY-4.0\"\nauthors = [\"A\"]\n"
    );
    let first = "+++\ntitle = \"Before the lesson\"\ntitle_ja = \"授業の前に\"\nsummary = \"Plan together.\"\nminutes = 10\nreflection = \"What will you ask your JTE?\"\nreflection_ja = \"JTEに何を聞きますか。\"\n+++\n\nTalk to your **JTE** first.\n";
    let second = "+++\ntitle = \"After the lesson\"\nsummary = \"Look back.\"\nminutes = 10\n+++\n\nAsk how it went.\n";
    [
        ("course.toml", course.as_str()),
        ("01-m/module.toml", "title = \"Basics\"\n"),
        ("01-m/01-first.md", first),
        ("01-m/01-first.ja.md", "まず**JTE**と話しましょう。\n"),
        ("01-m/01-first.quiz.toml", QUIZ),
        ("01-m/02-second.md", second),
    ]
    .into_iter()
    .map(|(path, text)| (path.to_owned(), text.as_bytes().to_vec()))
    .collect()
}

async fn app_with(language: &str) -> TestApp {
    let app = TestApp::spawn().await;
    import(app.store(), &package(language), None, true, usize::MAX).await.unwrap();
    app
}

const QUIZ: &str = "pass_mark = 50\n\n[[questions]]\nkind = \"single\"\nprompt = \"Who plans?\"\nchoices = [{ text = \"Both\", correct = true }, { text = \"The ALT alone\" }]\n";
const JA: (&str, &str) = ("accept-language", "ja");
const BODY_EN: &str = "Talk to your <strong>JTE</strong> first.";
const BODY_JA: &str = "まず<strong>JTE</strong>と話しましょう。";

/// The opening tag of the lesson body's element.
fn body_tag(html: &str) -> &str {
    let start = html.find(r#"<div class="prose lesson-body""#).expect("a lesson body");
    &html[start..start + html[start..].find('>').unwrap() + 1]
}

#[tokio::test]
async fn a_japanese_reader_gets_the_japanese_version_and_a_switch_to_the_original_and_back() {
    let app = app_with("en").await;
    // The original first: a page asked for with a query is never kept as the page of
    // the plain address, which every Japanese visitor shares.
    let original = app.get_with("/courses/c/lessons/first?text=original", &[JA]).await;
    assert!(original.body.contains(BODY_EN));
    for _ in 0..2 {
        // Twice: the second answer comes from the visitor page cache.
        let page = app.get_with("/courses/c/lessons/first", &[JA]).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains(BODY_JA) && !page.body.contains(BODY_EN), "{}", page.body);
        assert_eq!(body_tag(&page.body), r#"<div class="prose lesson-body">"#, "Japanese on a Japanese page");
        assert!(page.body.contains("<h1>授業の前に</h1>"), "{}", page.body);
        assert!(
            page.body.contains("<p>JTEに何を聞きますか。</p>"),
            "the reflection prompt's Japanese version"
        );
        assert!(
            page.body.contains(r#"<legend>1. <span lang="en">Who plans?</span></legend>"#),
            "{}",
            page.body
        );
        assert!(page.body.contains(r#"lang="en">Both</label>"#), "the quiz has no Japanese version");
        assert!(
            page.body.contains(
                r#"<a href="/courses/c/lessons/first?text=original" hreflang="en">原文（英語）で読む</a>"#
            ),
            "{}",
            page.body
        );
    }
    let original = app.get_with("/courses/c/lessons/first?text=original", &[JA]).await;
    assert!(original.body.contains(BODY_EN) && !original.body.contains(BODY_JA));
    assert_eq!(body_tag(&original.body), r#"<div class="prose lesson-body" lang="en">"#);
    assert!(original.body.contains(r#"<h1 lang="en">Before the lesson</h1>"#), "{}", original.body);
    assert!(original.body.contains(r#"<p lang="en">What will you ask your JTE?</p>"#));
    assert!(
        original.body.contains(r#"<a href="/courses/c/lessons/first">日本語版で読む</a>"#),
        "{}",
        original.body
    );
    assert!(
        original.body.contains(r#"href="/courses/c/lessons/second?text=original" rel="next""#),
        "the original is kept along the way: {}",
        original.body
    );

    // A member's page is stitched from a shared skeleton: it must choose the same way.
    let member = app.create_member("m@example.org", "M").await;
    let mut member = app
        .agent_for(member)
        .await
        .with_header("accept-language", "ja")
        .with_header("accept-encoding", "gzip");
    let stitched = member.get("/courses/c/lessons/first").await;
    assert!(stitched.body.contains(BODY_JA), "{}", stitched.body);
    let stitched = member.get("/courses/c/lessons/first?text=original").await;
    assert!(stitched.body.contains(BODY_EN) && body_tag(&stitched.body).contains(r#"lang="en""#));
}

#[tokio::test]
async fn an_english_reader_gets_the_original_with_no_switch() {
    let app = app_with("en").await;
    let page = app.get("/courses/c/lessons/first").await;
    assert!(page.body.contains(BODY_EN) && !page.body.contains(BODY_JA));
    assert_eq!(body_tag(&page.body), r#"<div class="prose lesson-body">"#);
    assert!(page.body.contains("<h1>Before the lesson</h1>"));
    assert!(!page.body.contains("text=original") && !page.body.contains("<h1 lang="), "{}", page.body);
}

#[tokio::test]
async fn an_english_only_lesson_on_the_japanese_interface_says_it_is_english() {
    let app = app_with("en").await;
    let page = app.get_with("/courses/c/lessons/second", &[JA]).await;
    assert!(page.body.starts_with("<!doctype html>\n<html lang=\"ja\">"));
    assert_eq!(body_tag(&page.body), r#"<div class="prose lesson-body" lang="en">"#);
    assert!(page.body.contains(r#"<h1 lang="en">After the lesson</h1>"#), "{}", page.body);
    assert!(page.body.contains(r#"<p class="lead" lang="en">Look back.</p>"#));
    assert!(page.body.contains(r#"<span lang="en">Basics</span>"#), "the module's title: {}", page.body);
    assert!(!page.body.contains("text=original"), "no Japanese version, no switch");
    // The course's own Japanese title needs no `lang` on a Japanese page.
    assert!(page.body.contains(r#"<a href="/courses/c">ティーム・ティーチング</a>"#), "{}", page.body);
    let course = app.get_with("/courses/c", &[JA]).await;
    assert!(
        course.body.contains(r#"<p class="lead" lang="en">Working with your JTE.</p>"#),
        "{}",
        course.body
    );
    assert!(course.body.contains(r#"lang="en">After the lesson</a>"#));
}

#[tokio::test]
async fn a_japanese_course_carries_lang_ja_on_the_english_interface() {
    let app = TestApp::spawn().await;
    let mut files = package("ja");
    files.insert("course.toml".into(), "slug = \"c\"\ntitle = \"ティーム・ティーチング入門\"\nsummary = \"JTEと協力する方法。\"\nlanguage = \"ja\"\nlevel = \"foundation\"\nhours = 1\nlicence = \"CC-BY-4.0\"\nauthors = [\"A\"]\n".as_bytes().to_vec());
    import(app.store(), &files, None, true, usize::MAX).await.unwrap();
    let catalog = app.get("/courses").await;
    assert!(
        catalog.body.contains(r#"<h2 lang="ja"><a href="/courses/c">ティーム・ティーチング入門</a></h2>"#),
        "{}",
        catalog.body
    );
    assert!(catalog.body.contains(r#"<p lang="ja">JTEと協力する方法。</p>"#));
    let course = app.get("/courses/c").await;
    assert!(course.body.contains(r#"<h1 lang="ja">ティーム・ティーチング入門</h1>"#), "{}", course.body);
    let lesson = app.get("/courses/c/lessons/second").await;
    assert_eq!(body_tag(&lesson.body), r#"<div class="prose lesson-body" lang="ja">"#);
    // On the Japanese interface the same texts need no `lang` of their own.
    let catalog = app.get_with("/courses", &[JA]).await;
    assert!(
        catalog.body.contains(r#"<h2><a href="/courses/c">ティーム・ティーチング入門</a></h2>"#),
        "{}",
        catalog.body
    );
    let lesson = app.get_with("/courses/c/lessons/second", &[JA]).await;
    assert_eq!(body_tag(&lesson.body), r#"<div class="prose lesson-body">"#);
}

#[tokio::test]
async fn a_package_round_trips_the_japanese_version_and_the_course_language() {
    let app = app_with("ja").await;
    let exported = export(app.store(), "c").await.unwrap();
    assert!(String::from_utf8_lossy(&exported["course.toml"]).contains("language = \"ja\"\n"));
    assert_eq!(exported["01-m/01-first.ja.md"], "まず**JTE**と話しましょう。\n".as_bytes());
    assert!(
        String::from_utf8_lossy(&exported["01-m/01-first.md"])
            .contains("reflection_ja = \"JTEに何を聞きますか。\"")
    );
    let other = TestApp::spawn().await;
    import(other.store(), &exported, None, true, usize::MAX).await.unwrap();
    assert_eq!(export(other.store(), "c").await.unwrap(), exported);
    let published = other.state.courses.published(other.store(), "c").await.unwrap().unwrap();
    assert_eq!(published.content.language, altto::i18n::Lang::Ja);
    assert_eq!(
        published.content.lessons().next().unwrap().1.body_ja.as_deref(),
        Some("まず**JTE**と話しましょう。")
    );
}

/// The lesson editor's fields for `first-lesson`, with the Japanese version given.
fn lesson_fields(base: &str, body_ja: &str, reflection_ja: &str) -> Vec<(String, String)> {
    [
        ("base", base),
        ("title", "Aims first"),
        ("summary", "Start from the aim."),
        ("minutes", "20"),
        ("body", "Every plan starts from **one aim**."),
        ("reflection", "What is your aim?"),
        ("body_ja", body_ja),
        ("reflection_ja", reflection_ja),
        ("action", "save"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

#[tokio::test]
async fn the_lesson_editor_saves_a_japanese_version_and_refuses_a_bad_one_saving_nothing() {
    let app = TestApp::spawn().await;
    let author = writer(&app, "ken@example.org", Role::Author).await;
    let mut author = app.agent_for(author).await;
    crate::authoring::create_course(&mut author).await;
    let path = "/author/courses/planning-lessons/lessons/first-lesson";
    let revisions = || async { app.store().revision_history(DocumentRef::course(1)).await.unwrap().len() };
    let base = base_in(&author.get(path).await.body);
    let deep = format!("一行目\n\n{}深い", "> ".repeat(100));
    let too_long = "あ".repeat(1001);
    for (body_ja, reflection_ja, said) in [
        (deep.as_str(), "", "Line 3: Quotes, lists or HTML elements are nested more than 32 levels deep"),
        ("本文", too_long.as_str(), r#"<p class="field-error" id="reflection_ja-error">"#),
    ] {
        let fields = lesson_fields(&base, body_ja, reflection_ja);
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let refused = author.post(path, &pairs).await;
        assert_eq!(refused.status, 422, "{}", refused.body);
        assert!(refused.body.contains(said), "{}", refused.body);
        assert!(refused.body.contains("本文") || refused.body.contains("一行目"), "what was typed is kept");
        assert_eq!(revisions().await, 1, "nothing is saved");
    }
    let fields = lesson_fields(&base, "まず**ひとつの目標**から。", "あなたの目標は何ですか。");
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let saved = author.post(path, &pairs).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_eq!(revisions().await, 2);
    let editor = author.get(path).await;
    assert!(editor.body.contains(r#"lang="ja">まず**ひとつの目標**から。</textarea>"#), "{}", editor.body);
    assert!(editor.body.contains("あなたの目標は何ですか。"));
    assert!(
        editor
            .body
            .contains(r#"href="/author/courses/planning-lessons/lessons/first-lesson/preview?lang=ja""#)
    );

    // The course form declares the course's language; an unknown one is refused.
    let course = author.get("/author/courses/planning-lessons").await;
    assert!(course.body.contains(r#"<option value="en" selected>English</option>"#), "{}", course.body);
    let details = |language: &'static str, base: String| {
        vec![
            ("base", base),
            ("title", "Planning lessons".to_owned()),
            ("summary", "How to plan.".to_owned()),
            ("language", language.to_owned()),
            ("level", "intermediate".to_owned()),
            ("hours", "1.5".to_owned()),
            ("licence", "CC-BY-4.0".to_owned()),
            ("authors", "Ken".to_owned()),
        ]
    };
    let fields = details("fr", base_in(&course.body));
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(author.post("/author/courses/planning-lessons", &pairs).await.status, 422);
    assert_eq!(revisions().await, 2);
    let fields = details("ja", base_in(&course.body));
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(author.post("/author/courses/planning-lessons", &pairs).await.status, 303);
    let course = author.get("/author/courses/planning-lessons").await;
    assert!(course.body.contains(r#"<option value="ja" selected>Japanese</option>"#), "{}", course.body);
}

#[tokio::test]
async fn the_preview_shows_the_draft_in_both_languages_to_its_authors_and_editors_only() {
    let app = app_with("en").await;
    let author_id = writer(&app, "ken@example.org", Role::Author).await;
    app.store().add_author(DocumentRef::course(1), author_id).await.unwrap();
    let mut author = app.agent_for(author_id).await;
    let path = "/author/courses/c/lessons/first";
    let base = base_in(&author.get(path).await.body);
    let fields = [
        ("base", base.as_str()),
        ("title", "Before the lesson"),
        ("summary", "Plan together."),
        ("minutes", "10"),
        ("body", "A **draft** text."),
        ("body_ja", "**下書き**の本文。"),
        ("reflection", "Why?"),
        ("action", "save"),
    ];
    assert_eq!(author.post(path, &fields).await.status, 303);
    let public = app.get("/courses/c/lessons/first").await;
    assert!(public.body.contains(BODY_EN), "learners still see the published text");

    let preview = author.get("/author/courses/c/lessons/first/preview?lang=en").await;
    assert_eq!(preview.status, 200, "{}", preview.body);
    assert!(preview.body.contains("A <strong>draft</strong> text.") && !preview.body.contains(BODY_EN));
    assert!(preview.body.contains("Preview — not published."));
    assert!(preview.body.contains(r#"<meta name="robots" content="noindex, nofollow">"#));
    assert_eq!(preview.header("cache-control"), "private, no-store");
    assert_eq!(preview.header("x-robots-tag"), "noindex, nofollow");
    assert!(
        preview.body.contains(r#"class="button" disabled>Mark this lesson complete"#),
        "{}",
        preview.body
    );
    assert!(
        preview.body.contains(r#"class="button button-secondary" disabled>"#),
        "the reflection's button is off"
    );
    assert!(
        preview.body.contains(r#"href="/author/courses/c/lessons/second/preview?lang=en" rel="next""#),
        "{}",
        preview.body
    );
    assert!(preview.body.contains(r#"href="/author/courses/c/lessons/first/preview?lang=ja""#));
    assert_eq!(
        app.store().course_progress(author_id, 1).await.unwrap().len(),
        0,
        "a preview records no visit"
    );

    let ja = author.get("/author/courses/c/lessons/first/preview?lang=ja").await;
    assert!(ja.body.starts_with("<!doctype html>\n<html lang=\"ja\">"));
    assert!(ja.body.contains("<strong>下書き</strong>の本文。"), "{}", ja.body);
    assert!(ja.body.contains("プレビュー（未公開）"));
    assert!(
        ja.body.contains(r#"href="/author/courses/c/lessons/first/preview?lang=ja&#38;text=original""#),
        "{}",
        ja.body
    );
    let original = author.get("/author/courses/c/lessons/first/preview?lang=ja&text=original").await;
    assert!(
        original.body.contains("A <strong>draft</strong> text.")
            && body_tag(&original.body).contains(r#"lang="en""#)
    );

    let editor = writer(&app, "emi@example.org", Role::Editor).await;
    let mut editor = app.agent_for(editor).await;
    assert!(
        editor
            .get("/author/courses/c/lessons/first/preview")
            .await
            .body
            .contains("A <strong>draft</strong> text.")
    );
    let review = editor.get("/author/courses/c").await;
    assert!(
        review.body.contains(r#"href="/author/courses/c/lessons/first/preview?lang=ja""#),
        "{}",
        review.body
    );

    let other_author = writer(&app, "other@example.org", Role::Author).await;
    let member = app.create_member("m@example.org", "M").await;
    for user in [other_author, member] {
        let mut agent = app.agent_for(user).await;
        assert_eq!(agent.get("/author/courses/c/lessons/first/preview").await.status, 404);
    }
    assert_eq!(app.get("/author/courses/c/lessons/first/preview").await.status, 404);
    assert_eq!(author.get("/author/courses/c/lessons/nowhere/preview").await.status, 404);
}

#[tokio::test]
async fn the_preview_and_a_japanese_page_of_an_english_lesson_pass_the_accessibility_scan() {
    let app = app_with("en").await;
    let author_id = writer(&app, "ken@example.org", Role::Author).await;
    app.store().add_author(DocumentRef::course(1), author_id).await.unwrap();
    let browser = crate::browser::Browser::open(&app).await;
    browser.goto("/login").await;
    browser.fill("email", "ken@example.org").await;
    browser.fill("password", crate::helpers::PASSWORD).await;
    browser.press("Sign in").await;

    browser.goto("/author/courses/c/lessons/first/preview?lang=en").await;
    assert!(browser.main_text().await.contains("Preview — not published."));
    browser.assert_accessible().await;
    browser.follow("Preview in Japanese").await;
    assert_eq!(browser.html_lang().await, "ja");
    assert!(browser.main_text().await.contains("まずJTEと話しましょう。"));
    browser.assert_accessible().await;

    browser.goto("/lang/ja?next=/courses/c/lessons/second").await;
    assert_eq!(browser.html_lang().await, "ja");
    let body = browser.client.find(fantoccini::Locator::Css(".lesson-body")).await.unwrap();
    assert_eq!(body.attr("lang").await.unwrap().as_deref(), Some("en"));
    browser.assert_accessible().await;
    browser.goto("/courses/c/lessons/first").await;
    browser.follow("原文（英語）で読む").await;
    assert!(browser.path().await.ends_with("?text=original"));
    assert!(browser.main_text().await.contains("Talk to your JTE first."));
    browser.assert_accessible().await;
    browser.close().await;
}
