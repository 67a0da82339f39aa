## Languages of content: a course's language, a lesson's Japanese version, and the
## learners' page previewed from the working copy
content-language-en = English
content-language-ja = Japanese
field-course-language = Language of the course
field-course-language-hint = The language the title, summary and lessons are written in. The Japanese title and summary fields are a Japanese version of an English course.
lesson-read-original = Read the original ({ $language })
lesson-read-japanese = Read the Japanese version
lesson-japanese-version-note = This is the Japanese version of a lesson written in { $language }.
lesson-ja-heading = Japanese version
lesson-ja-hint = Optional. Readers using the Japanese interface see this version, with a link to the original. Leave it empty if there is none.
field-body-ja = Lesson text in Japanese (Markdown)
field-reflection-ja = Reflection prompt in Japanese
preview-learners-page = See the page as learners will:
preview-in-en = Preview in English
preview-in-ja = Preview in Japanese
preview-banner = Preview — not published.
preview-banner-detail = This is the working copy as learners will see it once it is published. Its buttons are switched off, and nothing you do here is recorded.
preview-back-to-editor = Back to editing this lesson
preview-lessons = Preview the lessons as learners will see them
