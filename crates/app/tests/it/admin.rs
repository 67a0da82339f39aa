//! Administration from the web and from the command line.

use std::{io::Write as _, process::Stdio};

use altto_store::{AccountStatus, Role};

use crate::helpers::{PASSWORD, TestApp, fresh_database_url};

async fn admin_and_member(app: &TestApp) -> (altto_store::UserId, altto_store::UserId) {
    let admin = app.create_admin().await;
    let member = app.create_member("member@example.org", "Member Person").await;
    (admin, member)
}

#[tokio::test]
async fn any_page_number_of_the_account_list_answers_and_never_overflows() {
    let app = TestApp::spawn().await;
    let (admin, _) = admin_and_member(&app).await;
    let mut browser = app.agent_for(admin).await;
    for page in ["9223372036854775807", "-9223372036854775808", "0", "99999999999999999999999", "two"] {
        let list = browser.get(&format!("/admin/users?page={page}")).await;
        assert!(list.status == 200 || list.status == 400, "page={page}: {}", list.status);
    }
    let last = browser.get("/admin/users?page=9223372036854775807").await;
    assert!(last.body.contains("Member Person"), "a page beyond the last shows the last");
}

#[tokio::test]
async fn an_admin_finds_a_member_and_changes_their_roles_which_signs_them_out_and_is_audited() {
    let app = TestApp::spawn().await;
    let (admin, member) = admin_and_member(&app).await;
    let mut admin_browser = app.agent_for(admin).await;
    let mut member_browser = app.agent_for(member).await;

    let list = admin_browser.get("/admin/users?q=PERSON").await;
    assert_eq!(list.status, 200);
    assert!(
        list.body.contains("Member Person") && !list.body.contains("admin@example.org"),
        "search matches names"
    );
    assert!(list.body.contains("1 accounts found"));

    let saved = admin_browser
        .post(&format!("/admin/users/{member}/roles"), &[("role", "editor"), ("moderator", "yes")])
        .await;
    assert_eq!(saved.location(), format!("/admin/users/{member}?notice=roles"));
    let user = app.store().user(member).await.unwrap();
    assert_eq!((user.role, user.is_moderator, user.is_admin), (Role::Editor, true, false));
    assert_eq!(
        member_browser.get("/account").await.status,
        303,
        "the member signs in again with new privileges"
    );

    let log = admin_browser.get("/admin/audit").await;
    assert!(
        log.body.contains("Roles changed") && log.body.contains("member -&#62; editor+moderator"),
        "{}",
        log.body
    );
}

#[tokio::test]
async fn an_admin_suspends_and_reinstates_a_member() {
    let app = TestApp::spawn().await;
    let (admin, member) = admin_and_member(&app).await;
    let mut admin_browser = app.agent_for(admin).await;
    let mut member_browser = app.agent_for(member).await;
    admin_browser.post(&format!("/admin/users/{member}/suspend"), &[]).await;
    assert_eq!(app.store().user(member).await.unwrap().status, AccountStatus::Suspended);
    assert_eq!(member_browser.get("/account").await.status, 303);
    assert_eq!(app.agent().sign_in("member@example.org", PASSWORD).await.status, 422);
    let page = admin_browser.get(&format!("/admin/users/{member}")).await;
    assert!(page.body.contains("Reinstate this account"));
    admin_browser.post(&format!("/admin/users/{member}/reinstate"), &[]).await;
    assert_eq!(app.agent().sign_in("member@example.org", PASSWORD).await.status, 303);
    let actions: Vec<String> =
        app.store().audit_entries(None, 10).await.unwrap().into_iter().map(|entry| entry.action).collect();
    assert!(actions.contains(&"suspended".to_owned()) && actions.contains(&"reinstated".to_owned()));
}

#[tokio::test]
async fn an_admin_cannot_demote_or_suspend_themselves() {
    let app = TestApp::spawn().await;
    let (admin, _) = admin_and_member(&app).await;
    let mut browser = app.agent_for(admin).await;
    let page = browser.get(&format!("/admin/users/{admin}")).await;
    assert!(page.body.contains("You cannot change your own roles"));
    assert_eq!(browser.post(&format!("/admin/users/{admin}/roles"), &[("role", "member")]).await.status, 403);
    assert_eq!(browser.post(&format!("/admin/users/{admin}/suspend"), &[]).await.status, 403);
    assert!(app.store().user(admin).await.unwrap().is_admin);
}

fn altto_admin(args: &[&str], stdin: &str) -> std::process::Output {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_altto"))
        .arg("admin")
        .args(args)
        .env_remove("ALTTO_DATABASE_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[tokio::test]
async fn the_first_admin_is_created_from_the_command_line_and_roles_are_set_there_too() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database_url(dir.path()).await;
    let data = dir.path().to_str().unwrap().to_owned();
    let db = ["--data-dir", &data, "--database-url", url.expose()];

    let weak = altto_admin(
        &[
            &[
                "create-user",
                "--email",
                "boss@example.org",
                "--name",
                "Boss",
                "--role",
                "admin",
                "--password-stdin",
            ][..],
            &db,
        ]
        .concat(),
        "password\n",
    );
    assert_eq!(weak.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&weak.stderr).contains("the password is not accepted"));

    let created = altto_admin(
        &[
            &[
                "create-user",
                "--email",
                "Boss@Example.org",
                "--name",
                "Boss",
                "--role",
                "admin",
                "--password-stdin",
            ][..],
            &db,
        ]
        .concat(),
        &format!("{PASSWORD}\n"),
    );
    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
    assert!(String::from_utf8_lossy(&created.stdout).contains("boss@example.org (member+admin)"));

    let twice = altto_admin(
        &[&["create-user", "--email", "boss@example.org", "--name", "B", "--password-stdin"][..], &db]
            .concat(),
        &format!("{PASSWORD}\n"),
    );
    assert_eq!(twice.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&twice.stderr).contains("already exists"));

    let set = altto_admin(
        &[&["set-role", "--email", "boss@example.org", "--role", "editor", "--role", "admin"][..], &db]
            .concat(),
        "",
    );
    assert!(set.status.success(), "{}", String::from_utf8_lossy(&set.stderr));
    assert!(String::from_utf8_lossy(&set.stdout).contains("member+admin -> editor+admin"));

    let unknown = altto_admin(
        &[&["set-role", "--email", "nobody@example.org", "--role", "editor"][..], &db].concat(),
        "",
    );
    assert_eq!(unknown.status.code(), Some(1));
    let bad_role =
        altto_admin(&[&["set-role", "--email", "boss@example.org", "--role", "king"][..], &db].concat(), "");
    assert!(String::from_utf8_lossy(&bad_role.stderr).contains("unknown role"));

    // The account works in the web app: it can sign in and reach the admin pages.
    let store = altto_store::Store::connect(&altto_store::ConnectOptions::new(url)).await.unwrap();
    let user = store.user_by_email("boss@example.org").await.unwrap().unwrap();
    assert!(user.is_admin && user.email_verified && user.role == Role::Editor);
}
