//! Sending mail: a queue in the database drained by a background worker, through SMTP
//! when configured, otherwise into `.eml` files in the data folder's outbox (so a fresh
//! install works offline and the tests can read the links).

use std::{sync::Arc, time::Duration};

use altto_store::{MailKind, QueuedMail, Store};
use anyhow::Context as _;
use lettre::{
    AsyncFileTransport, AsyncSmtpTransport, AsyncTransport as _, Message, Tokio1Executor,
    message::{
        Mailbox, MultiPart, SinglePart,
        header::{ContentType, HeaderName, HeaderValue},
    },
    transport::smtp::authentication::Credentials,
};
use tokio::sync::Notify;

use crate::config::{Settings, SmtpSecurity};

/// Attempts before a message is given up on: it is then listed at **Admin → Mail** with
/// its last error, for an admin to send again.
const MAX_ATTEMPTS: i64 = 10;
/// How many messages one pass of the worker sends.
const BATCH: i64 = 20;
/// How long a worker owns the messages it claimed.
const LEASE_MS: i64 = 5 * 60 * 1000;
/// How often the worker looks for due messages when nobody wakes it.
const POLL: Duration = Duration::from_secs(30);
/// How often the worker clears expired sessions and tokens.
const PURGE_EVERY: Duration = Duration::from_secs(60);

