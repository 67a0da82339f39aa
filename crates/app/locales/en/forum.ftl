# The community forum.
nav-community = Community
forum-title = Community
forum-intro = Teachers across Japan sharing ideas, problems and solutions. Anyone can read; members can post.
forum-new-thread = Start a thread
forum-sign-in-to-post = Sign in to start a thread
forum-manage-categories = Manage categories
forum-categories = Categories
forum-category = Category
forum-threads = Threads
forum-latest = Latest activity
forum-breadcrumb = Where you are
forum-no-threads = No threads here yet. Start the first one!
forum-pinned = Pinned
forum-question = Question
forum-answered = Answered
forum-locked = Locked
forum-closed = Closed
forum-new-posts = New posts
forum-former-member = a former member
forum-post-removed = This post was removed by its writer.
forum-replies = { $count ->
    [one] 1 reply
   *[other] { $count } replies
}
forum-history-title = Edit history
forum-history-intro = Every earlier version of this post, newest first, as its writer wrote it.
forum-history-current = Now
forum-history-version = Version of { $date }
forum-history-replaced = Replaced on { $date } by { $name }
forum-field-category = Category
forum-field-title = Title
forum-field-body = Your post
forum-hint-markdown = Markdown works: **bold**, *italic*, [links](https://example.org), > quotes. Mention a member with @ and their handle, e.g. @sam_lee.
forum-field-question = This is a question (you can accept one reply as the answer)
forum-start-thread = Start thread
forum-edit-title = Edit your post
forum-edit-intro = Readers will see that the post was edited, and can read every earlier version.
forum-discussion = Discussion
forum-discussion-of-lesson = Discussion of the lesson:
forum-discussion-of-article = Discussion of:
forum-discussion-empty = No one has posted here yet. Questions, ideas and experiences are welcome.
forum-discussion-waiting = The discussion has started: its first post is waiting for a moderator and will show here once it is approved.
forum-discussion-waiting-reply = You can reply once the first post is approved.
forum-first-post = Start the discussion
forum-discuss-lesson = Discuss this lesson
forum-discuss-article = Discuss this article
forum-new-since-visit = New since your last visit
forum-accepted-answer = Accepted answer
forum-thread-tools = Thread tools
forum-close = Close thread
forum-reopen = Reopen thread
forum-pin = Pin
forum-unpin = Unpin
forum-lock = Lock
forum-unlock = Unlock
forum-reply = Reply
forum-field-reply = Your reply
forum-post-reply = Post reply
forum-earlier-posts = Earlier posts
forum-later-posts = Later posts
forum-edited = edited
forum-helpful-count = { $count ->
    [one] 1 member found this helpful
   *[other] { $count } members found this helpful
}
forum-helpful = Helpful
forum-helpful-undo = Helpful (undo)
forum-quote = Quote
forum-edit = Edit
forum-accept = Accept as answer
forum-unaccept = Undo accepted answer
forum-locked-notice = This thread is locked by a moderator: it takes no more replies.
forum-closed-notice = This thread is closed: it takes no more replies.
forum-sign-in-to-reply = Sign in to reply
forum-confirm-email = Confirm your e-mail address (see the link we sent you) to post in the community.
forum-error-body-empty = Your post: write something first.
forum-error-body-long = Your post: it is too long (at most 20,000 characters).
forum-error-body-links = Your post: it has too many links (at most 10).
forum-error-body-complex = Your post: it is nested too deeply or too large to show.
forum-error-category = Category: choose one of the categories.
forum-error-title-empty = Title: enter a title.
forum-error-title-long = Title: it is too long (at most 150 characters).
forum-error-prefecture = Region: choose a prefecture from the list, or all of Japan.
forum-field-prefecture = Region
forum-prefecture-all = All of Japan
forum-region = Local to { $prefecture }
forum-error-bad-request = That request could not be understood.
forum-error-not-question = Only a question can have an accepted answer.
forum-error-required = This field is required.
forum-error-too-long = This field is too long.
forum-error-slug = Address: use 2–40 lower-case letters, digits and hyphens.
forum-error-slug-taken = Address: another category has it.
forum-error-position = Position: enter a whole number from 0 to 100000.
forum-categories-intro = Rename, describe and reorder the categories (lower positions are listed first). A category's address never changes.
forum-field-name-en = Name (English)
forum-field-name-ja = Name (Japanese)
forum-field-description-en = Description (English)
forum-field-description-ja = Description (Japanese)
forum-field-position = Position
forum-field-slug = Address
forum-hint-slug = Lower-case letters, digits and hyphens, e.g. lesson-ideas. It cannot be changed later.
forum-hint-position = Lower numbers are listed first.
forum-add-category = Add category
notice-forum_reply = { $actor } replied to your thread
mail-notice-forum_reply-subject = New reply: { $title }
mail-notice-forum_reply-body =
    Hello { $name },

    { $actor } replied to your thread “{ $title }” in the altto community.

    Read it here:

    { $link }

    You get this message because you started this thread.
notice-forum_mention = { $actor } mentioned you
mail-notice-forum_mention-subject = { $actor } mentioned you: { $title }
mail-notice-forum_mention-body =
    Hello { $name },

    { $actor } mentioned you in “{ $title }” in the altto community.

    Read it here:

    { $link }

    You get this message because a member mentioned your handle.
notice-forum_accepted = { $actor } accepted an answer
mail-notice-forum_accepted-subject = Answer accepted: { $title }
mail-notice-forum_accepted-body =
    Hello { $name },

    { $actor } accepted an answer to the question “{ $title }” in the altto community.

    See it here:

    { $link }

    You get this message because you asked this question or wrote the answer.
forum-handle-title = Your handle
forum-handle-intro = Others mention you in the community by writing @ and your handle; you are told when they do. Your display name is shown beside it.
forum-handle-saved = Your handle is saved.
forum-field-handle = Handle
forum-hint-handle = 2–30 lower-case letters, digits and underscores, e.g. sam_lee.
forum-error-handle = Handle: use 2–30 lower-case letters, digits and underscores.
forum-error-handle-taken = Handle: another member has it. Try another.
forum-your-handle = Your handle
