//! Private messages between members: conversations, their messages and who read what
//! (blocks and reports are in `messages_safety`). Who may do what is the app's policy;
//! the store only answers for a participant (a conversation someone is not part of is
//! "not found" to them).

use crate::{BeginWrite, Cursor, Page, PageRequest, Store, StoreResult, UserId, now_millis, on_pool};

/// A conversation's database id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, sqlx::Type)]
#[sqlx(transparent)]
pub struct ConversationId(pub i64);

impl std::fmt::Display for ConversationId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A message's database id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, sqlx::Type)]
#[sqlx(transparent)]
pub struct MessageId(pub i64);

impl std::fmt::Display for MessageId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// One conversation in a member's list.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ConversationSummary {
    /// The conversation.
    pub id: ConversationId,
    /// The other participant.
    pub other_id: UserId,
    /// Their name (empty once their account is deleted).
    pub other_name: String,
    /// When its newest message was written (unix ms).
    pub last_message_at: i64,
    /// Whether it has a message the member has not read.
    pub unread: bool,
}

/// A conversation as one of its participants opens it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Conversation {
    /// The conversation.
    pub id: ConversationId,
    /// Who started it.
    pub started_by: UserId,
    /// The other participant.
    pub other_id: UserId,
    /// Their name.
    pub other_name: String,
}

/// One message.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Message {
    /// The message.
    pub id: MessageId,
    /// Its conversation.
    pub conversation_id: ConversationId,
    /// Who wrote it.
    pub author_id: UserId,
    /// Their name.
    pub author_name: String,
    /// Its Markdown.
    pub body: String,
    /// When (unix ms).
    pub created_at: i64,
}

/// Sets a conversation's newest message for every participant, and marks it read by
/// its author. Parameters: `$1` conversation, `$2` message id, `$3` time, `$4` author.
const TOUCH_MEMBERS: &str = "UPDATE conversation_members SET last_message_at = $3, last_message_id = $2, \
    read_message_id = CASE WHEN user_id = $4 THEN $2 ELSE read_message_id END WHERE conversation_id = $1";

/// Writes a message and moves its conversation up every participant's list, inside the
/// transaction `$tx` (a macro, so the body is compiled once per backend like
/// `on_pool!`'s); yields the new message's id.
macro_rules! insert_message {
    ($tx:expr, $conversation:expr, $author:expr, $body:expr, $now:expr) => {{
        let message = sqlx::query_scalar::<_, MessageId>(
            "INSERT INTO messages (conversation_id, author_id, body, created_at) VALUES ($1, $2, $3, $4) \
             RETURNING id",
        )
        .bind($conversation)
        .bind($author)
        .bind($body)
        .bind($now)
        .fetch_one(&mut *$tx)
        .await?;
        sqlx::query(TOUCH_MEMBERS)
            .bind($conversation)
            .bind(message)
            .bind($now)
            .bind($author)
            .execute(&mut *$tx)
            .await?;
        message
    }};
}

const MESSAGE_COLUMNS: &str =
    "m.id, m.conversation_id, m.author_id, a.display_name AS author_name, m.body, m.created_at";

