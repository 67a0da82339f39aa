//! Search in English and Japanese: the starter course, library and glossary found by
//! either language and by a glossary term's readings, full-width and half-width alike,
//! mixed queries, drafts and hidden, suspended or private things never found, the
//! index following the forum on every node, bad input, and a damaged index folder.

use std::time::{Duration, Instant};

use altto::library::{Shelf, starter};
use altto_store::{DocumentRef, Grants, Role, UserId};

use crate::helpers::{PASSWORD, TestApp};

/// A fresh app with every kind of starter content and the forum's categories.
pub async fn search_app() -> TestApp {
    let app = TestApp::spawn().await.with_starter_course().await.with_starter_library().await;
    altto::glossary::starter::load_starter_glossary(app.store()).await.unwrap();
    altto::community::load_once(app.store()).await.unwrap();
    app
}

/// The addresses of the first page of results for `query` (as a visitor).
async fn found(app: &TestApp, query: &str) -> Vec<String> {
    results(app, &format!("q={}", encode(query))).await
}

/// The addresses of the results of the API query string `query`.
async fn results(app: &TestApp, query: &str) -> Vec<String> {
    let answer = app.get(&format!("/api/v1/search?{query}")).await;
    assert_eq!(answer.status, 200, "{query}: {}", answer.body);
    let json: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
    json["results"].as_array().unwrap().iter().map(|hit| hit["url"].as_str().unwrap().to_owned()).collect()
}

