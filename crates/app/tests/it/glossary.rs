//! The glossary of Japanese school terms: public pages, the editor on the one workflow,
//! links from lessons, and the API.

use altto::courses::content::CourseContent;
use altto_store::{DocumentKind, DocumentRef, Role};
use fantoccini::Locator;

use crate::{
    authoring::{base_in, writer},
    browser::Browser,
    helpers::{TestApp, publish_latest},
};

/// A fresh app with the starter glossary (and, if `course`, the starter course).
async fn app_with_glossary(course: bool) -> TestApp {
    let app = TestApp::spawn().await;
    let app = if course { app.with_starter_course().await } else { app };
    assert!(altto::glossary::starter::load_starter_glossary(app.store()).await.unwrap());
    app
}

/// Publishes a revision of the starter course in which the lesson at `lesson` has
/// `body` (and no Japanese version) and glossary links `links`.
async fn publish_lesson_body(app: &TestApp, lesson: &str, body: &str, links: bool) {
    let course = app.store().course_by_slug("alt-essentials").await.unwrap().unwrap();
    let latest = course.latest_revision_id;
    let json = app.store().revision(DocumentKind::Course, latest.unwrap()).await.unwrap().content;
    let mut content: CourseContent = serde_json::from_str(&json).unwrap();
    let found =
        content.modules.iter_mut().flat_map(|m| m.lessons.iter_mut()).find(|l| l.slug == lesson).unwrap();
    found.body = body.to_owned();
    found.body_ja = None;
    found.glossary_links = links;
    let json = serde_json::to_string(&content).unwrap();
    app.store().add_revision(DocumentRef::course(course.id), latest, &json, None, "test").await.unwrap();
    publish_latest(app.store(), course.id).await;
}

/// The fields of a complete new term (one the starter glossary does not have).
fn new_term<'a>(slug: &'a str, en: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("slug", slug),
        ("ja", "献立表"),
        ("kana", "こんだてひょう"),
        ("romaji", "kondatehyō"),
        ("en", en),
        ("explanation", "The month's school lunch menu, sent home to families."),
        ("explanation_ja", "その月の給食の献立を家庭に知らせる表。"),
        ("related", "/courses/alt-essentials/lessons/the-school-day"),
        ("see_also", "tannin"),
    ]
}

/// The starter glossary's term at `slug` (the tests read its texts from the file, which
/// its writers may change).
fn starter(slug: &str) -> altto::glossary::Term {
    altto::glossary::starter::starter_terms().unwrap().into_iter().find(|t| t.slug == slug).unwrap()
}

/// The opening words of a Markdown text, up to its first mark-up.
fn opening(markdown: &str) -> String {
    markdown.chars().take_while(|c| !"*_`[]<>&#'\"".contains(*c)).take(24).collect()
}

