//! The quiz editor's form: what it reads, what its buttons do, and the guarantee that
//! every quiz it saves can be taken and marked.

use super::*;
use crate::courses::{
    content::LessonContent,
    quiz::{self, Mismatch, cloze, form, shown},
    views::{Reading, question_views},
};
use crate::i18n::Lang;

fn pairs(fields: &[(&str, &str)]) -> Pairs {
    fields.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

#[test]
fn a_form_of_every_kind_makes_the_quiz_it_shows() {
    let form = pairs(&[
        ("pass_mark", " 80 "),
        ("show_answers", "after_attempts"),
        ("answers_after_attempts", "3"),
        ("shuffle", "on"),
        ("q0-kind", "single"),
        ("q0-prompt", " When does the school year start? "),
        ("q0-c0-text", "April"),
        ("q0-c0-correct", "on"),
        ("q0-c0-feedback", "Yes."),
        ("q0-c1-text", "September"),
        ("q0-c2-text", ""),
        ("q1-kind", "true_false"),
        ("q1-prompt", "Lunch is eaten in class."),
        ("q1-answer", "true"),
        ("q2-kind", "short"),
        ("q2-prompt", "Team teaching?"),
        ("q2-answers", "team teaching\r\n\r\n  TT  \n"),
        ("q3-kind", "ordering"),
        ("q3-prompt", "Order"),
        ("q3-items", "Greeting\nWarm-up\n\nReview"),
        ("q4-kind", "matching"),
        ("q4-prompt", "Match"),
        ("q4-p0-left", "校長"),
        ("q4-p0-right", "principal"),
        ("q4-p1-left", "担任"),
        ("q4-p1-right", "homeroom teacher"),
        ("q4-p2-left", ""),
        ("q4-p2-right", ""),
        ("q4-distractors", "nurse"),
        ("q5-kind", "cloze"),
        ("q5-prompt", "Fill in"),
        ("q5-text", "Starts in {April|4月}."),
        ("q5-feedback_incorrect", "April."),
        ("action", "save"),
    ]);
    let draft = QuizDraft::read(&form);
    let quiz = draft.quiz().unwrap();
    assert_eq!(quiz.pass_mark, 80);
    assert_eq!(
        (quiz.show_answers, quiz.answers_after_attempts, quiz.shuffle),
        (ShowAnswers::AfterAttempts, Some(3), true)
    );
    let kinds: Vec<&str> = quiz.questions.iter().map(Question::kind).collect();
    assert_eq!(kinds, ["single", "true_false", "short", "ordering", "matching", "cloze"]);
    assert_eq!(quiz.questions[0].prompt(), "When does the school year start?");
    let Question::Single { choices, .. } = &quiz.questions[0] else { panic!() };
    assert_eq!(choices.len(), 2, "the empty row is dropped");
    assert_eq!(choices[0].feedback.as_deref(), Some("Yes."));
    let Question::Short { answers, .. } = &quiz.questions[2] else { panic!() };
    assert_eq!(answers, &["team teaching", "TT"]);
    let Question::Matching { pairs, distractors, .. } = &quiz.questions[4] else { panic!() };
    assert_eq!((pairs.len(), distractors.as_slice()), (2, ["nurse".to_owned()].as_slice()));
    // The editor shows the saved quiz as the same form.
    assert_eq!(QuizDraft::of(Some(&quiz)).quiz().unwrap(), quiz);
}

#[test]
fn japanese_versions_are_saved_and_shown_again_and_a_row_with_only_japanese_is_kept() {
    let form = pairs(&[
        ("pass_mark", "50"),
        ("q0-kind", "single"),
        ("q0-prompt", "When does the school year start?"),
        ("q0-prompt_ja", " 学年はいつ始まりますか。 "),
        ("q0-c0-text", "April"),
        ("q0-c0-text_ja", "4月"),
        ("q0-c0-feedback_ja", "そのとおりです。"),
        ("q0-c0-correct", "on"),
        ("q0-c1-text", "September"),
        ("q0-c2-text_ja", "9月"),
        ("q1-kind", "true_false"),
        ("q1-prompt", "Lunch is eaten in class."),
        ("q1-prompt_ja", "給食は教室で食べる。"),
        ("q1-answer", "true"),
        ("q1-feedback_correct", "Right."),
        ("q1-feedback_correct_ja", "正解です。"),
        ("q1-feedback_incorrect_ja", ""),
    ]);
    let problems = QuizDraft::read(&form).quiz().unwrap_err();
    assert_eq!(
        problems.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(),
        ["q0-c0-text"],
        "a choice with only a Japanese text is kept, and refused for its missing text: {problems:?}"
    );
    let form: Pairs = form.into_iter().filter(|(name, _)| name != "q0-c2-text_ja").collect();
    let quiz = QuizDraft::read(&form).quiz().unwrap();
    let Question::Single { prompt_ja, choices, .. } = &quiz.questions[0] else { panic!() };
    assert_eq!(prompt_ja.as_deref(), Some("学年はいつ始まりますか。"));
    assert_eq!(
        (choices[0].text_ja.as_deref(), choices[0].feedback_ja.as_deref()),
        (Some("4月"), Some("そのとおりです。"))
    );
    assert_eq!(choices[1].text_ja, None);
    let Some([_, _, right_ja, wrong_ja]) = quiz.questions[1].feedback_texts() else { panic!() };
    assert_eq!((right_ja.as_deref(), wrong_ja.as_deref()), (Some("正解です。"), None));
    let draft = QuizDraft::of(Some(&quiz));
    assert_eq!(draft.questions[0].choices[0].text_ja, "4月");
    assert_eq!(draft.questions[1].feedback_correct_ja, "正解です。");
    assert_eq!(draft.quiz().unwrap(), quiz);
    // The same length limits as the English texts.
    let long = "あ".repeat(2001);
    let form = pairs(&[("q0-kind", "true_false"), ("q0-prompt", "Q"), ("q0-prompt_ja", &long)]);
    let problems = QuizDraft::read(&form).quiz().unwrap_err();
    assert!(problems.iter().any(|p| p.id == "q0-prompt_ja" && p.what == What::TooLong(2000)), "{problems:?}");
}

#[test]
fn buttons_add_move_and_remove_questions_and_add_rows() {
    let mut draft = QuizDraft::of(None);
    for value in ["add:single", "add:matching", "add:cloze", "add:nonsense", "up:0", "down:2"] {
        if let Some(action) = Action::parse(value) {
            draft.apply(action);
        }
    }
    let kinds: Vec<Kind> = draft.questions.iter().map(|q| q.kind).collect();
    assert_eq!(kinds, [Kind::Single, Kind::Matching, Kind::Cloze]);
    draft.apply(Action::Up(2));
    draft.apply(Action::AddRow(0));
    draft.apply(Action::AddRow(2));
    assert_eq!(draft.questions[0].choices.len(), 4);
    assert_eq!(draft.questions[2].pairs.len(), 4);
    draft.apply(Action::Remove(1));
    draft.apply(Action::Remove(9));
    let kinds: Vec<Kind> = draft.questions.iter().map(|q| q.kind).collect();
    assert_eq!(kinds, [Kind::Single, Kind::Matching]);
    assert_eq!(Action::parse("save"), Some(Action::Save));
    assert_eq!(Action::parse("remove:x"), None);
}

#[test]
fn problems_point_at_the_question_and_field() {
    let form = pairs(&[
        ("pass_mark", "abc"),
        ("q0-kind", "single"),
        ("q0-prompt", "Q"),
        ("q0-c0-text", "a"),
        ("q0-c1-text", "b"),
        ("q1-kind", "multiple"),
        ("q1-prompt", ""),
        ("q1-c0-text", "a"),
        ("q2-kind", "cloze"),
        ("q2-prompt", "Fill"),
        ("q2-text", "Starts in {April."),
    ]);
    let problems = QuizDraft::read(&form).quiz().unwrap_err();
    let at: Vec<(&str, Option<usize>)> = problems.iter().map(|p| (p.id.as_str(), p.question)).collect();
    assert_eq!(
        at,
        [
            ("pass_mark", None),
            ("q0-c0-text", Some(0)),
            ("q1-prompt", Some(1)),
            ("q1-c0-text", Some(1)),
            ("q2-text", Some(2)),
        ]
    );
    assert_eq!(problems[1].what, What::Rule(Problem::Choices { single: true, enough: true }));
}

/// A small deterministic generator, so that a failure can be replayed.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        usize::try_from((self.0 >> 33) % n as u64).unwrap_or(0)
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.roll(from.len())]
    }
}