fn encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// Waits until `check` holds (the index applies changes in the background), failing
/// after a generous deadline: how soon is the design's business, not the test's.
async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = Instant::now() + Duration::from_secs(15);
    while !check().await {
        assert!(Instant::now() < deadline, "never happened: {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A writer whose forum posts appear at once.
async fn writer(app: &TestApp, email: &str, name: &str) -> UserId {
    app.create_user(email, name, Grants { role: Role::Author, is_moderator: false, is_admin: false }).await
}

/// Starts a thread as the member `email`; returns its address.
async fn start_thread(app: &TestApp, email: &str, title: &str, body: &str) -> String {
    let mut agent = app.agent();
    assert_eq!(agent.sign_in(email, PASSWORD).await.status, 303);
    let done = agent
        .post("/community/threads", &[("category", "lesson-ideas"), ("title", title), ("body", body)])
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    done.location().to_owned()
}

#[tokio::test]
async fn japanese_and_english_queries_find_the_classroom_management_lesson_first() {
    let app = search_app().await;
    let lesson = "/courses/alt-essentials/lessons/classroom-management";
    for query in ["学級経営", "classroom management", "Managing the classroom"] {
        let urls = found(&app, query).await;
        assert!(urls.iter().take(2).any(|url| url == lesson), "{query}: {urls:?}");
    }
}

#[tokio::test]
async fn a_glossary_terms_kana_kanji_and_romaji_find_each_other_and_the_lesson() {
    let app = search_app().await;
    for query in ["がっきゅうけいえい", "学級経営", "gakkyuu keiei", "gakkyū keiei", "Gakkyu Keiei"]
    {
        let urls = found(&app, query).await;
        if query != "Gakkyu Keiei" {
            assert!(urls.contains(&"/glossary/gakkyu-keiei".to_owned()), "{query}: {urls:?}");
        }
        assert!(
            urls.contains(&"/courses/alt-essentials/lessons/classroom-management".to_owned()),
            "{query}: {urls:?}"
        );
    }
}

#[tokio::test]
async fn full_width_and_half_width_text_find_each_other_and_mixed_queries_work() {
    let app = search_app().await;
    writer(&app, "tess@example.org", "Tess").await;
    let wide = start_thread(
        &app,
        "tess@example.org",
        "ＩＣＴを使った外国語活動",
        "Tablets in grade 5, with ｶﾀｶﾅ labels.",
    )
    .await;
    let narrow =
        start_thread(&app, "tess@example.org", "Phonics songs", "We used ICT for 外国語活動 in grade 3.")
            .await;
    for query in ["ICT", "ＩＣＴ"] {
        let urls = found(&app, query).await;
        assert!(urls.contains(&wide) && urls.contains(&narrow), "{query}: {urls:?}");
    }
    assert!(found(&app, "カタカナ").await.contains(&wide), "half-width katakana is found by full-width");
    let mixed = found(&app, "ICT 外国語活動 grade 3").await;
    assert_eq!(mixed.first(), Some(&narrow), "{mixed:?}");
}

#[tokio::test]
async fn a_draft_never_appears_in_results_until_it_is_published() {
    let app = search_app().await;
    let mut writing = starter::starter(Shelf::Library).unwrap().remove(0).writing;
    writing.slug = "zebra-crossings".into();
    writing.title = "Zebracrossing safety week".into();
    let id = app.store().create_document(Shelf::Library.kind(), &writing.slug).await.unwrap();
    let doc = DocumentRef { kind: Shelf::Library.kind(), id };
    let json = serde_json::to_string(&writing).unwrap();
    let revision = app.store().add_revision(doc, None, &json, None, "first").await.unwrap();
    let admin = app.create_admin().await;
    let mut agent = app.agent_for(admin).await;
    assert_eq!(found(&app, "zebracrossing").await, Vec::<String>::new());
    let page = agent.get("/search?q=zebracrossing").await;
    assert!(!page.body.contains("/library/zebra-crossings"), "not even for an admin");
    altto::content::decisions::publish_saved(app.store(), doc, revision, None).await.unwrap();
    eventually("the published article is found", || async {
        found(&app, "zebracrossing").await == ["/library/zebra-crossings"]
    })
    .await;
}

#[tokio::test]
async fn a_hidden_post_leaves_the_results_of_another_node() {
    let app = search_app().await;
    writer(&app, "tess@example.org", "Tess").await;
    app.create_user(
        "mo@example.org",
        "Mo",
        Grants { role: Role::Member, is_moderator: true, is_admin: false },
    )
    .await;
    let thread = start_thread(&app, "tess@example.org", "Seating plans", "Where do you sit?").await;
    let mut tess = app.agent();
    tess.sign_in("tess@example.org", PASSWORD).await;
    let done = tess
        .post(&format!("{thread}/replies"), &[("body", "Try a horseshoe of desks: kaleidoscopic.")])
        .await;
    let reply = done.location().to_owned();
    // On PostgreSQL, node B is a second app with its own index; on SQLite, where one
    // server owns the database, it is the same app (see nodes.rs).
    let other = app.another_node().await;
    let b = other.as_ref().unwrap_or(&app);
    eventually("node B finds the reply", || async { found(b, "kaleidoscopic").await == [reply.clone()] })
        .await;
    let mut mo = app.agent();
    mo.sign_in("mo@example.org", PASSWORD).await;
    let post = reply.trim_start_matches("/community/posts/");
    let hidden = mo
        .post(&format!("/community/posts/{post}/moderate"), &[("action", "hide"), ("reason", "Off topic")])
        .await;
    assert_eq!(hidden.status, 303, "{}", hidden.body);
    eventually("node B no longer finds the hidden reply", || async {
        found(b, "kaleidoscopic").await.is_empty()
    })
    .await;
    assert!(found(&app, "kaleidoscopic").await.is_empty(), "nor node A");
}

#[tokio::test]
async fn a_suspended_members_posts_and_a_private_profile_are_never_found() {
    let app = search_app().await;
    let tess = writer(&app, "tess@example.org", "Tess Quillfeather").await;
    let thread = start_thread(&app, "tess@example.org", "Quokka games", "A warm-up with flashcards.").await;
    app.store().set_listed_in_directory(tess, true).await.unwrap();
    app.sql(&format!("UPDATE users SET visibility = 'members' WHERE id = {}", tess.0)).await;
    eventually("the thread is found", || async { found(&app, "quokka").await == [thread.clone()] }).await;
    let profile = format!("/members/{}", tess.0);
    eventually("members find the listed member", || async {
        let mut member = app.agent();
        member.sign_in("tess@example.org", PASSWORD).await;
        member.get("/api/v1/search?q=quillfeather").await.body.contains(&profile)
    })
    .await;
    assert!(
        !found(&app, "quillfeather").await.contains(&profile),
        "a members-only profile is hidden from visitors"
    );
    app.sql(&format!("UPDATE users SET status = 'suspended' WHERE id = {}", tess.0)).await;
    eventually("the suspended member's thread is gone", || async { found(&app, "quokka").await.is_empty() })
        .await;
}

#[tokio::test]
async fn filters_narrow_the_results_by_kind_level_and_category() {
    let app = search_app().await;
    let terms = results(&app, "q=homeroom&kind=term").await;
    assert!(!terms.is_empty() && terms.iter().all(|url| url.starts_with("/glossary/")), "{terms:?}");
    let lessons = results(&app, "q=homeroom&kind=lesson&level=foundation").await;
    assert!(!lessons.is_empty() && lessons.iter().all(|url| url.starts_with("/courses/")), "{lessons:?}");
    assert!(results(&app, "q=homeroom&kind=lesson&level=advanced").await.is_empty());
    let research = results(&app, "q=team+teaching&category=research").await;
    assert!(research.contains(&"/library/team-teaching-research-japan".to_owned()), "{research:?}");
    assert!(research.iter().all(|url| url.starts_with("/library/")), "{research:?}");
    // A value not among the choices is ignored, not an error.
    assert!(!results(&app, "q=homeroom&kind=spaceship&level=%3Cb%3E&page=-4").await.is_empty());
}

#[tokio::test]
async fn bad_input_gets_results_or_a_clear_no_results_never_an_error() {
    let app = search_app().await;
    // 10,000 characters; the Japanese one is shorter only because an address of more
    // than 64 KiB (each character is nine bytes encoded) is refused before altto sees it.
    let long = "team teaching ".repeat(715);
    let long_ja = "学級経営".repeat(1250);
    let queries =
        ["", "   ", "!!!", "\"", "AND (", "*", "~", ".*[a-z]+$", "(((", "a:b", "\\", &long, &long_ja];
    for query in queries {
        let api = app.get(&format!("/api/v1/search?q={}", encode(query))).await;
        assert_eq!(api.status, 200, "{query:.20}: {}", api.body);
        let page = app.get(&format!("/search?q={}", encode(query))).await;
        assert_eq!(page.status, 200, "{query:.20}");
    }
    let nothing = app.get("/search?q=%21%21%21").await.body;
    assert!(nothing.contains("Nothing matched your search."), "{nothing}");
    let cut = app.get(&format!("/search?q={}", encode(&long))).await.body;
    assert!(cut.contains("only its first 200 characters were used"));
    let japanese = app.get_with("/search?q=%21%21%21", &[("accept-language", "ja")]).await.body;
    assert!(japanese.contains("一致する結果はありませんでした。"));
}

#[tokio::test]
async fn the_results_page_highlights_what_was_found_pages_and_suggests_a_near_miss() {
    let app = search_app().await;
    let page = app.get("/search?q=homeroom+teacher").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<mark>"), "highlighted snippets");
    assert!(page.body.contains("href=\"/glossary/tannin\""));
    let many = app.get("/search?q=the+school").await.body;
    assert!(many.contains("rel=\"next\""), "a second page");
    let second = app.get("/search?q=the+school&page=2").await.body;
    assert!(second.contains("rel=\"prev\"") && second.contains("start=\"11\""));
    let near = app.get("/search?q=homeroom+teachr").await.body;
    assert!(near.contains("Did you mean:") && near.contains(">homeroom teacher</a>"), "{near}");
    let ja = app.get_with("/search?q=%E6%8B%85%E4%BB%BB", &[("accept-language", "ja")]).await.body;
    assert!(ja.contains("件") && ja.contains("担任"));
}

#[tokio::test]
async fn every_page_has_the_search_box_and_browsers_can_add_the_sites_search() {
    let app = search_app().await;
    let home = app.get("/").await.body;
    assert!(
        home.contains("role=\"search\" method=\"get\" action=\"/search\""),
        "the header's box, a plain form"
    );
    assert!(home.contains("rel=\"search\" type=\"application/opensearchdescription+xml\""));
    let description = app.get("/opensearch.xml").await;
    assert_eq!(description.status, 200);
    assert!(description.header("content-type").starts_with("application/opensearchdescription+xml"));
    assert!(description.body.contains("/search?q={searchTerms}"), "{}", description.body);
}

#[tokio::test]
async fn a_damaged_or_outdated_index_folder_is_built_again_at_start() {
    for format in ["1", "0"] {
        let app = search_app().await;
        let folder = altto::search::folder(&app.settings.data_dir);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("altto-format"), format).unwrap();
        std::fs::write(folder.join("meta.json"), "{ not json").unwrap();
        std::fs::write(folder.join("0123.idx"), [0u8; 64]).unwrap();
        let urls = found(&app, "homeroom teacher").await;
        assert!(urls.contains(&"/glossary/tannin".to_owned()), "{urls:?}");
    }
}

#[tokio::test]
async fn results_in_the_readers_language_come_first() {
    let app = search_app().await;
    writer(&app, "tess@example.org", "Tess").await;
    let english =
        start_thread(&app, "tess@example.org", "Marshmallow warm-up", "A quick warm-up for grade 5.").await;
    let japanese =
        start_thread(&app, "tess@example.org", "Marshmallow の準備運動", "5年生向けの短い準備運動です。")
            .await;
    let first = |lang: &'static str| {
        let app = &app;
        async move {
            let answer = app.get_with("/api/v1/search?q=marshmallow", &[("accept-language", lang)]).await;
            let json: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
            json["results"][0]["url"].as_str().unwrap_or_default().to_owned()
        }
    };
    eventually("both threads are found", || async { found(&app, "marshmallow").await.len() == 2 }).await;
    assert_eq!(first("ja").await, japanese);
    assert_eq!(first("en").await, english);
}
