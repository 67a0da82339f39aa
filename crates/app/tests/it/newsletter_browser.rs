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
