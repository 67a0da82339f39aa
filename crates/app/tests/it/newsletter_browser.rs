//! The newsletter's subscribe flow clicked through in Chromium (plain forms: it works
//! without JavaScript), with an accessibility scan of each page.

use altto_store::SubscriberStatus;

use crate::{
    browser::Browser,
    helpers::{TestApp, link_in},
};

#[tokio::test]
async fn a_visitor_subscribes_on_the_newsletter_page_and_confirms_from_the_outbox_link() {
    let app = TestApp::spawn().await;
    let browser = Browser::open(&app).await;
    browser.goto("/").await;
    browser.follow("The Monthly Trainer").await;
    assert_eq!(browser.heading().await, "The Monthly Trainer");
    browser.assert_accessible().await;

    // A mistake first: the form comes back with the message.
    browser.fill("email", "aiko@example").await;
    browser.press("Subscribe").await;
    assert!(
        browser.main_text().await.contains("Enter an e-mail address like"),
        "{}",
        browser.main_text().await
    );
    browser.assert_accessible().await;

    browser.fill("email", "aiko@example.org").await;
    browser.select("lang", "ja").await;
    browser.press("Subscribe").await;
    assert_eq!(browser.heading().await, "Check your inbox");
    browser.assert_accessible().await;

    let mail = &app.mail_to("aiko@example.org").await[0];
    assert!(mail.contains("マンスリー・トレーナー"), "the mail is in the language chosen");
    browser.goto(&link_in(mail)).await;
    assert_eq!(browser.heading().await, "Confirm your subscription");
    browser.assert_accessible().await;
    let still = app.store().subscriber_by_email("aiko@example.org").await.unwrap().unwrap();
    assert_eq!(still.status, SubscriberStatus::Pending, "opening the link alone confirms nothing");
    browser.press("Confirm my subscription").await;
    assert_eq!(browser.heading().await, "You are subscribed");
    browser.assert_accessible().await;
    let confirmed = app.store().subscriber_by_email("aiko@example.org").await.unwrap().unwrap();
    assert_eq!(confirmed.status, SubscriberStatus::Confirmed);
    browser.close().await;
}

#[tokio::test]
async fn an_editor_composes_an_issue_and_sees_its_previews_on_accessible_pages() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let grants =
        altto_store::Grants { role: altto_store::Role::Editor, is_moderator: false, is_admin: false };
    app.create_user("editor@example.org", "Eri", grants).await;
    let browser = Browser::open(&app).await;
    browser.goto("/login").await;
    browser.fill("email", "editor@example.org").await;
    browser.fill("password", crate::helpers::PASSWORD).await;
    browser.press("Sign in").await;

    browser.goto("/author").await;
    browser.follow("Newsletter issues").await;
    browser.assert_accessible().await;
    browser.follow("New issue").await;
    browser.assert_accessible().await;
    browser.fill("subject", "December").await;
    browser.fill("intro", "Hello **teachers**.").await;
    browser.client.find(fantoccini::Locator::Id("pick-1")).await.unwrap().click().await.unwrap();
    browser.press("Save draft").await;
    assert!(browser.main_text().await.contains("The draft is saved."));
    assert!(browser.main_text().await.contains("Preview (plain text)"));
    browser.assert_accessible().await;
    browser.follow("Send to all confirmed subscribers…").await;
    assert_eq!(browser.heading().await, "Send this issue?");
    browser.assert_accessible().await;
    browser.close().await;
}
