# Notifications: the header's count, mail preferences, watched categories, digests
# and one-click unsubscribe links.
nav-notices = Notices
notices-unread = { $count ->
    [one] 1 unread notice
   *[other] { $count } unread notices
}
notices-prefs-title = Notification e-mails
notices-prefs-link = Choose which notices reach you by e-mail
notices-prefs-intro = Every notice appears on your notices page. For each kind, choose whether it also comes by e-mail at once, collected in your digest, or only on the site.
notices-prefs-saved = Your choices are saved.
notices-prefs-invalid = Choose one of the options for each kind of notice and for the digest. Nothing was changed.
notices-prefs-digest = Digest
notices-digest-daily = Daily: one e-mail a day at most
notices-digest-weekly = Weekly: one e-mail a week at most
notices-prefs-save = Save choices
notices-kind-replies = Replies to my threads
notices-kind-mentions = Mentions of me
notices-kind-accepted = Answers accepted
notices-kind-watched = New threads in categories I watch
notices-kind-messages = Private messages
notices-kind-reports = Reports to the moderators
notices-kind-editorial = Editorial workflow (reviews and publishing)
notices-kind-digest = Your digest of notices
notices-mode-now = E-mail at once
notices-mode-digest = In my digest
notices-mode-site = Only on the site
notices-mail-footer =
    --
    Stop e-mails like this one (one click, no sign-in): { $unsubscribe }
    Choose which e-mails you get: { $prefs }
notices-link-invalid = This link is not valid: it may have been cut short or changed. Sign in and choose your e-mails on your account page instead.
notices-stop-title = Stop these e-mails
notices-stop-question = This stops the e-mails for: { $what }. You will still see these notices on the site.
notices-stop-button = Stop these e-mails
notices-stopped-title = E-mails stopped
notices-stopped-message = You will get no more e-mails for: { $what }. These notices still appear on your notices page.
notices-watch-start = Watch this category
notices-watch-stop = Stop watching
notices-watch-help = Watch this category to be told about new threads in it.
notices-watching = You watch this category: you are told about new threads in it.
notices-watch-invalid = Choose whether to watch this category or stop watching it.
notice-forum_watched = { $actor } started a thread in a category you watch
mail-notice-forum_watched-subject = New thread: { $title }
mail-notice-forum_watched-body =
    Hello { $name },

    { $actor } started the thread “{ $title }” in a category you watch in the altto community.

    Read it here:

    { $link }

    You get this message because you watch this category.
notices-digest-subject = { $count ->
    [one] Your altto digest: 1 notice
   *[other] Your altto digest: { $count } notices
}
notices-digest-body =
    Hello { $name },

    Here is what happened in the altto community since your last digest:

    { $list }