enum Transport {
    Outbox(AsyncFileTransport<Tokio1Executor>),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

/// Queues and sends mail.
pub struct Mailer {
    from: Mailbox,
    transport: Transport,
    wake: Notify,
}

impl Mailer {
    /// A mailer for `settings`: SMTP if `smtp_host` is set, else the outbox folder.
    pub fn new(settings: &Settings) -> anyhow::Result<Self> {
        let from: Mailbox = settings
            .mail_from
            .parse()
            .with_context(|| format!("mail_from {:?} is not a valid address", settings.mail_from))?;
        let transport = match &settings.smtp_host {
            None => Transport::Outbox(AsyncFileTransport::new(settings.outbox_dir())),
            Some(host) => {
                let mut builder = match settings.smtp_security {
                    SmtpSecurity::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)?,
                    SmtpSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host)?,
                    SmtpSecurity::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
                };
                if let Some(port) = settings.smtp_port {
                    builder = builder.port(port);
                }
                if let (Some(user), Some(password)) = (&settings.smtp_username, &settings.smtp_password) {
                    builder =
                        builder.credentials(Credentials::new(user.clone(), password.expose().to_owned()));
                }
                Transport::Smtp(builder.timeout(Some(Duration::from_secs(20))).build())
            }
        };
        Ok(Self { from, transport, wake: Notify::new() })
    }

    /// Queues a plain-text message of `kind` and wakes the worker. Returns once the
    /// message is safely in the database; sending happens in the background.
    pub async fn enqueue(
        &self,
        store: &Store,
        kind: MailKind,
        to: &str,
        subject: &str,
        body: &str,
    ) -> anyhow::Result<()> {
        store.enqueue_mail(kind, to, subject, body).await?;
        self.wake();
        Ok(())
    }

    /// Wakes the worker (for mail put back in the queue).
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Sends every due message once; returns how many were sent. Failures are
    /// rescheduled with exponential back-off.
    pub async fn deliver_due(&self, store: &Store) -> anyhow::Result<usize> {
        let mut sent = 0;
        loop {
            let batch = store.claim_due_mail(BATCH, LEASE_MS).await?;
            if batch.is_empty() {
                return Ok(sent);
            }
            // What was handed over is recorded once for the batch (one commit): a crash
            // in between sends those messages again, never loses one.
            let mut delivered = Vec::with_capacity(batch.len());
            for mail in batch {
                match self.send(&mail).await {
                    Ok(()) => delivered.push(mail.id),
                    Err(err) => {
                        let attempts = mail.attempts + 1;
                        tracing::warn!(mail_id = mail.id, attempts, error = %format!("{err:#}"), "sending mail failed");
                        let retry_at = (attempts < MAX_ATTEMPTS)
                            .then(|| altto_store::now_millis() + 60_000 * (1 << attempts.min(10)));
                        store.mark_mail_failed(mail.id, &format!("{err:#}"), retry_at).await?;
                    }
                }
            }
            store.mark_mail_sent(&delivered).await?;
            sent += delivered.len();
        }
    }

    async fn send(&self, mail: &QueuedMail) -> anyhow::Result<()> {
        let to: Mailbox = mail.to_address.parse().context("invalid recipient")?;
        // The queue id in the Message-ID lets operators match a delivered message to its
        // queue row (and keeps messages in order when read back from the outbox).
        let domain = self.from.email.domain().to_owned();
        let mut builder = Message::builder()
            .message_id(Some(format!("<altto-{:010}-{}@{domain}>", mail.id, uuid::Uuid::new_v4().simple())))
            .from(self.from.clone())
            .to(to)
            .subject(&mail.subject);
        for (name, value) in extra_headers(mail.headers.as_deref())? {
            builder = builder.raw_header(HeaderValue::new(name, value));
        }
        let message = match &mail.body_html {
            None => builder.header(ContentType::TEXT_PLAIN).body(mail.body_text.clone()),
            Some(html) => builder.multipart(
                MultiPart::alternative()
                    .singlepart(SinglePart::plain(mail.body_text.clone()))
                    .singlepart(SinglePart::html(html.clone())),
            ),
        }
        .context("cannot build the message")?;
        match &self.transport {
            Transport::Outbox(outbox) => {
                outbox.send(message).await.context("cannot write to the outbox")?;
            }
            Transport::Smtp(smtp) => {
                smtp.send(message).await.context("the SMTP server refused the message")?;
            }
        }
        Ok(())
    }

    /// Runs forever: sends due mail whenever woken, when the next scheduled message
    /// is due (newsletters are queued at a set rate), or every 30 seconds.
    pub async fn run_worker(self: Arc<Self>, store: Store) {
        let mut purged: Option<std::time::Instant> = None;
        loop {
            if let Err(err) = self.deliver_due(&store).await {
                tracing::warn!(error = %format!("{err:#}"), "the mail worker could not read the queue");
            }
            // Expired sessions and tokens are never used (each read checks the time):
            // clearing them once a minute is enough, and spares the writer.
            if purged.is_none_or(|at| at.elapsed() >= PURGE_EVERY) {
                purged = Some(std::time::Instant::now());
                if let Err(err) = store.purge_expired().await {
                    tracing::debug!(error = %err, "cannot purge expired sessions and tokens");
                }
            }
            let next_due = store.next_mail_due_at().await.ok().flatten();
            let until_due = next_due.map_or(POLL, |at| {
                Duration::from_millis(u64::try_from(at - altto_store::now_millis()).unwrap_or(0))
            });
            // Never spin: at least a few milliseconds between passes.
            let wait = until_due.clamp(Duration::from_millis(50), POLL);
            let _ = tokio::time::timeout(wait, self.wake.notified()).await;
        }
    }
}

/// The extra headers of a message with an unsubscribe link (a newsletter copy, a
/// member's notice or digest): RFC 2369 `List-Unsubscribe` and RFC 8058 one-click
/// unsubscribing, which mail clients show as an "Unsubscribe" button. `unsubscribe`
/// must answer a POST without cookies or CSRF token.
pub fn list_headers(unsubscribe: &str) -> String {
    serde_json::json!({
        "List-Unsubscribe": format!("<{unsubscribe}>"),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    })
    .to_string()
}

/// The extra headers stored with a queued message (a JSON object of name → value);
/// an unreadable set is an error, so the message is retried and then shown to admins
/// rather than sent without them (a newsletter without its unsubscribe header).
fn extra_headers(json: Option<&str>) -> anyhow::Result<Vec<(HeaderName, String)>> {
    let Some(json) = json else { return Ok(Vec::new()) };
    let map: std::collections::BTreeMap<String, String> =
        serde_json::from_str(json).context("unreadable extra headers")?;
    map.into_iter()
        .map(|(name, value)| {
            let name = HeaderName::new_from_ascii(name).context("invalid header name")?;
            Ok((name, value))
        })
        .collect()
}
