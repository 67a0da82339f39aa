## Authoring
nav-author = Write
author-title = Your courses
author-intro = Write and revise courses here. Every save is kept as a revision; learners see a course only after an editor publishes it.
author-new-course = Start a new course
author-no-courses = You are not writing any course yet.
author-course = Course
author-status = Status
author-create = Create the course
author-view-published = View the published course
author-revisions = Revision history
author-outline = Modules and lessons
author-move-up = Move up
author-move-down = Move down
author-add-lesson = Add the lesson
author-add-lesson-to = Add a lesson to "{ $module }"
author-add-module = Add a module
author-details = Course details
author-review = Review
author-no-notes = No review notes yet.
author-note-for-editors = A note for the editors (optional)
author-submit = Submit for review
author-review-note = Note
author-comment = Add a comment
author-request-changes = Request changes
author-publish = Publish the latest revision
author-unpublish = Take the course down (unpublish)
author-archive = Archive the course
author-back-to-course = Back to the course
author-preview = Preview
author-read-only = You can read this lesson but not change it now (it is waiting for review, or you are not one of its authors).
author-stale = Someone else saved this course while you were working. Nothing was lost: look at the latest version and try again.
author-stale-lesson = Someone else saved this course while you were editing. Your text is still in the form below; saving again puts your version on top of theirs.
author-not-ready = The course is not ready to publish:
author-note-required = Write a note first.
author-module-invalid = Give the module a title, and use lowercase letters, digits and hyphens for the module's and the first lesson's names.
author-lesson-invalid = Give the lesson a title and a name made of lowercase letters, digits and hyphens.
author-first-module = First module
author-first-lesson = First lesson
author-new-lesson-summary = What this lesson is about, in one sentence.
author-new-lesson-body = ## Introduction

    Write the lesson here, in Markdown.
author-note-created = Course created
author-note-details = Course details changed
author-note-module = Module added
author-note-lesson = Lesson "{ $title }" added
author-note-lesson-edited = Lesson { $title } edited
author-note-reordered = Modules or lessons reordered
author-note-restored = Revision { $number } restored
author-revision = Revision { $number }
author-revision-when = Saved
author-revision-who = By
author-revision-what = Change
author-published-revision = published
author-restore = Restore this revision
author-changes = What changed from the revision before
author-no-changes = Nothing changed.
course-status-draft = Draft
course-status-in_review = In review
course-status-published = Published
course-status-archived = Archived
course-status-changes_requested = Changes requested
course-status-published_edited = Published, with unpublished edits
workflow-not-allowed = You cannot do that with this course.
workflow-in-review = Editors are reviewing this course; it cannot be changed until they respond.
workflow-archived = This course is archived. Only an editor can change it; publishing it brings it back.
workflow-empty = There is nothing to review or publish yet: save the course first.
workflow-nothing-new = Nothing has changed since the published version.
workflow-not-in-review = Changes can only be requested for a course in review.
workflow-not-published = This course is not published.
workflow-already-archived = This course is already archived.
review-kind-comment = Comment
review-kind-submitted = Submitted for review
review-kind-changes_requested = Changes requested
review-kind-published = Published
review-kind-unpublished = Unpublished
review-kind-archived = Archived

## Authoring fields
field-slug = Address
field-slug-hint = Lowercase letters, digits and hyphens, e.g. planning-lessons. It becomes part of the page address.
field-slug-invalid = Use lowercase letters, digits and hyphens only
field-slug-taken = Another course already uses this address
field-course-title = Course title
field-lesson-title = Lesson title
field-lesson-slug = Lesson name (for its address)
field-lesson-slug-taken = Another lesson of this course already uses that name.
field-module-title = Module title
field-module-slug = Module name (for the package folder)
field-title-ja = Japanese title
field-summary = Summary
field-summary-ja = Japanese summary
field-optional = Optional.
field-title-required = Enter a title
field-summary-required = Enter a summary
field-hours = Estimated hours
field-hours-hint = Counted as professional-development hours on the certificate, e.g. 1.5.
field-hours-invalid = Enter a number of hours above 0, e.g. 1.5
field-list-hint = Separate several with commas.
field-authors-required = Name at least one author
field-minutes = Estimated minutes
field-minutes-invalid = Enter a whole number of minutes from 1 to 600
field-body = Lesson text (Markdown)
field-body-hint = Use ## for section headings, - for lists, | for tables and > for tips. Press Preview to see the result.
field-body-required = The lesson needs some text
field-body-cannot-publish = The lesson text cannot be saved as it is: see the message under it
field-reflection = Reflection prompt
field-youtube = YouTube video (its address or id)
field-vimeo = Vimeo video (its address or id)
field-video-hint = Optional: paste the video's address from the browser (e.g. https://youtu.be/dQw4w9WgXcQ) or its id. Videos play in privacy-enhanced mode.
field-video-id-invalid = Paste the video's address from the browser (for example https://www.youtube.com/watch?v=…), or its id (letters, digits, - and _).
field-one-video = Choose a YouTube or a Vimeo video, not both
field-change-note = What did you change?

