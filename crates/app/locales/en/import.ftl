## Importing quiz questions from Moodle (GIFT and Moodle XML)
import-heading = Import questions (GIFT or Moodle XML)
import-hint = A question bank exported from Moodle: a GIFT text file (.gift or .txt) or a Moodle XML file (.xml). Questions of the kinds altto has are imported; the others are listed with the reason. A file with errors imports nothing.
import-file = File to import
import-mode = What to do with the lesson's quiz
import-mode-add = Add the questions to the quiz
import-mode-replace = Replace the quiz with the questions
import-submit = Import
import-title = Import questions
import-into = Into the quiz of “{ $title }”.
import-back = Back to “{ $title }”
import-saved = { $count ->
    [one] One question imported
   *[other] { $count } questions imported
    }; the quiz now has { $total ->
    [one] one question
   *[other] { $total } questions
    }. The import is saved as a new revision of the draft: learners see it once an editor publishes it.
import-nothing-saved = Nothing was imported
import-problems = The file has errors. Correct them (in Moodle or in the file) and import it again:
import-nothing = The file holds no question that altto can import.
import-choose-file = Choose a GIFT or Moodle XML file to import.
import-too-large = The file is larger than the upload limit ({ $limit } MB).
import-imported = Imported questions
import-readable = Questions that could be imported
import-changed = Imported with changes
import-skipped = Not imported
import-question = Question
import-moodle-kind = Kind in Moodle
import-what-changed = What changed
import-why = Why
import-review-quiz = Review the quiz in the quiz editor
import-note = Imported { $count } questions from { $file } into “{ $title }”
import-kind-single = Single choice
import-kind-multiple = Multiple choice
import-kind-true_false = True or false
import-kind-short = Short answer
import-kind-ordering = Ordering
import-kind-matching = Matching
import-kind-cloze = Fill in the blanks
import-question-number = Question { $number }
import-question-named = Question { $number } ({ $name })

## Why a question was not imported
import-skip-numerical = A numerical question accepts a number within a tolerance; altto compares typed answers as text.
import-skip-essay = An essay is marked by a person; altto marks its quizzes itself.
import-skip-description = A description is text between questions, not a question: put it in the lesson text if you need it.
import-skip-calculated = A calculated question draws its numbers at random from a formula; altto has no such questions.
import-skip-random = A random question is drawn from a Moodle category when the quiz starts: import that category's questions instead.
import-skip-on-image = Dragging onto an image, or placing markers on one, needs the picture; altto has no such questions.
import-skip-unknown = altto does not know this kind of question.
import-skip-several-right = A one-answer question with more than one right answer: altto's single-choice questions have exactly one. Mark one answer right (or allow several answers) in Moodle and import it again.
import-skip-wildcard = An accepted answer uses Moodle's * wildcard, which altto cannot check.
import-skip-not-usable = The quiz editor would not save it as it is: { $detail }.
import-skip-cloze-part = Blank { $blank } is a { $kind } blank, which cannot become a typed blank.
import-note-images = { $count ->
    [one] Its image was left out
   *[other] Its { $count } images were left out
    }: altto keeps no pictures inside questions (each image's description stays in [brackets]). Add the picture to the lesson text if it is needed.
import-note-partial-credit = Answers worth part of the mark now count as wrong (altto has no partial credit).
import-note-feedback = Its general feedback was left out: altto shows feedback for each choice of a multiple-answer question.
import-note-choices-typed = The blanks' drop-down or drag-and-drop choices became blanks the learner types.

## Errors in a file to import
import-problem-question-line = { $question }, line { $line }: { $fault }
import-problem-question = { $question }: { $fault }
import-problem-line = Line { $line }: { $fault }
import-fault-not-utf8 = The file is not UTF-8 text. Export it from Moodle again, or save it as UTF-8.
import-fault-not-xml = The file is not well-formed XML.
import-fault-dtd = The file declares a document type (DOCTYPE), which Moodle exports never do, so it was not read.
import-fault-not-moodle-xml = The file is XML but not a Moodle question export (which starts with <quiz>).
import-fault-too-many = The file has more than { $limit } questions to import: split it into smaller files.
import-fault-unclosed-brace = A {"{"} is not closed by {"}"} (write \{"{"} for a brace in the text).
import-fault-stray-brace = A {"}"} closes no {"{"}, or the question has a second answer block (write \{"}"} for a brace in the text).
import-fault-unclosed-title = The title starts with :: but no :: ends it.
import-fault-no-prompt = The question has no text.
import-fault-too-few-choices = A choice question needs at least two choices.
import-fault-no-right-answer = No answer is marked right.
import-fault-empty-answer = An answer has no text.
import-fault-bad-weight = “{ $weight }” is not a percentage from -100 to 100.
import-fault-pair-without-arrow = A matching pair needs -> between its two sides.
import-fault-too-few-pairs = A matching question needs at least two pairs.
import-fault-too-few-items = An ordering question needs at least two items.
import-fault-no-true-false = Neither true nor false is marked right.
import-fault-bad-cloze = Blank { $blank } cannot be read: write it like {"{"}1:SHORTANSWER:=answer{"}"}.
import-fault-cloze-no-right = Blank { $blank } has no right answer.
import-fault-unknown-gap = The text has [[{ $gap }]] but there is no choice { $gap }.
import-fault-no-blanks = The question has no blanks.
import-fault-too-long = A text of the question is longer than { $limit } characters.
