//! Review that tells people: the editors hear when a course is submitted, its authors
//! when an editor asks for changes or publishes it — on their notices page and by
//! e-mail, in their language — and nobody is told about their own act.

use altto_store::Role;

use crate::{
    authoring::{base_in, create_course, writer},
    helpers::TestApp,
};

#[tokio::test]
async fn submitting_tells_the_editors_and_asking_for_changes_or_publishing_tells_the_author() {
    let app = TestApp::spawn().await;
    let author_id = writer(&app, "ken@example.org", Role::Author).await;
    let editor_id = writer(&app, "emi@example.org", Role::Editor).await;
    let other_editor = writer(&app, "yui@example.org", Role::Editor).await;
    app.store().set_locale(other_editor, "ja").await.unwrap();
    let bystander = writer(&app, "other@example.org", Role::Author).await;
    let mut author = app.agent_for(author_id).await;
    let mut editor = app.agent_for(editor_id).await;
    create_course(&mut author).await;

    let course = "/author/courses/planning-lessons";
    let submitted = author.post(&format!("{course}/submit"), &[("note", "Ready for a look")]).await;
    assert_eq!(submitted.status, 303);
    let mail = app.mail_to("emi@example.org").await;
    assert_eq!(mail.len(), 1, "{mail:?}");
    assert!(
        mail[0].contains("Submitted for review: Planning lessons") && mail[0].contains("Ready for a look")
    );
    assert!(mail[0].contains(&format!("{}{course}", app.settings.base_url())));
    let japanese = app.mail_to("yui@example.org").await;
    assert!(
        japanese.len() == 1 && japanese[0].contains("レビュー依頼"),
        "in the editor's language: {japanese:?}"
    );
    assert!(app.mail_to("ken@example.org").await.is_empty(), "the author is not told about their own act");
    assert!(app.mail_to("other@example.org").await.is_empty(), "nor is an author of other courses");

    let dashboard = editor.get("/author").await;
    assert!(dashboard.body.contains("You have 1 new notices"), "{}", dashboard.body);
    let notices = editor.get("/notifications").await;
    assert!(notices.body.contains("ken submitted a course for review") && notices.body.contains(course));
    assert!(notices.body.contains("notice-new"), "new until seen");
    assert!(
        !editor.get("/notifications").await.body.contains("notice-new"),
        "opening the page marks them seen"
    );
    assert!(!editor.get("/author").await.body.contains("new notices"));

    let asked = editor
        .post(&format!("{course}/review"), &[("decision", "changes_requested"), ("note", "Add an aim")])
        .await;
    assert_eq!(asked.status, 303);
    let to_author = app.mail_to("ken@example.org").await;
    assert!(
        to_author.len() == 1
            && to_author[0].contains("Changes requested: Planning lessons")
            && to_author[0].contains("Add an aim")
    );
    assert!(author.get("/notifications").await.body.contains("emi asked for changes"));

    let base = base_in(&editor.get(course).await.body);
    assert_eq!(
        editor.post(&format!("{course}/review"), &[("decision", "publish"), ("base", &base)]).await.status,
        303
    );
    assert!(
        app.mail_to("ken@example.org").await.iter().any(|mail| mail.contains("Published: Planning lessons"))
    );
    assert_eq!(
        app.mail_to("emi@example.org").await.len(),
        1,
        "the editor is not told about their own decisions"
    );
    let bystander_notices = app.agent_for(bystander).await.get("/notifications").await;
    assert!(bystander_notices.body.contains("No notices yet"));

    assert_eq!(app.get("/notifications").await.status, 303, "a visitor is asked to sign in");
}
