//! A course revision as text a person reads, for the diff between two revisions: the
//! course's details, then each module and lesson with its text, video, downloads and
//! reflection prompt, then its quiz question by question (choices marked right or
//! not, answers, feedback) — in the reader's language, not as package files.

use std::fmt::Write as _;

use fluent_templates::fluent_bundle::FluentValue;

use crate::{
    courses::content::{CourseContent, LessonContent, Question, Quiz},
    i18n::Lang,
};

/// `content` as readable text in `lang`, one fact per line (so a diff shows each change
/// on its own line).
pub fn readable(content: &CourseContent, lang: Lang) -> String {
    let mut out = String::new();
    let line = |out: &mut String, label: &str, value: &str| labelled(out, lang, label, value);
    line(&mut out, "field-course-title", &content.title);
    line(&mut out, "diff-address", &content.slug);
    line(&mut out, "field-title-ja", content.title_ja.as_deref().unwrap_or_default());
    line(&mut out, "field-summary", &content.summary);
    line(&mut out, "field-summary-ja", content.summary_ja.as_deref().unwrap_or_default());
    line(
        &mut out,
        "field-course-language",
        &lang.t(&format!("content-language-{}", content.language.code())),
    );
    line(&mut out, "field-hours", &content.hours.to_string());
    line(&mut out, "course-level", &lang.t(&format!("level-course-{}", content.level.as_str())));
    line(&mut out, "course-licence", content.licence.name());
    line(&mut out, "course-authors", &content.authors.join(", "));
    line(&mut out, "course-topic", &content.topics.join(", "));
    for (m, module) in content.modules.iter().enumerate() {
        let args =
            [("number", FluentValue::from(m + 1)), ("title", FluentValue::from(module.title.as_str()))];
        let _ = writeln!(out, "\n== {}", lang.t_args("diff-module", &args));
        line(&mut out, "field-title-ja", module.title_ja.as_deref().unwrap_or_default());
        for (l, lesson) in module.lessons.iter().enumerate() {
            let number = format!("{}.{}", m + 1, l + 1);
            lesson_text(&mut out, lesson, &number, lang);
        }
    }
    if let Some(files) = &content.files
        && !files.is_empty()
    {
        let _ = writeln!(out, "\n== {}", lang.t("diff-files"));
        for (path, file) in files {
            let _ =
                writeln!(out, "{path} ({} bytes, {})", file.size, file.sha256.get(..12).unwrap_or_default());
        }
    }
    out
}

/// `label: value` on a line of its own, in `lang`; nothing for an empty value.
fn labelled(out: &mut String, lang: Lang, label: &str, value: &str) {
    if !value.is_empty() {
        let _ = writeln!(out, "{}: {value}", lang.t(label));
    }
}

fn lesson_text(out: &mut String, lesson: &LessonContent, number: &str, lang: Lang) {
    let args = [("number", FluentValue::from(number)), ("title", FluentValue::from(lesson.title.as_str()))];
    let _ = writeln!(out, "\n=== {}", lang.t_args("diff-lesson", &args));
    let mut line = |label: &str, value: &str| labelled(out, lang, label, value);
    line("field-title-ja", lesson.title_ja.as_deref().unwrap_or_default());
    line("diff-address", &lesson.slug);
    line("field-summary", &lesson.summary);
    line("field-summary-ja", lesson.summary_ja.as_deref().unwrap_or_default());
    line("field-minutes", &lesson.minutes.to_string());
    if let Some(video) = &lesson.video {
        line("field-youtube", video.youtube.as_deref().unwrap_or_default());
        line("field-vimeo", video.vimeo.as_deref().unwrap_or_default());
        line("field-video-file", video.file.as_deref().unwrap_or_default());
        line("field-captions", video.captions.as_deref().unwrap_or_default());
        line("media-pick-captions_ja", video.captions_ja.as_deref().unwrap_or_default());
        line("field-transcript", video.transcript.as_deref().unwrap_or_default());
    }
    for resource in &lesson.resources {
        let title = match &resource.title_ja {
            Some(ja) => format!("{} / {ja}", resource.title),
            None => resource.title.clone(),
        };
        line("diff-download", &format!("{title} ({})", resource.file));
    }
    line("field-reflection", lesson.reflection.as_deref().unwrap_or_default());
    line("field-reflection-ja", lesson.reflection_ja.as_deref().unwrap_or_default());
    let _ = writeln!(out, "\n{}", lesson.body.trim_end());
    if let Some(body) = &lesson.body_ja {
        let _ = writeln!(out, "\n{}:\n{}", lang.t("field-body-ja"), body.trim_end());
    }
    if let Some(quiz) = &lesson.quiz {
        quiz_text(out, quiz, lang);
    }
}

