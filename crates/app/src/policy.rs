//! Who may do what: the one place altto decides it.
//!
//! Every route declares the [`Action`] it performs (see `web::routes`), and the route
//! guard asks [`allows`] before the handler runs. Decisions that depend on a particular
//! record (whose profile, whose token) are the `can_*` functions below, which handlers
//! call. Nothing else in the code base decides permissions.

use altto_store::{AccountStatus, Role, User, UserId, Visibility};

use crate::auth::{Actor, Scopes};
use crate::content::workflow::Decision;

/// What a route does, as far as permissions are concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Read anything published and one's own learning (a visitor's as kept on their
    /// device), use the language switch, probes and assets.
    ReadPublic,
    /// Sign up, sign in, reset a password, confirm an e-mail link: open to everyone.
    Authenticate,
    /// Anything about one's own account: settings, profile, tokens, data, deletion.
    ManageOwnAccount,
    /// Try a quiz: everyone may; a member's attempts are stored, a visitor's kept in a
    /// cookie on their device.
    TakeQuiz,
    /// Mark a lesson complete: everyone may; a member's completion is stored, a
    /// visitor's kept in a cookie on their device.
    CompleteLesson,
    /// Keep progress in an account: save reflection notes, mark lessons complete and
    /// see progress through the API.
    TrackProgress,
    /// Read one member's profile (further limited by [`can_view_profile`]).
    ViewProfile,
    /// List, search, change roles of, suspend and reinstate accounts.
    ManageUsers,
    /// Read the audit log.
    ReadAuditLog,
    /// Run the site: see the mail queue, send given-up mail again.
    RunSite,
    /// Write courses (further limited by [`workflow_powers`] and the workflow's rules).
    Author,
    /// Manage the content vocabulary (the topic list courses choose from): editors,
    /// who decide what is published, and admins, who run the site.
    ManageTopics,
    /// Compose newsletter issues and send them to the subscribers: editors, who decide
    /// what is published, and admins, who run the site.
    SendNewsletter,
    /// Leave the newsletter by the signed link in its mail: everyone may. The link's
    /// signature is the proof, so the request needs no CSRF token or cookie (a mail
    /// client's RFC 8058 one-click POST has neither); see `web::routes::guard`.
    Unsubscribe,
    /// Add and change the people credited on articles and posts (their public pages):
    /// editors and admins, like the topics.
    ManagePeople,
    /// Post in the community forum: start threads, reply, edit one's posts, mark
    /// posts helpful, close one's threads and accept answers to one's questions —
    /// signed-in members (further limited by [`can_post`] and the `can_*` rules of
    /// each post and thread below).
    PostInForum,
    /// Pin and lock forum threads: moderators and admins.
    ModerateForum,
    /// Add, rename, describe and reorder the forum's categories: admins.
    ManageCategories,
    /// Private messages: read one's conversations, write, block and report members:
    /// signed-in members. Which conversation is further limited to its participants
    /// (the store answers only for them, so anyone else gets "not found"), and who may
    /// start one by [`can_start_conversation`].
    MessageMembers,
}

/// Why a request was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Denial {
    /// Signing in might help: send the visitor to the sign-in page.
    SignInRequired,
    /// Signed in, but not allowed.
    Forbidden,
}

/// Whether `actor` may perform `action`.
pub fn allows(actor: &Actor, action: Action) -> Result<(), Denial> {
    let allowed = match action {
        Action::ReadPublic
        | Action::Authenticate
        | Action::ViewProfile
        | Action::TakeQuiz
        | Action::CompleteLesson
        | Action::Unsubscribe => true,
        Action::ManageOwnAccount | Action::TrackProgress | Action::PostInForum | Action::MessageMembers => {
            actor.user().is_some()
        }
        Action::ModerateForum => is_forum_moderator(actor),
        Action::ManageCategories => actor.is_admin(),
        Action::ManageUsers | Action::ReadAuditLog | Action::RunSite => actor.is_admin(),
        Action::Author => actor.user().is_some_and(|user| user.role >= Role::Author),
        Action::ManageTopics | Action::SendNewsletter => can_manage_topics(actor),
        Action::ManagePeople => can_manage_people(actor),
    };
    match (allowed, actor) {
        (true, _) => Ok(()),
        (false, Actor::Visitor) => Err(Denial::SignInRequired),
        (false, Actor::Member(_)) => Err(Denial::Forbidden),
    }
}