/// Texts an author might type that are fine, if not the same twice…
const GOOD: &[&str] = &[
    "April",
    "４月",
    " padded ",
    "ティーム・ティーチング",
    "team teaching",
    "<b>bold</b>",
    "a|b",
    "\\{",
    "Ｔｅａｍ",
];
/// …and texts that may break a rule, alone or twice.
const BAD: &[&str] = &["", " ", "...", "April", "april.", "{", "}", "x"];
const CLOZE: &[&str] = &[
    "Starts in {April|4月}.",
    "{a} and {b|c}",
    "Brace \\{ and {ok}",
    "{  spaced answer  } end",
    "{４月|shi-gatsu}",
    "No blanks",
    "{}",
    "Open {April",
    "Stray } here {x}",
    "{ ... }",
    "{x {y}}",
];

impl Dice {
    /// A text, mostly a good one made unique with `n`.
    fn text(&mut self, n: &mut usize) -> String {
        *n += 1;
        if self.roll(12) == 0 { self.pick(BAD).to_owned() } else { format!("{} {n}", self.pick(GOOD)) }
    }

    /// A Japanese version: none, a text, or (rarely) one that is too long.
    fn japanese(&mut self) -> String {
        match self.roll(16) {
            0 => "あ".repeat(2001),
            1..=7 => String::new(),
            8 => " ".into(),
            k => format!("日本語の文 {k}"),
        }
    }

