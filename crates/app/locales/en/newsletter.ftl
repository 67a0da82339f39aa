# The Monthly Trainer newsletter: the public page, its links, members' setting, the
# editors' pages and the mails.
newsletter-name = The Monthly Trainer
newsletter-about = Once a month, a short letter for Assistant Language Teachers: new and updated courses, classroom ideas and news from the community, in English or Japanese.
newsletter-privacy = We use your address only to send the newsletter. Every issue has a link to unsubscribe with one click.
newsletter-subscribe-title = Subscribe
newsletter-field-lang = Language of the mails
newsletter-subscribe-button = Subscribe
newsletter-members-link = Manage your subscription in your account
newsletter-archive-title = Past issues
newsletter-feed = Past issues as a feed (Atom)
newsletter-archive-empty = No issues yet: the first one is on its way.
newsletter-back = Back to The Monthly Trainer
newsletter-issue-number = Issue { $number }
newsletter-in-this-issue = In this issue

newsletter-sent-title = Check your inbox
newsletter-sent-message = If this address can be subscribed, a mail with a confirmation link is on its way. Open it to start receiving The Monthly Trainer.
newsletter-confirm-mail-subject = Confirm your subscription to The Monthly Trainer
newsletter-confirm-mail-body =
    Hello,

    Someone (hopefully you) asked to receive The Monthly Trainer, altto's monthly newsletter for ALTs, at this address. To confirm, open this link and press the button:

    { $link }

    The link works for 7 days. If you did not ask for this, ignore this mail: you will not be subscribed.
newsletter-link-invalid = This link is not valid: it may have been cut short or changed. Nothing was changed.
newsletter-link-expired = This link has expired. Nothing was changed: subscribe again to get a new one.
newsletter-confirm-title = Confirm your subscription
newsletter-confirm-message = Press the button to start receiving The Monthly Trainer.
newsletter-confirm-button = Confirm my subscription
newsletter-confirmed-title = You are subscribed
newsletter-confirmed-message = Thank you! The next issue of The Monthly Trainer will come to your inbox.
newsletter-confirm-left = This address has left the newsletter since this link was sent, so it stays unsubscribed. Subscribe again to receive it.
newsletter-unsubscribe-title = Unsubscribe
newsletter-unsubscribe-message = Press the button to stop receiving The Monthly Trainer at this address.
newsletter-unsubscribe-button = Unsubscribe
newsletter-unsubscribed-title = You are unsubscribed
newsletter-unsubscribed-message = You will not receive The Monthly Trainer any more. You can subscribe again at any time.

newsletter-mail-why = You receive The Monthly Trainer because you subscribed at { $site }
newsletter-mail-unsubscribe = Unsubscribe: { $link }
newsletter-mail-why-html = You receive The Monthly Trainer because you subscribed at
newsletter-unsubscribe-link = Unsubscribe from The Monthly Trainer
newsletter-test-prefix = Test

newsletter-account-title = Newsletter
newsletter-account-saved = Your newsletter setting is saved.
newsletter-account-pending = A confirmation link was sent to your address: open it to start receiving the newsletter.
newsletter-account-checkbox = Send me The Monthly Trainer
newsletter-account-save = Save
newsletter-account-back = Back to your account
newsletter-no-address = Your account has no e-mail address to send the newsletter to.

newsletter-editor-title = Newsletter issues
newsletter-new-issue = New issue
newsletter-subscribers-title = Subscribers
newsletter-count-confirmed = Confirmed
newsletter-count-pending = Waiting for confirmation
newsletter-count-bouncing = Bouncing (skipped)
newsletter-bouncing-title = Addresses that keep failing
newsletter-bouncing-hint = Mail to these addresses failed after every retry; later issues skip them.
newsletter-issues-title = Issues
newsletter-issues-empty = No issues yet.
newsletter-column-state = State
newsletter-column-date = Date
newsletter-column-copies = Copies queued
newsletter-field-subject = Subject
newsletter-field-subject-ja = Subject in Japanese
newsletter-field-subject-ja-hint = Optional: Japanese readers get it instead of the English subject.
newsletter-field-intro = Introduction
newsletter-field-intro-hint = Markdown: paragraphs, **bold**, lists and [links](https://example.org).
newsletter-field-picks = Content in this issue
newsletter-picks-empty = Nothing is published yet.
newsletter-kind-course = course
newsletter-kind-article = article
newsletter-kind-post = news
newsletter-kind-other = page
newsletter-save = Save draft
newsletter-state-label = State:
newsletter-state-draft = Draft
newsletter-state-sending = Sending
newsletter-state-sent = Sent
newsletter-preview-html = Preview (HTML)
newsletter-preview-text = Preview (plain text)
newsletter-send-title = Send
newsletter-send-test = Send a test to me
newsletter-send-all = Send to all confirmed subscribers…
newsletter-send-confirm-title = Send this issue?
newsletter-send-confirm-message = “{ $subject }” will be sent to { $count } confirmed subscribers. This cannot be undone.
newsletter-send-confirm-button = Yes, send it now
newsletter-send-cancel = Not now
newsletter-subject-required = Write a subject.
newsletter-subject-too-long = The subject is too long (at most 150 characters).
newsletter-intro-required = Write an introduction.
newsletter-intro-invalid = The introduction is too long or nested too deeply.
newsletter-not-a-draft = This issue is being sent or was sent, so it can no longer be changed.
newsletter-notice-saved = The draft is saved.
newsletter-notice-test-sent = A test copy is on its way to your address.
newsletter-notice-no-recipients = There are no confirmed subscribers to send to. Nothing was sent.
newsletter-notice-sent = The issue is being sent to every confirmed subscriber.
newsletter-notice-sending = The issue is still being queued; this page shows the copies queued so far.
newsletter-notice-already-sent = This issue was sent already. Nothing was sent again.
newsletter-notice-no-address = Your account has no e-mail address for the test copy.
audit-newsletter_sent = Sent a newsletter issue
