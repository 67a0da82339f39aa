//! "The Monthly Trainer": a monthly newsletter anyone may subscribe to, with or
//! without an account.
//!
//! - Visitors subscribe on `/newsletter` with double opt-in: a pending subscriber and a
//!   confirmation mail with a signed link, whose page confirms with a button (mail
//!   scanners fetch links, so a GET changes nothing). The answer is the same whether or
//!   not the address was already on the list.
//! - Members subscribe from their account (their address is verified: confirmed at once).
//! - Every copy carries its reader's signed unsubscribe link, also as `List-Unsubscribe`
//!   with RFC 8058 one-click unsubscribing.
//! - Editors compose an issue in the browser, preview it, send a test to themselves,
//!   then send it to every confirmed subscriber, exactly once each, through the mail
//!   queue at the configured rate ([`sending`]).
//! - Sent issues form a public archive, with its Atom feed, that shows no subscriber
//!   data.
//!
//! See `docs/newsletter.md`.

mod account;
pub mod api;
mod editor;
pub mod picks;
mod public;
pub use public::issue_path;
pub mod render;
pub mod sending;
pub mod starter;
pub mod tokens;

use crate::{policy::Action, web::routes::Routes};

/// The newsletter's routes.
pub fn routes() -> Routes {
    use Action::{Authenticate, ManageOwnAccount, ReadPublic, SendNewsletter, Unsubscribe};
    Routes::new()
        .get("/newsletter", ReadPublic, public::show_newsletter)
        .post("/newsletter/subscribe", Authenticate, public::subscribe)
        .get("/newsletter/sent", Authenticate, public::show_sent)
        .get("/newsletter/confirm", Authenticate, public::show_confirm)
        .post("/newsletter/confirm", Authenticate, public::confirm)
        .get("/newsletter/unsubscribe", Unsubscribe, public::show_unsubscribe)
        .post("/newsletter/unsubscribe", Unsubscribe, public::unsubscribe)
        .get("/newsletter/feed.xml", ReadPublic, public::archive_feed)
        .get("/newsletter/{issue}", ReadPublic, public::show_issue)
        .get("/account/newsletter", ManageOwnAccount, account::show_subscription)
        .post("/account/newsletter", ManageOwnAccount, account::update_subscription)
        .get("/author/newsletter", SendNewsletter, editor::list_issues)
        .get("/author/newsletter/new", SendNewsletter, editor::new_issue)
        .post("/author/newsletter", SendNewsletter, editor::create_issue)
        .get("/author/newsletter/{id}", SendNewsletter, editor::edit_issue)
        .post("/author/newsletter/{id}", SendNewsletter, editor::update_issue)
        .post("/author/newsletter/{id}/test", SendNewsletter, editor::send_test)
        .get("/author/newsletter/{id}/send", SendNewsletter, editor::confirm_send)
        .post("/author/newsletter/{id}/send", SendNewsletter, editor::send_issue)
        .get("/api/v1/newsletter/issues", ReadPublic, api::list_issues)
        .get("/api/v1/newsletter/issues/{issue}", ReadPublic, api::show_issue)
        .post("/api/v1/newsletter/drafts", SendNewsletter, api::create_draft)
        .get("/api/v1/newsletter/drafts/{id}", SendNewsletter, api::show_draft)
        .put("/api/v1/newsletter/drafts/{id}", SendNewsletter, api::update_draft)
}
