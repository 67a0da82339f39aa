## Renaming, moving and deleting courses, modules, lessons and files
manage-link = Rename, move or delete
manage-course-link = Change the course address, or delete the course
manage-file-link = Rename or remove
manage-title = Change “{ $name }”
manage-back = Back to the course
manage-rename = Rename
manage-rename-button = Save the new name
manage-course-slug-hint = Lowercase letters, digits and hyphens. The old address keeps working: visitors are sent on to the new one.
manage-course-redirect = Learners keep using the old address until an editor publishes this change; after that, the old address sends them to the new one.
manage-course-pending = New address once published: { $slug }
manage-lesson-slug-hint = Lowercase letters, digits and hyphens. Once the change is published, the old address sends learners to the new one, and their progress stays with the lesson.
manage-file-name = File name
manage-file-name-hint = Keep the same ending (such as .png or .pdf). Lessons that use the file are changed to use the new name in the same step, so nothing breaks.
manage-move = Move
manage-move-module = Module
manage-move-place = Place in the list
manage-move-place-hint = Now at place { $place } of { $places }. 1 is the top.
manage-move-button = Move
manage-delete = Delete
manage-delete-link = Delete “{ $name }”…
rename-file-invalid = Use letters, digits, hyphens and dots only, with the file's ending, e.g. board-photo.png.
rename-file-same-type = Keep the same ending as the file has now (a renamed file is still the same kind of file).
rename-file-taken = Another file of this course already has that name.
rename-move-invalid = There is no such place to move it to. A module keeps at least one lesson.
rename-note-course = Course address changed from { $from } to { $to }
rename-note-module = Module “{ $from }” renamed to “{ $to }”
rename-note-lesson = Lesson { $from } renamed to { $to }
rename-note-file = File { $from } renamed to { $to }
rename-note-moved = “{ $title }” moved
delete-title = Delete “{ $name }”?
delete-item-button = Delete “{ $name }”
delete-cancel = Cancel, keep it
delete-module-lessons = Its lessons are deleted with it: { $lessons }.
delete-completed = { $count ->
    [0] No learner has completed it yet.
    [one] 1 learner completed it; their progress and certificates are kept.
   *[other] { $count } learners completed it; their progress and certificates are kept.
}
delete-certified = { $count ->
    [one] 1 learner holds this course's certificate. Certificates are never taken back.
   *[other] { $count } learners hold this course's certificate. Certificates are never taken back.
}
delete-until-published = Learners still see it until an editor publishes this change. An earlier version can be restored from the revision history.
delete-file-unused = No lesson uses this file.
delete-course-for-good = This course was never published. Deleting it removes the course, all its versions and its files for good; it cannot be undone.
delete-course-published = A course that was published cannot be deleted: learners' progress and certificates belong to it. To take it away from visitors, use “Archive” on the course page; learners keep their progress and certificates.
delete-last-module = This is the only module of the course. A course needs at least one module: add another module first.
delete-last-lesson = This is the only lesson of the course. A course needs at least one lesson: add another lesson first.
delete-last-lesson-of-module = This is the only lesson of the module “{ $module }”. Delete the whole module instead, or add another lesson to it first.
delete-note-module = Module “{ $title }” deleted
delete-note-lesson = Lesson “{ $title }” deleted
delete-note-file = File { $title } deleted
author-done-renamed = The new name has been saved. Learners see it once an editor publishes this version.
author-done-moved = The move has been saved.
author-done-deleted = Deleted. Learners keep their progress and certificates.
author-done-course-deleted = The course has been deleted.
diff-address = Address
diff-renamed-course = Course address changed from { $from } to { $to }
diff-renamed-module = Module “{ $from }” renamed to “{ $to }”
diff-deleted-module = Module “{ $title }” deleted
diff-renamed-lesson = Lesson “{ $title }” renamed: address { $from } changed to { $to }
diff-moved-lesson = Lesson “{ $title }” moved to module “{ $module }”
diff-deleted-lesson = Lesson “{ $title }” deleted
diff-renamed-file = File { $from } renamed to { $to }
diff-deleted-file = File { $path } deleted
