//! What members chose about their notices: how each kind of event reaches them by
//! mail (kept compactly, a row only for a member who changed the defaults), the forum
//! categories they watch, and the digest mail that collects the notices whose mail
//! waits for it.

use crate::{BeginWrite, MailKind, Notification, Store, StoreResult, UserId, now_millis, on_pool};

/// A member's stored mail preferences (see `notice_prefs` in migration 0022).
#[derive(Clone, Debug, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct NoticePrefs {
    /// The kinds of event whose mail differs from the default, as `kind=mode` pairs
    /// separated by commas; the app reads and writes it.
    pub mail: String,
    /// Whether the digest comes weekly rather than daily.
    pub digest_weekly: bool,
}

/// A member with notices waiting for their digest.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DigestDue {
    /// Who.
    pub user_id: UserId,
    /// When the oldest notice waiting was made (unix ms).
    pub oldest: i64,
    /// Whether their digest is weekly.
    pub weekly: bool,
}

/// A digest mail to queue.
#[derive(Clone, Debug)]
pub struct DigestMail<'a> {
    /// The address.
    pub to: &'a str,
    /// Subject line.
    pub subject: &'a str,
    /// Plain-text body.
    pub body: &'a str,
    /// Extra headers (a JSON object: `List-Unsubscribe`, …).
    pub headers: &'a str,
}

#[derive(sqlx::FromRow)]
struct PrefsRow {
    user_id: UserId,
    mail: String,
    digest_weekly: bool,
}

impl Store {
    /// The mail preferences of each of `users` who changed the defaults.
    pub async fn notice_prefs_of(&self, users: &[UserId]) -> StoreResult<Vec<(UserId, NoticePrefs)>> {
        if users.is_empty() {
            return Ok(Vec::new());
        }
        let places: Vec<String> = (1..=users.len()).map(|n| format!("${n}")).collect();
        let sql = format!(
            "SELECT user_id, mail, digest_weekly FROM notice_prefs WHERE user_id IN ({})",
            places.join(", ")
        );
        let rows = on_pool!(self, |pool| {
            let mut query = sqlx::query_as::<_, PrefsRow>(sqlx::AssertSqlSafe(sql.clone()));
            for user in users {
                query = query.bind(*user);
            }
            query.fetch_all(pool).await
        })?;
        Ok(rows
            .into_iter()
            .map(|row| (row.user_id, NoticePrefs { mail: row.mail, digest_weekly: row.digest_weekly }))
            .collect())
    }

    /// The mail preferences of `user` (the defaults when they changed none).
    pub async fn notice_prefs(&self, user: UserId) -> StoreResult<NoticePrefs> {
        Ok(self.notice_prefs_of(&[user]).await?.pop().map(|(_, prefs)| prefs).unwrap_or_default())
    }

    /// Keeps `prefs` for `user`; `None` (the defaults) removes their row.
    pub async fn set_notice_prefs(&self, user: UserId, prefs: Option<&NoticePrefs>) -> StoreResult<()> {
        let now = now_millis();
        on_pool!(self, |pool| {
            match prefs {
                None => sqlx::query("DELETE FROM notice_prefs WHERE user_id = $1")
                    .bind(user)
                    .execute(pool)
                    .await
                    .map(|done| done.rows_affected()),
                Some(prefs) => sqlx::query(
                    "INSERT INTO notice_prefs (user_id, mail, digest_weekly, updated_at) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (user_id) DO UPDATE SET mail = $2, digest_weekly = $3, updated_at = $4",
                )
                .bind(user)
                .bind(&prefs.mail)
                .bind(prefs.digest_weekly)
                .bind(now)
                .execute(pool)
                .await
                .map(|done| done.rows_affected()),
            }
        })?;
        Ok(())
    }

    /// Starts (`watch`) or stops `user` watching forum category `category`; doing
    /// either twice changes nothing more.
    pub async fn watch_forum_category(&self, category: i64, user: UserId, watch: bool) -> StoreResult<()> {
        let now = now_millis();
        on_pool!(self, |pool| {
            if watch {
                sqlx::query(
                    "INSERT INTO forum_watches (category_id, user_id, created_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (category_id, user_id) DO NOTHING",
                )
                .bind(category)
                .bind(user)
                .bind(now)
                .execute(pool)
                .await
                .map(|done| done.rows_affected())
            } else {
                sqlx::query("DELETE FROM forum_watches WHERE category_id = $1 AND user_id = $2")
                    .bind(category)
                    .bind(user)
                    .execute(pool)
                    .await
                    .map(|done| done.rows_affected())
            }
        })?;
        Ok(())
    }

