# Moderation: waiting and hidden posts, flags, the review queue, thread tools, suspensions.
moderation-post-waiting = Waiting for a moderator: only you and the moderators can see this post until it is approved.
moderation-post-hidden = Hidden by a moderator: { $reason }
moderation-own-waiting = Thank you. Your post is waiting for a moderator: new members' first posts are checked before others see them.
moderation-flag = Flag
moderation-flag-title = Flag a post for the moderators
moderation-flag-intro = Tell the moderators what is wrong with this post. They will look at it and decide; the writer is not told who flagged it.
moderation-flag-send = Send to the moderators
moderation-flag-already = You have flagged this post. Thank you: the moderators will look at it.
moderation-back-to-post = Back to the post
reports-reason-rude = Rude or abusive
reports-reason-off-topic = Off-topic
moderation-approve = Approve
moderation-reject = Reject
moderation-hide = Hide
moderation-restore = Restore
moderation-keep = Keep (dismiss the flags)
moderation-reason = Reason
moderation-reason-needed = Give a reason: the member sees it.
moderation-reason-long = The reason is too long (500 characters at most).
moderation-not-waiting = This post is not waiting for approval (any more).
moderation-not-hidden = This post is not hidden.
moderation-moderate = Moderate
moderation-move-to = Move to the category
moderation-move = Move the thread
moderation-merge-into = Merge into the thread
moderation-merge-hint = The other thread's address or number, e.g. /community/t/12. Every post moves there in the order written; this thread's address leads there.
moderation-merge = Merge
moderation-merge-target = There is no such thread to merge into. Give the address or number of an existing thread.
moderation-merge-itself = A thread cannot be merged into itself.
moderation-discussion-stays = The discussion of a lesson or article stays with it: it cannot be moved, merged or split.
moderation-split-link = Split some posts into a new thread…
moderation-split-title = Split into a new thread
moderation-split-intro = Choose the posts that move into a new thread, give it a title and a category. The others stay here.
moderation-split-posts = Posts to move
moderation-split-none = Choose at least one post of this thread to move.
moderation-split-new-title = Title of the new thread
moderation-split-category = Category of the new thread
moderation-split = Split
moderation-queue-title = Review queue
moderation-queue-intro = Posts waiting for approval, flagged posts and reported messages, oldest first.
moderation-queue-empty = Nothing is waiting for review.
moderation-kind-waiting = Waiting for approval
moderation-kind-flagged = Flagged post
moderation-kind-message = Reported message
moderation-in-thread = In
moderation-already-hidden = Already hidden.
moderation-joined = joined { $date }
moderation-author-suspended = suspended
moderation-author-posts = { $count ->
    [one] 1 published post
   *[other] { $count } published posts
}
moderation-flag-count = { $count ->
    [one] 1 member
   *[other] { $count } members
}
moderation-age-minutes = { $count ->
    [one] 1 minute
   *[other] { $count } minutes
}
moderation-age-hours = { $count ->
    [one] 1 hour
   *[other] { $count } hours
}
moderation-age-days = { $count ->
    [one] 1 day
   *[other] { $count } days
}
moderation-suspend-reason = Reason for the suspension
moderation-suspend-reason-hint = Shown to the member when they try to sign in.
moderation-suspend-author = Suspend the writer
moderation-reinstate-author = Reinstate the writer
moderation-suspended-done = The member is suspended and signed out.
moderation-reinstated-done = The member is reinstated.
moderation-kept-done = Kept: the reports are resolved.
moderation-suspended-because = Your account is suspended: { $reason }
moderation-log-title = Moderation log
moderation-log-empty = No moderator has acted yet.
audit-forum_post_approved = Post approved
audit-forum_post_rejected = Post rejected
audit-forum_post_hidden = Post hidden
audit-forum_post_restored = Post restored
audit-forum_flags_dismissed = Flags dismissed
audit-forum_report_dismissed = Report dismissed
audit-forum_thread_moved = Thread moved
audit-forum_thread_merged = Thread merged
audit-forum_thread_split = Thread split
audit-forum_thread_locked = Thread locked
audit-forum_thread_unlocked = Thread unlocked
audit-forum_thread_pinned = Thread pinned
audit-forum_thread_unpinned = Thread unpinned