/// The text of an HTML page, without its tags.
fn text_of(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

#[tokio::test]
async fn the_starter_glossary_is_public_with_both_indexes() {
    let app = app_with_glossary(false).await;
    let index = app.get("/glossary").await;
    assert_eq!(index.status, 200);
    let body = &index.body;
    // A–Z by English term, あ–ん by reading, each with its jump links.
    for fragment in ["en-h", "ja-ta", "en-c", "ja-ka"] {
        assert!(body.contains(&format!("id=\"{fragment}\"")), "{fragment}: {body}");
        assert!(body.contains(&format!("href=\"#{fragment}\"")), "{fragment}");
    }
    for slug in ["tannin", "kyoto", "fukukocho", "gakushu-shido-yoryo", "gaikokugo-katsudo"] {
        assert!(body.contains(&format!("href=\"/glossary/{slug}\"")), "{slug}");
        assert_eq!(app.get(&format!("/glossary/{slug}")).await.status, 200, "{slug}");
    }
    assert!(
        body.contains("<span lang=\"ja\">担任（たんにん）</span>"),
        "Japanese on an English page has its lang"
    );

    let term = app.get("/glossary/tannin").await;
    assert!(term.body.contains("<script type=\"application/ld+json\">"));
    let start = term.body.find("application/ld+json\">").unwrap() + "application/ld+json\">".len();
    let ld: serde_json::Value =
        serde_json::from_str(&term.body[start..start + term.body[start..].find("</script>").unwrap()])
            .unwrap();
    assert_eq!(ld["@type"], "DefinedTerm");
    assert_eq!(ld["inDefinedTermSet"]["@type"], "DefinedTermSet");
    assert_eq!(ld["inDefinedTermSet"]["url"], "/glossary");
    assert!(
        term.body.contains("<meta name=\"description\" content=\"担任 (たんにん, tannin): homeroom teacher")
    );
    assert_eq!(app.get("/glossary/no-such-term").await.status, 404);
}

#[tokio::test]
async fn a_term_page_shows_kana_romaji_and_the_japanese_explanation_to_a_japanese_reader() {
    let app = app_with_glossary(true).await;
    let ja = app.get_with("/glossary/tannin", &[("accept-language", "ja")]).await;
    assert_eq!(ja.status, 200);
    assert!(ja.body.contains("<html lang=\"ja\""));
    let tannin = starter("tannin");
    let (explanation, explanation_ja) = (opening(&tannin.explanation), opening(&tannin.explanation_ja));
    let text = text_of(&ja.body);
    for shown in ["担任", "たんにん", "tannin", explanation_ja.as_str(), "ローマ字"] {
        assert!(text.contains(shown), "{shown}: {}", ja.body);
    }
    assert!(
        ja.body.contains("<dd lang=\"en\">homeroom teacher</dd>"),
        "English on a Japanese page has its lang"
    );
    assert!(!text.contains(&explanation), "not the English explanation");
    // Related lessons by title, see-also terms by name; the term never links itself.
    assert!(ja.body.contains("href=\"/courses/alt-essentials/lessons/who-is-who\""));
    for other in &tannin.see_also {
        assert!(ja.body.contains(&format!("href=\"/glossary/{other}\"")), "{other}");
    }
    assert!(!ja.body.contains("href=\"/glossary/tannin\" class=\"term\""));

    let en = app.get("/glossary/tannin").await;
    assert!(text_of(&en.body).contains(&explanation));
    assert!(en.body.contains("<dd lang=\"ja\">たんにん</dd>"));
    // A visitor's term page is kept: the second visitor gets the same page.
    assert_eq!(app.get("/glossary/tannin").await.body, en.body);
}

#[tokio::test]
async fn a_lessons_first_use_of_tannin_links_to_its_page_and_a_second_use_does_not() {
    let app = app_with_glossary(true).await;
    let body = "Meet your 担任 early.\n\n## The 担任 in a heading\n\nAsk the 担任 again, \
                and the homeroom teacher too. `担任` and [担任](/about).";
    publish_lesson_body(&app, "the-school-year", body, true).await;
    let page = app.get("/courses/alt-essentials/lessons/the-school-year").await;
    assert_eq!(page.status, 200);
    assert_eq!(page.body.matches("href=\"/glossary/tannin\"").count(), 1, "{}", page.body);
    assert!(page.body.contains("Meet your <a href=\"/glossary/tannin\" class=\"term\">担任</a> early."));
    assert!(page.body.contains("The 担任 in a heading</h2>"));
    // The same for Japanese readers, whose page shows the same body.
    let ja =
        app.get_with("/courses/alt-essentials/lessons/the-school-year", &[("accept-language", "ja")]).await;
    assert_eq!(ja.body.matches("class=\"term\"").count(), 1);
}

#[tokio::test]
async fn a_lesson_with_glossary_links_false_links_nothing() {
    let app = app_with_glossary(true).await;
    publish_lesson_body(&app, "the-school-year", "Meet your 担任 and the 教頭 early.", false).await;
    let page = app.get("/courses/alt-essentials/lessons/the-school-year").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Meet your 担任 and the 教頭 early."));
    assert!(!page.body.contains("class=\"term\""));
    // The switch is kept in the package format too.
    let files = altto::courses::library::export(app.store(), "alt-essentials").await.unwrap();
    let lesson = files.iter().find(|(path, _)| path.ends_with("-the-school-year.md")).unwrap().1;
    assert!(String::from_utf8_lossy(lesson).contains("glossary_links = false"));
}

#[tokio::test]
async fn an_authors_new_term_is_not_public_until_an_editor_publishes_it() {
    let app = app_with_glossary(false).await;
    let author_id = writer(&app, "ken@example.org", Role::Author).await;
    let editor_id = writer(&app, "emi@example.org", Role::Editor).await;
    let mut author = app.agent_for(author_id).await;
    let created = author.post("/author/glossary", &new_term("kondatehyo", "lunch menu")).await;
    assert_eq!(created.status, 303, "{}", created.body);
    assert_eq!(created.location(), "/author/glossary/kondatehyo?saved=1");
    assert!(author.get("/author/glossary").await.body.contains("Draft"));
    assert_eq!(app.get("/glossary/kondatehyo").await.status, 404, "a draft is not public");

    let edit = author.get("/author/glossary/kondatehyo").await;
    let base = base_in(&edit.body);
    let submitted = author.post("/author/glossary/kondatehyo/submit", &[("base", base.as_str())]).await;
    assert_eq!(submitted.status, 303, "{}", submitted.body);
    assert!(author.get("/author/glossary").await.body.contains("In review"));
    assert_eq!(app.get("/glossary/kondatehyo").await.status, 404, "a term in review is not public");
    assert_eq!(app.get("/api/v1/glossary/kondatehyo").await.status, 404);
    assert!(!app.get("/glossary").await.body.contains("/glossary/kondatehyo"));
    let refused = author
        .post("/author/glossary/kondatehyo/review", &[("decision", "publish"), ("base", base.as_str())])
        .await;
    assert_eq!(refused.status, 403, "authors do not publish");
    // Nor do other authors see it.
    let other_id = writer(&app, "yui@example.org", Role::Author).await;
    assert_eq!(app.agent_for(other_id).await.get("/author/glossary/kondatehyo").await.status, 404);

    let mut editor = app.agent_for(editor_id).await;
    let told = editor.get("/notifications").await;
    assert!(
        told.body.contains("献立表 (lunch menu)") && told.body.contains("/author/glossary/kondatehyo"),
        "{}",
        told.body
    );
    let review = editor.get("/author/glossary/kondatehyo").await;
    assert!(review.body.contains("value=\"publish\""));
    let base = base_in(&review.body);
    let published = editor
        .post("/author/glossary/kondatehyo/review", &[("decision", "publish"), ("base", base.as_str())])
        .await;
    assert_eq!(published.status, 303, "{}", published.body);
    let page = app.get("/glossary/kondatehyo").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("lunch menu") && page.body.contains("href=\"/glossary/tannin\""));
    assert!(app.get("/glossary").await.body.contains("href=\"/glossary/kondatehyo\""));

    // Unpublishing takes it away again.
    let again = editor.get("/author/glossary/kondatehyo").await;
    let unpublished = editor
        .post(
            "/author/glossary/kondatehyo/review",
            &[("decision", "unpublish"), ("base", &base_in(&again.body))],
        )
        .await;
    assert_eq!(unpublished.status, 303);
    assert_eq!(app.get("/glossary/kondatehyo").await.status, 404);
}

