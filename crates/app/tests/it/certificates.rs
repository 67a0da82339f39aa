//! Certificates an employer can check from paper: the printed page carries its address
//! and a QR code of it, anyone can type a certificate's number, and the issuer named on
//! new certificates is a site setting.

use altto::certificates::signing;

use crate::{courses::complete_starter_course, helpers::TestApp};

#[tokio::test]
async fn an_employer_checks_a_printed_certificate_by_its_address_or_its_number() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let id = app.create_member("learner@example.org", "Aiko Learner").await;
    let mut learner = app.agent_for(id).await;
    let last = complete_starter_course(&app, &mut learner).await;
    let path = last.split('?').next().unwrap().to_owned();
    let number = path.rsplit('/').next().unwrap().to_owned();

    let page = app.get(&path).await;
    let address = format!("{}{path}", app.settings.base_url());
    assert!(page.body.contains(&format!(r#"href="{address}""#)), "the address is printed: {}", page.body);
    assert!(page.body.contains("<svg") && page.body.contains("certificate-qr"), "with a QR code of it");
    assert!(!page.body.contains("<?xml"), "the SVG sits in the HTML without an XML declaration");
    assert!(page.body.contains(r#"href="/certificates/verify""#), "and where to type its number");

    let form = app.get("/certificates/verify").await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains(r#"name="number""#));
    for typed in [number.clone(), format!("  {number} "), address.clone()] {
        let found = app.get(&format!("/certificates/verify?number={}", encode(&typed))).await;
        assert_eq!(found.status, 303, "{typed}");
        assert_eq!(found.location(), path);
    }
    for typed in ["NoSuchCertificate1", "<script>alert(1)</script>", &"x".repeat(5000)] {
        let missing = app.get(&format!("/certificates/verify?number={}", encode(typed))).await;
        assert_eq!(missing.status, 404, "{typed}");
        assert!(missing.body.contains("No certificate has this number"));
        assert!(!missing.body.contains("<script>alert"), "what was typed is escaped");
    }
    let japanese =
        app.get_with("/certificates/verify?number=NoSuchCertificate1", &[("accept-language", "ja")]).await;
    assert!(japanese.body.contains("この番号の修了証はありません"));

    // The course title in the reader's language, where the course has one.
    let in_japanese = app.get_with(&path, &[("accept-language", "ja")]).await;
    assert!(in_japanese.body.contains("ALTの基礎"), "{}", in_japanese.body);
    assert!(page.body.contains("ALT Essentials"));
    // And in the learner's own list.
    learner.cookies.insert("lang".into(), "ja".into());
    let learning = learner.get("/learning").await;
    assert!(learning.body.contains(&format!(r#"href="{path}""#)) && learning.body.contains("ALTの基礎"));
}

#[tokio::test]
async fn the_issuer_an_admin_sets_is_printed_on_new_certificates_and_signed_into_them() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let admin = app.create_admin().await;
    let mut admin = app.agent_for(admin).await;
    let settings = admin.get("/admin/site").await;
    assert_eq!(settings.status, 200);
    assert!(settings.body.contains(r#"value="altto""#), "the default issuer is the software's name");

    // Bad input is explained and changes nothing.
    let refused =
        admin.post("/admin/site", &[("issuer_name", ""), ("issuer_url", "javascript:alert(1)")]).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("Enter the issuer"), "{}", refused.body);
    assert!(refused.body.contains("Enter a web address starting with https://"));
    assert!(admin.get("/admin/site").await.body.contains(r#"value="altto""#));

    let saved = admin
        .post(
            "/admin/site",
            &[("issuer_name", "ALT Training Online"), ("issuer_url", "https://alttraining.example")],
        )
        .await;
    assert_eq!(saved.status, 303);
    assert!(admin.get(saved.location()).await.body.contains("The settings have been saved"));
    let log = admin.get("/admin/audit").await;
    assert!(log.body.contains("Site settings changed") && log.body.contains("ALT Training Online"));

    let id = app.create_member("learner@example.org", "Aiko Learner").await;
    let mut learner = app.agent_for(id).await;
    let path = complete_starter_course(&app, &mut learner).await.split('?').next().unwrap().to_owned();
    let page = app.get(&path).await;
    assert!(page.body.contains("ALT Training Online") && page.body.contains("https://alttraining.example"));
    let jwt = app.get(&format!("{path}/credential.jwt")).await.body;
    let jwks: serde_json::Value =
        serde_json::from_str(&app.get("/.well-known/jwks.json").await.body).unwrap();
    let claims = signing::verify(&jwt, &jwks).unwrap();
    assert_eq!(claims["vc"]["issuer"]["name"], "ALT Training Online");
    assert_eq!(claims["vc"]["issuer"]["url"], "https://alttraining.example");

    let member = app.create_member("someone@example.org", "Someone").await;
    let forbidden = app
        .agent_for(member)
        .await
        .post("/admin/site", &[("issuer_name", "Me"), ("issuer_url", "https://me.example")])
        .await;
    assert_eq!(forbidden.status, 403);
}

fn encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}