/// Whether a request authenticated by an API token with `scopes` may perform `action`
/// (on top of [`allows`] for the token's owner): reading needs `read`, changing needs
/// `write`, admin work needs `admin`, and no token may manage its owner's account (so a
/// token can never make another token, change a password or delete the account).
pub fn token_allows(scopes: Scopes, action: Action, changes_state: bool) -> Result<(), Denial> {
    let allowed = match action {
        Action::Authenticate | Action::Unsubscribe => false,
        Action::ManageOwnAccount => !changes_state && scopes.read,
        Action::ManageUsers | Action::ReadAuditLog | Action::RunSite => {
            scopes.admin && scopes.read && (!changes_state || scopes.write)
        }
        Action::ReadPublic
        | Action::TakeQuiz
        | Action::CompleteLesson
        | Action::TrackProgress
        | Action::ViewProfile
        | Action::Author
        | Action::ManageTopics
        | Action::SendNewsletter
        | Action::ManagePeople
        | Action::PostInForum
        | Action::ModerateForum
        | Action::ManageCategories
        | Action::MessageMembers => {
            if changes_state {
                scopes.write
            } else {
                scopes.read
            }
        }
    };
    if allowed { Ok(()) } else { Err(Denial::Forbidden) }
}

/// Whether `actor` may give a new API token `scopes`: admin scope only for admins.
pub fn can_grant_scopes(actor: &Actor, scopes: Scopes) -> bool {
    actor.user().is_some() && (!scopes.admin || actor.is_admin())
}

/// Whether `actor` may see `owner`'s profile, given its visibility.
pub fn can_view_profile(actor: &Actor, owner: &User) -> bool {
    can_view_member(actor, owner.id, owner.status, owner.visibility)
}

/// [`can_view_profile`] for a member known only by their id, account status and
/// profile visibility (as a list of posts reads them with their authors).
pub fn can_view_member(actor: &Actor, id: UserId, status: AccountStatus, visibility: Visibility) -> bool {
    if status != AccountStatus::Active {
        return actor.is_admin() && status == AccountStatus::Suspended;
    }
    match visibility {
        Visibility::Public => true,
        Visibility::Members => actor.user().is_some(),
        Visibility::Hidden => actor.user_id() == Some(id) || actor.is_admin(),
    }
}

/// Whether `actor` may write in the forum now: a signed-in, active member (suspended
/// accounts act as visitors) whose e-mail address is confirmed.
pub fn can_post(actor: &Actor) -> bool {
    actor.user().is_some_and(|user| user.email_verified)
}

/// Whether `actor` moderates the forum: the moderator grant, or an admin.
pub fn is_forum_moderator(actor: &Actor) -> bool {
    actor.user().is_some_and(|user| user.is_moderator || user.is_admin)
}

/// Whether `actor` posts in the forum without the posting rate limits and the
/// duplicate-post check (`community::forum::posting`): staff (authors, editors),
/// moderators and admins, as Discourse exempts its staff.
pub fn posts_without_limits(actor: &Actor) -> bool {
    is_forum_moderator(actor) || actor.user().is_some_and(|user| user.role >= Role::Author)
}

/// Whether `actor` may edit a post written by `author` in a thread that is `locked`
/// or not: its writer while the thread is not locked, and moderators always.
pub fn can_edit_post(actor: &Actor, author: Option<UserId>, locked: bool) -> bool {
    is_forum_moderator(actor) || (can_post(actor) && author.is_some() && actor.user_id() == author && !locked)
}