#[tokio::test]
async fn empty_fields_are_refused_with_the_field_named_and_nothing_is_saved() {
    let app = app_with_glossary(false).await;
    let author_id = writer(&app, "ken@example.org", Role::Author).await;
    let mut author = app.agent_for(author_id).await;
    let mut fields = new_term("kondatehyo", "");
    fields.retain(|(name, _)| *name != "kana");
    let refused = author.post("/author/glossary", &fields).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("English term: write the English term."), "{}", refused.body);
    assert!(refused.body.contains("Reading in kana: write how the term is read."));
    assert!(refused.body.contains("給食の献立を家庭に"), "what was typed is kept");
    assert!(app.store().document_by_slug(DocumentKind::Term, "kondatehyo").await.unwrap().is_none());

    let mut fields = new_term("kondatehyo", "lunch menu");
    fields.push(("kana", "kondatehyou"));
    fields.swap_remove(2);
    let mut japanese = app.agent_for(author_id).await.with_header("accept-language", "ja");
    let refused = japanese.post("/author/glossary", &fields).await;
    assert_eq!(refused.status, 422);
    assert!(
        refused.body.contains("読み（かな）：読みはひらがなまたはカタカナで入力してください。"),
        "{}",
        refused.body
    );
    let taken = author.post("/author/glossary", &new_term("tannin", "homeroom teacher")).await;
    assert_eq!(taken.status, 422);
    assert!(taken.body.contains("Address: another term already has this address."));
    assert_eq!(app.store().documents_for(DocumentKind::Term, Some(author_id)).await.unwrap().len(), 0);
}

