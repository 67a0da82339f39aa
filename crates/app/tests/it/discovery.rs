//! Discovery and credit: Atom feeds, the sitemap and robots.txt, page metadata
//! (canonical address, OpenGraph, schema.org JSON-LD), author pages, the videos page
//! and the read API — on a site with the starter course, library and news, and a draft
//! that must show nowhere.

use std::collections::HashSet;

use altto::{content::decisions, library::Shelf};
use altto_store::{DocumentRef, IssueDraft, SubscriberStatus};
use serde_json::{Value, json};

use crate::{browser::Browser, helpers::TestApp};

const SITE: &str = "https://altto.example.org";

/// A site at [`SITE`] with the starter course, library, news and people.
async fn starter_site() -> TestApp {
    let app = TestApp::spawn_with(|settings| settings.public_url = Some(SITE.into()))
        .await
        .with_starter_course()
        .await;
    altto::library::starter::load_once(app.store()).await.unwrap();
    altto::glossary::starter::load_starter_glossary(app.store()).await.unwrap();
    app
}

/// A text on `shelf` at `slug` (by the altto editors, with a YouTube video).
fn writing(shelf: Shelf, slug: &str, title: &str) -> Value {
    let category = shelf.categories()[0];
    json!({
        "slug": slug,
        "title": title,
        "summary": format!("The summary of {title}."),
        "category": category,
        "body": "Some text.",
        "licence": "CC-BY-4.0",
        "authors": ["altto-editors"],
        "video": { "youtube": "dQw4w9WgXcQ", "vimeo": null, "file": null, "captions": null, "transcript": null },
    })
}

/// Saves `content` as a new document on `shelf`; publishes it if `publish`.
async fn save(app: &TestApp, shelf: Shelf, content: &Value, publish: bool) {
    let slug = content["slug"].as_str().unwrap();
    let id = app.store().create_document(shelf.kind(), slug).await.unwrap();
    let doc = DocumentRef { kind: shelf.kind(), id };
    let revision = app.store().add_revision(doc, None, &content.to_string(), None, "test").await.unwrap();
    if publish {
        decisions::publish_saved(app.store(), doc, revision, None).await.unwrap();
    }
}

/// A site with the starter content and one unpublished article (with a video).
async fn site_with_a_draft() -> TestApp {
    let app = starter_site().await;
    save(&app, Shelf::Library, &writing(Shelf::Library, "secret-draft", "Secret draft article"), false).await;
    app
}

/// The slugs the API lists on `shelf`.
async fn listed(app: &TestApp, path: &str) -> Vec<String> {
    let response = app.get(path).await;
    assert_eq!(response.status, 200, "{path}");
    let items: Vec<Value> = serde_json::from_str(&response.body).unwrap();
    items.iter().map(|item| item["slug"].as_str().unwrap().to_owned()).collect()
}

/// Reads the feed at `path` with both parsers, checks what every feed must hold, and
/// returns it.
async fn read_feed(app: &TestApp, path: &str) -> atom_syndication::Feed {
    let response = app.get(path).await;
    assert_eq!(response.status, 200, "{path}");
    assert_eq!(response.header("content-type"), "application/atom+xml; charset=utf-8");
    let feed: atom_syndication::Feed = response.body.parse().unwrap();
    let other = feed_rs::parser::parse(response.body.as_bytes()).unwrap();
    assert_eq!(other.entries.len(), feed.entries.len(), "{path}");
    assert_eq!(feed.id, format!("{SITE}{path}"));
    assert!(feed.links.iter().any(|l| l.rel == "self" && l.href == format!("{SITE}{path}")), "{path}");
    assert!(feed.lang.is_some(), "{path} has no xml:lang");
    let ids: HashSet<&str> = feed.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), feed.entries.len(), "{path}: entry ids are not unique");
    for entry in &feed.entries {
        assert!(entry.id.starts_with("tag:altto.example.org,"), "{}", entry.id);
        let link = entry.links.iter().find(|l| l.rel == "alternate").unwrap();
        assert!(link.href.starts_with(&format!("{SITE}/")), "{} is not absolute", link.href);
        assert!(!entry.authors.is_empty() && entry.published.is_some() && entry.summary.is_some());
        assert!(entry.rights.as_ref().unwrap().value.contains("creativecommons.org"));
        assert!(!entry.categories.is_empty());
        assert!(entry.updated <= feed.updated);
    }
    for entry in &other.entries {
        assert!(entry.links.iter().all(|l| l.href.starts_with("https://")), "feed-rs reads a relative link");
    }
    feed
}