fn quiz_text(out: &mut String, quiz: &Quiz, lang: Lang) {
    let _ =
        writeln!(out, "\n{}", lang.t_args("diff-quiz", &[("percent", FluentValue::from(quiz.pass_mark))]));
    for (i, question) in quiz.questions.iter().enumerate() {
        let args = [
            ("number", FluentValue::from(i + 1)),
            ("kind", FluentValue::from(lang.t(&format!("import-kind-{}", question.kind())))),
            ("prompt", FluentValue::from(question.prompt())),
        ];
        let _ = writeln!(out, "{}", lang.t_args("diff-question", &args));
        let (right, wrong) = match question {
            Question::Single { choices, .. } | Question::Multiple { choices, .. } => {
                for choice in choices {
                    let mark = if choice.correct { "[x]" } else { "[ ]" };
                    let feedback = choice.feedback.as_deref().map(|f| format!(" — {f}")).unwrap_or_default();
                    let _ = writeln!(out, "  {mark} {}{feedback}", choice.text);
                }
                (&None, &None)
            }
            Question::TrueFalse { answer, feedback_correct, feedback_incorrect, .. } => {
                let _ = writeln!(out, "  = {}", lang.t(if *answer { "quiz-true" } else { "quiz-false" }));
                (feedback_correct, feedback_incorrect)
            }
            Question::Short { answers, feedback_correct, feedback_incorrect, .. } => {
                let _ = writeln!(out, "  = {}", answers.join(" | "));
                (feedback_correct, feedback_incorrect)
            }
            Question::Ordering { items, feedback_correct, feedback_incorrect, .. } => {
                for (n, item) in items.iter().enumerate() {
                    let _ = writeln!(out, "  {}. {item}", n + 1);
                }
                (feedback_correct, feedback_incorrect)
            }
            Question::Matching { pairs, distractors, feedback_correct, feedback_incorrect, .. } => {
                for pair in pairs {
                    let _ = writeln!(out, "  {} → {}", pair.left, pair.right);
                }
                for distractor in distractors {
                    let _ = writeln!(out, "  (–) {distractor}");
                }
                (feedback_correct, feedback_incorrect)
            }
            Question::Cloze { text, feedback_correct, feedback_incorrect, .. } => {
                let _ = writeln!(out, "  {text}");
                (feedback_correct, feedback_incorrect)
            }
        };
        if let Some(feedback) = right {
            let _ = writeln!(out, "  ✓ {feedback}");
        }
        if let Some(feedback) = wrong {
            let _ = writeln!(out, "  ✗ {feedback}");
        }
    }
}

/// What changed in the outline from `before` to `after`, one sentence each in `lang`:
/// lessons renamed (a new address), moved to another module or deleted (told apart by
/// their ids, which follow them), modules renamed or deleted, files renamed or deleted.
pub fn outline_changes(before: &CourseContent, after: &CourseContent, lang: Lang) -> Vec<String> {
    let say = |key: &str, args: &[(&str, &str)]| {
        let args: Vec<(&str, FluentValue)> = args.iter().map(|(k, v)| (*k, FluentValue::from(*v))).collect();
        lang.t_args(key, &args)
    };
    let mut out = Vec::new();
    if before.slug != after.slug {
        out.push(say("diff-renamed-course", &[("from", &before.slug), ("to", &after.slug)]));
    }
    for old in &before.modules {
        match after
            .modules
            .iter()
            .find(|m| m.key.split_once('-').map(|k| k.1) == old.key.split_once('-').map(|k| k.1))
        {
            Some(new) if new.title != old.title => {
                out.push(say("diff-renamed-module", &[("from", &old.title), ("to", &new.title)]));
            }
            Some(_) => {}
            None => out.push(say("diff-deleted-module", &[("title", &old.title)])),
        }
    }
    for (old_module, old) in before.lessons() {
        let Some((new_module, new)) = after.lessons().find(|(_, l)| old.id != 0 && l.id == old.id) else {
            out.push(say("diff-deleted-lesson", &[("title", &old.title)]));
            continue;
        };
        if new.slug != old.slug {
            out.push(say(
                "diff-renamed-lesson",
                &[("title", &new.title), ("from", &old.slug), ("to", &new.slug)],
            ));
        }
        if new_module.key.split_once('-').map(|k| k.1) != old_module.key.split_once('-').map(|k| k.1) {
            out.push(say("diff-moved-lesson", &[("title", &new.title), ("module", &new_module.title)]));
        }
    }
    let (old_files, new_files) =
        (before.files.clone().unwrap_or_default(), after.files.clone().unwrap_or_default());
    for (path, file) in &old_files {
        if new_files.contains_key(path) {
            continue;
        }
        match new_files.iter().find(|(p, f)| f.sha256 == file.sha256 && !old_files.contains_key(*p)) {
            Some((to, _)) => out.push(say("diff-renamed-file", &[("from", path), ("to", to)])),
            None => out.push(say("diff-deleted-file", &[("path", path)])),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_revision_reads_as_lessons_and_questions_not_package_files() {
        let content = crate::courses::package::parse(&crate::courses::library::starter_files()).unwrap();
        let text = readable(&content, Lang::En);
        assert!(text.contains("Course title: ALT Essentials"), "{text}");
        assert!(text.contains("=== Lesson 1.1: "), "{text}");
        assert!(text.contains("Question 1 (") && text.contains("[x] "), "{text}");
        assert!(!text.contains("+++") && !text.contains(".quiz.toml"), "no package syntax");
        let japanese = readable(&content, Lang::Ja);
        assert!(
            japanese.contains("コースのタイトル: ALT Essentials") && japanese.contains("レッスン 1.1"),
            "{japanese}"
        );
    }

    #[test]
    fn the_course_language_and_a_japanese_version_read_as_lines_of_their_own() {
        let mut content = crate::courses::package::parse(&crate::courses::library::starter_files()).unwrap();
        content.language = Lang::Ja;
        let lesson = &mut content.modules[0].lessons[0];
        lesson.body_ja = Some("日本語の本文".into());
        lesson.reflection_ja = Some("日本語の問い".into());
        let text = readable(&content, Lang::En);
        assert!(text.contains("Language of the course: Japanese\n"), "{text}");
        assert!(text.contains("\nLesson text in Japanese (Markdown):\n日本語の本文\n"), "{text}");
        assert!(text.contains("Reflection prompt in Japanese: 日本語の問い\n"), "{text}");
    }
}