#[tokio::test]
async fn a_stale_save_is_refused_with_409_and_the_input_kept() {
    let app = app_with_glossary(false).await;
    let editor_id = writer(&app, "emi@example.org", Role::Editor).await;
    let mut editor = app.agent_for(editor_id).await;
    let form = editor.get("/author/glossary/kyoto").await;
    assert_eq!(form.status, 200);
    let base = base_in(&form.body);
    let mut fields = new_term("ignored", "vice-principal");
    fields.retain(|(name, _)| *name != "slug");
    fields.push(("base", base.as_str()));
    assert_eq!(editor.post("/author/glossary/kyoto", &fields).await.status, 303);
    fields.retain(|(name, _)| *name != "explanation");
    fields.push(("explanation", "My own words about the kyōtō."));
    let stale = editor.post("/author/glossary/kyoto", &fields).await;
    assert_eq!(stale.status, 409);
    assert!(stale.body.contains("My own words about the kyōtō."), "the typed text is kept");
    assert!(stale.body.contains("Someone else saved this term"));
    // The public still sees the published version until it is published again.
    let published = text_of(&app.get("/glossary/kyoto").await.body);
    assert!(published.contains(&opening(&starter("kyoto").explanation)), "{published}");
    assert_eq!(editor.get("/author/glossary/unknown").await.status, 404);
}

#[tokio::test]
async fn the_api_lists_published_terms_and_shows_one() {
    let app = app_with_glossary(false).await;
    let list = app.get("/api/v1/glossary").await;
    assert_eq!(list.status, 200);
    let terms: Vec<serde_json::Value> = serde_json::from_str(&list.body).unwrap();
    assert!(terms.len() >= 5);
    let tannin = terms.iter().find(|t| t["slug"] == "tannin").unwrap();
    assert_eq!(tannin["ja"], "担任");
    assert_eq!(tannin["kana"], "たんにん");
    let one: serde_json::Value = serde_json::from_str(&app.get("/api/v1/glossary/kyoto").await.body).unwrap();
    assert_eq!(one["romaji"], "kyōtō");
    assert_eq!(one["see_also"], serde_json::json!(starter("kyoto").see_also));
    assert_eq!(app.get("/api/v1/glossary/nothing").await.status, 404);
}

#[tokio::test]
async fn a_visitor_follows_a_glossary_link_from_a_lesson_to_the_term_page() {
    let app = app_with_glossary(true).await;
    publish_lesson_body(&app, "the-school-year", "Plan the year with your 担任.", true).await;
    let browser = Browser::open(&app).await;
    browser.goto("/courses/alt-essentials/lessons/the-school-year").await;
    browser.click_and_wait(Locator::Css("a.term")).await;
    assert_eq!(browser.path().await, "/glossary/tannin");
    assert!(browser.heading().await.contains("担任"));
    assert!(browser.main_text().await.contains("たんにん"));
    browser.assert_accessible().await;
    browser.follow("All terms").await;
    assert_eq!(browser.path().await, "/glossary");
    browser.assert_accessible().await;
    browser.close().await;
}

#[tokio::test]
async fn an_author_turns_glossary_links_off_for_a_lesson_in_the_lesson_editor() {
    let app = TestApp::spawn().await;
    let author_id = writer(&app, "ken@example.org", Role::Author).await;
    let mut author = app.agent_for(author_id).await;
    crate::authoring::create_course(&mut author).await;
    let path = "/author/courses/planning-lessons/lessons/first-lesson";
    let page = author.get(path).await.body;
    assert!(page.contains(r#"name="glossary_links" value="on" checked"#), "on by default");
    let base = base_in(&page);
    let mut fields =
        vec![("base", base.as_str()), ("title", "Aims first"), ("summary", "S"), ("minutes", "20")];
    fields.extend([("body", "Ask your 担任."), ("glossary_links_shown", "1")]);
    assert_eq!(author.post(path, &fields).await.status, 303);
    assert!(!crate::quiz_editor::lesson(&app).await.glossary_links);
    let page = author.get(path).await.body;
    assert!(page.contains(r#"name="glossary_links" value="on" aria-describedby"#), "shown off");
    // A form without the box (sent before it existed) keeps the setting.
    let base = base_in(&page);
    let old_form =
        [("base", base.as_str()), ("title", "Aims"), ("summary", "S"), ("minutes", "20"), ("body", "B")];
    assert_eq!(author.post(path, &old_form).await.status, 303);
    assert!(!crate::quiz_editor::lesson(&app).await.glossary_links);
}
