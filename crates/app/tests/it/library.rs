//! The library and the news as readers find them: the starter articles and posts, a
//! Japanese version with the way back to the original, references, the history of
//! published versions, scheduled posts, and drafts that stay private.

use altto::library::{Shelf, Writing, starter};
use altto_store::DocumentRef;

use crate::helpers::TestApp;

/// Every `href` in `html` that starts with `/`.
fn site_links(html: &str) -> Vec<String> {
    html.split("href=\"/")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|link| format!("/{}", link.replace("&amp;", "&")))
        .collect()
}

/// Saves `writing` as a new document on `shelf`, published if `publish`.
async fn add(app: &TestApp, shelf: Shelf, writing: &Writing, publish: bool) -> DocumentRef {
    let id = app.store().create_document(shelf.kind(), &writing.slug).await.unwrap();
    let doc = DocumentRef { kind: shelf.kind(), id };
    let json = serde_json::to_string(writing).unwrap();
    let revision = app.store().add_revision(doc, None, &json, None, "first").await.unwrap();
    if publish {
        altto::content::decisions::publish_saved(app.store(), doc, revision, None).await.unwrap();
    }
    doc
}

fn a_post(slug: &str) -> Writing {
    let mut writing = starter::starter(Shelf::News).unwrap().remove(0).writing;
    writing.slug = slug.into();
    writing.title = format!("Post {slug}");
    writing
}

#[tokio::test]
async fn the_starter_library_lists_articles_in_every_category_and_the_news_newest_first() {
    let app = TestApp::spawn().await.with_starter_course().await.with_starter_library().await;
    let library = app.get("/library").await;
    assert_eq!(library.status, 200);
    assert!(library.body.matches("class=\"card\"").count() >= 8);
    for heading in [
        "Japan&#39;s educational goals",
        "Hiring and training",
        "International comparisons",
        "Teaching practice",
        "Research",
    ] {
        assert!(library.body.contains(heading), "{heading}");
    }
    let research = app.get("/library?category=research").await.body;
    assert!(research.contains("/library/team-teaching-research-japan"));
    assert!(!research.contains("/library/how-alts-are-hired\""), "only the category asked for");
    let tagged = app.get("/library?tag=assessment").await.body;
    assert!(tagged.contains("/library/assessment-three-viewpoints"));
    let news = app.get("/news").await.body;
    let at = |slug: &str| news.find(&format!("/news/{slug}\"")).unwrap();
    assert!(at("library-and-glossary-open") < at("alt-essentials-is-open"));
    assert!(at("alt-essentials-is-open") < at("welcome-to-altto"));
    let japanese = app.get_with("/library", &[("accept-language", "ja")]).await.body;
    assert!(japanese.contains("日本の教育目標") && japanese.contains("研究"));
}

