//! Administration from the web and from the command line.

use std::{io::Write as _, process::Stdio};

use altto_store::{AccountStatus, MailKind, NewAuditEntry, NewUser, PageRequest, Role, UserId};

use crate::helpers::{Agent, PASSWORD, TestApp, fresh_database_url, rel_link};

async fn admin_and_member(app: &TestApp) -> (UserId, UserId) {
    let admin = app.create_admin().await;
    let member = app.create_member("member@example.org", "Member Person").await;
    (admin, member)
}

/// `count` members named `{name} 0`, `{name} 1`, … made straight in the store (they
/// never sign in, so they share a placeholder hash: hashing each would be slow); their
/// ids, oldest first.
async fn many_members(app: &TestApp, name: &str, count: usize) -> Vec<UserId> {
    let mut ids = Vec::with_capacity(count);
    for n in 0..count {
        let new = NewUser {
            email: format!("{}-{n}@example.org", name.to_lowercase()),
            password_hash: "not a hash".to_owned(),
            display_name: format!("{name} {n}"),
            locale: "en".to_owned(),
            email_verified: true,
            role: Role::Member,
            is_moderator: false,
            is_admin: false,
        };
        ids.push(app.store().create_user(&new).await.unwrap());
    }
    ids
}

/// The numbers that follow each `prefix` in `html`, in page order (the ids of a list's
/// rows, read from their links or cells).
fn numbers_after(html: &str, prefix: &str) -> Vec<i64> {
    html.match_indices(prefix)
        .filter_map(|(at, _)| {
            let digits: String = html[at + prefix.len()..].chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .collect()
}

/// One page of a list as the browser saw it: its address, its rows and its links.
struct Seen {
    url: String,
    rows: Vec<i64>,
    newer: Option<String>,
    older: Option<String>,
}

/// Opens `url` and reads its rows with `rows`.
async fn see(browser: &mut Agent<'_>, url: &str, rows: &dyn Fn(&str) -> Vec<i64>) -> Seen {
    let page = browser.get(url).await;
    assert_eq!(page.status, 200, "{url}: {}", page.body);
    Seen {
        url: url.to_owned(),
        rows: rows(&page.body),
        newer: rel_link(&page.body, "prev"),
        older: rel_link(&page.body, "next"),
    }
}

/// Every page of a list, from `first` along the "Older" links to the last.
async fn walk_older(browser: &mut Agent<'_>, first: &str, rows: &dyn Fn(&str) -> Vec<i64>) -> Vec<Seen> {
    let mut pages = vec![see(browser, first, rows).await];
    while let Some(older) = pages.last().and_then(|page| page.older.clone()) {
        assert!(pages.len() < 100, "the Older links go round in circles: {older}");
        pages.push(see(browser, &older, rows).await);
    }
    pages
}

/// Checks that walking a list from `first` shows exactly `expected`, in order, at most
/// `per_page` rows a page, with a Newer link on every page but the first; and that the
/// Newer link of the second page shows the first page again.
async fn assert_pages_through(
    browser: &mut Agent<'_>,
    first: &str,
    rows: &dyn Fn(&str) -> Vec<i64>,
    expected: &[i64],
    per_page: i64,
) -> Vec<Seen> {
    let pages = walk_older(browser, first, rows).await;
    let per_page = usize::try_from(per_page).unwrap();
    assert_eq!(pages.len(), expected.len().div_ceil(per_page), "pages of {per_page} rows");
    for (n, page) in pages.iter().enumerate() {
        assert!(!page.rows.is_empty() && page.rows.len() <= per_page, "{}: {:?}", page.url, page.rows);
        assert_eq!(page.newer.is_some(), n > 0, "{}: a Newer link on every page but the first", page.url);
    }
    let seen: Vec<i64> = pages.iter().flat_map(|page| page.rows.clone()).collect();
    assert_eq!(seen, expected, "every row once, in order");

    let back = see(browser, pages[1].newer.as_deref().unwrap(), rows).await;
    assert_eq!(back.rows, pages[0].rows, "Newer from the second page is the first page");
    assert_eq!((back.newer, back.older), (None, pages[0].older.clone()));
    pages
}

fn account_rows(html: &str) -> Vec<i64> {
    numbers_after(html, r#"href="/admin/users/"#)
}

#[tokio::test]
async fn older_links_from_the_first_page_of_a_search_visit_every_matching_account_once_in_order() {
    let app = TestApp::spawn().await;
    let (admin, _) = admin_and_member(&app).await;
    let per_page = altto::admin::USERS_PER_PAGE;
    let count = usize::try_from(per_page * 2 + 7).unwrap();
    let walkers = many_members(&app, "Walker", count).await;
    many_members(&app, "Sitter", 3).await;
    let mut browser = app.agent_for(admin).await;

    let newest_first: Vec<i64> = walkers.iter().rev().map(|id| id.0).collect();
    let pages =
        assert_pages_through(&mut browser, "/admin/users?q=walker", &account_rows, &newest_first, per_page)
            .await;
    for page in &pages {
        assert!(
            page.url == "/admin/users?q=walker" || page.url.starts_with("/admin/users?q=walker&"),
            "{}",
            page.url
        );
    }
    let last = browser.get(&pages[2].url).await;
    assert!(last.body.contains(&format!("{count} accounts found")), "the count covers every page");
}

#[tokio::test]
async fn the_newer_link_of_the_second_page_of_accounts_leads_back_to_the_first() {
    let app = TestApp::spawn().await;
    let (admin, member) = admin_and_member(&app).await;
    let members = many_members(&app, "Reader", usize::try_from(altto::admin::USERS_PER_PAGE).unwrap()).await;
    let mut browser = app.agent_for(admin).await;
    let first = see(&mut browser, "/admin/users", &account_rows).await;
    assert_eq!(first.rows.first(), members.last().map(|id| &id.0), "newest first");
    let second = see(&mut browser, first.older.as_deref().unwrap(), &account_rows).await;
    assert_eq!(second.rows, vec![member.0, admin.0], "the two oldest accounts are on the second page");
    assert_eq!(second.older, None, "the last page has no Older link");
    let back = see(&mut browser, second.newer.as_deref().unwrap(), &account_rows).await;
    assert_eq!((back.rows, back.newer, back.older), (first.rows, None, first.older));
}

#[tokio::test]
async fn a_malformed_or_huge_page_cursor_is_a_bad_request_that_says_so_in_the_visitors_language() {
    let app = TestApp::spawn().await;
    let (admin, _) = admin_and_member(&app).await;
    let mut browser = app.agent_for(admin).await;
    for path in ["/admin/users", "/admin/audit", "/admin/mail"] {
        for query in [
            "after=abc",
            "after=99999999999999999999999",
            "after=1.",
            "after=.1",
            "before=1.2.3",
            "before=9223372036854775808.1",
            "after=-",
            "after=1e9",
            "after=%2B1",
            "after=1&after=2",
            "after=1&before=2",
            "q=x&before=%E3%81%82",
        ] {
            let refused = browser.get(&format!("{path}?{query}")).await;
            assert_eq!(refused.status, 400, "{path}?{query}: {}", refused.body);
            assert!(refused.body.contains("This page link is damaged"), "{path}?{query}: {}", refused.body);
        }
    }
    let mut japanese = app.agent_for(admin).await.with_header("accept-language", "ja");
    let refused = japanese.get("/admin/users?after=1.").await;
    assert_eq!(refused.status, 400);
    assert!(refused.body.contains("このページのリンクは壊れています"), "{}", refused.body);
}

#[tokio::test]
async fn an_old_page_number_is_ignored_and_a_cursor_past_either_end_shows_an_empty_page() {
    let app = TestApp::spawn().await;
    let (admin, _) = admin_and_member(&app).await;
    let mut browser = app.agent_for(admin).await;
    for page in ["9223372036854775807", "-9223372036854775808", "0", "99999999999999999999999", "two"] {
        let list = browser.get(&format!("/admin/users?page={page}")).await;
        assert_eq!(list.status, 200, "page={page}");
        assert!(list.body.contains("Member Person"), "page={page} shows the first page");
        assert_eq!(rel_link(&list.body, "next"), None, "page={page}: one page holds every account");
    }
    for path in ["/admin/users", "/admin/audit", "/admin/mail"] {
        let past_the_end = browser.get(&format!("{path}?after=-9223372036854775808")).await;
        assert_eq!(past_the_end.status, 200, "{path}");
        assert!(!past_the_end.body.contains("Member Person"), "{path}");
        let above_the_top =
            browser.get(&format!("{path}?before=9223372036854775807.9223372036854775807")).await;
        assert_eq!(above_the_top.status, 200, "{path}");
        assert!(rel_link(&above_the_top.body, "next").is_some(), "{path}: the way back down is offered");
    }
}

#[tokio::test]
async fn the_audit_log_pages_through_every_entry_once_newest_first() {
    let app = TestApp::spawn().await;
    let (admin, member) = admin_and_member(&app).await;
    let per_page = altto::admin::AUDIT_ENTRIES_PER_PAGE;
    let count = per_page * 2 + 3;
    for n in 0..count {
        let detail = format!("entry-{n}");
        let entry = NewAuditEntry {
            actor_id: Some(admin),
            action: "suspended",
            subject_id: Some(member),
            detail: &detail,
            ip: "",
        };
        app.store().audit(entry).await.unwrap();
    }
    let mut browser = app.agent_for(admin).await;
    let newest_first: Vec<i64> = (0..count).rev().collect();
    let rows = |html: &str| numbers_after(html, "<td>entry-");
    assert_pages_through(&mut browser, "/admin/audit", &rows, &newest_first, per_page).await;
}

#[tokio::test]
async fn failed_mail_pages_by_when_it_was_given_up_on_with_ties_broken_by_id() {
    let app = TestApp::spawn().await;
    let (admin, _) = admin_and_member(&app).await;
    let per_page = altto::admin::FAILED_MAIL_PER_PAGE;
    let mut ids = Vec::new();
    for n in 0..per_page * 2 + 5 {
        let id = app
            .store()
            .enqueue_mail(MailKind::Bulk, &format!("r{n}@example.org"), "Hi", "Hello")
            .await
            .unwrap();
        app.store().mark_mail_failed(id, "refused", None).await.unwrap();
        ids.push(id);
    }
    // Four moments only, so most messages share theirs with many others, out of id order.
    app.sql("UPDATE mail_queue SET failed_at = 1000 + (id * 7) % 4").await;
    ids.sort_by_key(|id| std::cmp::Reverse((1000 + (id * 7) % 4, *id)));
    let mut browser = app.agent_for(admin).await;
    let rows = |html: &str| numbers_after(html, r#"action="/admin/mail/"#);
    let pages = assert_pages_through(&mut browser, "/admin/mail", &rows, &ids, per_page).await;
    assert!(pages[0].older.as_deref().unwrap().starts_with("/admin/mail?after=100"), "{:?}", pages[0].older);

    let retried = browser.post(&format!("/admin/mail/{}/retry", ids[0]), &[]).await;
    let notice = browser.get(retried.location()).await;
    let older = rel_link(&notice.body, "next").unwrap();
    assert!(!older.contains("requeued"), "the notice stays on its page: {older}");
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
    let actions: Vec<String> = app
        .store()
        .audit_entries(&PageRequest::first(10))
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|e| e.action)
        .collect();
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
