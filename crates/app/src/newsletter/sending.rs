//! Sending an issue to every confirmed subscriber, exactly once each, at the
//! configured rate.
//!
//! Each copy is queued together with its delivery row (see the store's
//! `queue_delivery`), so sending can be repeated safely: a second click, a send resumed
//! after a crash (at start-up, [`resume_all`]) or two nodes at once queue only the
//! copies still missing. The throttle is the queue itself: copy *n* of an issue is due
//! *n* × (60 s ÷ rate) after sending began, and the mail worker sleeps until the next
//! copy is due. Transactional mail is queued due at once and sorts first, so it never
//! waits behind a mailing.

use std::time::Duration;

use altto_store::{Delivery, MailKind, Subscriber};

use super::{
    render::{self, IssueContent},
    tokens,
};
use crate::{error::AppResult, i18n::Lang, state::AppState};

/// How many recipients are read and queued per round.
const BATCH: i64 = 200;
/// How long a "send" request waits for the queueing before answering "still sending"
/// (the work goes on in the background either way).
const ANSWER_WITHIN: Duration = Duration::from_secs(20);

/// What a request to send came to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// This many copies were queued now (others may have been queued before).
    Queued(usize),
    /// Still queueing in the background.
    StillSending,
    /// Nobody to send to: nothing changed.
    NoRecipients,
    /// Sent already: nothing changed.
    AlreadySent,
}

/// The unsubscribe link for `subscriber`.
pub fn unsubscribe_url(state: &AppState, subscriber: &Subscriber) -> String {
    let token = tokens::sign(
        &state.secrets.csrf_key,
        tokens::Purpose::Unsubscribe,
        subscriber.id,
        &subscriber.email,
        0,
    );
    format!("{}/newsletter/unsubscribe?token={token}", state.settings.base_url())
}

/// Milliseconds between two copies at the configured rate (0: no limit).
fn interval_ms(state: &AppState) -> i64 {
    match state.settings.newsletter_mails_per_minute {
        0 => 0,
        rate => 60_000 / i64::from(rate),
    }
}

/// Sends issue `issue_id` to every confirmed subscriber still without a copy.
pub async fn send_to_all(state: &AppState, issue_id: i64) -> AppResult<Outcome> {
    let issue = state.store.issue(issue_id).await?;
    match issue.state.as_str() {
        "sent" => return Ok(Outcome::AlreadySent),
        "draft" if state.store.undelivered_subscribers(issue_id, 1).await?.is_empty() => {
            return Ok(Outcome::NoRecipients);
        }
        _ => {}
    }
    // In a task of its own, so that a request cut off (a time-out, a closed tab) does
    // not stop the queueing halfway.
    let job = tokio::spawn(queue_all(state.clone(), issue_id));
    match tokio::time::timeout(ANSWER_WITHIN, job).await {
        Ok(Ok(result)) => result.map(Outcome::Queued),
        Ok(Err(join)) => Err(anyhow::anyhow!("the sending task failed: {join}").into()),
        Err(_) => Ok(Outcome::StillSending),
    }
}

/// Queues every missing copy of issue `issue_id`, then marks it sent.
async fn queue_all(state: AppState, issue_id: i64) -> AppResult<usize> {
    let issue = state.store.begin_sending(issue_id).await?;
    if issue.state != "sending" {
        return Ok(0);
    }
    let content = IssueContent::of(&state, &issue).await?;
    let base = state.settings.base_url();
    let interval = interval_ms(&state);
    let now = altto_store::now_millis();
    let started = issue.sending_started_at.unwrap_or(now);
    let already = state.store.delivery_count(issue_id).await?;
    // Copies queued before (a resumed send) keep their slots; the rest follow on.
    let mut slot = now.max(started + already * interval);
    let mut queued = 0;
    loop {
        let batch = state.store.undelivered_subscribers(issue_id, BATCH).await?;
        if batch.is_empty() {
            break;
        }
        for subscriber in batch {
            let lang = Lang::from_code(&subscriber.lang).unwrap_or_default();
            let unsubscribe = unsubscribe_url(&state, &subscriber);
            let parts = render::mail(&content, lang, &base, &unsubscribe);
            let delivery = Delivery {
                subscriber_id: subscriber.id,
                to: subscriber.email.clone(),
                subject: parts.subject,
                body_text: parts.text,
                body_html: parts.html,
                headers: crate::mail::list_headers(&unsubscribe),
                not_before: slot,
            };
            if state.store.queue_delivery(issue_id, &delivery).await? {
                queued += 1;
                slot += interval;
            }
        }
        state.mailer.wake();
    }
    state.store.finish_sending(issue_id).await?;
    tracing::info!(issue_id, queued, "newsletter issue queued");
    Ok(queued)
}

/// Finishes every issue left `sending` (the server stopped while queueing it).
pub async fn resume_all(state: AppState) {
    let issues = match state.store.all_issues().await {
        Ok(issues) => issues,
        Err(err) => {
            tracing::warn!(error = %err, "cannot look for newsletter issues to resume");
            return;
        }
    };
    for issue in issues.into_iter().filter(|issue| issue.state == "sending") {
        if let Err(err) = queue_all(state.clone(), issue.id).await {
            tracing::warn!(issue_id = issue.id, error = %err, "cannot resume sending a newsletter issue");
        }
    }
}

/// Queues one copy of issue content to `to` (the editor's test), in `lang`.
pub async fn send_test(state: &AppState, content: &IssueContent, to: &str, lang: Lang) -> AppResult<()> {
    let base = state.settings.base_url();
    // A test copy has no subscriber: its unsubscribe link leads to the newsletter page.
    let unsubscribe = format!("{base}/newsletter");
    let parts = render::mail(content, lang, &base, &unsubscribe);
    let subject = format!("[{}] {}", lang.t("newsletter-test-prefix"), parts.subject);
    state
        .store
        .enqueue_mail_with_html(
            MailKind::Transactional,
            to,
            &subject,
            &parts.text,
            Some(&parts.html),
            Some(&crate::mail::list_headers(&unsubscribe)),
        )
        .await?;
    state.mailer.wake();
    Ok(())
}
