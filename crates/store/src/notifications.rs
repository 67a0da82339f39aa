//! Notices to members inside the site: what happened (an event such as
//! `submitted`), about which item (its title), where to look (a path on this site) and
//! who did it. A member reads them on their notices page; opening it marks them read.

use crate::{
    BeginWrite, Store, StoreResult, UserId, now_millis, on_pool,
    page::{Cursor, Page, PageRequest},
};

/// A notice to one member.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Notification {
    /// Database id.
    pub id: i64,
    /// What happened, e.g. `submitted`.
    pub event: String,
    /// The title of what it is about.
    pub title: String,
    /// Where to look: a path on this site.
    pub link: String,
    /// Who did it (their name, empty if the account is gone or there was nobody).
    pub actor_name: Option<String>,
    /// When (unix ms).
    pub created_at: i64,
    /// When the member saw it, if they have.
    pub read_at: Option<i64>,
}

/// What one write tells members: notices in the site and mails in the queue, saved in
/// that write's own transaction (so a reply and the mail about it are one commit, and
/// neither is saved without the other).
#[derive(Clone, Debug, Default)]
pub struct Tidings {
    /// The notices, one per member.
    pub notices: Vec<NewNotice>,
    /// The mails, to be sent at once (transactional).
    pub mails: Vec<NewMail>,
}

/// What stands for the new post's id in tidings made before the post is saved (a
/// Unicode noncharacter, which no text we write contains).
pub const NEW_POST: &str = "\u{FDD1}post\u{FDD1}";

impl Tidings {
    /// The same tidings about the post saved as `id` ([`NEW_POST`] replaced by it).
    pub fn for_post(&self, id: i64) -> Tidings {
        let id = id.to_string();
        let mut told = self.clone();
        for notice in &mut told.notices {
            notice.link = notice.link.replace(NEW_POST, &id);
        }
        for mail in &mut told.mails {
            mail.subject = mail.subject.replace(NEW_POST, &id);
            mail.body_text = mail.body_text.replace(NEW_POST, &id);
        }
        told
    }

    /// Whether it tells nobody anything.
    pub fn is_empty(&self) -> bool {
        self.notices.is_empty() && self.mails.is_empty()
    }

    /// Adds what `other` tells.
    pub fn extend(&mut self, other: Tidings) {
        self.notices.extend(other.notices);
        self.mails.extend(other.mails);
    }
}

/// A notice to one member.
#[derive(Clone, Debug)]
pub struct NewNotice {
    /// Who is told.
    pub user: UserId,
    /// What happened.
    pub event: String,
    /// The title of what it is about.
    pub title: String,
    /// Where to look.
    pub link: String,
    /// Who did it.
    pub actor_id: Option<UserId>,
    /// Whether it waits for the member's digest mail.
    pub for_digest: bool,
}

/// A transactional mail to queue.
#[derive(Clone, Debug)]
pub struct NewMail {
    /// Recipient address.
    pub to: String,
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub body_text: String,
    /// Extra headers as a JSON object of name → value.
    pub headers: Option<String>,
}

/// Saves `$tidings` inside the transaction `$tx` (both backends): each notice with its
/// member's unread count raised, and each mail queued.
macro_rules! save_tidings_in {
    ($tx:expr, $tidings:expr, $now:expr) => {{
        let tidings: &$crate::Tidings = $tidings;
        for notice in &tidings.notices {
            sqlx::query(
                "INSERT INTO notifications (user_id, event, title, link, actor_id, created_at, digest_pending) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(notice.user)
            .bind(&notice.event)
            .bind(&notice.title)
            .bind(&notice.link)
            .bind(notice.actor_id)
            .bind($now)
            .bind(notice.for_digest)
            .execute(&mut *$tx)
            .await?;
            sqlx::query("UPDATE users SET unread_notices = unread_notices + 1 WHERE id = $1")
                .bind(notice.user)
                .execute(&mut *$tx)
                .await?;
        }
        for mail in &tidings.mails {
            $crate::mail::queue_mail_in!(
                &mut *$tx,
                $crate::MailKind::Transactional,
                &mail.to,
                &mail.subject,
                &mail.body_text,
                None::<&str>,
                mail.headers.as_deref(),
                $now
            );
        }
    }};
}
pub(crate) use save_tidings_in;

impl Store {
    /// Saves `tidings` in one transaction.
    pub async fn tell(&self, tidings: &Tidings) -> StoreResult<()> {
        if tidings.is_empty() {
            return Ok(());
        }
        let now = now_millis();
        on_pool!(self, |pool| {
            async {
                let mut tx = pool.begin_write(&self.writer).await?;
                save_tidings_in!(&mut *tx, tidings, now);
                tx.commit().await
            }
            .await
        })?;
        self.forget_told(tidings);
        Ok(())
    }

    /// Forgets the cached accounts of the members `tidings` raised the unread count of.
    pub(crate) fn forget_told(&self, tidings: &Tidings) {
        for notice in &tidings.notices {
            self.forget_account(notice.user);
        }
    }

    /// How many notices `user` has not seen.
    pub async fn unread_notifications(&self, user: UserId) -> StoreResult<i64> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL",
            )
            .bind(user)
            .fetch_one(pool)
            .await
        })?)
    }

    /// One page of `user`'s notices, newest first.
    pub async fn notifications(&self, user: UserId, page: &PageRequest) -> StoreResult<Page<Notification>> {
        let sql = format!(
            "SELECT n.id, n.event, n.title, n.link, a.display_name AS actor_name, n.created_at, n.read_at \
             FROM notifications n LEFT JOIN users a ON a.id = n.actor_id WHERE n.user_id = $1 AND {}",
            page.sql("n.id", "n.id", 2)
        );
        let rows = on_pool!(self, |pool| {
            page.bind(sqlx::query_as::<_, Notification>(sqlx::AssertSqlSafe(sql.clone())).bind(user))
                .fetch_all(pool)
                .await
        })?;
        Ok(page.finish(rows, |notice| Cursor::at_id(notice.id)))
    }

    /// Marks every notice of `user` up to `last` (by id) as seen, and sets the
    /// member's unread count to what is left unseen, in one transaction.
    pub async fn mark_notifications_read(&self, user: UserId, last: i64) -> StoreResult<()> {
        let now = now_millis();
        on_pool!(self, |pool| {
            async {
                let mut tx = pool.begin_write(&self.writer).await?;
                sqlx::query(
                    "UPDATE notifications SET read_at = $3 WHERE user_id = $1 AND id <= $2 AND read_at IS NULL",
                )
                .bind(user)
                .bind(last)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "UPDATE users SET unread_notices = (SELECT COUNT(*) FROM notifications \
                     WHERE user_id = $1 AND read_at IS NULL) WHERE id = $1",
                )
                .bind(user)
                .execute(&mut *tx)
                .await?;
                tx.commit().await.map(|()| 0u64)
            }
            .await
        })?;
        self.forget_account(user);
        Ok(())
    }

    /// The ids of the active accounts whose role is at least editor.
    pub async fn editor_ids(&self) -> StoreResult<Vec<UserId>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_scalar::<_, UserId>(
                "SELECT id FROM users WHERE role = 'editor' AND status = 'active' ORDER BY id",
            )
            .fetch_all(pool)
            .await
        })?)
    }
}
