//! The digest: one mail listing the notices whose mail a member chose to collect,
//! daily or weekly.
//!
//! When: a member's digest is due once the oldest notice waiting for it has waited a
//! whole day (or week) — every 24 h / 7 d since the first notice after the last digest,
//! not at a fixed hour — so nobody gets more than one a period and no notice waits
//! longer than a period plus one round of the worker ([`ROUND`]).
//!
//! Exactly once: the notices are marked digested and the mail queued in one
//! transaction, whose marking claims them with a conditional update (see
//! `Store::queue_digest`): a second run, on this node or another, finds them claimed
//! and sends nothing; a crash leaves both done or neither. The mail is bulk, so
//! transactional mail goes first, and carries a one-click link that stops the digest.

use std::time::Duration;

use altto_store::{AccountStatus, DigestMail, UserId};
use fluent_templates::fluent_bundle::FluentValue;

use super::{
    address_of,
    kinds::{self, MailMode, MailPrefs, NoticeKind},
    mail_footer, unsubscribe,
};
use crate::{error::AppResult, i18n::Lang, state::AppState};

/// How often the worker looks for digests that are due.
pub const ROUND: Duration = Duration::from_secs(5 * 60);

/// Sends every digest due at `now` (unix ms); returns how many mails were queued.
pub async fn send_due(state: &AppState, now: i64) -> AppResult<usize> {
    let mut queued = 0;
    for due in state.store.digests_waiting().await? {
        if kinds::digest_due(due.oldest, due.weekly, now) && send_one(state, due.user_id).await? {
            queued += 1;
        }
    }
    if queued > 0 {
        state.mailer.wake();
    }
    Ok(queued)
}

/// Queues `user`'s digest of every notice waiting for it; `false` when there was
/// nothing to send or another run claimed them first.
async fn send_one(state: &AppState, user_id: UserId) -> AppResult<bool> {
    let user = state.store.user(user_id).await?;
    let notices = state.store.digest_notices(user_id).await?;
    let ids: Vec<i64> = notices.iter().map(|notice| notice.id).collect();
    let prefs = MailPrefs::from_stored(&state.store.notice_prefs(user_id).await?);
    // Kinds the member took out of the digest since are claimed without a mail.
    let listed: Vec<_> = notices
        .iter()
        .filter(|notice| prefs.mode(NoticeKind::of_event(&notice.event)) == MailMode::Digest)
        .collect();
    let address = address_of(&user).filter(|_| user.status == AccountStatus::Active);
    let (Some(email), Some(stop), false) =
        (address, unsubscribe::link(state, &user, unsubscribe::DIGEST), listed.is_empty())
    else {
        state.store.queue_digest(user_id, &ids, None).await?;
        return Ok(false);
    };
    let lang = Lang::from_code(&user.locale).unwrap_or_default();
    let base = state.settings.base_url();
    let list: String = listed
        .iter()
        .map(|notice| {
            let actor = notice.actor_name.as_deref().filter(|name| !name.is_empty()).unwrap_or("—");
            let what =
                lang.t_args(&format!("notice-{}", notice.event), &[("actor", FluentValue::from(actor))]);
            format!("- {what}: {}\n  {base}{}\n", notice.title, notice.link)
        })
        .collect();
    let count = FluentValue::from(listed.len());
    let subject = lang.t_args("notices-digest-subject", &[("count", count.clone())]);
    let body = format!(
        "{}\n\n{}",
        lang.t_args(
            "notices-digest-body",
            &[
                ("name", FluentValue::from(user.display_name.as_str())),
                ("count", count),
                ("list", FluentValue::from(list.trim_end())),
            ],
        ),
        mail_footer(state, lang, &stop)
    );
    let headers = crate::mail::list_headers(&stop);
    let mail = DigestMail { to: email, subject: &subject, body: &body, headers: &headers };
    Ok(state.store.queue_digest(user_id, &ids, Some(&mail)).await?)
}

/// Runs for ever: sends the digests that are due every [`ROUND`].
pub async fn run_worker(state: AppState) {
    loop {
        if let Err(err) = send_due(&state, altto_store::now_millis()).await {
            tracing::warn!(error = %err, "cannot send the notice digests");
        }
        tokio::time::sleep(ROUND).await;
    }
}
