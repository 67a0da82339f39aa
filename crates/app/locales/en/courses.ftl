## Navigation
nav-courses = Courses
nav-learning = My learning
breadcrumb-label = You are here

## Catalogue and course pages
courses-title = Courses
courses-intro = Self-paced training for ALTs, free and open to everyone. Sign in to keep your progress and earn certificates.
courses-filter = Filter courses
courses-filter-button = Show courses
courses-any = Any
courses-none = No course matches these filters.
course-level = Level
course-topic = Topic
course-hours = Professional development
course-lesson-time = Lesson time
course-lesson-time-value = { $hours ->
    [0] { $minutes } min
   *[other] { $hours } h { $minutes } min
}
course-hours-value = { $hours } hours
course-lessons = Lessons
course-authors = Authors
course-licence = Licence
course-syllabus = Syllabus
course-start = Start the course
course-continue = Continue
course-percent-done = { $percent }% done
course-completed = You have completed this course.
course-view-certificate = View your certificate
course-certified = You earned this course's certificate.
course-read-again = Read the course again
course-visitor-note = Everything here is free to read. Without an account, your progress is kept on this device only; create an account to keep it and earn a certificate.
level-course-foundation = Foundation
level-course-intermediate = Intermediate
level-course-advanced = Advanced

## Lessons
lesson-position = Lesson { $position }
lesson-minutes = { $minutes } min
lesson-has-quiz = quiz
lesson-state-not-started = Not started
lesson-state-in-progress = In progress
lesson-state-done = Done
lesson-video = Video
lesson-progress = Your progress
lesson-mark-complete = Mark this lesson complete
lesson-done-notice = You have completed this lesson.
lesson-complete-needs-quiz = This lesson is complete once you pass its quiz (pass mark: { $percent }%). Nothing has been changed.
lesson-complete-needs-pass = This lesson is complete once its quiz is passed. Nothing has been changed.
lesson-go-to-quiz = Go to the quiz
lesson-next = Next lesson: { $title }
lesson-back-to-course = Back to the course
device-lesson-done = Lesson complete. It is saved on this device only: create an account to keep it.
device-course-done = You have done every lesson of this course. Create an account or sign in to get your certificate: the progress saved on this device comes with you.
lesson-visitor-note = Without an account, your progress is kept on this device only (in a cookie). To keep it and earn a certificate:
lesson-nav-label = Previous and next lesson
lesson-credit = Written by { $authors }. Licence:

## Quizzes
quiz-heading = Check your understanding
quiz-pass-mark = Pass mark: { $percent }%.
quiz-best = Your best score so far: { $score }%.
quiz-choose-all = Choose every answer that applies.
quiz-true = True
quiz-false = False
quiz-your-answer = Your answer
quiz-submit = Check my answers
quiz-score = You scored { $score }%.
quiz-passed = You passed. Well done!
quiz-not-passed = Not passed yet: read the feedback and try again as often as you like.
quiz-right = Correct
quiz-wrong = Not quite
quiz-visitor-note = Saved on this device only. Create an account to keep it:
quiz-changed = The quiz changed after you opened this page. Here is the current version; please answer again.
quiz-not-this-quiz = Those answers do not belong to this quiz. Please answer the questions below.
quiz-unanswered = You have not answered any question yet. Please answer at least one, then check your answers.
quiz-partly = Partly right
quiz-choice-picked-right = You chose “{ $choice }”: right.
quiz-choice-picked-wrong = You chose “{ $choice }”: not right.
quiz-choice-missed = You did not choose “{ $choice }”, which is right.
quiz-ordering-hint = Give each item its place in the order: 1 for the first.
quiz-choose-position = Place…
quiz-matching-hint = Choose the partner of each item.
quiz-matching-extra = Some of the choices match nothing.
quiz-choose-partner = Choose…
quiz-cloze-hint = Fill in each blank.
quiz-blank-label = Blank { $number } of { $total }
quiz-blank-right = right
quiz-blank-wrong = not right
quiz-parts-ordering = { $right } of { $total } items are in the right place.
quiz-parts-matching = { $right } of { $total } pairs are right.
quiz-parts-cloze = { $right } of { $total } blanks are right.

## Reflection
reflection-heading = Reflect
reflection-label = Your private note (only you can see it)
reflection-save = Save my note
reflection-visitor = Sign in to keep a private note with your thoughts.

## My learning
learning-title = My learning
learning-courses = Courses
learning-none = You have not started a course yet.
learning-best = best score { $score }%
learning-merged = The progress saved on this device is now in your account.
learning-device-intro = You are not signed in. This is the progress kept on this device (in a cookie). Create an account or sign in and it moves into your account, where it is kept for good, and you can earn certificates and keep notes.
learning-device-none = Nothing is saved on this device yet.
learning-device-complete = Every lesson done. Create an account or sign in to get your certificate.
learning-last-activity = Last activity: { $date }
learning-certificates = Certificates
learning-no-certificates = Complete a course to earn a certificate.
learning-notes = Reflection notes
learning-no-notes = Your reflection notes will appear here.

## Certificates
certificate-kicker = Certificate of completion
certificate-completed = has completed the course
certificate-hours = Professional development
certificate-date = Issued on
certificate-issuer = Issued by
certificate-id = Certificate number
certificate-verified = This certificate is genuine: it was issued by this site and has not been altered.
certificate-not-verified = This certificate's signature could not be verified.
certificate-download = Download the signed certificate (Open Badges 3.0)
certificate-how-to-check = Anyone can check the downloaded file against this site's public key:
certificate-congratulations = Congratulations! You have completed the course and earned this certificate.

## Media
lesson-transcript = Transcript
lesson-download-video = Download the video
lesson-resources = Downloads
media-type-not-allowed = This type of file cannot be added. Allowed: PNG, JPEG, GIF, WebP, PDF, MP4, WebM, MP3, WebVTT captions, plain text and office documents.
media-too-large = This file is larger than the upload limit.
media-content-mismatch = The file's content does not match its name (for example, captions must be a WebVTT file starting with WEBVTT).

certificate-qr-label = QR code of this certificate's address
certificate-check-at = Check this certificate at:
certificate-check-by-number = Or type its number on
certificate-find-title = Check a certificate
certificate-find-intro = Type the certificate number printed on the certificate (or paste its address) to see whether it is genuine.
certificate-find-none = No certificate has this number. Check the number on the paper copy and try again.
certificate-find-button = Check
