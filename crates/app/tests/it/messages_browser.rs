//! The directory and private messages clicked through in Chromium (plain forms and
//! links: no JavaScript needed), with an accessibility scan of every page.

use altto_store::{Grants, Role};
use fantoccini::Locator;

use crate::{
    browser::Browser,
    helpers::{PASSWORD, TestApp},
};

async fn sign_in(browser: &Browser, email: &str) {
    browser.goto("/login").await;
    browser.fill("email", email).await;
    browser.fill("password", PASSWORD).await;
    browser.press("Sign in").await;
}

#[tokio::test]
async fn a_member_opts_into_the_directory_another_finds_them_in_nagano_and_writes_and_the_first_reads_it() {
    let app = TestApp::spawn().await;
    app.create_member("hanako@example.org", "Hanako").await;
    // Staff are trusted to start conversations from the start.
    app.create_user(
        "ben@example.org",
        "Ben",
        Grants { role: Role::Author, is_moderator: false, is_admin: false },
    )
    .await;

    let browser = Browser::open(&app).await;
    sign_in(&browser, "hanako@example.org").await;
    browser.goto("/account/profile").await;
    browser.assert_accessible().await;
    browser.select("prefecture", "20").await;
    browser.client.find(Locator::Id("level-elementary")).await.unwrap().click().await.unwrap();
    browser.client.find(Locator::Id("visibility-members")).await.unwrap().click().await.unwrap();
    browser.client.find(Locator::Id("listed_in_directory")).await.unwrap().click().await.unwrap();
    browser.press("Save").await;
    assert!(browser.main_text().await.contains("Your profile has been saved."));
    browser.press("Sign out").await;

    sign_in(&browser, "ben@example.org").await;
    browser.follow("Community").await;
    browser.follow("Find teachers near you in the directory of teachers across Japan").await;
    assert_eq!(browser.heading().await, "Teachers across Japan");
    browser.assert_accessible().await;
    browser.follow("Nagano").await;
    assert_eq!(browser.heading().await, "Teachers in Nagano");
    browser.assert_accessible().await;
    browser.follow("Hanako").await;
    assert_eq!(browser.heading().await, "Hanako");
    browser.assert_accessible().await;
    browser.press("Message Hanako").await;
    assert_eq!(browser.heading().await, "Message to Hanako");
    browser.assert_accessible().await;
    browser.press("Send message").await;
    assert!(browser.main_text().await.contains("Write a message before sending."), "a mistake first");
    browser.assert_accessible().await;
    browser.fill("body", "Hello from a fellow ALT in **Nagano**!").await;
    browser.press("Send message").await;
    assert_eq!(browser.heading().await, "Conversation with Hanako");
    assert!(browser.main_text().await.contains("Your message was sent."));
    browser.assert_accessible().await;
    browser.press("Sign out").await;

    sign_in(&browser, "hanako@example.org").await;
    browser.follow("Messages").await;
    assert!(browser.main_text().await.contains("Unread"));
    browser.assert_accessible().await;
    browser.follow("Ben").await;
    assert_eq!(browser.heading().await, "Conversation with Ben");
    let text = browser.main_text().await;
    assert!(text.contains("Hello from a fellow ALT in Nagano!"), "{text}");
    browser.assert_accessible().await;
    browser.follow("Report this message from Ben").await;
    browser.assert_accessible().await;
    browser.goto("/account/blocked").await;
    browser.assert_accessible().await;
    browser.close().await;
}
