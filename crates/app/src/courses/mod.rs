//! Courses: the catalogue, lessons with quizzes and progress, and the course library
//! (packages, revisions, the starter course).

mod attempts;
mod completion;
pub mod content;
pub mod device;
pub mod files;
mod learning;
mod lesson;
pub mod library;
pub mod media;
mod merge;
pub mod moodle;
pub mod package;
mod pages;
pub mod progress;
pub mod quiz;
pub mod topics;
pub mod views;

pub use attempts::attempt_quiz;
pub use completion::complete;
pub use lesson::{LessonPage, preview_page};
pub use library::{CourseCache, Published};
pub use merge::{DeviceMerge, merge_device_progress};
pub use progress::course_state;

use crate::{policy::Action, web::routes::Routes};

/// The course routes.
pub fn routes() -> Routes {
    Routes::new()
        .get("/courses", Action::ReadPublic, pages::list_courses)
        .get_cached("/courses/{slug}", Action::ReadPublic, pages::show_course)
        .get_cached("/courses/{slug}/lessons/{lesson}", Action::ReadPublic, lesson::show_lesson)
        .post("/courses/{slug}/lessons/{lesson}/quiz", Action::TakeQuiz, attempts::submit_quiz)
        .post(
            "/courses/{slug}/lessons/{lesson}/complete",
            Action::CompleteLesson,
            completion::complete_lesson,
        )
        .post("/courses/{slug}/lessons/{lesson}/reflection", Action::TrackProgress, lesson::save_reflection)
        .get("/learning", Action::ReadPublic, learning::show_learning)
        .get("/media/{slug}/{*path}", Action::ReadPublic, media::serve_media)
}