/// Whether `actor` may mark a post written by `author` helpful: any member who may
/// post, but never on their own post.
pub fn can_mark_helpful(actor: &Actor, author: Option<UserId>) -> bool {
    can_post(actor) && actor.user_id() != author
}

/// Whether `actor` may close or reopen a thread started by `author`, and choose its
/// accepted answer: its author and moderators.
pub fn can_steer_thread(actor: &Actor, author: Option<UserId>) -> bool {
    is_forum_moderator(actor) || (can_post(actor) && author.is_some() && actor.user_id() == author)
}

/// Whether `actor` may read a post written by `author` in `state`: everyone a
/// published post; a waiting or hidden one only its writer and moderators.
pub fn can_read_post(actor: &Actor, author: Option<UserId>, state: &str) -> bool {
    state == altto_store::POST_PUBLISHED
        || is_forum_moderator(actor)
        || (author.is_some() && actor.user_id() == author)
}

/// Whether `actor` may open a thread started by `author` that is `listed` or not (an
/// unlisted one opens with a waiting or hidden post): its starter and moderators.
pub fn can_read_thread(actor: &Actor, author: Option<UserId>, listed: bool) -> bool {
    listed || is_forum_moderator(actor) || (author.is_some() && actor.user_id() == author)
}

/// Whether `actor` may flag a post written by `author` for the moderators: any member
/// who may post, never on their own post.
pub fn can_flag_post(actor: &Actor, author: Option<UserId>) -> bool {
    can_post(actor) && author.is_some() && actor.user_id() != author
}

/// Whether `actor` may suspend (with a reason) or reinstate `target`: admins as
/// [`can_administer`] says; moderators only members without any staff role or grant,
/// never themselves.
pub fn can_suspend(actor: &Actor, target: &User) -> bool {
    if actor.is_admin() {
        return can_administer(actor, target);
    }
    is_forum_moderator(actor)
        && actor.user_id() != Some(target.id)
        && target.status != AccountStatus::Deleted
        && target.role == Role::Member
        && !target.is_moderator
        && !target.is_admin
}

/// Whether `actor` may write to `recipient`: a member may message another active
/// member whose profile they may see (so hidden members cannot be found by writing to
/// them), never themselves. Blocks and trust are checked by the caller with
/// [`can_start_conversation`] and the store's block list.
pub fn can_message(actor: &Actor, recipient: &User) -> bool {
    actor.user().is_some_and(|me| me.id != recipient.id)
        && recipient.status == AccountStatus::Active
        && can_view_profile(actor, recipient)
}

/// Whether a member whom the trust rule judged `trust` may start a new conversation:
/// only trusted members (new ones may still reply in a conversation started with
/// them).
pub fn can_start_conversation(trust: crate::community::trust::Trust) -> bool {
    trust.is_trusted()
}

/// Whether `actor` may share a file in the forum now, given what the attachment limits
/// decided for them ([`crate::community::resources::limits`]): a member who may post,
/// within their limit.
pub fn can_share_file(actor: &Actor, allowance: crate::community::resources::limits::Allowance) -> bool {
    can_post(actor) && allowance == crate::community::resources::limits::Allowance::Allowed
}

/// Whether the directory shows `actor` the members whose profile is for members only
/// (besides the public ones): when they are signed in.
pub fn sees_members_only_profiles(actor: &Actor) -> bool {
    actor.user().is_some()
}

/// Whether `actor` may see `owner`'s e-mail address: only its owner and admins.
pub fn can_see_email(actor: &Actor, owner: &User) -> bool {
    actor.user_id() == Some(owner.id) || actor.is_admin()
}

