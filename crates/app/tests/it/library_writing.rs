//! Writing library articles and news posts in the browser (and through the API): the
//! editor, the workflow, scheduled posts, previews, revisions and people.

use altto_store::{DocumentKind, Role};

use crate::{
    authoring::{base_in, writer},
    helpers::{Agent, TestApp},
};

/// The fields of a complete article, with one reference.
fn article_fields(base: &str) -> Vec<(&'static str, String)> {
    [
        ("base", base),
        ("action", "save"),
        ("title", "What research says about team teaching"),
        ("summary", "Findings from studies of ALTs and JTEs."),
        ("language", "en"),
        ("category", "research"),
        ("tags", "team-teaching, research"),
        ("body", "## Findings\n\nTeam teaching works when **roles are clear**."),
        ("licence", "CC-BY-4.0"),
        ("glossary_links", "on"),
        ("ref-1-authors", "Tajino, A. & Tajino, Y."),
        ("ref-1-year", "2000"),
        ("ref-1-title", "Native and non-native: what can they offer?"),
        ("ref-1-venue", "ELT Journal 54(1)"),
        ("ref-1-doi", "10.1093/elt/54.1.3"),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.to_owned()))
    .collect()
}

fn pairs<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    fields.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// Creates the text `slug` on `shelf` as `author` and returns its editor's address.
async fn create(author: &mut Agent<'_>, shelf: &str, slug: &str, category: &str) -> String {
    let created = author
        .post(
            "/author/library",
            &[("shelf", shelf), ("slug", slug), ("title", "A first title"), ("category", category)],
        )
        .await;
    assert_eq!(created.status, 303, "{}", created.body);
    let editor = format!("/author/library/{shelf}/{slug}");
    assert_eq!(created.location(), format!("{editor}?done=created"));
    editor
}

/// Saves `fields` in the editor at `editor`, from its current base revision.
async fn save(author: &mut Agent<'_>, editor: &str, mut fields: Vec<(&'static str, String)>) {
    let base = base_in(&author.get(editor).await.body);
    fields.retain(|(k, _)| *k != "base");
    fields.push(("base", base));
    let saved = author.post(editor, &pairs(&fields)).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
}

/// Publishes the text at `editor` as `editor_agent`, with `extra` fields.
async fn publish(editor_agent: &mut Agent<'_>, editor: &str, extra: &[(&str, &str)]) -> String {
    let page = editor_agent.get(editor).await;
    let base = base_in(&page.body);
    let mut fields = vec![("decision", "publish"), ("base", base.as_str())];
    fields.extend_from_slice(extra);
    let published = editor_agent.post(&format!("{editor}/review"), &fields).await;
    assert_eq!(published.status, 303, "{}", published.body);
    published.location().to_owned()
}

