//! Topics as a managed list with English and Japanese labels, and friendly names
//! (topic labels, licence names) wherever a person reads them.

use altto::courses::library;
use altto_store::{Grants, Role, Topic};

use crate::{
    helpers::{Agent, TestApp},
    media::package_with_media,
};

async fn someone<'a>(app: &'a TestApp, email: &str, role: Role) -> Agent<'a> {
    let id = app.create_user(email, "Someone", Grants { role, is_moderator: false, is_admin: false }).await;
    app.agent_for(id).await
}

async fn slugs(app: &TestApp) -> Vec<(String, String, String)> {
    let topics = app.store().topics().await.unwrap();
    topics.into_iter().map(|t| (t.slug, t.label_en, t.label_ja)).collect()
}

#[tokio::test]
async fn the_starter_courses_topics_are_listed_on_first_start_and_shown_by_label_in_both_languages() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let topics = slugs(&app).await;
    assert!(topics.contains(&(
        "team-teaching".into(),
        "Team teaching".into(),
        "ティーム・ティーチング".into()
    )));
    assert_eq!(topics.len(), 4, "{topics:?}");
    let english = app.get("/courses").await;
    assert!(english.body.contains(r#"<option value="team-teaching">Team teaching</option>"#));
    assert!(english.body.contains(r#"<a href="/courses?topic=team-teaching">Team teaching</a>"#));
    assert!(!english.body.contains(">team-teaching<"), "never the slug");
    let japanese = app.get_with("/courses", &[("accept-language", "ja")]).await;
    assert!(japanese.body.contains(r#"<option value="team-teaching">ティーム・ティーチング</option>"#));
    let course = app.get_with("/courses/alt-essentials", &[("accept-language", "ja")]).await;
    assert!(course.body.contains(">日本の学校</a>"), "the course page shows labels");
    assert!(app.get("/courses?topic=team-teaching").await.body.contains("ALT Essentials"));
}

#[tokio::test]
async fn an_editor_adds_renames_and_removes_a_topic_but_one_in_use_stays_and_says_where() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let mut editor = someone(&app, "emi@example.org", Role::Editor).await;
    let added = editor
        .post("/admin/topics", &[("slug", "ict"), ("label_en", "ICT in class"), ("label_ja", "授業でのICT")])
        .await;
    assert_eq!(added.status, 303, "{}", added.body);
    let page = editor.get(added.location()).await;
    assert!(page.body.contains("The topic “ICT in class” was added."));
    let renamed =
        editor.post("/admin/topics/ict", &[("label_en", "Technology"), ("label_ja", "ICT活用")]).await;
    assert_eq!(renamed.status, 303);
    assert!(slugs(&app).await.contains(&("ict".into(), "Technology".into(), "ICT活用".into())));
    assert!(app.get_with("/courses", &[("accept-language", "ja")]).await.status.is_success());

    let in_use = editor.post("/admin/topics/team-teaching/remove", &[]).await;
    assert_eq!(in_use.status, 422);
    assert!(
        in_use.body.contains("The topic “Team teaching” cannot be removed: it is used by ALT Essentials.")
    );
    assert!(slugs(&app).await.iter().any(|(slug, ..)| slug == "team-teaching"), "still there");
    let removed = editor.post("/admin/topics/ict/remove", &[]).await;
    assert_eq!(removed.status, 303);
    assert!(!slugs(&app).await.iter().any(|(slug, ..)| slug == "ict"));
    assert_eq!(editor.post("/admin/topics/ict/remove", &[]).await.status, 404);
    // Authors use the list; they do not manage it.
    let mut author = someone(&app, "ken@example.org", Role::Author).await;
    assert_eq!(author.get("/admin/topics").await.status, 403);
}

#[tokio::test]
async fn bad_topic_input_is_refused_in_the_users_language_and_changes_nothing() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let mut editor = someone(&app, "emi@example.org", Role::Editor).await;
    let before = slugs(&app).await;
    let empty = editor.post("/admin/topics", &[("slug", "ict"), ("label_en", " "), ("label_ja", "")]).await;
    assert_eq!(empty.status, 422);
    assert!(empty.body.contains("Give the topic an English label."));
    let taken = editor
        .post("/admin/topics", &[("slug", "curriculum"), ("label_en", "Again"), ("label_ja", "")])
        .await;
    assert_eq!(taken.status, 422);
    assert!(taken.body.contains("There is already a topic with that name."));
    let bad_slug =
        editor.post("/admin/topics", &[("slug", "Not a slug!"), ("label_en", "X"), ("label_ja", "")]).await;
    assert_eq!(bad_slug.status, 422);
    let long = "x".repeat(81);
    let too_long =
        editor.post("/admin/topics/curriculum", &[("label_en", long.as_str()), ("label_ja", "")]).await;
    assert_eq!(too_long.status, 422);
    let mut japanese = editor.with_header("accept-language", "ja");
    let empty = japanese.post("/admin/topics/curriculum", &[("label_en", ""), ("label_ja", "ラベル")]).await;
    assert_eq!(empty.status, 422);
    assert!(
        empty.body.contains("トピック curriculum には英語のラベルが必要です。変更は保存されていません。")
    );
    assert_eq!(slugs(&app).await, before, "nothing changed");
}

#[tokio::test]
async fn the_course_form_offers_the_topics_as_checkboxes_and_refuses_one_not_in_the_list() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let mut author = someone(&app, "ken@example.org", Role::Author).await;
    let form = author.get("/author/courses/new").await;
    assert!(
        form.body.contains(
            r#"<input type="checkbox" id="topic-team-teaching" name="topics" value="team-teaching">"#
        )
    );
    assert!(form.body.contains(r#"<label for="topic-team-teaching">Team teaching</label>"#));
    assert!(form.body.contains(r#"<option value="CC-BY-SA-4.0">CC BY-SA 4.0</option>"#), "licences by name");
    let details = |topics: &'static [&'static str]| {
        let mut fields = vec![
            ("slug", "planning"),
            ("title", "Planning"),
            ("summary", "How to plan."),
            ("level", "foundation"),
            ("hours", "2"),
            ("licence", "CC-BY-4.0"),
            ("authors", "Ken"),
        ];
        fields.extend(topics.iter().map(|t| ("topics", *t)));
        fields
    };
    let unknown = author.post("/author/courses", &details(&["team-teaching", "made-up"])).await;
    assert_eq!(unknown.status, 422);
    assert!(unknown.body.contains("Choose topics from the list."));
    assert!(app.store().course_by_slug("planning").await.unwrap().is_none());
    let created = author.post("/author/courses", &details(&["team-teaching", "curriculum"])).await;
    assert_eq!(created.status, 303, "{}", created.body);
    let page = author.get("/author/courses/planning").await;
    assert!(page.body.contains(r#"name="topics" value="team-teaching" checked>"#));
    assert!(page.body.contains(r#"name="topics" value="curriculum" checked>"#));
    assert!(page.body.contains(r#"name="topics" value="classroom-practice">"#));
}

#[tokio::test]
async fn importing_a_package_that_names_an_unknown_topic_adds_it_as_provisional_and_says_so() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let mut files = package_with_media();
    let course = String::from_utf8(files["course.toml"].clone()).unwrap();
    files.insert(
        "course.toml".into(),
        format!("{course}topics = [\"team-teaching\", \"phonics\"]\n").into_bytes(),
    );
    let done = library::import(app.store(), &files, None, true, usize::MAX).await.unwrap();
    assert_eq!(done.new_topics, ["phonics"]);
    let topics = app.store().topics().await.unwrap();
    let phonics = topics.iter().find(|t| t.slug == "phonics").unwrap();
    assert_eq!(
        phonics,
        &Topic {
            slug: "phonics".into(),
            label_en: "phonics".into(),
            label_ja: String::new(),
            provisional: true
        }
    );
    let mut editor = someone(&app, "emi@example.org", Role::Editor).await;
    assert!(editor.get("/admin/topics").await.body.contains("Provisional: added by an import"));
    // Importing it again adds nothing.
    let again = library::import(app.store(), &files, None, true, usize::MAX).await.unwrap();
    assert!(again.new_topics.is_empty());
}

#[tokio::test]
async fn licences_are_shown_by_name_with_a_link_to_the_deed_never_by_their_code() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let deed = r#"<a href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a>"#;
    for path in ["/courses", "/courses/alt-essentials", "/courses/alt-essentials/lessons/the-school-year"] {
        let page = app.get(path).await;
        assert!(page.body.contains(deed), "{path}");
        assert!(!page.body.contains(">CC-BY-4.0<"), "{path}");
    }
}