/// Whether `actor` may change `target`'s roles or suspend it. Admins may not demote or
/// suspend themselves, so a site never loses its last admin by accident.
pub fn can_administer(actor: &Actor, target: &User) -> bool {
    actor.is_admin() && actor.user_id() != Some(target.id) && target.status != AccountStatus::Deleted
}

/// What an actor may do in a document's editorial workflow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Powers {
    /// One of its authors (with the author role).
    pub author: bool,
    /// An editor: reviews and publishes everything.
    pub editor: bool,
}

/// `actor`'s powers over a document written by `authors`.
pub fn workflow_powers(actor: &Actor, authors: &[UserId]) -> Powers {
    let Some(user) = actor.user() else { return Powers { author: false, editor: false } };
    Powers {
        author: user.role >= Role::Author && authors.contains(&user.id),
        editor: user.role >= Role::Editor,
    }
}

/// Who may make which workflow decision: its authors write, submit and comment; editors
/// also request changes, publish, unpublish and archive (and may ask another editor to
/// review by submitting). Whether the
/// document's state allows it now is the workflow's rule
/// ([`crate::content::workflow::decide`]).
pub fn may_decide(powers: Powers, decision: Decision) -> bool {
    match decision {
        Decision::Save | Decision::Comment | Decision::Submit => powers.author || powers.editor,
        Decision::RequestChanges | Decision::Publish | Decision::Unpublish | Decision::Archive => {
            powers.editor
        }
    }
}

/// Whether `actor` may see a course's working copy and history: its authors and editors.
pub fn can_view_draft(actor: &Actor, authors: &[UserId]) -> bool {
    actor.user().is_some_and(|user| user.role >= Role::Editor || authors.contains(&user.id))
}

/// Whether `actor` may see the files of a course's working copy (which visitors do not
/// see until they are published): whoever may see its draft.
pub fn can_view_draft_files(actor: &Actor, authors: &[UserId]) -> bool {
    can_view_draft(actor, authors)
}

/// Whether `actor` may add, rename and remove topics: editors and admins.
pub fn can_manage_topics(actor: &Actor) -> bool {
    actor.is_admin() || actor.user().is_some_and(|user| user.role >= Role::Editor)
}

/// Whether `actor` may add and change the people credited on articles and posts:
/// editors and admins.
pub fn can_manage_people(actor: &Actor) -> bool {
    can_manage_topics(actor)
}

/// Whether `actor` reviews and publishes: editors.
pub fn can_review(actor: &Actor) -> bool {
    actor.user().is_some_and(|user| user.role >= Role::Editor)
}

/// Whether `user` is told about reports to the moderators (and may choose how):
/// moderators and admins.
pub fn receives_reports(user: &User) -> bool {
    user.is_moderator || user.is_admin
}

