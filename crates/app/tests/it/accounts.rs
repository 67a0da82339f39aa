//! Accounts: sign-up to deletion, as a member's browser would do them (without JS).

use altto_store::{AccountStatus, PageRequest, UserId, Visibility};

use crate::helpers::{PASSWORD, TestApp, csrf_in, link_in};

#[tokio::test]
async fn a_sign_up_that_fills_in_the_hidden_field_is_answered_as_usual_and_makes_nothing() {
    let app = TestApp::spawn().await;
    let form = app.get("/signup").await.body;
    assert!(form.contains(r#"<div class="field" hidden>"#) && form.contains(r#"name="website""#));
    let mut bot = app.agent();
    let done = bot
        .post(
            "/signup",
            &[
                ("email", "bot@example.org"),
                ("display_name", "Cheap pills"),
                ("password", PASSWORD),
                ("website", "https://spam.example"),
            ],
        )
        .await;
    assert_eq!(done.location(), "/signup/sent");
    assert!(app.store().user_by_email("bot@example.org").await.unwrap().is_none());
    assert!(app.outbox().await.is_empty(), "no mail");
}

#[tokio::test]
async fn signing_up_sends_a_link_that_verifies_the_account_and_then_signing_in_works() {
    let app = TestApp::spawn().await;
    let mut browser = app.agent();
    let form = browser.get("/signup").await;
    assert!(form.body.contains(r#"name="email""#) && form.body.contains(r#"autocomplete="new-password""#));

    let done = browser
        .post(
            "/signup",
            &[("email", "Hanako@Example.org"), ("display_name", "Hanako"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(done.status, 303);
    assert_eq!(done.location(), "/signup/sent");

    // Before verifying, signing in is refused (and a fresh link is sent).
    let early = browser.sign_in("hanako@example.org", PASSWORD).await;
    assert_eq!(early.status, 422);
    assert!(early.body.contains("Please confirm your e-mail address first"));

    let mails = app.mail_to("hanako@example.org").await;
    assert_eq!(mails.len(), 2, "the sign-up link and the resent one");
    assert!(mails[0].contains("Subject: Confirm your e-mail address for altto"));
    let link = link_in(&mails[1]);
    assert!(link.starts_with("/verify?token="));

    let confirm = browser.get(&link).await;
    assert_eq!(confirm.status, 200);
    let verified = browser.post("/verify", &[("token", &link["/verify?token=".len()..])]).await;
    assert_eq!(verified.location(), "/login?notice=verified");
    let again = browser.post("/verify", &[("token", &link["/verify?token=".len()..])]).await;
    assert_eq!(again.status, 404, "a link works once");

    let signed_in = browser.sign_in("hanako@example.org", PASSWORD).await;
    assert_eq!(signed_in.status, 303);
    assert_eq!(signed_in.location(), "/account");
    let account = browser.get("/account").await;
    assert_eq!(account.status, 200);
    assert!(account.body.contains("hanako@example.org"));
}

#[tokio::test]
async fn signing_up_with_a_taken_address_looks_the_same_and_tells_the_owner_instead() {
    let app = TestApp::spawn().await;
    app.create_member("taken@example.org", "Owner").await;
    let mut browser = app.agent();
    let response = browser
        .post(
            "/signup",
            &[("email", "taken@example.org"), ("display_name", "Someone"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(response.status, 303);
    assert_eq!(response.location(), "/signup/sent");
    let mails = app.mail_to("taken@example.org").await;
    assert_eq!(mails.len(), 1);
    assert!(mails[0].contains("you already have one"));
    let owner = app.store().user_by_email("taken@example.org").await.unwrap().unwrap();
    assert_eq!(owner.display_name, "Owner", "nothing about the account changed");
}

#[tokio::test]
async fn a_bad_sign_up_gets_a_message_per_field_keeps_what_was_typed_and_saves_nothing() {
    let app = TestApp::spawn().await;
    let mut browser = app.agent();
    let response = browser
        .post("/signup", &[("email", "not-an-address"), ("display_name", "  "), ("password", "password123")])
        .await;
    assert_eq!(response.status, 422);
    let body = &response.body;
    assert!(body.contains("Enter an e-mail address like name@example.com"));
    assert!(body.contains("Enter a display name"));
    assert!(body.contains("This password is too easy to guess"));
    assert!(body.contains(r#"value="not-an-address""#), "keeps the address");
    assert!(!body.contains("password123"), "never echoes a password");
    assert!(body.contains(r#"aria-invalid="true""#));
    let users = app.store().search_users("", &PageRequest::first(10)).await.unwrap().items;
    assert_eq!((users.len(), app.store().count_users("").await.unwrap()), (0, 0));

    let japanese = app.agent().with_header("accept-language", "ja").post("/signup", &[("email", "x")]).await;
    assert!(japanese.body.contains("メールアドレスを入力してください"));
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_address_get_the_same_answer_and_failures_are_audited() {
    let app = TestApp::spawn().await;
    let id = app.create_member("member@example.org", "Member").await;
    let wrong = app.agent().sign_in("member@example.org", "wrong password here").await;
    let unknown = app.agent().sign_in("nobody@example.org", "wrong password here").await;
    assert_eq!(wrong.status, 422);
    assert_eq!(unknown.status, 422);
    let message = "The e-mail address or password is incorrect";
    assert!(wrong.body.contains(message) && unknown.body.contains(message));
    assert_eq!(
        wrong.body.replace("member@", "X@"),
        unknown
            .body
            .replace("nobody@", "X@")
            .replace(&csrf_in(&unknown.body).unwrap(), &csrf_in(&wrong.body).unwrap())
    );
    let log = app.store().audit_entries(&PageRequest::first(10)).await.unwrap().items;
    assert_eq!(log.iter().filter(|e| e.action == "sign_in_failed").count(), 2);
    assert!(log.iter().any(|e| e.subject_id == Some(id)));
}

#[tokio::test]
async fn the_session_cookie_is_http_only_lax_and_secure_only_over_https() {
    let app = TestApp::spawn().await;
    app.create_member("member@example.org", "Member").await;
    let response = app.agent().sign_in("member@example.org", PASSWORD).await;
    let cookie = response.header("set-cookie");
    assert!(cookie.starts_with("altto_session="), "{cookie}");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    assert!(!cookie.contains("Secure"));

    let https = TestApp::spawn_with(|s| s.public_url = Some("https://altto.example.org".into())).await;
    https.create_member("member@example.org", "Member").await;
    let response = https.agent().sign_in("member@example.org", PASSWORD).await;
    assert!(response.header("set-cookie").contains("; Secure"));
    assert!(response.header("strict-transport-security").starts_with("max-age="));
}

#[tokio::test]
async fn signing_in_replaces_any_session_id_the_browser_already_had() {
    let app = TestApp::spawn().await;
    let id = app.create_member("member@example.org", "Member").await;
    let mut browser = app.agent_for(id).await;
    let before = browser.cookies["altto_session"].clone();
    browser.sign_in("member@example.org", PASSWORD).await;
    let after = browser.cookies["altto_session"].clone();
    assert_ne!(before, after);
    let sessions = app.store().sessions_of(id).await.unwrap();
    assert_eq!(sessions.len(), 1, "the old session is gone");

    let mut planted = app.agent();
    planted.cookies.insert("altto_session".into(), "attacker-chosen-value".into());
    planted.sign_in("member@example.org", PASSWORD).await;
    assert_ne!(planted.cookies["altto_session"], "attacker-chosen-value");
}

#[tokio::test]
async fn a_missing_or_wrong_csrf_token_is_refused_with_403_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let id = app.create_member("member@example.org", "Member").await;
    let mut browser = app.agent_for(id).await;
    let fields = [("display_name", "Changed"), ("visibility", "public")];
    let missing = browser.post_raw("/account/profile", &fields).await;
    assert_eq!(missing.status, 403);
    assert!(missing.body.contains("You cannot do that"));
    let wrong = browser.post_raw("/account/profile", &[("_csrf", "forged"), fields[0], fields[1]]).await;
    assert_eq!(wrong.status, 403);
    // A token from another browser does not work either.
    let other_token = app.agent().csrf().await;
    let other = browser.post_raw("/account/profile", &[("_csrf", &other_token), fields[0], fields[1]]).await;
    assert_eq!(other.status, 403);
    assert_eq!(app.store().user(id).await.unwrap().display_name, "Member");

    let signed_out = browser.post_raw("/logout", &[]).await;
    assert_eq!(signed_out.status, 403);
    assert_eq!(browser.get("/account").await.status, 200, "still signed in");
}

#[tokio::test]
async fn a_form_posted_from_another_site_is_refused() {
    let app = TestApp::spawn().await;
    let id = app.create_member("member@example.org", "Member").await;
    let mut browser = app.agent_for(id).await;
    let token = browser.csrf().await;
    let mut evil = app
        .agent_for(id)
        .await
        .with_header("origin", "https://evil.example")
        .with_header("host", "localhost");
    evil.cookies = browser.cookies.clone();
    let response = evil.post_raw("/logout", &[("_csrf", &token)]).await;
    assert_eq!(response.status, 403);
}

#[tokio::test]
async fn too_many_sign_in_attempts_are_refused_with_how_long_to_wait() {
    let app = TestApp::spawn().await;
    app.create_member("member@example.org", "Member").await;
    let mut browser = app.agent();
    let mut statuses = Vec::new();
    for _ in 0..9 {
        statuses.push(browser.sign_in("member@example.org", "not the password").await);
    }
    assert!(statuses[..8].iter().all(|r| r.status == 422));
    let limited = &statuses[8];
    assert_eq!(limited.status, 429);
    let wait: u64 = limited.header("retry-after").parse().unwrap();
    assert!(wait > 0 && wait <= 15 * 60);
    assert!(limited.body.contains("Please wait") && limited.body.contains("minutes"), "{}", limited.body);
    // Even the right password waits now.
    assert_eq!(browser.sign_in("member@example.org", PASSWORD).await.status, 429);
}

#[tokio::test]
async fn the_current_password_can_be_guessed_only_a_few_times_from_a_signed_in_session() {
    let app = TestApp::spawn().await;
    let id = app.create_member("member@example.org", "Member").await;
    let mut session = app.agent_for(id).await;
    let forms: [(&str, &[(&str, &str)]); 3] = [
        ("/account/password", &[("new_password", "new river cloud 93 paper")]),
        ("/account/email", &[("new_email", "new@example.org")]),
        ("/account/delete", &[("confirm", "yes")]),
    ];
    let mut statuses = Vec::new();
    for i in 0..9 {
        let (path, fields) = forms[i % 3];
        let mut all = fields.to_vec();
        all.push(("current_password", "a wrong guess"));
        statuses.push(session.post(path, &all).await);
    }
    assert!(statuses[..8].iter().all(|r| r.status == 422), "wrong guesses are refused with the form");
    let limited = &statuses[8];
    assert_eq!(limited.status, 429);
    assert!(limited.header("retry-after").parse::<u64>().unwrap() > 0);
    // Even the right password waits now, and nothing was changed.
    let right = session.post("/account/delete", &[("current_password", PASSWORD), ("confirm", "yes")]).await;
    assert_eq!(right.status, 429);
    let user = app.store().user(id).await.unwrap();
    assert_eq!(user.status, altto_store::AccountStatus::Active);
    assert_eq!(user.email.as_deref(), Some("member@example.org"));
}

#[tokio::test]
async fn a_password_reset_that_fails_half_way_changes_nothing_and_its_link_still_works() {
    let app = TestApp::spawn().await;
    let id = app.create_member("member@example.org", "Member").await;
    let mut browser = app.agent();
    browser.post("/password/forgot", &[("email", "member@example.org")]).await;
    let link = link_in(&app.mail_to("member@example.org").await[0]);
    let token = link.split("token=").nth(1).unwrap().to_owned();
    // Break the database under the reset: the account can no longer be updated.
    let (break_it, mend_it) = match app.store().backend() {
        altto_store::Backend::Sqlite => (
            "CREATE TRIGGER broken BEFORE UPDATE ON users BEGIN SELECT RAISE(ABORT, 'broken'); END"
                .to_owned(),
            "DROP TRIGGER broken".to_owned(),
        ),
        altto_store::Backend::Postgres => (
            "CREATE RULE broken AS ON UPDATE TO users DO INSTEAD SELECT 1/0".to_owned(),
            "DROP RULE broken ON users".to_owned(),
        ),
    };
    app.sql(&break_it).await;
    let failed =
        browser.post("/password/reset", &[("token", &token), ("password", "new river cloud 93 paper")]).await;
    assert_eq!(failed.status, 500);
    app.sql(&mend_it).await;
    // Nothing was used up or changed: the same link sets the password now.
    let page = browser.get(&link).await;
    assert!(page.body.contains(r#"name="password""#), "the link still works");
    let done =
        browser.post("/password/reset", &[("token", &token), ("password", "new river cloud 93 paper")]).await;
    assert_eq!(done.location(), "/login?notice=reset");
    assert_eq!(browser.sign_in("member@example.org", "new river cloud 93 paper").await.status, 303);
    let _ = id;
}

#[tokio::test]
async fn a_password_reset_link_sets_a_new_password_once_and_ends_every_session() {
    let app = TestApp::spawn().await;
    let id = app.create_member("member@example.org", "Member").await;
    let mut other_device = app.agent_for(id).await;
    let mut browser = app.agent();
    let sent = browser.post("/password/forgot", &[("email", "member@example.org")]).await;
    assert_eq!(sent.location(), "/password/forgot/sent");
    let unknown = browser.post("/password/forgot", &[("email", "nobody@example.org")]).await;
    assert_eq!(unknown.location(), "/password/forgot/sent", "the same answer for unknown addresses");
    assert_eq!(app.outbox().await.len(), 1);

    let link = link_in(&app.mail_to("member@example.org").await[0]);
    assert!(browser.get(&link).await.body.contains("Choose a new password"));
    let token = &link["/password/reset?token=".len()..];
    let weak = browser.post("/password/reset", &[("token", token), ("password", "short")]).await;
    assert_eq!(weak.status, 422);
    let done =
        browser.post("/password/reset", &[("token", token), ("password", "new river cloud 93 paper")]).await;
    assert_eq!(done.location(), "/login?notice=reset");
    let reused =
        browser.post("/password/reset", &[("token", token), ("password", "other river cloud 93")]).await;
    assert_eq!(reused.status, 404);

    assert_eq!(other_device.get("/account").await.status, 303, "other sessions ended");
    assert_eq!(browser.sign_in("member@example.org", PASSWORD).await.status, 422);
    assert_eq!(browser.sign_in("member@example.org", "new river cloud 93 paper").await.status, 303);
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_signs_out_other_devices() {
    let app = TestApp::spawn().await;
    let id = app.create_member("member@example.org", "Member").await;
    let mut browser = app.agent_for(id).await;
    let mut other = app.agent_for(id).await;
    let wrong = browser
        .post("/account/password", &[("current_password", "nope"), ("new_password", "new river cloud 93")])
        .await;
    assert_eq!(wrong.status, 422);
    assert!(wrong.body.contains("Your current password is not correct"));
    let before = browser.cookies["altto_session"].clone();
    let done = browser
        .post(
            "/account/password",
            &[("current_password", PASSWORD), ("new_password", "new river cloud 93 paper")],
        )
        .await;
    assert_eq!(done.location(), "/account?notice=password");
    assert_ne!(browser.cookies["altto_session"], before, "this session gets a new id");
    assert_eq!(browser.get("/account").await.status, 200);
    assert_eq!(other.get("/account").await.status, 303);
}

#[tokio::test]
async fn an_email_change_is_confirmed_from_the_new_address_and_the_old_one_is_told() {
    let app = TestApp::spawn().await;
    let id = app.create_member("old@example.org", "Member").await;
    let mut browser = app.agent_for(id).await;
    let asked = browser
        .post("/account/email", &[("new_email", "new@example.org"), ("current_password", PASSWORD)])
        .await;
    assert_eq!(asked.location(), "/account?notice=sent");
    assert_eq!(app.store().user(id).await.unwrap().email.as_deref(), Some("old@example.org"), "not yet");
    let link = link_in(&app.mail_to("new@example.org").await[0]);
    let token = &link["/account/email/confirm?token=".len()..];
    let done = app.agent().post("/account/email/confirm", &[("token", token)]).await;
    assert_eq!(done.location(), "/account?notice=email");
    assert_eq!(app.store().user(id).await.unwrap().email.as_deref(), Some("new@example.org"));
    assert!(app.mail_to("old@example.org").await.iter().any(|m| m.contains("has been changed")));
}

#[tokio::test]
async fn asking_for_an_address_that_is_taken_tells_only_that_address() {
    let app = TestApp::spawn().await;
    app.create_member("taken@example.org", "Owner").await;
    let id = app.create_member("me@example.org", "Me").await;
    let mut browser = app.agent_for(id).await;
    let asked = browser
        .post("/account/email", &[("new_email", "taken@example.org"), ("current_password", PASSWORD)])
        .await;
    assert_eq!(asked.location(), "/account?notice=sent", "the same answer as for a free address");
    let mails = app.mail_to("taken@example.org").await;
    assert!(mails[0].contains("an account already uses it"));
    assert!(!mails[0].contains("token="));
}

#[tokio::test]
async fn signing_out_everywhere_ends_every_session() {
    let app = TestApp::spawn().await;
    let id = app.create_member("member@example.org", "Member").await;
    let mut one = app.agent_for(id).await;
    let mut two = app.agent_for(id).await;
    let response = one.post("/account/sessions/revoke", &[]).await;
    assert_eq!(response.location(), "/login?notice=signed-out-everywhere");
    assert_eq!(one.get("/account").await.status, 303);
    assert_eq!(two.get("/account").await.status, 303);
    assert!(app.store().sessions_of(id).await.unwrap().is_empty());
}

#[tokio::test]
async fn signing_out_ends_this_session_only() {
    let app = TestApp::spawn().await;
    let id = app.create_member("member@example.org", "Member").await;
    let mut one = app.agent_for(id).await;
    let mut two = app.agent_for(id).await;
    let response = one.post("/logout", &[]).await;
    assert_eq!(response.location(), "/");
    assert!(!one.cookies.contains_key("altto_session"));
    assert_eq!(one.get("/account").await.status, 303);
    assert_eq!(two.get("/account").await.status, 200);
}

#[tokio::test]
async fn the_profile_form_saves_every_field_and_rejects_bad_ones_without_saving() {
    let app = TestApp::spawn().await;
    let id = app.create_member("member@example.org", "Member").await;
    let mut browser = app.agent_for(id).await;
    let bad = browser
        .post(
            "/account/profile",
            &[
                ("display_name", "New name"),
                ("prefecture", "48"),
                ("employer_type", "robot"),
                ("years_in_japan", "many"),
                ("visibility", "public"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(
        bad.body.contains("Choose one of the options") && bad.body.contains("Enter a whole number of years")
    );
    assert!(bad.body.contains(r#"value="New name""#));
    assert_eq!(app.store().user(id).await.unwrap().display_name, "Member");

    let saved = browser
        .post(
            "/account/profile",
            &[
                ("display_name", "Sam"),
                ("bio", "Teaching in Sendai."),
                ("prefecture", "4"),
                ("employer_type", "jet"),
                ("school_levels", "elementary"),
                ("school_levels", "junior_high"),
                ("years_in_japan", "3"),
                ("interests", "phonics"),
                ("visibility", "public"),
            ],
        )
        .await;
    assert_eq!(saved.location(), "/account?notice=profile");
    let user = app.store().user(id).await.unwrap();
    assert_eq!(
        (
            user.display_name.as_str(),
            user.prefecture,
            user.employer_type.as_deref(),
            user.school_levels.as_str()
        ),
        ("Sam", Some(4), Some("jet"), "elementary,junior_high")
    );
    assert_eq!((user.years_in_japan, user.visibility), (Some(3), Visibility::Public));

    let page = app.agent().with_header("accept-language", "ja").get(&format!("/members/{id}")).await;
    assert!(
        page.body.contains("宮城県") && page.body.contains("JETプログラム") && page.body.contains("中学校")
    );
}

#[tokio::test]
async fn script_in_profile_fields_is_shown_as_text() {
    let app = TestApp::spawn().await;
    let id = app.create_member("member@example.org", "Member").await;
    let mut browser = app.agent_for(id).await;
    let payload = r#"<script>alert(1)</script><img src=x onerror=alert(2)>"#;
    let saved = browser
        .post(
            "/account/profile",
            &[
                ("display_name", "<b>x</b>"),
                ("bio", payload),
                ("interests", payload),
                ("visibility", "public"),
            ],
        )
        .await;
    assert_eq!(saved.status, 303);
    let page = app.get(&format!("/members/{id}")).await;
    assert!(!page.body.contains("<script>alert") && !page.body.contains("<img src=x"));
    let shown = page.body.replace("&#60;", "&lt;").replace("&#62;", "&gt;");
    assert!(shown.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the payload is shown as text");
    assert!(shown.contains("&lt;b&gt;x&lt;/b&gt;"));
}

#[tokio::test]
async fn profile_visibility_decides_who_sees_a_profile_and_only_the_owner_sees_the_address() {
    let app = TestApp::spawn().await;
    let owner = app.create_member("owner@example.org", "Owner").await;
    let other = app.create_member("other@example.org", "Other").await;
    let path = format!("/members/{owner}");
    let set = |visibility: Visibility| {
        let app = &app;
        async move {
            let user = app.store().user(owner).await.unwrap();
            let update = altto_store::ProfileUpdate {
                display_name: user.display_name,
                visibility: Some(visibility),
                ..Default::default()
            };
            app.store().update_profile(owner, &update).await.unwrap();
        }
    };
    set(Visibility::Members).await;
    assert_eq!(app.get(&path).await.status, 404, "visitors do not see members-only profiles");
    let seen = app.agent_for(other).await.get(&path).await;
    assert_eq!(seen.status, 200);
    assert!(!seen.body.contains("owner@example.org"), "the address is never shown to others");
    set(Visibility::Hidden).await;
    assert_eq!(app.agent_for(other).await.get(&path).await.status, 404);
    let own = app.agent_for(owner).await.get(&path).await;
    assert!(own.body.contains("owner@example.org"));
    set(Visibility::Public).await;
    let public = app.get(&path).await;
    assert_eq!(public.status, 200);
    assert!(!public.body.contains("owner@example.org"));
}

#[tokio::test]
async fn a_member_downloads_everything_altto_holds_about_them_as_json() {
    let app = TestApp::spawn().await;
    let id = app.create_member("member@example.org", "Member").await;
    let mut browser = app.agent_for(id).await;
    let response = browser.get("/account/data").await;
    assert_eq!(response.status, 200);
    assert!(response.header("content-disposition").starts_with("attachment"));
    let data: serde_json::Value = serde_json::from_str(&response.body).unwrap();
    assert_eq!(data["account"]["email"], "member@example.org");
    assert_eq!(data["profile"]["visibility"], "members");
    assert_eq!(data["sessions"].as_array().unwrap().len(), 1);
    assert!(!response.body.contains("argon2"), "no password hash in the export");
}

#[tokio::test]
async fn deleting_an_account_removes_its_personal_data_and_signs_it_out() {
    let app = TestApp::spawn().await;
    let id = app.create_member("member@example.org", "Member").await;
    let mut browser = app.agent_for(id).await;
    let unconfirmed = browser.post("/account/delete", &[("current_password", PASSWORD)]).await;
    assert_eq!(unconfirmed.status, 422);
    assert_eq!(app.store().user(id).await.unwrap().status, AccountStatus::Active);
    let deleted =
        browser.post("/account/delete", &[("current_password", PASSWORD), ("confirm", "yes")]).await;
    assert_eq!(deleted.location(), "/account/deleted");
    let user = app.store().user(id).await.unwrap();
    assert_eq!(user.status, AccountStatus::Deleted);
    assert_eq!((user.email, user.password_hash, user.display_name.as_str()), (None, None, ""));
    assert_eq!(browser.get("/account").await.status, 303);
    assert_eq!(app.agent().sign_in("member@example.org", PASSWORD).await.status, 422);
    // The address can be used again.
    let again = app
        .agent()
        .post("/signup", &[("email", "member@example.org"), ("display_name", "New"), ("password", PASSWORD)])
        .await;
    assert_eq!(again.location(), "/signup/sent");
    assert!(app.store().user_by_email("member@example.org").await.unwrap().is_some());
    assert_ne!(app.store().user_by_email("member@example.org").await.unwrap().unwrap().id, UserId(id.0));
}

#[tokio::test]
async fn a_suspended_account_cannot_sign_in_and_loses_its_sessions() {
    let app = TestApp::spawn().await;
    let id = app.create_member("member@example.org", "Member").await;
    let mut browser = app.agent_for(id).await;
    app.store().set_status(id, AccountStatus::Suspended).await.unwrap();
    assert_eq!(browser.get("/account").await.status, 303);
    let refused = app.agent().sign_in("member@example.org", PASSWORD).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("This account has been suspended"));
}

/// An app whose SMTP server refuses every connection.
async fn app_with_mail_server_down() -> TestApp {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    TestApp::spawn_with(|s| {
        s.smtp_host = Some("127.0.0.1".into());
        s.smtp_port = Some(port);
        s.smtp_security = altto::config::SmtpSecurity::None;
    })
    .await
}

#[tokio::test]
async fn mail_that_cannot_be_sent_stays_queued_and_is_retried_later() {
    let app = app_with_mail_server_down().await;
    app.agent().post("/password/forgot", &[("email", "nobody@example.org")]).await;
    app.create_member("member@example.org", "Member").await;
    app.agent().post("/password/forgot", &[("email", "member@example.org")]).await;
    assert_eq!(app.store().pending_mail_count().await.unwrap(), 1, "queued before any sending");
    let sent = app.state.mailer.deliver_due(app.store()).await.unwrap();
    assert_eq!(sent, 0);
    assert_eq!(app.store().pending_mail_count().await.unwrap(), 1, "still queued after the failure");
    assert!(
        app.store().claim_due_mail(10, 1000).await.unwrap().is_empty(),
        "not retried at once: it backs off"
    );
}

#[tokio::test]
async fn mail_a_member_waits_for_is_sent_before_a_large_mailing() {
    use altto_store::MailKind;
    let app = TestApp::spawn().await;
    for n in 0..50 {
        app.store()
            .enqueue_mail(MailKind::Bulk, &format!("reader{n}@example.org"), "Newsletter", "…")
            .await
            .unwrap();
    }
    app.create_member("member@example.org", "Member").await;
    app.agent().post("/password/forgot", &[("email", "member@example.org")]).await;
    let first = app.store().claim_due_mail(1, 60_000).await.unwrap();
    assert_eq!(first[0].to_address, "member@example.org", "the reset link jumps the queue");
}

#[tokio::test]
async fn mail_that_keeps_failing_is_given_up_on_visibly_and_an_admin_sends_it_again() {
    let app = app_with_mail_server_down().await;
    app.create_member("member@example.org", "Member").await;
    app.agent().post("/password/forgot", &[("email", "member@example.org")]).await;
    for _ in 0..10 {
        assert_eq!(app.state.mailer.deliver_due(app.store()).await.unwrap(), 0);
        app.sql("UPDATE mail_queue SET next_attempt_at = 0 WHERE failed_at IS NULL").await;
    }
    assert_eq!(app.store().pending_mail_count().await.unwrap(), 0, "no longer counted as waiting");
    let failed = app.store().failed_mail(&PageRequest::first(10)).await.unwrap().items;
    assert_eq!((failed.len(), failed[0].attempts), (1, 10));

    let admin = app.create_admin().await;
    let mut browser = app.agent_for(admin).await;
    let page = browser.get("/admin/mail").await;
    assert!(
        page.body.contains("member@example.org") && page.body.contains("Connection refused"),
        "{}",
        page.body
    );
    let again = browser.post(&format!("/admin/mail/{}/retry", failed[0].id), &[]).await;
    assert_eq!(again.location(), "/admin/mail?requeued=true");
    assert!(browser.get(again.location()).await.body.contains("back in the queue"));
    assert_eq!(app.store().pending_mail_count().await.unwrap(), 1);
    assert!(app.store().failed_mail(&PageRequest::first(10)).await.unwrap().items.is_empty());
    let member = app.create_member("nosy@example.org", "Nosy").await;
    assert_eq!(app.agent_for(member).await.get("/admin/mail").await.status, 403);
}
