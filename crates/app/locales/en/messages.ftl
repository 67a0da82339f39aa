# Private messages, blocks and reports (community/messages.rs, messages_safety.rs)
nav-messages = Messages
messages-title = Messages
messages-intro = Private conversations with other members. Find teachers to write to in the directory.
messages-none = No conversations yet. Open a member's profile and choose “Message” to start one.
messages-unread = Unread
messages-former-member = a former member
messages-with = Conversation with { $name }
messages-you = You
messages-reply = Reply
messages-body = Message
messages-body-hint = You can use Markdown: **bold**, *italic*, lists and links.
messages-send = Send message
messages-sent = Your message was sent.
messages-new-title = New message
messages-new-to = Message to { $name }
messages-body-empty = Write a message before sending.
messages-body-too-long = A message can be at most 5,000 characters long. Shorten it or send it in parts.
messages-body-too-complex = This message is nested too deeply or makes too much formatting. Simplify it and try again.
messages-unknown-recipient = There is no member you can write to at this address. Choose a member from the directory or their profile.
messages-not-yourself = You cannot send a message to yourself.
messages-you-blocked = You blocked { $name }, so you cannot write to them. Unblock them first if you want to.
messages-blocked-by = { $name } does not accept messages from you.
messages-untrusted = New members cannot start conversations yet: this keeps spam out of members' inboxes. You can start one once your account is { $days } days old and { $posts } of your forum posts have been accepted.
messages-untrusted-age = Your account will be old enough on { $date }.
messages-untrusted-posts = Accepted forum posts still needed: { $count }.
messages-untrusted-reply = You can still reply whenever another member writes to you.
profile-message = Message { $name }
blocked-title = Blocked members
blocked-intro = Members you blocked cannot send you messages. Unblock them to let them write to you again.
blocked-none = You have not blocked anyone.
blocked-since = blocked on { $date }
blocked-block = Block { $name }
blocked-unblock = Unblock { $name }
blocked-explain = A blocked member can no longer send you messages. They are not told.
blocked-safety = Safety
blocked-done = The member is blocked: they can no longer send you messages.
unblocked-done = The member is unblocked.
blocked-not-yourself = You cannot block yourself.
reports-link = Report this message from { $name }
reports-title = Report a message
reports-intro = Tell the moderators what is wrong with this message. They will see it together with your report; the sender is not told who reported it.
reports-reason = Reason
reports-reason-spam = Spam or advertising
reports-reason-harassment = Harassment or abuse
reports-reason-other = Something else
reports-reason-missing = Choose a reason.
reports-detail = What happened
reports-detail-hint = Optional, except for “Something else”. At most 1,000 characters.
reports-detail-needed = Tell the moderators what is wrong.
reports-detail-too-long = Keep it to 1,000 characters.
reports-send = Send report
reports-back = Back to the conversation
reports-thanks = Thank you. Your report was sent to the moderators.
notice-message = { $actor } sent you a private message
mail-notice-message-subject = New message from { $actor }
mail-notice-message-body =
    Hello { $name },

    { $actor } sent you a private message on altto.

    Read it and reply here:

    { $link }

    You get this message because you have an account on altto. If someone bothers you, you can block them from the conversation.
notice-report = { $actor } reported a private message
mail-notice-report-subject = Report: a message from { $title }
mail-notice-report-body =
    Hello { $name },

    { $actor } reported a private message written by { $title }.

    { $note }

    The member's profile:

    { $link }

    You get this message because you moderate the community on altto.
