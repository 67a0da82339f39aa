//! The teachers' directory: opt-in listing, visibility, filters, the 47 prefecture
//! pages and their index.

use altto_store::{ProfileUpdate, UserId, Visibility};

use crate::helpers::{TestApp, rel_link};

/// Gives `user` a profile in prefecture `prefecture` with `visibility`, and lists them
/// in the directory or not.
async fn profile(
    app: &TestApp,
    user: UserId,
    name: &str,
    prefecture: i64,
    visibility: Visibility,
    listed: bool,
) {
    let update = ProfileUpdate {
        display_name: name.to_owned(),
        prefecture: Some(prefecture),
        employer_type: Some("jet".to_owned()),
        school_levels: "junior_high".to_owned(),
        visibility: Some(visibility),
        ..ProfileUpdate::default()
    };
    app.store().update_profile(user, &update).await.unwrap();
    app.store().set_listed_in_directory(user, listed).await.unwrap();
}

/// The fields of the profile form for a member in Nagano, listed or not.
fn profile_form<'a>(name: &'a str, visibility: &'a str, listed: bool) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("display_name", name),
        ("bio", ""),
        ("prefecture", "20"),
        ("employer_type", "dispatch"),
        ("school_levels", "elementary"),
        ("school_levels", "junior_high"),
        ("years_in_japan", ""),
        ("interests", ""),
        ("visibility", visibility),
    ];
    if listed {
        fields.push(("listed_in_directory", "yes"));
    }
    fields
}