## Files
author-media = Files
author-media-intro = Images, videos, captions (WebVTT) and downloads for this course. Use an image in a lesson by pasting its Markdown; name a video, its captions and transcript in the lesson editor.
author-media-file = File
author-media-hint = PNG, JPEG, GIF, WebP, PDF, MP4, WebM, MP3, WebVTT (.vtt), text, Markdown (.md) or office documents.
author-media-upload = Upload
author-media-none = No files yet.
author-media-size = Size
author-media-use = To use it
media-choose-file = Choose a file to upload.
media-upload-failed = The upload was interrupted. Please try again.
author-media-replace = Replace
author-media-replace-with = A new file for { $path }
media-stored = Stored { $path }.
media-stored-renamed = Your file “{ $from }” was stored as { $path } (file names use lowercase letters, digits, - and _).
media-replaced = { $path } was replaced by your file “{ $from }”.
media-name-refused = “{ $from }” cannot be used as a file name: it may not contain / or \, start with a dot or hold control characters. Rename the file and upload it again.
media-name-taken = Your file “{ $from }” would be stored as { $path }, but a file with that name already exists. To change that file, use its Replace button; otherwise rename your file.
media-replace-missing = There is no file { $path } to replace; it may have been renamed or removed.
field-video-file = Video file
field-captions = Captions file (WebVTT)
field-transcript = Transcript file
field-media-hint = Optional: a file from this course's Files page, e.g. media/intro.mp4.
field-media-missing = There is no such file in this course's files
author-media-review = Adding, replacing or removing a file changes this course's draft, like any other edit: visitors keep the published files until an editor publishes the change.
author-media-state = Status
author-media-state-published = Published
author-media-state-changed = Changed in this draft
author-media-state-new = New in this draft
author-media-remove = Remove
media-removed = { $path } was removed from this draft.
media-remove-missing = There is no file { $path } to remove; it may have been removed already.
media-in-use = { $path } cannot be removed: it is used by { $lessons }. Change those lessons first.
author-note-file-added = File { $path } added
author-note-file-replaced = File { $path } replaced
author-note-file-removed = File { $path } removed
author-done-created = The course has been created. Add modules and lessons below, then submit it for review.
author-done-details = The course details have been saved.
author-done-module = The module has been added.
author-done-lesson = The lesson has been added.
author-done-reordered = The new order has been saved.
author-done-restored = The earlier version has been restored as the newest one.
author-done-saved = Saved.
author-done-submitted = Submitted for review. The editors have been told; you will hear when they respond.
author-done-commented = Your note has been added to the conversation.
author-done-changes-requested = Changes requested. The authors have been told.
author-done-published = Published: visitors now see this version.
author-done-unpublished = Unpublished: visitors no longer see the course.
author-done-archived = Archived: visitors no longer see the course; learners keep their progress and certificates.

# Notices (notifications/) and their mails
notices-title = Notices
notices-none = No notices yet. You will be told here (and by e-mail) when something needs you: a course submitted for review, changes requested, a course published.
notices-new = New
author-notices-unread = You have { $count } new notices.
notice-submitted = { $actor } submitted a course for review
mail-notice-submitted-subject = Submitted for review: { $title }
mail-notice-submitted-body =
    Hello { $name },

    { $actor } submitted “{ $title }” for review.

    { $note }

    Open it here:

    { $link }

    You get this message because you write or edit courses on altto.
notice-comment = { $actor } added a note
mail-notice-comment-subject = New note on { $title }
mail-notice-comment-body =
    Hello { $name },

    { $actor } added a note to the conversation about “{ $title }”.

    { $note }

    Open it here:

    { $link }

    You get this message because you write or edit courses on altto.
notice-changes_requested = { $actor } asked for changes
mail-notice-changes_requested-subject = Changes requested: { $title }
mail-notice-changes_requested-body =
    Hello { $name },

    { $actor } asked for changes to “{ $title }”.

    { $note }

    Open it here:

    { $link }

    You get this message because you write or edit courses on altto.
notice-published = { $actor } published a course
mail-notice-published-subject = Published: { $title }
mail-notice-published-body =
    Hello { $name },

    { $actor } published “{ $title }”. Visitors now see this version.

    { $note }

    Open it here:

    { $link }

    You get this message because you write or edit courses on altto.
notice-unpublished = { $actor } unpublished a course
mail-notice-unpublished-subject = Unpublished: { $title }
mail-notice-unpublished-body =
    Hello { $name },

    { $actor } unpublished “{ $title }”. Visitors no longer see it.

    { $note }

    Open it here:

    { $link }

    You get this message because you write or edit courses on altto.
notice-archived = { $actor } archived a course
mail-notice-archived-subject = Archived: { $title }
mail-notice-archived-body =
    Hello { $name },

    { $actor } archived “{ $title }”. Visitors no longer see it; learners keep their progress and certificates.

    { $note }

    Open it here:

    { $link }

    You get this message because you write or edit courses on altto.
mail-notice-note = Note: { $note }
diff-module = Module { $number }: { $title }
diff-lesson = Lesson { $number }: { $title }
diff-quiz = Quiz (pass mark { $percent }%)
diff-question = Question { $number } ({ $kind }): { $prompt }
diff-download = Download
diff-files = Files
