//! Account flows clicked through in Chromium, with an accessibility scan of each page.

use altto_store::Visibility;
use fantoccini::Locator;
use serde_json::json;

use crate::{
    browser::Browser,
    helpers::{PASSWORD, TestApp, link_in},
};

#[tokio::test]
async fn a_new_member_signs_up_verifies_from_the_outbox_signs_in_edits_the_profile_and_signs_out() {
    let app = TestApp::spawn().await;
    let browser = Browser::open(&app).await;
    browser.goto("/").await;
    browser.follow("Create an account").await;
    browser.assert_accessible().await;

    // A mistake first: the form comes back with the message and what was typed.
    browser.fill("email", "kenji@example").await;
    browser.fill("display_name", "Kenji").await;
    browser.fill("password", "short").await;
    browser.press("Create account").await;
    assert!(browser.main_text().await.contains("Passwords must be at least 10 characters long"));
    assert_eq!(
        browser
            .client
            .find(Locator::Id("display_name"))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("Kenji")
    );
    browser.assert_accessible().await;

    browser.fill("email", "kenji@example.org").await;
    browser.fill("password", PASSWORD).await;
    browser.press("Create account").await;
    assert_eq!(browser.heading().await, "Check your e-mail");
    browser.assert_accessible().await;

    let link = link_in(&app.mail_to("kenji@example.org").await[0]);
    browser.goto(&link).await;
    browser.assert_accessible().await;
    browser.press("Confirm my address").await;
    assert!(browser.path().await.starts_with("/login"));
    assert!(browser.main_text().await.contains("Your e-mail address is confirmed"));
    browser.assert_accessible().await;

    browser.fill("email", "kenji@example.org").await;
    browser.fill("password", PASSWORD).await;
    browser.press("Sign in").await;
    assert_eq!(browser.path().await, "/account");
    assert_eq!(browser.heading().await, "My account");
    browser.assert_accessible().await;

    browser.follow("Edit your profile").await;
    browser.assert_accessible().await;
    browser.fill("bio", "ALT in Kumamoto since 2023.").await;
    browser.client.find(Locator::Css("#prefecture option[value='43']")).await.unwrap().click().await.unwrap();
    browser.client.find(Locator::Id("level-elementary")).await.unwrap().click().await.unwrap();
    browser.client.find(Locator::Id("visibility-public")).await.unwrap().click().await.unwrap();
    browser.press("Save").await;
    assert!(browser.main_text().await.contains("Your profile has been saved."));
    let user = app.store().user_by_email("kenji@example.org").await.unwrap().unwrap();
    assert_eq!(
        (user.prefecture, user.school_levels.as_str(), user.visibility),
        (Some(43), "elementary", Visibility::Public)
    );

    browser.press("Sign out").await;
    assert_eq!(browser.path().await, "/");
    assert!(browser.client.find(Locator::LinkText("Sign in")).await.is_ok());
    browser.goto("/account").await;
    assert!(browser.path().await.starts_with("/login?next="), "signed out");
    browser.close().await;
}

#[tokio::test]
async fn a_member_who_forgot_their_password_resets_it_from_the_mailed_link() {
    let app = TestApp::spawn().await;
    app.create_member("yuki@example.org", "Yuki").await;
    let browser = Browser::open(&app).await;
    browser.goto("/login").await;
    browser.follow("Forgot your password?").await;
    browser.assert_accessible().await;
    browser.fill("email", "yuki@example.org").await;
    browser.press("Send the link").await;
    assert_eq!(browser.heading().await, "Check your e-mail");

    let link = link_in(&app.mail_to("yuki@example.org").await[0]);
    browser.goto(&link).await;
    browser.assert_accessible().await;
    browser.fill("password", "autumn harbour 61 violins").await;
    browser.press("Save the new password").await;
    assert!(browser.main_text().await.contains("Your password has been changed"));
    browser.fill("email", "yuki@example.org").await;
    browser.fill("password", "autumn harbour 61 violins").await;
    browser.press("Sign in").await;
    assert_eq!(browser.path().await, "/account");
    browser.close().await;
}

#[tokio::test]
async fn switching_to_japanese_while_signed_in_keeps_the_member_signed_in() {
    let app = TestApp::spawn().await;
    app.create_member("mei@example.org", "Mei").await;
    let browser = Browser::open(&app).await;
    browser.goto("/login").await;
    browser.fill("email", "mei@example.org").await;
    browser.fill("password", PASSWORD).await;
    browser.press("Sign in").await;
    browser.follow("日本語").await;
    assert_eq!(browser.path().await, "/account");
    assert_eq!(browser.html_lang().await, "ja");
    assert_eq!(browser.heading().await, "マイアカウント");
    assert!(browser.client.find(Locator::XPath("//button[normalize-space()='ログアウト']")).await.is_ok());
    browser.assert_accessible().await;
    browser.follow("プロフィールを編集する").await;
    browser.assert_accessible().await;
    browser.close().await;
}

