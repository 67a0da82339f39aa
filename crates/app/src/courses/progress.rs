//! Progress rules: what counts as done, pure functions over stored progress.

use std::collections::HashMap;

use altto_store::LessonProgress;

use super::content::{CourseContent, LessonContent};

/// A learner's standing in one lesson.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LessonState {
    /// Not opened yet.
    #[default]
    NotStarted,
    /// Opened, not finished.
    InProgress,
    /// Marked complete and, if it has a quiz, the quiz passed.
    Done,
}

impl LessonState {
    /// The translation key of the state.
    pub fn key(self) -> &'static str {
        match self {
            LessonState::NotStarted => "lesson-state-not-started",
            LessonState::InProgress => "lesson-state-in-progress",
            LessonState::Done => "lesson-state-done",
        }
    }
}

/// The state of `lesson` given its progress row.
pub fn lesson_state(lesson: &LessonContent, progress: Option<&LessonProgress>) -> LessonState {
    match progress {
        None => LessonState::NotStarted,
        Some(p) if p.completed_at.is_some() && (lesson.quiz.is_none() || p.passed_at.is_some()) => {
            LessonState::Done
        }
        Some(_) => LessonState::InProgress,
    }
}

/// A learner's standing in a course.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CourseState {
    /// Lessons done.
    pub done: usize,
    /// Lessons in the course.
    pub total: usize,
    /// Whether any lesson was opened.
    pub started: bool,
    /// The lesson to continue with: the first not done (by slug).
    pub next: Option<String>,
    /// Each lesson's state, by lesson id.
    pub lessons: HashMap<i64, LessonState>,
}

impl CourseState {
    /// Percent of lessons done.
    pub fn percent(&self) -> usize {
        (self.done * 100).checked_div(self.total).unwrap_or(0)
    }

    /// Whether every lesson is done and every quiz passed.
    pub fn is_complete(&self) -> bool {
        self.total > 0 && self.done == self.total
    }

    /// The state of the lesson with id `id`.
    pub fn of(&self, id: i64) -> LessonState {
        self.lessons.get(&id).copied().unwrap_or_default()
    }
}

/// Works out a course's state from the learner's progress rows. Rows for lessons no
/// longer in the course are ignored; reordering changes nothing, since rows are kept
/// by lesson id.
pub fn course_state(course: &CourseContent, progress: &[LessonProgress]) -> CourseState {
    let by_lesson: HashMap<i64, &LessonProgress> = progress.iter().map(|p| (p.lesson_id, p)).collect();
    let mut state = CourseState { done: 0, total: 0, started: false, next: None, lessons: HashMap::new() };
    for (_, lesson) in course.lessons() {
        let row = by_lesson.get(&lesson.id).copied();
        let lesson_state = lesson_state(lesson, row);
        state.total += 1;
        state.started |= row.is_some();
        if lesson_state == LessonState::Done {
            state.done += 1;
        } else if state.next.is_none() {
            state.next = Some(lesson.slug.clone());
        }
        state.lessons.insert(lesson.id, lesson_state);
    }
    state
}
