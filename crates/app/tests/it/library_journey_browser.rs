//! Issue 13's whole journey in Chromium: a visitor reads a library article in
//! Japanese, follows a glossary link, subscribes to the newsletter and confirms from
//! the outbox; an editor's issue then reaches every confirmed subscriber exactly once.

use fantoccini::Locator;

use crate::{
    browser::Browser,
    helpers::link_in,
    newsletter::{compose, copies_to, editor, subscribe_and_confirm},
};

#[tokio::test]
async fn a_visitor_reads_an_article_in_japanese_follows_a_glossary_link_subscribes_and_gets_the_next_issue_once()
 {
    // Newsletter copies without a rate limit, so the outbox has them at once.
    let app = crate::newsletter::app().await;
    altto::server::load_starter_content(app.store()).await.unwrap();
    let browser = Browser::open(&app).await;
    browser.goto("/lang/ja").await;
    browser.goto("/library").await;
    assert_eq!(browser.html_lang().await, "ja");
    browser.follow("日本のティーム・ティーチングに関する研究").await;
    let article = browser.main_text().await;
    assert!(article.contains("参考文献"), "the references, in Japanese");
    assert!(article.contains("原文（英語）を読む"), "the way to the original");
    browser.assert_accessible().await;

    // The first use of a glossary term in the Japanese text links to its entry.
    let term = browser.client.find(Locator::Css(".lesson-body a.term")).await.unwrap();
    let href = term.attr("href").await.unwrap().unwrap();
    assert!(href.starts_with("/glossary/"), "{href}");
    browser.click_and_wait(Locator::Css(".lesson-body a.term")).await;
    assert_eq!(browser.path().await, href);
    browser.assert_accessible().await;

    browser.goto("/newsletter").await;
    browser.fill("email", "aiko@example.org").await;
    browser.press("購読する").await;
    let mail = &app.mail_to("aiko@example.org").await[0];
    browser.goto(&link_in(mail)).await;
    browser.press("購読を確認する").await;
    browser.assert_accessible().await;
    assert_eq!(
        app.store().subscriber_by_email("aiko@example.org").await.unwrap().unwrap().status,
        altto_store::SubscriberStatus::Confirmed
    );
    browser.close().await;

    // Another subscriber, and one who never confirmed.
    subscribe_and_confirm(&app, "ben@example.org", "en").await;
    app.agent().post("/newsletter/subscribe", &[("email", "pending@example.org"), ("lang", "en")]).await;
    let editor = editor(&app).await;
    let id = compose(&app, editor, "The Monthly Trainer — December 2026").await;
    let mut desk = app.agent_for(editor).await;
    desk.post(&format!("/author/newsletter/{id}/send"), &[]).await;
    desk.post(&format!("/author/newsletter/{id}/send"), &[]).await;
    for confirmed in ["aiko@example.org", "ben@example.org"] {
        assert_eq!(copies_to(&app, confirmed).await.len(), 1, "{confirmed}: exactly once, after two clicks");
    }
    assert!(copies_to(&app, "pending@example.org").await.is_empty());
}
