//! Moderation in Chromium: a new member's first thread waits and a moderator approves
//! it; a spam reply is flagged, its writer suspended with a reason and the post hidden
//! from the review queue, and the moderation log shows it all — every page scanned for
//! accessibility problems.

use altto_store::{Grants, Role};
use fantoccini::Locator;

use crate::{
    browser::Browser,
    helpers::{PASSWORD, TestApp},
};

/// A browser signed in as `email`.
async fn signed_in(app: &TestApp, email: &str) -> Browser {
    let browser = Browser::open(app).await;
    browser.goto("/login").await;
    browser.fill("email", email).await;
    browser.fill("password", PASSWORD).await;
    browser.press("Sign in").await;
    browser
}

/// Types `value` into the reason field of the form posting to an address ending in
/// `action_end`.
async fn reason(browser: &Browser, action_end: &str, value: &str) {
    let xpath = format!("//form[contains(@action, '{action_end}')]//input[@name='reason']");
    browser.client.find(Locator::XPath(&xpath)).await.unwrap().send_keys(value).await.unwrap();
}

#[tokio::test]
async fn a_spam_post_is_flagged_its_writer_suspended_and_the_post_hidden_with_the_log_showing_it() {
    let app = TestApp::spawn_with(|settings| settings.forum_posts_held = 2).await;
    altto::community::load_once(app.store()).await.unwrap();
    app.create_member("nao@example.org", "Nao").await;
    app.create_member("ben@example.org", "Ben").await;
    let spammer = app.create_member("spam@example.org", "Watch Seller").await;
    let mo = app
        .create_user(
            "mo@example.org",
            "Mo",
            Grants { role: Role::Member, is_moderator: true, is_admin: false },
        )
        .await;

    // A new member's first thread waits for a moderator.
    let nao = signed_in(&app, "nao@example.org").await;
    nao.goto("/community/new").await;
    nao.select("category", "elementary").await;
    nao.fill("title", "Songs for grade 1").await;
    nao.fill("body", "Which songs do your first graders love?").await;
    nao.press("Start thread").await;
    let thread = nao.path().await;
    assert!(nao.main_text().await.contains("Waiting for a moderator"));
    nao.assert_accessible().await;
    nao.close().await;

    let moderator = signed_in(&app, "mo@example.org").await;
    moderator.goto("/community/review").await;
    assert!(moderator.main_text().await.contains("Songs for grade 1"));
    moderator.assert_accessible().await;
    moderator.press("Approve").await;
    assert!(moderator.main_text().await.contains("Nothing is waiting for review."));

    // The spammer's first two posts were approved; the third appears at once.
    let mut spam_agent = app.agent_for(spammer).await;
    for text in ["Hello everyone.", "Nice idea."] {
        let done = spam_agent.post(&format!("{thread}/replies"), &[("body", text)]).await;
        let post: i64 = done.location().trim_start_matches("/community/posts/").parse().unwrap();
        app.store().set_forum_post_state(post, "published", "", mo).await.unwrap();
    }
    let done =
        spam_agent.post(&format!("{thread}/replies"), &[("body", "Cheap watches at spam.example!")]).await;
    let spam: i64 = done.location().trim_start_matches("/community/posts/").parse().unwrap();

    let ben = signed_in(&app, "ben@example.org").await;
    ben.goto(&thread).await;
    assert!(ben.main_text().await.contains("Cheap watches"));
    ben.goto(&format!("/community/posts/{spam}/flag")).await;
    ben.assert_accessible().await;
    ben.client.find(Locator::Id("reason-spam")).await.unwrap().click().await.unwrap();
    ben.fill("detail", "Selling watches").await;
    ben.press("Send to the moderators").await;
    assert!(ben.main_text().await.contains("You have flagged this post"));

    moderator.goto("/community/review").await;
    let queue = moderator.main_text().await;
    assert!(queue.contains("Flagged post") && queue.contains("Spam or advertising: 1 member"), "{queue}");
    moderator.assert_accessible().await;
    reason(&moderator, "/suspend", "Advertising watches").await;
    moderator.press("Suspend the writer").await;
    assert!(moderator.main_text().await.contains("The member is suspended"));
    reason(&moderator, "/moderate", "Spam").await;
    moderator.press("Hide").await;
    assert!(moderator.main_text().await.contains("Nothing is waiting for review."));
    moderator.goto(&thread).await;
    assert!(moderator.main_text().await.contains("Hidden by a moderator: Spam"));

    moderator.follow("Review queue").await;
    moderator.follow("Moderation log").await;
    let log = moderator.main_text().await;
    assert!(
        log.contains("Post hidden") && log.contains("Suspended") && log.contains("Advertising watches"),
        "{log}"
    );
    assert!(log.contains("Post approved") && log.contains("Watch Seller"));
    moderator.assert_accessible().await;
    moderator.close().await;

    ben.goto(&thread).await;
    assert!(!ben.main_text().await.contains("Cheap watches"));
    ben.close().await;

    let refused = Browser::open(&app).await;
    refused.goto("/login").await;
    refused.fill("email", "spam@example.org").await;
    refused.fill("password", PASSWORD).await;
    refused.press("Sign in").await;
    assert!(refused.main_text().await.contains("Your account is suspended: Advertising watches"));
    refused.assert_accessible().await;
    refused.close().await;
}