    /// Mostly the first of `options`, sometimes another.
    fn mostly<'a>(&mut self, options: &[&'a str]) -> &'a str {
        if self.roll(8) == 0 { self.pick(options) } else { options[0] }
    }
}

/// A form as an author might fill it in, edge cases included.
fn random_form(dice: &mut Dice) -> Pairs {
    let mut form: Pairs = Vec::new();
    let mut n = 0;
    let mut add = |name: String, value: &str| form.push((name, value.to_owned()));
    add("pass_mark".into(), dice.mostly(&["70", "1", "100", "0", "101", "x", "", " 50 "]));
    add("show_answers".into(), ["always", "after_pass", "after_attempts", "never"][dice.roll(4)]);
    add("answers_after_attempts".into(), dice.mostly(&["3", "1", "", "0", "1000", "two"]));
    if dice.roll(2) == 0 {
        add("shuffle".into(), "on");
    }
    for i in 0..=dice.roll(4) {
        let kind = Kind::ALL[dice.roll(Kind::ALL.len())];
        add(format!("q{i}-kind"), kind.as_str());
        add(format!("q{i}-prompt"), dice.mostly(&["Question?", "", "  ", "日本語の問題"]));
        let text = dice.text(&mut n);
        add(format!("q{i}-feedback_correct"), &text);
        let text = dice.text(&mut n);
        add(format!("q{i}-feedback_incorrect"), &text);
        for name in ["prompt_ja", "feedback_correct_ja", "feedback_incorrect_ja"] {
            let text = dice.japanese();
            add(format!("q{i}-{name}"), &text);
        }
        let rows = 2 + dice.roll(4);
        let right = dice.roll(rows);
        for k in 0..rows {
            let text = dice.text(&mut n);
            add(format!("q{i}-c{k}-text"), &text);
            let text = dice.text(&mut n);
            add(format!("q{i}-c{k}-feedback"), &text);
            let (text_ja, feedback_ja) = (dice.japanese(), dice.japanese());
            add(format!("q{i}-c{k}-text_ja"), &text_ja);
            add(format!("q{i}-c{k}-feedback_ja"), &feedback_ja);
            if k == right || dice.roll(4) == 0 {
                add(format!("q{i}-c{k}-correct"), "on");
            }
            let (left, right) = (dice.text(&mut n), dice.text(&mut n));
            add(format!("q{i}-p{k}-left"), &left);
            add(format!("q{i}-p{k}-right"), &right);
        }
        add(format!("q{i}-answer"), dice.pick(&["true", "false", ""]));
        let lines: Vec<String> = (0..1 + dice.roll(4)).map(|_| dice.text(&mut n)).collect();
        add(format!("q{i}-answers"), &lines.join("\n"));
        add(format!("q{i}-items"), &lines.join("\r\n"));
        add(format!("q{i}-distractors"), dice.mostly(&["", "nurse", "April 1", "x\ny"]));
        add(format!("q{i}-text"), dice.pick(CLOZE));
    }
    form
}