impl Store {
    /// The conversation of exactly `a` and `b`, if they have one.
    pub async fn conversation_between(&self, a: UserId, b: UserId) -> StoreResult<Option<ConversationId>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_scalar::<_, ConversationId>(
                "SELECT x.conversation_id FROM conversation_members x \
                 JOIN conversation_members y ON y.conversation_id = x.conversation_id \
                 WHERE x.user_id = $1 AND y.user_id = $2 ORDER BY x.conversation_id LIMIT 1",
            )
            .bind(a)
            .bind(b)
            .fetch_optional(pool)
            .await
        })?)
    }

    /// Starts a conversation from `from` to `to` with its first message, in one
    /// transaction.
    pub async fn start_conversation(
        &self,
        from: UserId,
        to: UserId,
        body: &str,
    ) -> StoreResult<(ConversationId, MessageId)> {
        let now = now_millis();
        Ok(on_pool!(self, |pool| {
            async {
            let mut tx = pool.begin_write(&self.writer).await?;
            let conversation = sqlx::query_scalar::<_, ConversationId>(
                "INSERT INTO conversations (started_by, created_at) VALUES ($1, $2) RETURNING id",
            )
            .bind(from)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            for member in [from, to] {
                sqlx::query(
                    "INSERT INTO conversation_members (conversation_id, user_id, last_message_at) VALUES ($1, $2, $3)",
                )
                .bind(conversation)
                .bind(member)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
            let message = insert_message!(tx, conversation, from, body, now);
            tx.commit().await?;
            Ok::<_, sqlx::Error>((conversation, message))
        }
        .await
        })?)
    }

    /// Adds `author`'s message to `conversation`, in one transaction.
    pub async fn add_message(
        &self,
        conversation: ConversationId,
        author: UserId,
        body: &str,
    ) -> StoreResult<MessageId> {
        let now = now_millis();
        Ok(on_pool!(self, |pool| async {
            let mut tx = pool.begin_write(&self.writer).await?;
            let message = insert_message!(tx, conversation, author, body, now);
            tx.commit().await?;
            Ok::<_, sqlx::Error>(message)
        }
        .await)?)
    }

    /// One page of `user`'s conversations, newest activity first.
    pub async fn conversations_of(
        &self,
        user: UserId,
        page: &PageRequest,
    ) -> StoreResult<Page<ConversationSummary>> {
        let sql = format!(
            "SELECT me.conversation_id AS id, o.user_id AS other_id, u.display_name AS other_name, \
             me.last_message_at, (me.last_message_id > me.read_message_id) AS unread \
             FROM conversation_members me \
             JOIN conversation_members o ON o.conversation_id = me.conversation_id AND o.user_id <> me.user_id \
             JOIN users u ON u.id = o.user_id WHERE me.user_id = $1 AND {}",
            page.sql("me.last_message_at", "me.conversation_id", 2)
        );
        let rows = on_pool!(self, |pool| {
            page.bind(sqlx::query_as::<_, ConversationSummary>(sqlx::AssertSqlSafe(sql.clone())).bind(user))
                .fetch_all(pool)
                .await
        })?;
        Ok(page.finish(rows, |row| Cursor::new(row.last_message_at, row.id.0)))
    }

    /// `conversation` as `user` sees it, if they take part in it (else `None`: to
    /// anyone else it does not exist).
    pub async fn conversation_for(
        &self,
        conversation: ConversationId,
        user: UserId,
    ) -> StoreResult<Option<Conversation>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, Conversation>(
                "SELECT c.id, c.started_by, o.user_id AS other_id, u.display_name AS other_name \
                 FROM conversations c JOIN conversation_members me ON me.conversation_id = c.id AND me.user_id = $2 \
                 JOIN conversation_members o ON o.conversation_id = c.id AND o.user_id <> $2 \
                 JOIN users u ON u.id = o.user_id WHERE c.id = $1",
            )
            .bind(conversation)
            .bind(user)
            .fetch_optional(pool)
            .await
        })?)
    }

    /// One page of `conversation`'s messages as `viewer` sees them, newest first: a
    /// message by someone the viewer blocked, written after the block, is left out.
    pub async fn messages_in(
        &self,
        conversation: ConversationId,
        viewer: UserId,
        page: &PageRequest,
    ) -> StoreResult<Page<Message>> {
        let sql = format!(
            "SELECT {MESSAGE_COLUMNS} FROM messages m JOIN users a ON a.id = m.author_id \
             WHERE m.conversation_id = $1 AND NOT EXISTS (SELECT 1 FROM member_blocks b \
             WHERE b.blocker_id = $2 AND b.blocked_id = m.author_id AND m.created_at >= b.created_at) AND {}",
            page.sql("m.id", "m.id", 3)
        );
        let rows = on_pool!(self, |pool| {
            page.bind(
                sqlx::query_as::<_, Message>(sqlx::AssertSqlSafe(sql.clone()))
                    .bind(conversation)
                    .bind(viewer),
            )
            .fetch_all(pool)
            .await
        })?;
        Ok(page.finish(rows, |message| Cursor::at_id(message.id.0)))
    }

    /// Marks `conversation` read by `user` up to `message`.
    pub async fn mark_conversation_read(
        &self,
        conversation: ConversationId,
        user: UserId,
        message: MessageId,
    ) -> StoreResult<()> {
        on_pool!(self, |pool| {
            sqlx::query(
                "UPDATE conversation_members SET read_message_id = $3 \
                 WHERE conversation_id = $1 AND user_id = $2 AND read_message_id < $3",
            )
            .bind(conversation)
            .bind(user)
            .bind(message)
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
        })?;
        Ok(())
    }

    /// The message with this id.
    pub async fn message(&self, id: MessageId) -> StoreResult<Option<Message>> {
        let sql = format!(
            "SELECT {MESSAGE_COLUMNS} FROM messages m JOIN users a ON a.id = m.author_id WHERE m.id = $1"
        );
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, Message>(sqlx::AssertSqlSafe(sql.clone())).bind(id).fetch_optional(pool).await
        })?)
    }
}

/// A message in one of a member's conversations, as their data download lists it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct OwnMessage {
    /// Its conversation.
    pub conversation_id: i64,
    /// Whether the member wrote it (else the other member did).
    pub mine: bool,
    /// Its text (Markdown).
    pub body: String,
    /// When it was sent (unix ms).
    pub created_at: i64,
}

impl Store {
    /// Every message of every conversation `user` is in, by conversation and time
    /// (for their data download: their correspondence, both ways).
    pub async fn messages_of(&self, user: UserId) -> StoreResult<Vec<OwnMessage>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, OwnMessage>(
                "SELECT m.conversation_id, m.author_id = $1 AS mine, m.body, m.created_at FROM messages m \
                 JOIN conversation_members c ON c.conversation_id = m.conversation_id AND c.user_id = $1 \
                 ORDER BY m.conversation_id, m.id",
            )
            .bind(user)
            .fetch_all(pool)
            .await
        })?)
    }
}