#[tokio::test]
async fn an_article_shows_its_authors_licence_references_and_a_japanese_version_with_the_way_back() {
    let app = TestApp::spawn().await.with_starter_course().await.with_starter_library().await;
    let page = app.get("/library/team-teaching-research-japan").await;
    assert_eq!(page.status, 200);
    let body = &page.body;
    assert!(
        body.contains(
            r#"<a href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a>"#
        )
    );
    assert!(body.contains(r#"<a href="/authors/altto-editors" rel="author">The altto editors</a>"#));
    assert!(
        body.contains(r#"<a href="https://doi.org/10.1093/elt/54.1.3">doi:10.1093/elt/54.1.3</a>"#),
        "a DOI links through its resolver"
    );
    assert!(body.contains("<h2 id=\"references\">References</h2>"));
    assert!(body.contains("Facts last checked"));
    let japanese =
        app.get_with("/library/team-teaching-research-japan", &[("accept-language", "ja")]).await.body;
    assert!(japanese.contains("<h2 id=\"references\">参考文献</h2>"));
    assert!(japanese.contains(r#"href="/library/team-teaching-research-japan?text=original" hreflang="en""#));
    assert!(
        japanese.contains("<div class=\"lesson-body\">"),
        "the Japanese version is in the page's language"
    );
    let original = app
        .get_with("/library/team-teaching-research-japan?text=original", &[("accept-language", "ja")])
        .await
        .body;
    assert!(original.contains(r#"<div class="lesson-body" lang="en">"#), "the original says its language");
}

#[tokio::test]
async fn every_site_link_in_the_starter_articles_and_posts_leads_to_a_page() {
    let app = TestApp::spawn().await.with_starter_course().await.with_starter_library().await;
    altto::glossary::starter::load_starter_glossary(app.store()).await.unwrap();
    let mut pages = vec!["/library".to_owned(), "/news".to_owned(), "/glossary".to_owned()];
    for shelf in Shelf::ALL {
        for parsed in starter::starter(shelf).unwrap() {
            pages.push(shelf.url(&parsed.writing.slug));
        }
    }
    let mut checked = std::collections::BTreeSet::new();
    for page in &pages {
        for lang in ["en", "ja"] {
            let response = app.get_with(page, &[("accept-language", lang)]).await;
            assert_eq!(response.status, 200, "{page}");
            for link in site_links(&response.body) {
                let wanted = ["/library/", "/news/", "/courses/", "/glossary/", "/authors/"]
                    .iter()
                    .any(|p| link.starts_with(p));
                if wanted && checked.insert(link.clone()) {
                    assert_eq!(app.get(&link).await.status, 200, "{link} on {page} ({lang})");
                }
            }
        }
    }
    assert!(checked.len() > 20, "{checked:?}");
}

#[tokio::test]
async fn a_draft_is_neither_listed_nor_readable_and_its_history_shows_only_published_versions() {
    let app = TestApp::spawn().await.with_starter_library().await;
    let mut draft = starter::starter(Shelf::Library).unwrap().remove(0).writing;
    draft.slug = "a-draft".into();
    draft.title = "Not yet".into();
    let doc = add(&app, Shelf::Library, &draft, false).await;
    assert_eq!(app.get("/library/a-draft").await.status, 404);
    assert_eq!(app.get("/library/a-draft/history").await.status, 404);
    assert!(!app.get("/library").await.body.contains("Not yet"));
    // Published, then edited: readers see one version until the edit is published.
    let first = app.store().document(doc).await.unwrap().latest_revision_id.unwrap();
    altto::content::decisions::publish_saved(app.store(), doc, first, None).await.unwrap();
    draft.title = "Second".into();
    let json = serde_json::to_string(&draft).unwrap();
    app.store().add_revision(doc, Some(first), &json, None, "a draft edit").await.unwrap();
    let history = app.get("/library/a-draft/history").await.body;
    assert_eq!(history.matches("<li><time").count(), 1, "{history}");
    assert!(history.contains(": first") && !history.contains("a draft edit"));
    assert!(app.get("/library/a-draft").await.body.contains("<h1>Not yet</h1>"));
}

#[tokio::test]
async fn a_post_scheduled_for_later_becomes_public_at_its_time_on_every_node_and_one_in_the_past_at_once() {
    let app = TestApp::spawn().await.with_starter_library().await;
    let doc = add(&app, Shelf::News, &a_post("soon"), false).await;
    let soon = altto_store::now_millis() + 1_500;
    app.store().set_publish_at(doc, Some(soon)).await.unwrap();
    let revision = app.store().document(doc).await.unwrap().latest_revision_id.unwrap();
    altto::content::decisions::publish_saved(app.store(), doc, revision, None).await.unwrap();
    let other = app.another_node().await;
    assert_eq!(app.get("/news/soon").await.status, 404, "not before its time");
    assert!(!app.get("/news").await.body.contains("/news/soon\""));
    let mut nodes = vec![&app];
    nodes.extend(other.as_ref());
    for node in nodes {
        let mut status = axum::http::StatusCode::NOT_FOUND;
        for _ in 0..60 {
            status = node.get("/news/soon").await.status;
            if status == 200 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(status, 200, "public once its time has come");
        assert!(node.get("/news").await.body.contains("/news/soon\""));
    }
    let past = add(&app, Shelf::News, &a_post("past"), false).await;
    app.store().set_publish_at(past, Some(altto_store::now_millis() - 86_400_000)).await.unwrap();
    let revision = app.store().document(past).await.unwrap().latest_revision_id.unwrap();
    altto::content::decisions::publish_saved(app.store(), past, revision, None).await.unwrap();
    assert_eq!(app.get("/news/past").await.status, 200, "a time in the past publishes now");
}

#[tokio::test]
async fn a_visitors_article_page_is_kept_and_a_newly_published_version_replaces_it() {
    let app = TestApp::spawn().await.with_starter_library().await;
    let mut writing = starter::starter(Shelf::Library).unwrap().remove(0).writing;
    writing.slug = "kept".into();
    writing.title = "First title".into();
    let doc = add(&app, Shelf::Library, &writing, true).await;
    assert!(app.get("/library/kept").await.body.contains("<h1>First title</h1>"));
    assert!(app.get("/library/kept").await.body.contains("<h1>First title</h1>"));
    writing.title = "Second title".into();
    let latest = app.store().document(doc).await.unwrap().latest_revision_id;
    let json = serde_json::to_string(&writing).unwrap();
    let second = app.store().add_revision(doc, latest, &json, None, "retitled").await.unwrap();
    assert!(app.get("/library/kept").await.body.contains("<h1>First title</h1>"), "drafts stay private");
    altto::content::decisions::publish_saved(app.store(), doc, second, None).await.unwrap();
    assert!(app.get("/library/kept").await.body.contains("<h1>Second title</h1>"));
}

#[tokio::test]
async fn a_posts_uploaded_video_with_captions_and_transcript_is_private_until_published_then_served_with_ranges()
 {
    use axum::body::Body;
    let app = TestApp::spawn().await.with_starter_library().await;
    let editor = app
        .create_user(
            "ed@example.org",
            "Ed",
            altto_store::Grants { role: altto_store::Role::Editor, is_moderator: false, is_admin: false },
        )
        .await;
    let mut browser = app.agent_for(editor).await;
    let token = browser.csrf().await;
    let cookie = browser.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
    let doc = add(&app, Shelf::News, &a_post("with-video"), true).await;
    let files = [
        ("Intro.mp4", b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom-a-tiny-video".to_vec()),
        ("intro.en.vtt", b"WEBVTT\n\n00:00.000 --> 00:01.000\nHello".to_vec()),
        ("intro.ja.vtt", "WEBVTT\n\n00:00.000 --> 00:01.000\nこんにちは".as_bytes().to_vec()),
        ("transcript.txt", b"Hello, everyone.".to_vec()),
    ];
    for (name, bytes) in &files {
        let base = app.store().document(doc).await.unwrap().latest_revision_id;
        let (content_type, body) = crate::media::multipart(base, None, name, bytes);
        let request =
            axum::http::Request::post(format!("/author/library/news/with-video/files?_csrf={token}"))
                .header("content-type", content_type)
                .header("cookie", cookie.clone())
                .body(Body::from(body))
                .unwrap();
        let uploaded = app.request(request).await;
        assert_eq!(uploaded.status, 303, "{name}: {}", uploaded.body);
    }
    let refused = {
        let base = app.store().document(doc).await.unwrap().latest_revision_id;
        let (content_type, body) =
            crate::media::multipart(base, None, "fake.vtt", b"<script>alert(1)</script>");
        let request =
            axum::http::Request::post(format!("/author/library/news/with-video/files?_csrf={token}"))
                .header("content-type", content_type)
                .header("cookie", cookie.clone())
                .body(Body::from(body))
                .unwrap();
        app.request(request).await
    };
    assert_eq!(refused.status, 422, "a file whose content is not its type is refused");
    let base = app.store().document(doc).await.unwrap().latest_revision_id.unwrap().to_string();
    let chosen = browser
        .post(
            "/author/library/news/with-video/video",
            &[
                ("base", &base),
                ("file", "media/intro.mp4"),
                ("captions", "media/intro-en.vtt"),
                ("captions_ja", "media/intro-ja.vtt"),
                ("transcript", "media/transcript.txt"),
            ],
        )
        .await;
    assert_eq!(chosen.status, 303, "{}", chosen.body);
    // Not published yet: visitors see neither the video nor its files.
    assert!(!app.get("/news/with-video").await.body.contains("<video"));
    assert_eq!(app.get("/news/with-video/files/intro.mp4").await.status, 404);
    assert_eq!(
        browser.get("/author/library/news/with-video/files/intro.mp4").await.status,
        200,
        "its editor does"
    );
    let latest = app.store().document(doc).await.unwrap().latest_revision_id.unwrap();
    altto::content::decisions::publish_saved(app.store(), doc, latest, None).await.unwrap();
    let page = app.get_with("/news/with-video", &[("accept-language", "ja")]).await.body;
    assert!(page.contains("<video controls"), "{page}");
    assert!(
        page.contains(r#"srclang="en" label="English">"#)
            && page.contains(r#"srclang="ja" label="日本語" default>"#)
    );
    let src =
        page.split("<video controls preload=\"metadata\" src=\"").nth(1).unwrap().split('"').next().unwrap();
    let ranged = app.get_with(&src.replace("&amp;", "&"), &[("range", "bytes=0-3")]).await;
    assert_eq!(ranged.status, 206);
    assert_eq!(ranged.header("cache-control"), "public, max-age=31536000, immutable", "a versioned address");
    assert_eq!(app.get("/news/with-video/files/transcript.txt").await.body, "Hello, everyone.");
}