    /// Whether `user` watches forum category `category`.
    pub async fn watches_forum_category(&self, category: i64, user: UserId) -> StoreResult<bool> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM forum_watches WHERE category_id = $1 AND user_id = $2",
            )
            .bind(category)
            .bind(user)
            .fetch_one(pool)
            .await
        })? > 0)
    }

    /// The active members who watch forum category `category`.
    pub async fn forum_category_watchers(&self, category: i64) -> StoreResult<Vec<UserId>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_scalar::<_, UserId>(
                "SELECT w.user_id FROM forum_watches w JOIN users u ON u.id = w.user_id \
                 WHERE w.category_id = $1 AND u.status = 'active' ORDER BY w.user_id",
            )
            .bind(category)
            .fetch_all(pool)
            .await
        })?)
    }

    /// The slugs of the forum categories `user` watches, in the forum's order.
    pub async fn watched_forum_categories(&self, user: UserId) -> StoreResult<Vec<String>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_scalar::<_, String>(
                "SELECT c.slug FROM forum_watches w JOIN forum_categories c ON c.id = w.category_id \
                 WHERE w.user_id = $1 ORDER BY c.position, c.id",
            )
            .bind(user)
            .fetch_all(pool)
            .await
        })?)
    }

    /// Every member with notices waiting for a digest: when the oldest was made and
    /// how often their digest comes.
    pub async fn digests_waiting(&self) -> StoreResult<Vec<DigestDue>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, DigestDue>(
                "SELECT n.user_id, MIN(n.created_at) AS oldest, COALESCE(MAX(CASE WHEN p.digest_weekly THEN 1 ELSE 0 END), 0) = 1 AS weekly \
                 FROM notifications n LEFT JOIN notice_prefs p ON p.user_id = n.user_id \
                 WHERE n.digest_pending GROUP BY n.user_id ORDER BY n.user_id",
            )
            .fetch_all(pool)
            .await
        })?)
    }

    /// The notices of `user` waiting for their digest, oldest first.
    pub async fn digest_notices(&self, user: UserId) -> StoreResult<Vec<Notification>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, Notification>(
                "SELECT n.id, n.event, n.title, n.link, a.display_name AS actor_name, n.created_at, n.read_at \
                 FROM notifications n LEFT JOIN users a ON a.id = n.actor_id \
                 WHERE n.user_id = $1 AND n.digest_pending ORDER BY n.id",
            )
            .bind(user)
            .fetch_all(pool)
            .await
        })?)
    }

    /// Marks notices `ids` of `user` as digested and queues `mail` (bulk: transactional
    /// mail goes first) listing them, in one transaction; `None` marks them without a
    /// mail (a member with no address to send to). The marking is a conditional
    /// update that claims them: when another run (on this node or another) claimed
    /// any of them first, nothing is written and the answer is `false`, so a digest is
    /// never sent twice, and a crash leaves either both or neither.
    pub async fn queue_digest(
        &self,
        user: UserId,
        ids: &[i64],
        mail: Option<&DigestMail<'_>>,
    ) -> StoreResult<bool> {
        if ids.is_empty() {
            return Ok(false);
        }
        let now = now_millis();
        let places: Vec<String> = (3..ids.len() + 3).map(|n| format!("${n}")).collect();
        let claim = format!(
            "UPDATE notifications SET digest_pending = FALSE, digested_at = $2 \
             WHERE user_id = $1 AND digest_pending AND id IN ({})",
            places.join(", ")
        );
        let expected = u64::try_from(ids.len()).unwrap_or(u64::MAX);
        let queued = on_pool!(self, |pool| {
            async {
                let mut tx = pool.begin_write(&self.writer).await?;
                let mut query = sqlx::query(sqlx::AssertSqlSafe(claim.clone())).bind(user).bind(now);
                for id in ids {
                    query = query.bind(*id);
                }
                if query.execute(&mut *tx).await?.rows_affected() != expected {
                    tx.rollback().await?;
                    return Ok(false);
                }
                if let Some(mail) = mail {
                    sqlx::query(
                        "INSERT INTO mail_queue (to_address, subject, body_text, body_html, headers, created_at, \
                         next_attempt_at, priority) VALUES ($1, $2, $3, NULL, $4, $5, $5, $6)",
                    )
                    .bind(mail.to)
                    .bind(mail.subject)
                    .bind(mail.body)
                    .bind(mail.headers)
                    .bind(now)
                    .bind(MailKind::Bulk.priority())
                    .execute(&mut *tx)
                    .await?;
                }
                tx.commit().await.map(|()| true)
            }
            .await
        })?;
        Ok(queued)
    }
}
