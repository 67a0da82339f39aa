## Writing library articles and news posts in the browser, and the people credited.

library-writing-title = Articles and posts
library-writing-link = Articles and posts
library-writing-intro = Write library articles and news posts here. Every save is kept as a revision; visitors see a text only after an editor publishes it.
library-writing-new-article = New article
library-writing-new-post = New post
library-writing-none = Nothing written yet.
library-writing-text = Title
library-writing-shelf = Where
library-writing-scheduled = Scheduled for { $time }
library-writing-create = Create and start writing
library-writing-back = Back to the editor
library-writing-field-title = Title
library-writing-field-slug = Address
library-writing-field-slug-hint = The last part of its address, e.g. team-teaching-research: lowercase letters, digits and hyphens. It cannot be changed later.
library-writing-field-category = Category
library-writing-slug-taken = Another text already uses this address
library-writing-note-created = Created
library-writing-note-edited = Edited
library-writing-licence-invalid = Choose one of the licences
library-writing-preview = See it as visitors will:
library-writing-field-summary = Summary
library-writing-field-summary-hint = One or two sentences, shown in lists, feeds, search results and link previews.
library-writing-field-summary-ja = Japanese summary
library-writing-field-language = The language it is written in
library-writing-field-tags = Tags
library-writing-field-tags-hint = Optional. Lowercase words joined by hyphens, separated by commas, e.g. team-teaching, lesson-planning.
library-writing-field-body = Text
library-writing-field-body-hint = Markdown: ## for section headings, - for lists, | for tables and > for tips. Use the preview links above to see the result after saving.
library-writing-field-body-ja = Japanese version
library-writing-field-body-ja-hint = Optional. The whole text in Japanese, shown to readers who use the site in Japanese.
library-writing-reference-n = Reference { $number }
library-writing-remove-reference = Remove reference { $number }
library-writing-add-reference = Add a reference
library-writing-ref-authors = Authors (as cited, e.g. Tajino, A. & Tajino, Y.)
library-writing-ref-year = Year
library-writing-ref-title = Title
library-writing-ref-venue = Where it appeared (journal, publisher or website)
library-writing-ref-doi = DOI (e.g. 10.1093/elt/54.1.3)
library-writing-ref-url = Address (if it has no DOI)
library-writing-field-related = Related lessons, articles and posts
library-writing-field-related-hint = Optional. One address on this site per line, e.g. /library/team-teaching-research.
library-writing-field-last-reviewed = Facts last checked
library-writing-field-last-reviewed-hint = Optional. The day its facts were last checked.
library-writing-field-authors = Authors
library-writing-field-glossary-links = Link the first use of each glossary term to its entry
library-writing-read-only = You can read this text but not change it now (it is waiting for review, or you are not one of its authors).
library-writing-stale = Someone else saved this text while you were working. Your text is still in the form; saving again puts your version on top of theirs.
library-writing-not-ready = It cannot be submitted or published yet:
library-writing-publish-at = When to publish (posts)
library-writing-publish-at-hint = Leave empty to publish now. A time still to come makes the post public at that time; a time already past publishes it now.
library-writing-publish-at-time = Date and time
library-writing-publish-zone = Time zone
library-writing-zone-jst = Japan time (JST)
library-writing-zone-utc = UTC
library-writing-publish-at-invalid = Write the date and time as shown, e.g. 2026-12-24T09:00
library-writing-unpublish = Take it down (unpublish)
library-writing-archive = Archive it
library-writing-done-created = Created. Write it below, save, then submit it for review.
library-writing-done-published = Published: visitors now see this version.
library-writing-done-scheduled = Scheduled: visitors see it from the time you chose.
library-writing-done-unpublished = Unpublished: visitors no longer see it.
library-writing-done-archived = Archived: visitors no longer see it.

library-people-title = People
library-people-intro = The people credited on articles and posts, each with a public page.
library-people-new = Add a person
library-people-name = Name
library-people-page = Page
library-people-saved = Saved.
library-people-field-slug = Address of their page
library-people-field-slug-hint = Their page is /authors/ followed by this: lowercase letters, digits and hyphens.
library-people-name-ja = Name in Japanese
library-people-affiliation = Affiliation
library-people-affiliation-ja = Affiliation in Japanese
library-people-bio = Biography
library-people-bio-ja = Biography in Japanese
library-people-orcid = ORCID iD
library-people-orcid-hint = Optional, e.g. 0000-0002-1825-0097.
library-people-email = Their account's e-mail address
library-people-email-hint = Optional: links this page to their member account.
library-people-slug-taken = Someone already has this address
library-people-name-required = Enter a name
library-people-orcid-invalid = This is not an ORCID iD: four groups of four digits (the last may be X) whose check digit matches
library-people-email-unknown = No member has this e-mail address
library-writing-language-invalid = The language is en or ja

# Notices about articles and posts, and their mails
notice-writing_submitted = { $actor } submitted an article or post for review
mail-notice-writing_submitted-subject = Submitted for review: { $title }
mail-notice-writing_submitted-body =
    Hello { $name },

    { $actor } submitted “{ $title }” for review.

    { $note }

    Open it here:

    { $link }

    You get this message because you write or edit articles and posts on altto.
notice-writing_comment = { $actor } added a note
mail-notice-writing_comment-subject = New note on { $title }
mail-notice-writing_comment-body =
    Hello { $name },

    { $actor } added a note to the conversation about “{ $title }”.

    { $note }

    Open it here:

    { $link }

    You get this message because you write or edit articles and posts on altto.
notice-writing_changes_requested = { $actor } asked for changes
mail-notice-writing_changes_requested-subject = Changes requested: { $title }
mail-notice-writing_changes_requested-body =
    Hello { $name },

    { $actor } asked for changes to “{ $title }”.

    { $note }

    Open it here:

    { $link }

    You get this message because you write or edit articles and posts on altto.
notice-writing_published = { $actor } published an article or post
mail-notice-writing_published-subject = Published: { $title }
mail-notice-writing_published-body =
    Hello { $name },

    { $actor } published “{ $title }”. Visitors see this version from its publication time.

    { $note }

    Open it here:

    { $link }

    You get this message because you write or edit articles and posts on altto.
notice-writing_unpublished = { $actor } unpublished an article or post
mail-notice-writing_unpublished-subject = Unpublished: { $title }
mail-notice-writing_unpublished-body =
    Hello { $name },

    { $actor } unpublished “{ $title }”. Visitors no longer see it.

    { $note }

    Open it here:

    { $link }

    You get this message because you write or edit articles and posts on altto.
notice-writing_archived = { $actor } archived an article or post
mail-notice-writing_archived-subject = Archived: { $title }
mail-notice-writing_archived-body =
    Hello { $name },

    { $actor } archived “{ $title }”. Visitors no longer see it.

    { $note }

    Open it here:

    { $link }

    You get this message because you write or edit articles and posts on altto.
library-writing-publish-at-public = Visitors can read this post now: its edits are published at once. To publish it at a later time, unpublish it first.
library-writing-view-public = See the published page