#[tokio::test]
async fn script_typed_into_every_profile_field_is_shown_as_text_and_never_runs() {
    let app = TestApp::spawn().await;
    app.create_member("eve@example.org", "Eve").await;
    let browser = Browser::open(&app).await;
    browser.goto("/login").await;
    browser.fill("email", "eve@example.org").await;
    browser.fill("password", PASSWORD).await;
    browser.press("Sign in").await;
    browser.goto("/account/profile").await;
    let payload = r#"<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>"#;
    for field in ["display_name", "bio", "interests"] {
        let value = if field == "display_name" { "<b onmouseover=x>Eve</b>" } else { payload };
        browser.fill(field, value).await;
    }
    browser.client.find(Locator::Id("visibility-public")).await.unwrap().click().await.unwrap();
    browser.press("Save").await;
    let id = app.store().user_by_email("eve@example.org").await.unwrap().unwrap().id;
    for path in [format!("/members/{id}"), "/account".to_owned(), "/account/profile".to_owned()] {
        browser.goto(&path).await;
        let pwned = browser.client.execute("return window.pwned === undefined;", vec![]).await.unwrap();
        assert_eq!(pwned, json!(true), "script ran on {path}");
        let injected = browser.client.find_all(Locator::Css("main img, main script, main b")).await.unwrap();
        assert!(injected.is_empty(), "markup from a profile became elements on {path}");
    }
    browser.goto(&format!("/members/{id}")).await;
    assert!(browser.main_text().await.contains(r#"<script>window.pwned=2</script>"#));
    assert_eq!(browser.heading().await, "<b onmouseover=x>Eve</b>");
    browser.close().await;
}

#[tokio::test]
async fn a_member_makes_a_read_only_api_token_sees_what_it_may_do_and_revokes_it() {
    let app = TestApp::spawn().await;
    app.create_member("kenji@example.org", "Kenji").await;
    let browser = Browser::open(&app).await;
    browser.goto("/login").await;
    browser.fill("email", "kenji@example.org").await;
    browser.fill("password", PASSWORD).await;
    browser.press("Sign in").await;
    browser.goto("/account/tokens").await;
    browser.assert_accessible().await;
    browser.fill("name", "my phone").await;
    browser.press("Create token").await;
    let text = browser.main_text().await;
    assert!(text.contains("Here is your new token") && text.contains("read"), "{text}");
    assert!(!text.contains("Admin:"), "members are not offered the admin scope");
    browser.assert_accessible().await;
    let tokens = app
        .store()
        .api_tokens_of(app.store().user_by_email("kenji@example.org").await.unwrap().unwrap().id)
        .await
        .unwrap();
    assert_eq!((tokens[0].scopes.as_str(), tokens[0].expires_at.is_some()), ("read", true));
    browser.click_and_wait(Locator::Css("main table form.inline-form button")).await;
    assert!(browser.main_text().await.contains("You have no API tokens."));
    browser.close().await;
}

#[tokio::test]
async fn an_admin_reads_the_accounts_audit_log_and_mail_pages_and_sends_a_given_up_message_again() {
    use altto_store::MailKind;
    let app = TestApp::spawn().await;
    app.create_admin().await;
    let id = app
        .store()
        .enqueue_mail(MailKind::Transactional, "kenji@example.org", "Reset your password", "…")
        .await
        .unwrap();
    app.store()
        .mark_mail_failed(id, "the SMTP server refused the message: 550 no such user", None)
        .await
        .unwrap();
    let browser = Browser::open(&app).await;
    browser.goto("/login").await;
    browser.fill("email", "admin@example.org").await;
    browser.fill("password", PASSWORD).await;
    browser.press("Sign in").await;
    browser.goto("/admin/users").await;
    browser.assert_accessible().await;
    browser.follow("Audit log").await;
    browser.assert_accessible().await;
    browser.goto("/admin/users").await;
    browser.follow("Mail").await;
    assert!(browser.main_text().await.contains("550 no such user"));
    browser.assert_accessible().await;
    browser.click_and_wait(Locator::Css("main table form.inline-form button")).await;
    let text = browser.main_text().await;
    assert!(text.contains("back in the queue") && text.contains("None: every message was sent"), "{text}");
    browser.assert_accessible().await;
    browser.close().await;
}

#[tokio::test]
async fn an_admin_pages_through_the_audit_log_with_its_older_and_newer_links() {
    let app = TestApp::spawn().await;
    let admin = app.create_admin().await;
    let count = altto::admin::AUDIT_ENTRIES_PER_PAGE + 1;
    for n in 0..count {
        let detail = format!("entry-{n}");
        let entry = altto_store::NewAuditEntry {
            actor_id: Some(admin),
            action: "suspended",
            subject_id: None,
            detail: &detail,
            ip: "",
        };
        app.store().audit(entry).await.unwrap();
    }
    let newest = format!("entry-{}", count - 1);
    let browser = Browser::open(&app).await;
    browser.goto("/login").await;
    browser.fill("email", "admin@example.org").await;
    browser.fill("password", PASSWORD).await;
    browser.press("Sign in").await;
    browser.goto("/admin/audit").await;
    assert!(browser.main_text().await.contains(&newest));
    browser.assert_accessible().await;
    browser.follow("Older").await;
    assert!(browser.path().await.starts_with("/admin/audit?after="), "{}", browser.path().await);
    let text = browser.main_text().await;
    assert!(text.contains("entry-0") && !text.contains(&newest), "{text}");
    browser.assert_accessible().await;
    browser.follow("Newer").await;
    let text = browser.main_text().await;
    assert!(text.contains(&newest) && !text.contains("entry-0"), "{text}");
    browser.close().await;
}