/// The learner's form fields answering `quiz` of `lesson` right (or each question
/// wrong), naming choices and items where the lesson page shows them.
fn learner_form(quiz: &Quiz, lesson: i64, right: bool) -> Pairs {
    let mut form = Vec::new();
    for (i, question) in quiz.questions.iter().enumerate() {
        let name = format!("q{i}");
        match question {
            Question::Single { choices, .. } | Question::Multiple { choices, .. } => {
                let at = shown::inverse(&quiz::choice_order(quiz, lesson, i, choices.len()));
                let correct: Vec<usize> = (0..choices.len()).filter(|c| choices[*c].correct).collect();
                let picked: Vec<usize> = match (right, choices.iter().position(|c| !c.correct)) {
                    (true, _) => correct,
                    (false, Some(wrong)) => vec![wrong],
                    // Every choice is right (multiple choice): leave one out.
                    (false, None) => correct[1..].to_vec(),
                };
                form.extend(picked.into_iter().map(|c| (name.clone(), at[c].to_string())));
            }
            Question::TrueFalse { answer, .. } => form.push((name, (*answer == right).to_string())),
            Question::Short { answers, .. } => {
                form.push((name, if right { answers[0].clone() } else { format!("not{}", answers.join("")) }))
            }
            Question::Ordering { items, .. } => {
                for (k, item) in shown::order(lesson, i, items.len()).into_iter().enumerate() {
                    let position = if right { item + 1 } else { items.len() - item };
                    form.push((format!("{name}-{k}"), position.to_string()));
                }
            }
            Question::Matching { pairs, distractors, .. } => {
                let at = shown::inverse(&shown::order(lesson, i, pairs.len() + distractors.len()));
                for k in 0..pairs.len() {
                    let option = if right { k } else { (k + 1) % pairs.len() };
                    form.push((format!("{name}-{k}"), at[option].to_string()));
                }
            }
            Question::Cloze { text, .. } => {
                for (k, accepted) in cloze::blanks(text).unwrap().iter().enumerate() {
                    let typed = if right { accepted[0].clone() } else { format!("not{}", accepted.join("")) };
                    form.push((format!("{name}-{k}"), typed));
                }
            }
        }
    }
    form
}

#[test]
fn every_quiz_the_editor_saves_can_be_taken_and_marked_right_and_wrong() {
    let mut dice = Dice(12);
    let (mut saved, mut refused) = (0, 0);
    for round in 0..3000 {
        let form = random_form(&mut dice);
        let quiz = match QuizDraft::read(&form).quiz() {
            Ok(quiz) => quiz,
            Err(problems) => {
                assert!(!problems.is_empty());
                refused += 1;
                continue;
            }
        };
        saved += 1;
        let lesson_id = i64::from(round);
        let lesson = LessonContent {
            id: lesson_id,
            slug: "l".into(),
            order: "01".into(),
            title: "L".into(),
            title_ja: None,
            summary: "S".into(),
            summary_ja: None,
            minutes: 5,
            reflection: None,
            reflection_ja: None,
            body: "B".into(),
            body_ja: None,
            video: None,
            resources: Vec::new(),
            quiz: Some(quiz.clone()),
            glossary_links: true,
        };
        // The editor shows a saved quiz as a form that saves the same quiz.
        assert_eq!(QuizDraft::of(Some(&quiz)).quiz().as_ref(), Ok(&quiz), "round {round}");
        // What the package format writes, it reads back the same.
        let again: Quiz = toml::from_str(&quiz_format::to_toml(&quiz)).unwrap();
        assert_eq!(again, quiz, "round {round}");
        for right in [true, false] {
            let answers = form::read(&quiz, lesson_id, &learner_form(&quiz, lesson_id, right))
                .unwrap_or_else(|e| panic!("round {round}: {e:?}\n{quiz:#?}"));
            let outcome =
                quiz::mark(&quiz, &answers).unwrap_or_else(|e| panic!("round {round}: {e:?}\n{quiz:#?}"));
            let all = outcome.questions.iter().all(|m| m.correct);
            let none = outcome.questions.iter().all(|m| !m.correct);
            assert!(
                if right { all && outcome.score == 100 } else { none && outcome.score == 0 },
                "round {round}, right {right}: {outcome:?}\n{quiz:#?}"
            );
            for page in [Lang::En, Lang::Ja] {
                let views = question_views(Reading::new(page, Lang::En), &lesson, &answers, Some(&outcome));
                assert_eq!(views.len(), quiz.questions.len());
                for (view, question) in views.iter().zip(&quiz.questions) {
                    let japanese = page == Lang::Ja && question.prompt_ja().is_some();
                    let shown =
                        if japanese { question.prompt_ja().as_deref() } else { Some(question.prompt()) };
                    assert_eq!(Some(view.prompt.text.as_str()), shown, "round {round}");
                }
            }
        }
        assert_eq!(quiz::mark(&quiz, &[]), Err(Mismatch::Unanswered));
    }
    assert!(saved > 300 && refused > 300, "the forms cover both: {saved} saved, {refused} refused");
}