#[tokio::test]
async fn an_author_writes_an_article_with_references_submits_it_and_a_visitor_reads_it_once_an_editor_publishes_it()
 {
    let app = TestApp::spawn().await;
    let author_id = writer(&app, "ken@example.org", Role::Author).await;
    let editor_id = writer(&app, "emi@example.org", Role::Editor).await;
    let mut author = app.agent_for(author_id).await;
    let mut editor = app.agent_for(editor_id).await;

    assert!(author.get("/author").await.body.contains(r#"href="/author/library""#));
    let editor_page = create(&mut author, "library", "team-teaching-research", "research").await;
    save(&mut author, &editor_page, article_fields("")).await;
    let list = author.get("/author/library").await;
    assert!(list.body.contains("What research says about team teaching") && list.body.contains("Draft"));

    let submitted = author.post(&format!("{editor_page}/review"), &[("decision", "submit")]).await;
    assert_eq!(submitted.status, 303, "{}", submitted.body);
    assert_eq!(app.get("/library/team-teaching-research").await.status, 404, "not public before publishing");
    let told = editor.get("/notifications").await.body;
    assert!(
        told.contains("What research says") && told.contains("submitted an article or post"),
        "the editors are told"
    );
    let refused =
        author.post(&format!("{editor_page}/review"), &[("decision", "publish"), ("base", "1")]).await;
    assert_eq!(refused.status, 403, "authors do not publish");

    assert!(editor.get("/author/library").await.body.contains("In review"));
    publish(&mut editor, &editor_page, &[]).await;
    let read = app.get("/library/team-teaching-research").await;
    assert_eq!(read.status, 200);
    assert!(read.body.contains("What research says about team teaching"));
    assert!(read.body.contains("<strong>roles are clear</strong>"));
    assert!(
        read.body.contains("Native and non-native: what can they offer?")
            && read.body.contains("doi:10.1093/elt/54.1.3")
    );
    assert!(author.get("/notifications").await.body.contains("What research says"), "the author is told");
}

#[tokio::test]
async fn a_reference_without_a_title_is_refused_naming_it_and_nothing_is_saved() {
    let app = TestApp::spawn().await;
    let author_id = writer(&app, "ken@example.org", Role::Author).await;
    let mut author = app.agent_for(author_id).await;
    let editor_page = create(&mut author, "library", "untitled-sources", "research").await;
    let base = base_in(&author.get(&editor_page).await.body);
    let mut fields = article_fields(&base);
    fields.retain(|(k, _)| *k != "ref-1-title");
    let refused = author.post(&editor_page, &pairs(&fields)).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("Reference 1: the title is required"), "{}", refused.body);
    assert!(refused.body.contains(r##"href="#ref-1-title""##), "the summary links to the field");
    assert!(refused.body.contains(r#"value="ELT Journal 54(1)""#), "the input is kept");
    let doc = app.store().document_by_slug(DocumentKind::Article, "untitled-sources").await.unwrap().unwrap();
    let history =
        app.store().revision_history(altto_store::DocumentRef { kind: DocumentKind::Article, id: doc.id });
    assert_eq!(history.await.unwrap().len(), 1, "nothing was saved");
}

#[tokio::test]
async fn adding_and_removing_a_reference_changes_only_the_form() {
    let app = TestApp::spawn().await;
    let author_id = writer(&app, "ken@example.org", Role::Author).await;
    let mut author = app.agent_for(author_id).await;
    let editor_page = create(&mut author, "library", "two-sources", "research").await;
    let base = base_in(&author.get(&editor_page).await.body);
    let mut fields = article_fields(&base);
    fields.retain(|(k, _)| *k != "action");
    fields.push(("action", "add-reference".into()));
    let added = author.post(&editor_page, &pairs(&fields)).await;
    assert_eq!(added.status, 200);
    assert!(added.body.contains(r#"id="ref-2-title""#) && added.body.contains("Reference 2"));
    assert!(!added.body.contains("error-summary"), "nothing is refused while the form changes");
    fields.retain(|(k, _)| *k != "action");
    fields.push(("action", "remove-reference-1".into()));
    let removed = author.post(&editor_page, &pairs(&fields)).await;
    assert!(!removed.body.contains("Native and non-native") && !removed.body.contains(r#"id="ref-1-title""#));
    let doc = app.store().document_by_slug(DocumentKind::Article, "two-sources").await.unwrap().unwrap();
    assert_eq!(doc.latest_revision_id.unwrap().to_string(), base, "nothing was saved");
}

#[tokio::test]
async fn a_taken_address_is_refused_and_nothing_is_created() {
    let app = TestApp::spawn().await;
    let author_id = writer(&app, "ken@example.org", Role::Author).await;
    let mut author = app.agent_for(author_id).await;
    create(&mut author, "news", "welcome", "announcements").await;
    let again = author
        .post(
            "/author/library",
            &[("shelf", "news"), ("slug", "welcome"), ("title", "Again"), ("category", "events")],
        )
        .await;
    assert_eq!(again.status, 409);
    assert!(again.body.contains("Another text already uses this address"));
    assert_eq!(app.store().documents_for(DocumentKind::Post, None).await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_stale_save_is_refused_with_409_and_the_typed_text_kept() {
    let app = TestApp::spawn().await;
    let author_id = writer(&app, "ken@example.org", Role::Author).await;
    let mut author = app.agent_for(author_id).await;
    let editor_page = create(&mut author, "library", "stale-text", "research").await;
    let old_base = base_in(&author.get(&editor_page).await.body);
    save(&mut author, &editor_page, article_fields("")).await;
    let mut mine = article_fields(&old_base);
    mine.retain(|(k, _)| *k != "title");
    mine.push(("title", "My version of the title".into()));
    let stale = author.post(&editor_page, &pairs(&mine)).await;
    assert_eq!(stale.status, 409);
    assert!(stale.body.contains("Someone else saved this text"));
    assert!(stale.body.contains(r#"value="My version of the title""#), "the typed text is kept");
    assert_ne!(base_in(&stale.body), old_base, "saving again goes on top of the newer revision");
}

#[tokio::test]
async fn a_post_scheduled_in_the_future_is_not_public_until_its_time_and_a_past_time_publishes_now() {
    let app = TestApp::spawn().await;
    let author_id = writer(&app, "ken@example.org", Role::Author).await;
    let editor_id = writer(&app, "emi@example.org", Role::Editor).await;
    let mut author = app.agent_for(author_id).await;
    let mut editor = app.agent_for(editor_id).await;
    let japan = time::macros::offset!(+9);
    let format = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    let at = |offset: time::Duration| {
        (time::OffsetDateTime::now_utc() + offset).to_offset(japan).format(&format).unwrap()
    };

    // On PostgreSQL, a second node (which hears of no publication) follows too.
    let other = app.another_node().await;
    let post = create(&mut author, "news", "spring-meetup", "events").await;
    let mut fields = article_fields("");
    fields.retain(|(k, _)| *k != "category");
    fields.push(("category", "events".into()));
    save(&mut author, &post, fields.clone()).await;
    let soon = at(time::Duration::seconds(2));
    let done = publish(&mut editor, &post, &[("publish_at", soon.as_str()), ("publish_zone", "jst")]).await;
    assert!(done.ends_with("?done=scheduled"), "{done}");
    assert_eq!(app.get("/news/spring-meetup").await.status, 404, "not public before its time");
    if let Some(other) = &other {
        assert_eq!(other.get("/news/spring-meetup").await.status, 404, "nor on another node");
    }
    assert!(editor.get("/author/library").await.body.contains("Scheduled for"));
    let mut public = false;
    for _ in 0..100 {
        let here = app.get("/news/spring-meetup").await.status == 200;
        let there = match &other {
            Some(other) => other.get("/news/spring-meetup").await.status == 200,
            None => true,
        };
        if here && there {
            public = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(public, "public once its time has come, on every node");
    assert!(editor.get(&post).await.body.contains("See the published page"));
    // An edit of a post visitors read now is published at once, never scheduled away.
    save(&mut author, &post, fields.clone()).await;
    let later = at(time::Duration::days(7));
    let base = base_in(&editor.get(&post).await.body);
    let decided = [("decision", "publish"), ("base", base.as_str()), ("publish_at", later.as_str())];
    let refused = editor.post(&format!("{post}/review"), &decided).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("Visitors can read this post now"));
    assert_eq!(app.get("/news/spring-meetup").await.status, 200, "still public");

    let late = create(&mut author, "news", "last-week", "events").await;
    save(&mut author, &late, fields).await;
    let past = at(time::Duration::days(-7));
    let done = publish(&mut editor, &late, &[("publish_at", past.as_str())]).await;
    assert!(done.ends_with("?done=published"), "{done}");
    assert_eq!(app.get("/news/last-week").await.status, 200, "a time in the past publishes now");
}

#[tokio::test]
async fn a_preview_is_for_the_authors_and_editors_only() {
    let app = TestApp::spawn().await;
    let author_id = writer(&app, "ken@example.org", Role::Author).await;
    let other_id = writer(&app, "aya@example.org", Role::Author).await;
    let editor_id = writer(&app, "emi@example.org", Role::Editor).await;
    let member_id = app.create_member("member@example.org", "Member").await;
    let mut author = app.agent_for(author_id).await;
    let editor_page = create(&mut author, "library", "draft-preview", "research").await;
    save(&mut author, &editor_page, article_fields("")).await;
    let preview_path = format!("{editor_page}/preview?lang=ja");
    let preview = author.get(&preview_path).await;
    assert_eq!(preview.status, 200);
    assert!(
        preview.body.contains("What research says about team teaching") && preview.body.contains("noindex")
    );
    assert!(preview.header("cache-control").contains("no-store"));
    assert!(preview.body.contains(r#"lang="ja""#), "in the language asked for");
    assert_eq!(app.agent_for(editor_id).await.get(&preview_path).await.status, 200);
    assert_eq!(app.agent_for(other_id).await.get(&preview_path).await.status, 404);
    assert_eq!(app.agent_for(member_id).await.get(&preview_path).await.status, 404);
    assert_eq!(app.get(&preview_path).await.status, 404);
    assert_eq!(app.agent_for(other_id).await.get(&editor_page).await.status, 404, "nor the draft itself");
}

#[tokio::test]
async fn an_author_restores_an_earlier_revision() {
    let app = TestApp::spawn().await;
    let author_id = writer(&app, "ken@example.org", Role::Author).await;
    let mut author = app.agent_for(author_id).await;
    let editor_page = create(&mut author, "library", "restored", "research").await;
    save(&mut author, &editor_page, article_fields("")).await;
    let revisions = author.get(&format!("{editor_page}/revisions")).await;
    assert!(revisions.body.contains("A first title") || revisions.body.contains("Created"));
    let base = base_in(&revisions.body);
    let restored =
        author.post(&format!("{editor_page}/revisions/1/restore"), &[("base", base.as_str())]).await;
    assert_eq!(restored.status, 303, "{}", restored.body);
    assert!(author.get(&editor_page).await.body.contains(r#"value="A first title""#));
}

#[tokio::test]
async fn editors_keep_the_people_credited_with_a_checked_orcid() {
    let app = TestApp::spawn().await;
    let editor_id = writer(&app, "emi@example.org", Role::Editor).await;
    let author_id = writer(&app, "ken@example.org", Role::Author).await;
    let mut editor = app.agent_for(editor_id).await;
    let person =
        [("slug", "ken-sato"), ("name", "Ken Sato"), ("affiliation", "Osaka"), ("email", "ken@example.org")];
    let mut bad = person.to_vec();
    bad.push(("orcid", "0000-0002-1825-0098"));
    let refused = editor.post("/author/people", &bad).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("This is not an ORCID iD"));
    let mut good = person.to_vec();
    good.push(("orcid", "0000-0002-1825-0097"));
    assert_eq!(editor.post("/author/people", &good).await.status, 303);
    let kept = app.store().person("ken-sato").await.unwrap().unwrap();
    assert_eq!((kept.orcid.as_str(), kept.user_id), ("0000-0002-1825-0097", Some(author_id)));
    assert!(editor.get("/author/people").await.body.contains("Ken Sato"));
    let mut changed = good.clone();
    changed.retain(|(k, _)| *k != "name" && *k != "slug");
    changed.push(("name", "Ken Satō"));
    assert_eq!(editor.post("/author/people/ken-sato", &changed).await.status, 303);
    assert_eq!(app.store().person("ken-sato").await.unwrap().unwrap().name, "Ken Satō");
    // A new text by the person's account credits them.
    let mut author = app.agent_for(author_id).await;
    let editor_page = create(&mut author, "library", "credited", "research").await;
    assert!(author.get(&editor_page).await.body.contains(r#"value="ken-sato" checked"#));
    assert_eq!(author.get("/author/people").await.status, 403, "authors do not manage people");
}

#[tokio::test]
async fn an_author_writes_an_article_through_the_api_with_a_token() {
    let app = TestApp::spawn().await;
    let author_id = writer(&app, "ken@example.org", Role::Author).await;
    let member_id = app.create_member("member@example.org", "Member").await;
    let bearer = app.bearer(author_id, "read write").await;
    let mut article = serde_json::json!({
        "slug": "api-article",
        "title": "Written through the API",
        "summary": "A summary.",
        "category": "research",
        "body": "Text.",
        "references": [{"authors": "MEXT", "year": 2017}],
    });
    let refused = app.send_json("POST", "/api/v1/articles", &bearer, &article).await;
    assert_eq!(refused.status, 422);
    let problems: serde_json::Value = serde_json::from_str(&refused.body).unwrap();
    assert_eq!(problems["problems"][0]["field"], "ref-1-title");
    assert_eq!(problems["problems"][0]["message"], "Reference 1: the title is required");
    assert!(app.store().document_by_slug(DocumentKind::Article, "api-article").await.unwrap().is_none());

    article["references"][0]["title"] = "Course of Study".into();
    let created = app.send_json("POST", "/api/v1/articles", &bearer, &article).await;
    assert_eq!(created.status, 201, "{}", created.body);
    let created: serde_json::Value = serde_json::from_str(&created.body).unwrap();
    assert_eq!(created["status"], "draft");
    let base = created["revision"].as_i64().unwrap();
    let again = app.send_json("POST", "/api/v1/articles", &bearer, &article).await;
    assert_eq!(again.status, 409, "the address is taken");

    article["title"] = "Changed through the API".into();
    article["base_revision"] = base.into();
    let changed = app.send_json("PUT", "/api/v1/articles/api-article", &bearer, &article).await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    let stale = app.send_json("PUT", "/api/v1/articles/api-article", &bearer, &article).await;
    assert_eq!(stale.status, 409, "a change on top of an old revision");
    let member = app.bearer(member_id, "read write").await;
    assert_eq!(app.send_json("PUT", "/api/v1/articles/api-article", &member, &article).await.status, 403);
    let mut author = app.agent_for(author_id).await;
    assert!(author.get("/author/library/library/api-article").await.body.contains("Changed through the API"));
    assert_eq!(app.get("/library/api-article").await.status, 404, "a draft until an editor publishes it");
}

#[tokio::test]
async fn in_chromium_an_author_writes_an_article_with_a_reference_an_editor_publishes_it_and_a_visitor_reads_it()
 {
    use crate::{browser::Browser, courses_browser::sign_in};
    let app = TestApp::spawn().await;
    writer(&app, "ken@example.org", Role::Author).await;
    writer(&app, "emi@example.org", Role::Editor).await;
    let browser = Browser::open(&app).await;

    sign_in(&browser, "ken@example.org").await;
    browser.goto("/author").await;
    browser.follow("Articles and posts").await;
    browser.assert_accessible().await;
    browser.follow("New article").await;
    browser.fill("title", "Planning with your JTE").await;
    browser.fill("slug", "planning-with-your-jte").await;
    browser.select("category", "teaching-practice").await;
    browser.assert_accessible().await;
    browser.press("Create and start writing").await;
    browser.fill("summary", "Ten minutes before class make the lesson.").await;
    browser.fill("body", "## Before class\n\nAgree on the **aim** of the lesson.").await;
    browser.press("Add a reference").await;
    assert_eq!(
        browser
            .client
            .find(fantoccini::Locator::Id("body"))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("## Before class\n\nAgree on the **aim** of the lesson."),
        "what was typed survived adding a reference"
    );
    browser.fill("ref-1-authors", "Tajino, A. & Tajino, Y.").await;
    browser.fill("ref-1-year", "2000").await;
    browser.fill("ref-1-title", "Native and non-native: what can they offer?").await;
    browser.fill("ref-1-doi", "10.1093/elt/54.1.3").await;
    browser.assert_accessible().await;
    browser.press("Save").await;
    let text = browser.main_text().await;
    assert!(text.contains("Saved."), "{text}");
    browser.press("Submit for review").await;
    assert!(browser.main_text().await.contains("In review"));
    browser.press("Sign out").await;

    sign_in(&browser, "emi@example.org").await;
    browser.goto("/author/library").await;
    browser.follow("Planning with your JTE").await;
    browser.assert_accessible().await;
    browser.press("Publish the latest revision").await;
    assert!(browser.main_text().await.contains("Published: visitors now see this version."));
    browser.press("Sign out").await;

    browser.goto("/library/planning-with-your-jte").await;
    assert_eq!(browser.heading().await, "Planning with your JTE");
    let text = browser.main_text().await;
    assert!(text.contains("Native and non-native: what can they offer?") && text.contains("aim"), "{text}");
    browser.assert_accessible().await;
    browser.close().await;
}