#[tokio::test]
async fn a_new_member_is_not_listed_and_their_name_appears_nowhere_in_the_directory() {
    let app = TestApp::spawn().await;
    let hana = app.create_member("hana@example.org", "Hanako Quiet").await;
    let mut hana_agent = app.agent_for(hana).await;
    let form = hana_agent.get("/account/profile").await;
    assert!(form.body.contains(r#"id="listed_in_directory""#), "the profile form offers the choice");
    assert!(
        !form.body.contains(r#"value="yes" aria-describedby="listed_in_directory-hint" checked"#),
        "off by default"
    );
    // Even a public profile with a prefecture stays out until its member opts in.
    let saved = hana_agent.post("/account/profile", &profile_form("Hanako Quiet", "public", false)).await;
    assert_eq!(saved.status, 303);
    assert!(!app.store().listed_in_directory(hana).await.unwrap());

    let other = app.create_member("ben@example.org", "Ben").await;
    let mut member = app.agent_for(other).await;
    for path in ["/community/directory", "/community/directory/nagano", "/community/directory?prefecture=20"]
    {
        let visitor = app.get(path).await;
        assert_eq!(visitor.status, 200, "{path}");
        assert!(!visitor.body.contains("Hanako Quiet"), "{path} for a visitor");
        let signed_in = member.get(path).await;
        assert_eq!(signed_in.status, 200, "{path}");
        assert!(!signed_in.body.contains("Hanako Quiet"), "{path} for a member");
    }
}

#[tokio::test]
async fn a_member_who_opts_in_with_a_public_profile_appears_for_visitors() {
    let app = TestApp::spawn().await;
    let hana = app.create_member("hana@example.org", "Hanako").await;
    let mut agent = app.agent_for(hana).await;
    let saved = agent.post("/account/profile", &profile_form("Hanako Open", "public", true)).await;
    assert_eq!(saved.status, 303);
    assert!(app.store().listed_in_directory(hana).await.unwrap());
    let again = agent.get("/account/profile").await;
    assert!(
        again.body.contains(r#"aria-describedby="listed_in_directory-hint" checked"#),
        "the choice is kept"
    );

    let listing = app.get("/community/directory").await;
    assert!(listing.body.contains("Hanako Open"));
    assert!(listing.body.contains(&format!(r#"href="/members/{hana}""#)));
    assert!(listing.body.contains("Dispatch company") && listing.body.contains("Junior high school"));
    let nagano = app.get("/community/directory/nagano").await;
    assert!(nagano.body.contains("<h1>Teachers in Nagano</h1>") && nagano.body.contains("Hanako Open"));
    assert!(nagano.body.contains(r#"href="/community/directory/nagano" aria-current="page">Nagano</a>"#));
    assert!(nagano.body.contains("(1)"), "the index counts the member");
    let tokyo = app.get("/community/directory/tokyo").await;
    assert!(!tokyo.body.contains("Hanako Open"), "listed only in their own prefecture");

    // Only what they filled in is shown: no years, interests or e-mail address.
    assert!(!listing.body.contains("hana@example.org"));
    // Unticking the box takes them off again.
    agent.post("/account/profile", &profile_form("Hanako Open", "public", false)).await;
    assert!(!app.get("/community/directory").await.body.contains("Hanako Open"));
}

#[tokio::test]
async fn a_members_only_listing_appears_only_to_signed_in_members_and_a_hidden_one_never() {
    let app = TestApp::spawn().await;
    let members_only = app.create_member("m@example.org", "Mika").await;
    profile(&app, members_only, "Mika Members", 13, Visibility::Members, true).await;
    let hidden = app.create_member("h@example.org", "Hide").await;
    profile(&app, hidden, "Hidden Hiro", 13, Visibility::Hidden, true).await;
    let viewer = app.create_member("v@example.org", "Viewer").await;
    let mut member = app.agent_for(viewer).await;

    for path in ["/community/directory", "/community/directory/tokyo"] {
        let visitor = app.get(path).await;
        assert!(!visitor.body.contains("Mika Members"), "{path}: visitors do not see members-only profiles");
        assert!(!visitor.body.contains("Hidden Hiro"), "{path}");
        let signed_in = member.get(path).await;
        assert!(signed_in.body.contains("Mika Members"), "{path}: members do");
        assert!(!signed_in.body.contains("Hidden Hiro"), "{path}: hidden profiles never appear");
    }
    // The counts follow the same rule, so they do not give anyone away.
    assert!(app.get("/community/directory").await.body.contains(
        r#"Tokyo</a>
      <span class="muted">(0)"#
    ));
    assert!(member.get("/community/directory").await.body.contains(
        r#"Tokyo</a>
      <span class="muted">(1)"#
    ));
}

#[tokio::test]
async fn the_filters_narrow_the_directory_by_prefecture_employer_and_school_level() {
    let app = TestApp::spawn().await;
    let a = app.create_member("a@example.org", "A").await;
    profile(&app, a, "Aomori Jet", 2, Visibility::Public, true).await;
    let b = app.create_member("b@example.org", "B").await;
    profile(&app, b, "Okinawa Private", 47, Visibility::Public, true).await;
    let update = ProfileUpdate {
        display_name: "Okinawa Private".into(),
        prefecture: Some(47),
        employer_type: Some("private".into()),
        school_levels: "elementary,special_needs".into(),
        visibility: Some(Visibility::Public),
        ..ProfileUpdate::default()
    };
    app.store().update_profile(b, &update).await.unwrap();

    let by_prefecture = app.get("/community/directory?prefecture=47&employer=&level=").await;
    assert!(by_prefecture.body.contains("Okinawa Private") && !by_prefecture.body.contains("Aomori Jet"));
    let by_employer = app.get("/community/directory?employer=jet").await;
    assert!(by_employer.body.contains("Aomori Jet") && !by_employer.body.contains("Okinawa Private"));
    let by_level = app.get("/community/directory?level=special_needs").await;
    assert!(by_level.body.contains("Okinawa Private") && !by_level.body.contains("Aomori Jet"));
    let nobody = app.get("/community/directory?prefecture=2&level=special_needs").await;
    assert!(nobody.body.contains("No listed members match yet."));
    assert!(
        nobody.body.contains(r#"<option value="2" selected>Aomori</option>"#),
        "the form keeps the choice"
    );

    for bad in ["prefecture=48", "prefecture=tokyo", "employer=ninja", "level=university"] {
        let refused = app.get(&format!("/community/directory?{bad}")).await;
        assert_eq!(refused.status, 422, "{bad}");
        assert!(refused.body.contains("Choose one of the options"), "{bad}: {}", refused.body);
    }
}

#[tokio::test]
async fn every_prefecture_has_a_page_and_an_unknown_one_is_not_found() {
    let app = TestApp::spawn().await;
    let index = app.get("/community/directory").await;
    for (_, en, _) in altto::accounts::profile::PREFECTURES {
        let path = format!("/community/directory/{}", en.to_ascii_lowercase());
        assert!(index.body.contains(&format!(r#"href="{path}""#)), "the index links to {path}");
        let page = app.get(&path).await;
        assert_eq!(page.status, 200, "{path}");
        assert!(page.body.contains(&format!("Teachers in {en}")), "{path}");
    }
    for unknown in ["atlantis", "Tokyo", "13", "tokyo-to"] {
        assert_eq!(app.get(&format!("/community/directory/{unknown}")).await.status, 404, "{unknown}");
    }
}

#[tokio::test]
async fn a_long_directory_is_paged() {
    let app = TestApp::spawn().await;
    for n in 0..32 {
        let id = app.create_member(&format!("t{n}@example.org"), "T").await;
        profile(&app, id, &format!("Teacher {n:02}"), 20, Visibility::Public, true).await;
    }
    let first = app.get("/community/directory?prefecture=20").await;
    assert!(first.body.contains("Teacher 31") && !first.body.contains("Teacher 01"));
    let older = rel_link(&first.body, "next").expect("a link to the next page");
    assert!(older.contains("prefecture=20"), "the filter is kept: {older}");
    let second = app.get(&older).await;
    assert!(second.body.contains("Teacher 01") && second.body.contains("Teacher 00"));
    assert!(!second.body.contains("Teacher 31"));
    assert!(first.body.contains("(32)"), "the index counts everyone, on every page");
}

#[tokio::test]
async fn the_directory_speaks_japanese() {
    let app = TestApp::spawn().await;
    let a = app.create_member("a@example.org", "A").await;
    profile(&app, a, "Aiko", 20, Visibility::Public, true).await;
    let page = app.get_with("/community/directory/nagano", &[("accept-language", "ja")]).await;
    assert!(page.body.contains("<h1>長野県の先生たち</h1>"), "{}", page.body);
    assert!(page.body.contains("JETプログラム"), "the employer is translated");
    assert!(page.body.contains("北海道"));
    let index = app.get_with("/community/directory", &[("accept-language", "ja")]).await;
    assert!(index.body.contains("全国の先生たち") && index.body.contains("先生を表示"));
    let bad = app.get_with("/community/directory?level=x", &[("accept-language", "ja")]).await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("選択肢から選んでください"), "{}", bad.body);
}

#[tokio::test]
async fn a_thread_local_to_a_prefecture_is_listed_on_its_page_and_links_back() {
    let app = crate::forum::forum_app().await;
    let ken = app.create_member("ken@example.org", "Ken").await;
    let mut agent = app.agent_for(ken).await;
    let form = agent.get("/community/new?prefecture=nagano").await.body;
    assert!(form.contains(r#"<option value="nagano" selected>Nagano</option>"#), "{form}");
    let fields = |prefecture: &'static str| {
        [
            ("category", "life-in-japan"),
            ("title", "ALTs in Matsumoto"),
            ("body", "Anyone near?"),
            ("prefecture", prefecture),
        ]
    };
    let refused = agent.post("/community/threads", &fields("atlantis")).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("Region: choose a prefecture from the list"));
    assert_eq!(app.column::<i64>("SELECT COUNT(*) FROM forum_threads").await, [0]);
    let started = agent.post("/community/threads", &fields("nagano")).await;
    let thread = started.location().to_owned();
    let page = app.get("/community/directory/nagano").await.body;
    assert!(page.contains(&format!(r#"<a href="{thread}">ALTs in Matsumoto</a>"#)), "{page}");
    assert!(!app.get("/community/directory/tokyo").await.body.contains("ALTs in Matsumoto"));
    let shown = app.get(&thread).await.body;
    assert!(shown.contains(r#"<a href="/community/directory/nagano">Local to Nagano</a>"#), "{shown}");
    let japanese = app.get_with("/community/directory/nagano", &[("accept-language", "ja")]).await.body;
    assert!(japanese.contains("長野県の地域スレッド"));
}