/// The `href` of each entry's page.
fn entry_links(feed: &atom_syndication::Feed) -> Vec<String> {
    feed.entries.iter().map(|e| e.links[0].href.clone()).collect()
}

#[tokio::test]
async fn each_feed_parses_and_lists_the_starter_items_with_absolute_links() {
    let app = site_with_a_draft().await;
    let news = read_feed(&app, "/news/feed.xml").await;
    let posts = listed(&app, "/api/v1/posts").await;
    assert!(posts.len() >= 3);
    let mut want: Vec<String> = posts.iter().map(|slug| format!("{SITE}/news/{slug}")).collect();
    let mut got = entry_links(&news);
    want.sort();
    got.sort();
    assert_eq!(got, want);
    let library = read_feed(&app, "/library/feed.xml").await;
    let articles = listed(&app, "/api/v1/articles").await;
    assert_eq!(library.entries.len(), articles.len());
    assert!(entry_links(&library).contains(&format!("{SITE}/library/team-teaching-research-japan")));
    assert!(!entry_links(&library).iter().any(|link| link.contains("secret-draft")));
}

#[tokio::test]
async fn the_newsletter_archive_feed_lists_sent_issues_and_nothing_about_subscribers() {
    let app = starter_site().await;
    altto::newsletter::starter::load_once(app.store()).await.unwrap();
    app.store().upsert_subscriber("aiko@example.org", "en", None, SubscriberStatus::Confirmed).await.unwrap();
    let draft =
        IssueDraft { subject: "Unsent draft issue", subject_ja: None, intro: "Not yet.", items: "[]" };
    app.store().create_issue(&draft, None).await.unwrap();
    let feed = read_feed(&app, "/newsletter/feed.xml").await;
    assert_eq!(entry_links(&feed), [format!("{SITE}/newsletter/2026-11")]);
    let entry = &feed.entries[0];
    let summary = entry.summary.as_ref().unwrap().value.clone();
    assert!(!summary.is_empty() && !summary.contains("**") && !summary.contains("]("), "{summary}");
    let body = app.get("/newsletter/feed.xml").await.body;
    assert!(!body.contains("aiko@example.org") && !body.contains("Unsent draft issue"), "{body}");
    assert!(app.get("/newsletter").await.body.contains(r#"href="/newsletter/feed.xml""#));
}

#[tokio::test]
async fn a_category_feed_lists_only_its_category() {
    let app = starter_site().await;
    let mut total = 0;
    for category in Shelf::Library.categories() {
        let feed = read_feed(&app, &format!("/library/category/{category}/feed.xml")).await;
        assert!(!feed.entries.is_empty(), "{category}");
        let slugs = listed(&app, &format!("/api/v1/articles?category={category}")).await;
        for entry in &feed.entries {
            assert_eq!(entry.categories[0].term, *category);
        }
        assert_eq!(feed.entries.len(), slugs.len());
        total += feed.entries.len();
    }
    assert_eq!(total, listed(&app, "/api/v1/articles").await.len());
    assert_eq!(app.get("/library/category/nonsense/feed.xml").await.status, 404);
    let list = app.get("/library?category=research").await.body;
    assert!(list.contains(r#"href="/library/category/research/feed.xml""#), "{list}");
}

#[tokio::test]
async fn the_sitemap_lists_the_community_its_categories_and_threads() {
    let app = crate::forum::forum_app().await;
    let member = app.create_member("ken@example.org", "Ken").await;
    let mut ken = app.agent_for(member).await;
    let started = ken
        .post(
            "/community/threads",
            &[("category", "elementary"), ("title", "Phonics games"), ("body", "Ideas?")],
        )
        .await;
    let thread = started.location().to_owned();
    let body = app.get("/sitemap.xml").await.body;
    for path in ["/community", "/community/directory", "/community/c/elementary", thread.as_str()] {
        assert!(body.contains(&format!("{path}</loc>")), "{path} missing from the sitemap");
    }
    assert!(!body.contains("/community/directory/"), "no page of people");
}

#[tokio::test]
async fn the_sitemap_lists_every_published_article_post_course_and_lesson_and_no_draft() {
    let app = site_with_a_draft().await;
    let response = app.get("/sitemap.xml").await;
    assert_eq!(response.status, 200);
    assert!(response.header("content-type").starts_with("application/xml"));
    let xml = roxmltree::Document::parse(&response.body).unwrap();
    let locs: Vec<&str> =
        xml.descendants().filter(|n| n.has_tag_name("loc")).filter_map(|n| n.text()).collect();
    let has = |path: &str| locs.contains(&format!("{SITE}{path}").as_str());
    for path in [
        "/",
        "/about",
        "/courses",
        "/library",
        "/news",
        "/glossary",
        "/videos",
        "/authors",
        "/authors/altto-editors",
    ] {
        assert!(has(path), "{path} missing from the sitemap");
    }
    for slug in listed(&app, "/api/v1/articles").await {
        assert!(has(&format!("/library/{slug}")), "{slug}");
    }
    for slug in listed(&app, "/api/v1/posts").await {
        assert!(has(&format!("/news/{slug}")), "{slug}");
    }
    let course = app.starter().await;
    assert!(has("/courses/alt-essentials"));
    for (_, lesson) in course.content.lessons() {
        assert!(has(&format!("/courses/alt-essentials/lessons/{}", lesson.slug)), "{}", lesson.slug);
    }
    let terms = app.state.glossary.all(app.store()).await.unwrap();
    assert!(!terms.is_empty());
    for entry in terms.iter() {
        assert!(has(&format!("/glossary/{}", entry.term.slug)), "{}", entry.term.slug);
    }
    let term = &terms[0].term.slug;
    let term_page = app.get(&format!("/glossary/{term}")).await.body;
    assert_eq!(canonical(&term_page), format!("{SITE}/glossary/{term}"));
    assert!(!response.body.contains("secret-draft"));
    assert!(!response.body.contains("hreflang"), "the site serves both languages at one address");
    let dated = xml.descendants().filter(|n| n.has_tag_name("lastmod")).count();
    assert!(dated > 10, "pages of content say when they changed");
}

#[tokio::test]
async fn robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_private_areas() {
    let app = starter_site().await;
    let response = app.get("/robots.txt").await;
    assert_eq!(response.status, 200);
    assert!(response.header("content-type").starts_with("text/plain"));
    assert!(response.body.contains(&format!("Sitemap: {SITE}/sitemap.xml")));
    for rule in [
        "Disallow: /author\n",
        "Disallow: /admin",
        "Disallow: /account",
        "Disallow: /api/",
        "Allow: /api/openapi.json",
        "Allow: /authors",
    ] {
        assert!(response.body.contains(rule), "{rule}");
    }
}

/// The `content` of the tag whose `attribute` is `name` (HTML entities decoded).
fn meta_content(html: &str, attribute: &str, name: &str) -> Option<String> {
    let at = html.find(&format!(r#"<meta {attribute}="{name}" content=""#))?;
    let rest = &html[at..];
    let start = rest.find("content=\"")? + "content=\"".len();
    let end = rest[start..].find('"')?;
    Some(unescape(&rest[start..start + end]))
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The canonical address of a page.
fn canonical(html: &str) -> String {
    let at = html.find(r#"<link rel="canonical" href=""#).expect("a canonical link");
    let rest = &html[at + r#"<link rel="canonical" href=""#.len()..];
    unescape(&rest[..rest.find('"').unwrap()])
}

/// The page's JSON-LD, parsed.
fn json_ld(html: &str) -> Value {
    let open = r#"<script type="application/ld+json">"#;
    let at = html.find(open).expect("JSON-LD") + open.len();
    let end = html[at..].find("</script>").unwrap();
    serde_json::from_str(&html[at..at + end]).expect("JSON-LD parses")
}

#[tokio::test]
async fn an_article_page_has_its_canonical_address_its_summary_and_article_json_ld() {
    let app = starter_site().await;
    let api: Value =
        serde_json::from_str(&app.get("/api/v1/articles/team-teaching-research-japan").await.body).unwrap();
    let page = app.get("/library/team-teaching-research-japan").await;
    assert_eq!(page.status, 200);
    let html = &page.body;
    let url = format!("{SITE}/library/team-teaching-research-japan");
    assert_eq!(canonical(html), url);
    assert_eq!(meta_content(html, "property", "og:title").unwrap(), api["title"]);
    assert_eq!(meta_content(html, "name", "description").unwrap(), api["summary"]);
    assert_eq!(meta_content(html, "property", "og:description").unwrap(), api["summary"]);
    assert_eq!(meta_content(html, "property", "og:type").unwrap(), "article");
    assert_eq!(meta_content(html, "property", "og:url").unwrap(), url);
    assert_eq!(meta_content(html, "property", "og:locale").unwrap(), "en_US");
    assert_eq!(meta_content(html, "name", "twitter:card").unwrap(), "summary");
    let data = json_ld(html);
    assert_eq!(data["@context"], "https://schema.org");
    assert_eq!(data["@type"], "Article");
    assert_eq!(data["headline"], api["title"]);
    assert_eq!(data["license"], "https://creativecommons.org/licenses/by/4.0/");
    assert_eq!(data["mainEntityOfPage"], url);
    assert_eq!(data["inLanguage"], "en");
    assert_eq!(data["author"][0]["@type"], "Person");
    assert_eq!(data["author"][0]["url"], format!("{SITE}/authors/altto-editors"));
    assert!(data["datePublished"].as_str().unwrap().len() >= 20);
    assert!(data["dateModified"].is_string());
    // The Japanese reader's page is Japanese too; the original text's page points to
    // the same canonical address.
    let ja = app.get_with("/library/team-teaching-research-japan", &[("accept-language", "ja")]).await.body;
    assert_eq!(meta_content(&ja, "property", "og:locale").unwrap(), "ja_JP");
    assert_eq!(json_ld(&ja)["inLanguage"], "ja");
    let original = app
        .get_with("/library/team-teaching-research-japan?text=original", &[("accept-language", "ja")])
        .await;
    assert_eq!(canonical(&original.body), url);
}

#[tokio::test]
async fn a_post_page_is_a_blog_posting() {
    let app = starter_site().await;
    let slug = listed(&app, "/api/v1/posts").await.remove(0);
    let html = app.get(&format!("/news/{slug}")).await.body;
    assert_eq!(canonical(&html), format!("{SITE}/news/{slug}"));
    let data = json_ld(&html);
    assert_eq!(data["@type"], "BlogPosting");
    assert!(data["license"].as_str().unwrap().starts_with("https://creativecommons.org/"));
}

#[tokio::test]
async fn a_course_page_describes_a_course_and_a_lesson_page_a_learning_resource_of_it() {
    let app = starter_site().await;
    let html = app.get("/courses/alt-essentials").await.body;
    let course = json_ld(&html);
    assert_eq!(course["@type"], "Course");
    assert_eq!(course["provider"]["@type"], "Organization");
    assert_eq!(course["inLanguage"], "en");
    assert!(course["license"].as_str().unwrap().starts_with("https://creativecommons.org/"));
    assert_eq!(canonical(&html), format!("{SITE}/courses/alt-essentials"));
    let starter = app.starter().await;
    let (_, lesson) = starter.content.lessons().next().unwrap();
    let path = format!("/courses/alt-essentials/lessons/{}", lesson.slug);
    let html = app.get(&path).await.body;
    let data = json_ld(&html);
    assert_eq!(data["@type"], "LearningResource");
    assert_eq!(data["name"], lesson.title.as_str());
    assert_eq!(data["isPartOf"]["@type"], "Course");
    assert_eq!(data["isPartOf"]["url"], format!("{SITE}/courses/alt-essentials"));
    assert_eq!(data["timeRequired"], format!("PT{}M", lesson.minutes));
    assert_eq!(data["learningResourceType"], "Lesson");
    assert_eq!(canonical(&html), format!("{SITE}{path}"));
    assert_eq!(meta_content(&html, "name", "description").unwrap(), lesson.summary);
    // The visitor's page is cached: the second answer is the same page.
    assert_eq!(app.get(&path).await.body, html);
}

#[tokio::test]
async fn an_author_page_lists_the_starter_articles_and_courses_and_no_draft() {
    let app = site_with_a_draft().await;
    let page = app.get("/authors/altto-editors").await;
    assert_eq!(page.status, 200);
    for slug in listed(&app, "/api/v1/articles").await {
        assert!(page.body.contains(&format!(r#"href="/library/{slug}""#)), "{slug}");
    }
    assert!(!page.body.contains("secret-draft"));
    let data = json_ld(&page.body);
    assert_eq!(data["@type"], "Person");
    assert_eq!(data["url"], format!("{SITE}/authors/altto-editors"));
    let index = app.get("/authors").await;
    assert!(index.body.contains(r#"href="/authors/altto-editors""#));
    assert_eq!(app.get("/authors/nobody-at-all").await.status, 404);
}

#[tokio::test]
async fn an_author_with_an_orcid_links_to_it_and_says_so_in_json_ld() {
    let app = starter_site().await;
    let person = altto_store::Person {
        slug: "a-researcher".into(),
        name: "A. Researcher".into(),
        name_ja: "研究 者".into(),
        orcid: "0000-0002-1825-0097".into(),
        ..altto_store::Person::default()
    };
    app.store().put_person(&person).await.unwrap();
    let mut post = writing(Shelf::News, "guest-post", "A guest post");
    post["authors"] = json!(["a-researcher"]);
    save(&app, Shelf::News, &post, true).await;
    let html = app.get("/authors/a-researcher").await.body;
    assert!(html.contains(r#"href="https://orcid.org/0000-0002-1825-0097""#));
    assert!(html.contains(r#"href="/news/guest-post""#));
    assert_eq!(json_ld(&html)["sameAs"][0], "https://orcid.org/0000-0002-1825-0097");
    let ja = app.get_with("/authors/a-researcher", &[("accept-language", "ja")]).await.body;
    assert!(ja.contains("<h1>研究 者</h1>"), "{ja}");
}

#[tokio::test]
async fn the_videos_page_lists_published_videos_with_their_place_and_kind_and_no_draft() {
    let app = site_with_a_draft().await;
    save(&app, Shelf::News, &writing(Shelf::News, "video-post", "A post with a video"), true).await;
    let page = app.get("/videos").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(r#"href="/news/video-post""#), "{}", page.body);
    assert!(page.body.contains("YouTube"));
    assert!(!page.body.contains("secret-draft"));
    let ja = app.get_with("/videos", &[("accept-language", "ja")]).await.body;
    assert!(ja.contains("動画"));
}

#[tokio::test]
async fn the_videos_page_lists_a_lessons_uploaded_video_with_its_captions_and_transcript() {
    let app = starter_site().await;
    let course = app.starter().await;
    let mut content = serde_json::to_value(&course.content).unwrap();
    let lesson = &mut content["modules"][0]["lessons"][0];
    lesson["video"] = json!({
        "youtube": null, "vimeo": null, "file": "media/intro.mp4",
        "captions": "media/intro.en.vtt", "captions_ja": "media/intro.ja.vtt", "transcript": "media/intro.pdf",
    });
    let lesson_slug = lesson["slug"].as_str().unwrap().to_owned();
    let doc = DocumentRef::course(course.course_id);
    let latest = app.store().document(doc).await.unwrap().latest_revision_id;
    app.store().add_revision(doc, latest, &content.to_string(), None, "a video").await.unwrap();
    crate::helpers::publish_latest(app.store(), course.course_id).await;
    let page = app.get("/videos").await.body;
    let row =
        &page[page.find(&format!(r#"href="/courses/alt-essentials/lessons/{lesson_slug}""#)).unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    for shown in [
        "ALT Essentials",
        "altto (uploaded)",
        r#"<span lang="en">English</span>, <span lang="ja">日本語</span>"#,
        "Yes",
    ] {
        assert!(row.contains(shown), "{shown} not in {row}");
    }
}

#[tokio::test]
async fn the_api_lists_articles_and_posts_and_gives_each_with_its_text() {
    let app = site_with_a_draft().await;
    let articles = listed(&app, "/api/v1/articles").await;
    assert!(articles.len() >= 8);
    assert!(!articles.contains(&"secret-draft".to_owned()));
    let article: Value =
        serde_json::from_str(&app.get("/api/v1/articles/team-teaching-research-japan").await.body).unwrap();
    assert!(article["body"].as_str().unwrap().len() > 100);
    assert!(article["body_ja"].is_string());
    assert!(!article["references"].as_array().unwrap().is_empty());
    assert_eq!(article["authors"], json!(["altto-editors"]));
    assert_eq!(article["licence"], "CC-BY-4.0");
    assert!(article["published"].is_string() && article["updated"].is_string());
    assert_eq!(app.get("/api/v1/articles/secret-draft").await.status, 404);
    let post = listed(&app, "/api/v1/posts").await.remove(0);
    assert_eq!(app.get(&format!("/api/v1/posts/{post}")).await.status, 200);
    assert_eq!(app.get(&format!("/api/v1/articles/{post}")).await.status, 404);
    // A page at a time, the next page named in the Link header.
    let first = app.get("/api/v1/articles?per_page=3").await;
    let next = first.header("link").to_owned();
    assert_eq!(next, r#"</api/v1/articles?page=2&per_page=3>; rel="next""#);
    let mut pages: Vec<String> = Vec::new();
    let mut path = "/api/v1/articles?per_page=3".to_owned();
    loop {
        let response = app.get(&path).await;
        let items: Vec<Value> = serde_json::from_str(&response.body).unwrap();
        pages.extend(items.iter().map(|item| item["slug"].as_str().unwrap().to_owned()));
        match response.headers.get("link") {
            Some(link) => path = link.to_str().unwrap()[1..].split('>').next().unwrap().to_owned(),
            None => break,
        }
    }
    assert_eq!(pages, articles);
    assert_eq!(app.get("/api/v1/articles?per_page=1000").await.status, 400);
}

#[tokio::test]
async fn the_home_page_and_navigation_lead_to_the_library_and_the_news() {
    let app = starter_site().await;
    let home = app.get("/").await.body;
    assert!(home.contains(r#"<a href="/library" aria-current="false">Library</a>"#), "{home}");
    assert!(home.contains(r#"<a href="/news" aria-current="false">News</a>"#));
    assert!(home.contains(r#"<li><a href="/library">"#) && home.contains(r#"<li><a href="/news">"#));
    assert_eq!(canonical(&home), format!("{SITE}/"));
    let ja = app.get_with("/", &[("accept-language", "ja")]).await.body;
    assert!(ja.contains(">ライブラリ</a>") && ja.contains(">ニュース</a>"));
}

#[tokio::test]
async fn the_library_an_article_an_author_and_the_videos_pages_pass_an_accessibility_scan() {
    let app = starter_site().await;
    save(&app, Shelf::News, &writing(Shelf::News, "video-post", "A post with a video"), true).await;
    let browser = Browser::open(&app).await;
    for path in
        ["/library", "/library/team-teaching-research-japan", "/authors", "/authors/altto-editors", "/videos"]
    {
        browser.goto(path).await;
        browser.assert_accessible().await;
    }
    browser.close().await;
}