/// Whether `user` is told about the editorial workflow (and may choose how): those who
/// write or review, and admins.
pub fn receives_editorial_notices(user: &User) -> bool {
    user.is_admin || user.role >= Role::Author
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    fn user(id: i64, role: Role, admin: bool, visibility: Visibility) -> User {
        User {
            id: UserId(id),
            email: Some(format!("u{id}@example.org")),
            email_verified: true,
            password_hash: None,
            display_name: format!("User {id}"),
            role,
            is_moderator: false,
            is_admin: admin,
            status: AccountStatus::Active,
            locale: "en".into(),
            bio: String::new(),
            prefecture: None,
            employer_type: None,
            school_levels: String::new(),
            years_in_japan: None,
            interests: String::new(),
            visibility,
            created_at: 0,
            updated_at: 0,
            unread_notices: 0,
        }
    }

    #[test]
    fn visitors_are_asked_to_sign_in_and_members_are_refused_admin_work() {
        let member = Actor::Member(Arc::new(user(1, Role::Editor, false, Visibility::Public)));
        let admin = Actor::Member(Arc::new(user(2, Role::Member, true, Visibility::Public)));
        assert_eq!(allows(&Actor::Visitor, Action::ManageOwnAccount), Err(Denial::SignInRequired));
        assert_eq!(allows(&member, Action::ManageOwnAccount), Ok(()));
        assert_eq!(allows(&member, Action::ManageUsers), Err(Denial::Forbidden));
        assert_eq!(allows(&admin, Action::ManageUsers), Ok(()));
        assert_eq!(allows(&Actor::Visitor, Action::ReadPublic), Ok(()));
    }

    #[test]
    fn moderators_suspend_plain_members_but_never_staff_or_themselves() {
        let mut moderating = user(1, Role::Member, false, Visibility::Public);
        moderating.is_moderator = true;
        let moderator = Actor::Member(Arc::new(moderating.clone()));
        let admin = Actor::Member(Arc::new(user(2, Role::Member, true, Visibility::Public)));
        let plain = user(3, Role::Member, false, Visibility::Public);
        let author = user(4, Role::Author, false, Visibility::Public);
        let other_admin = user(5, Role::Member, true, Visibility::Public);
        assert!(can_suspend(&moderator, &plain));
        assert!(!can_suspend(&moderator, &author));
        assert!(!can_suspend(&moderator, &other_admin));
        assert!(!can_suspend(&moderator, &moderating));
        assert!(can_suspend(&admin, &author) && can_suspend(&admin, &moderating));
        let member = Actor::Member(Arc::new(plain.clone()));
        assert!(!can_suspend(&member, &author));
        assert!(!can_flag_post(&member, Some(plain.id)) && can_flag_post(&member, Some(author.id)));
        assert!(
            !can_read_post(&member, Some(author.id), "hidden") && can_read_post(&moderator, None, "waiting")
        );
    }

    #[test]
    fn suspended_accounts_act_as_visitors() {
        let mut suspended = user(3, Role::Editor, true, Visibility::Public);
        suspended.status = AccountStatus::Suspended;
        assert!(Actor::from_user(suspended).user().is_none());
    }

    #[test]
    fn profile_visibility_is_respected() {
        let owner = user(1, Role::Member, false, Visibility::Members);
        let other = Actor::Member(Arc::new(user(2, Role::Member, false, Visibility::Public)));
        assert!(!can_view_profile(&Actor::Visitor, &owner));
        assert!(can_view_profile(&other, &owner));
        let hidden = user(1, Role::Member, false, Visibility::Hidden);
        assert!(!can_view_profile(&other, &hidden));
        assert!(can_view_profile(&Actor::Member(Arc::new(hidden.clone())), &hidden));
        assert!(!can_see_email(&other, &hidden));
    }

    #[test]
    fn authors_edit_their_own_drafts_and_editors_edit_everything() {
        let author = Actor::Member(Arc::new(user(1, Role::Author, false, Visibility::Public)));
        let other_author = Actor::Member(Arc::new(user(2, Role::Author, false, Visibility::Public)));
        let editor = Actor::Member(Arc::new(user(3, Role::Editor, false, Visibility::Public)));
        let mine = [UserId(1)];
        let powers = |actor: &Actor| workflow_powers(actor, &mine);
        assert_eq!(powers(&author), Powers { author: true, editor: false });
        assert_eq!(powers(&other_author), Powers { author: false, editor: false });
        assert_eq!(powers(&editor), Powers { author: false, editor: true });
        assert!(
            may_decide(powers(&author), Decision::Save) && !may_decide(powers(&author), Decision::Publish)
        );
        assert!(!may_decide(powers(&other_author), Decision::Save));
        assert!(
            may_decide(powers(&editor), Decision::Publish) && may_decide(powers(&editor), Decision::Submit)
        );
        assert!(can_review(&editor) && !can_review(&author));
        let admin = Actor::Member(Arc::new(user(4, Role::Member, true, Visibility::Public)));
        assert!(can_manage_topics(&editor) && can_manage_topics(&admin));
        assert!(!can_manage_topics(&author) && !can_manage_topics(&Actor::Visitor));
        assert!(can_manage_people(&editor) && can_manage_people(&admin));
        assert!(!can_manage_people(&author) && allows(&author, Action::ManagePeople).is_err());
        assert!(can_view_draft(&author, &mine) && !can_view_draft(&other_author, &mine));
        assert!(can_view_draft_files(&author, &mine) && can_view_draft_files(&editor, &mine));
        assert!(!can_view_draft_files(&other_author, &mine) && !can_view_draft_files(&Actor::Visitor, &mine));
    }

    #[test]
    fn a_token_does_only_what_its_scopes_allow_and_never_manages_the_account() {
        let read = Scopes::parse("read");
        let write = Scopes::parse("read write");
        let admin = Scopes::parse("read write admin");
        assert_eq!(write, Scopes { read: true, write: true, admin: false });
        assert_eq!(Scopes::parse(&admin.as_text()), admin);
        assert_eq!(token_allows(read, Action::TrackProgress, false), Ok(()));
        assert_eq!(token_allows(read, Action::TrackProgress, true), Err(Denial::Forbidden));
        assert_eq!(token_allows(write, Action::TrackProgress, true), Ok(()));
        assert_eq!(token_allows(write, Action::ManageUsers, false), Err(Denial::Forbidden));
        assert_eq!(token_allows(admin, Action::ManageUsers, true), Ok(()));
        for scopes in [read, write, admin] {
            assert_eq!(token_allows(scopes, Action::ManageOwnAccount, true), Err(Denial::Forbidden));
            assert_eq!(token_allows(scopes, Action::Authenticate, false), Err(Denial::Forbidden));
        }
        assert_eq!(token_allows(Scopes::default(), Action::ReadPublic, false), Err(Denial::Forbidden));
        let member = Actor::Member(Arc::new(user(1, Role::Editor, false, Visibility::Public)));
        let site_admin = Actor::Member(Arc::new(user(2, Role::Member, true, Visibility::Public)));
        assert!(can_grant_scopes(&member, write) && !can_grant_scopes(&member, admin));
        assert!(can_grant_scopes(&site_admin, admin));
    }

    #[test]
    fn members_edit_their_own_posts_until_locked_and_moderators_always() {
        let writer = Actor::Member(Arc::new(user(1, Role::Member, false, Visibility::Public)));
        let other = Actor::Member(Arc::new(user(2, Role::Member, false, Visibility::Public)));
        let mut moderator_user = user(3, Role::Member, false, Visibility::Public);
        moderator_user.is_moderator = true;
        let moderator = Actor::Member(Arc::new(moderator_user));
        let mine = Some(UserId(1));
        assert!(can_edit_post(&writer, mine, false) && !can_edit_post(&writer, mine, true));
        assert!(!can_edit_post(&other, mine, false) && can_edit_post(&moderator, mine, true));
        assert!(!can_mark_helpful(&writer, mine) && can_mark_helpful(&other, mine));
        assert!(can_steer_thread(&writer, mine) && !can_steer_thread(&other, mine));
        assert!(allows(&moderator, Action::ModerateForum).is_ok());
        assert_eq!(allows(&other, Action::ModerateForum), Err(Denial::Forbidden));
        assert_eq!(allows(&Actor::Visitor, Action::PostInForum), Err(Denial::SignInRequired));
        let mut unconfirmed = user(4, Role::Member, false, Visibility::Public);
        unconfirmed.email_verified = false;
        assert!(!can_post(&Actor::Member(Arc::new(unconfirmed))));
    }

    #[test]
    fn admins_cannot_administer_themselves() {
        let admin_user = user(2, Role::Member, true, Visibility::Public);
        let admin = Actor::Member(Arc::new(admin_user.clone()));
        assert!(!can_administer(&admin, &admin_user));
        assert!(can_administer(&admin, &user(3, Role::Member, false, Visibility::Public)));
    }
}
