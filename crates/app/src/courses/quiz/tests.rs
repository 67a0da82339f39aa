//! Marking every kind of question: right, wrong, partly right, and answers that do not fit.

use super::*;
use crate::courses::content::{Choice, Pair};

fn choice(text: &str, correct: bool) -> Choice {
    Choice {
        feedback_ja: None,
        text_ja: None,
        text: text.into(),
        correct,
        feedback: Some(format!("about {text}")),
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn quiz() -> Quiz {
    Quiz {
        pass_mark: 75,
        questions: vec![
            Question::Single {
                prompt_ja: None,
                prompt: "start?".into(),
                choices: vec![choice("April", true), choice("September", false)],
            },
            Question::Multiple {
                prompt_ja: None,
                prompt: "daily?".into(),
                choices: vec![choice("meeting", true), choice("cleaning", true), choice("siesta", false)],
            },
            Question::TrueFalse {
                feedback_correct_ja: None,
                feedback_incorrect_ja: None,
                prompt_ja: None,
                prompt: "2020?".into(),
                answer: true,
                feedback_correct: Some("yes".into()),
                feedback_incorrect: Some("it is true".into()),
            },
            Question::Short {
                feedback_correct_ja: None,
                feedback_incorrect_ja: None,
                prompt_ja: None,
                prompt: "homeroom teacher?".into(),
                answers: strings(&["tannin", "担任"]),
                feedback_correct: None,
                feedback_incorrect: Some("担任".into()),
            },
        ],
        ..Quiz::default()
    }
}

/// One question of each new kind.
fn ordering() -> Question {
    Question::Ordering {
        feedback_correct_ja: None,
        feedback_incorrect_ja: None,
        prompt_ja: None,
        prompt: "order".into(),
        items: strings(&["greeting", "warm-up", "main activity", "review"]),
        feedback_correct: Some("in order".into()),
        feedback_incorrect: Some("greet first".into()),
    }
}

fn matching() -> Question {
    Question::Matching {
        feedback_correct_ja: None,
        feedback_incorrect_ja: None,
        prompt_ja: None,
        prompt: "match".into(),
        pairs: vec![
            Pair { left: "担任".into(), right: "homeroom teacher".into() },
            Pair { left: "教頭".into(), right: "vice-principal".into() },
            Pair { left: "校長".into(), right: "principal".into() },
        ],
        distractors: strings(&["school nurse"]),
        feedback_correct: None,
        feedback_incorrect: Some("see the lesson".into()),
    }
}

fn cloze() -> Question {
    Question::Cloze {
        feedback_correct_ja: None,
        feedback_incorrect_ja: None,
        prompt_ja: None,
        prompt: "fill in".into(),
        text: "The year starts in {April|4月}, ends in {March|3月} and has {three|3} terms.".into(),
        feedback_correct: None,
        feedback_incorrect: Some("April to March".into()),
    }
}

fn one(question: Question) -> Quiz {
    Quiz { pass_mark: 100, questions: vec![question], ..Quiz::default() }
}

fn picks(items: &[usize]) -> Option<Answer> {
    Some(Answer::Choices(items.iter().copied().collect()))
}

fn positions(p: &[Option<usize>]) -> Option<Answer> {
    Some(Answer::Positions { positions: p.to_vec() })
}

fn matches(m: &[Option<usize>]) -> Option<Answer> {
    Some(Answer::Matches { matches: m.to_vec() })
}

fn blanks(b: &[&str]) -> Option<Answer> {
    Some(Answer::Blanks { blanks: strings(b) })
}

#[test]
fn every_question_kind_is_marked_right_and_wrong() {
    let all_right =
        [picks(&[0]), picks(&[0, 1]), Some(Answer::Bool(true)), Some(Answer::Text(" TANNIN ".into()))];
    let outcome = mark(&quiz(), &all_right).unwrap();
    assert_eq!((outcome.score, outcome.passed), (100, true));
    assert_eq!(outcome.questions[0].feedback, vec!["about April".to_owned()]);

    let all_wrong = [picks(&[1]), picks(&[2]), Some(Answer::Bool(false)), Some(Answer::Text("kyoto".into()))];
    let outcome = mark(&quiz(), &all_wrong).unwrap();
    assert_eq!((outcome.score, outcome.passed), (0, false));
    assert!(outcome.questions.iter().all(|q| q.verdict == Verdict::Wrong));
    assert_eq!(outcome.questions[2].feedback, vec!["it is true".to_owned()]);
    assert_eq!(outcome.questions[3].feedback, vec!["担任".to_owned()]);
}

#[test]
fn ordering_matching_and_cloze_are_right_only_when_every_part_is() {
    // (question, answer, right, verdict, right parts)
    let cases = [
        (ordering(), positions(&[Some(1), Some(2), Some(3), Some(4)]), true, Verdict::Right, 4),
        (ordering(), positions(&[Some(1), Some(3), Some(2), Some(4)]), false, Verdict::Partly, 2),
        (ordering(), positions(&[Some(1), Some(1), Some(1), Some(1)]), false, Verdict::Partly, 1),
        (ordering(), positions(&[Some(4), Some(3), Some(2), Some(1)]), false, Verdict::Wrong, 0),
        (ordering(), positions(&[Some(1), None, None, None]), false, Verdict::Partly, 1),
        (matching(), matches(&[Some(0), Some(1), Some(2)]), true, Verdict::Right, 3),
        (matching(), matches(&[Some(0), Some(3), Some(2)]), false, Verdict::Partly, 2),
        (matching(), matches(&[Some(1), Some(0), None]), false, Verdict::Wrong, 0),
        (cloze(), blanks(&["april", "3月", " Three. "]), true, Verdict::Right, 3),
        (cloze(), blanks(&["April", "February", "3"]), false, Verdict::Partly, 2),
        (cloze(), blanks(&["", "", "two"]), false, Verdict::Wrong, 0),
    ];
    for (question, answer, correct, verdict, right) in cases {
        let outcome = mark(&one(question.clone()), std::slice::from_ref(&answer)).unwrap();
        let marked = &outcome.questions[0];
        assert_eq!((marked.correct, marked.verdict), (correct, verdict), "{answer:?}");
        assert_eq!(marked.parts.map(|p| p.right), Some(right), "{answer:?}");
        assert_eq!(outcome.score, if correct { 100 } else { 0 });
        let expected = match (&question, correct) {
            (Question::Ordering { .. }, true) => vec!["in order".to_owned()],
            (Question::Ordering { .. }, false) => vec!["greet first".to_owned()],
            (_, true) => Vec::new(),
            (Question::Matching { .. }, false) => vec!["see the lesson".to_owned()],
            (_, false) => vec!["April to March".to_owned()],
        };
        assert_eq!(marked.feedback, expected, "{answer:?}");
    }
    let marked = mark(&one(cloze()), &[blanks(&["April", "February", "3"])]).unwrap();
    assert_eq!(marked.questions[0].blanks, vec![true, false, true], "each blank is marked");
}

#[test]
fn a_partly_right_multiple_choice_answer_says_which_picks_were_right_and_which_right_choices_were_missed() {
    let marked = &mark(&quiz(), &[None, picks(&[0, 2]), None, None]).unwrap().questions[1];
    assert!(!marked.correct);
    assert_eq!(marked.verdict, Verdict::Partly);
    let shown: Vec<(usize, ChoiceVerdict)> = marked.choices.iter().map(|c| (c.index, c.verdict)).collect();
    assert_eq!(
        shown,
        vec![(0, ChoiceVerdict::PickedRight), (2, ChoiceVerdict::PickedWrong), (1, ChoiceVerdict::Missed),]
    );
    assert_eq!(marked.choices[0].feedback.as_deref(), Some("about meeting"));
    assert_eq!(marked.choices[2].feedback, None, "a missed choice's pick feedback is not shown");

    let right = &mark(&quiz(), &[None, picks(&[0, 1]), None, None]).unwrap().questions[1];
    assert!(
        right.choices.iter().all(|c| c.verdict == ChoiceVerdict::PickedRight),
        "nothing contradicts 'right'"
    );
    let wrong = &mark(&quiz(), &[picks(&[1]), None, Some(Answer::Bool(true)), None]).unwrap().questions[0];
    assert_eq!(wrong.verdict, Verdict::Wrong);
    assert_eq!(wrong.choices.len(), 1, "a single choice lists only the pick");
    let unanswered = &mark(&quiz(), &[None, None, Some(Answer::Bool(true)), None]).unwrap().questions[1];
    assert!(unanswered.choices.is_empty(), "nothing picked: no breakdown that gives the answers away");
}

#[test]
fn multiple_choice_needs_every_right_choice_and_no_wrong_one() {
    let extra = [picks(&[0]), picks(&[0, 1, 2]), None, None];
    let outcome = mark(&quiz(), &extra).unwrap();
    assert!(!outcome.questions[1].correct);
    assert_eq!(outcome.score, 25);
    assert!(!outcome.passed, "25% is below the pass mark of 75%");
}

#[test]
fn short_answers_ignore_case_spacing_punctuation_and_character_width() {
    for (typed, accepted) in [
        ("  Ｔａｎｎｉｎ  ", "tannin"),
        ("tannin.", "tannin"),
        ("ﾀﾝﾆﾝ", "タンニン"),
        ("Team   Teaching", "team-teaching"),
        ("teamteaching", "Team teaching"),
        ("TeamTeaching", "Team-teaching."),
        ("ﾃｨｰﾑﾃｨｰﾁﾝｸﾞ", "ティーム・ティーチング"),
        ("「担任」。", "担任"),
        ("ティーム・ティーチング", "ティームティーチング"),
        ("Don't", "dont"),
    ] {
        assert_eq!(fold(typed), fold(accepted), "{typed} = {accepted}");
    }
    assert_ne!(fold("tannin"), fold("tanin"));
    assert_ne!(fold("コーチ"), fold("コチ"), "the long-vowel mark is a letter, not punctuation");
    let answers = [None, None, None, Some(Answer::Text("担任".into()))];
    assert!(mark(&quiz(), &answers).unwrap().questions[3].correct);
    let dots = [None, None, Some(Answer::Bool(true)), Some(Answer::Text(" ... ".into()))];
    assert!(!mark(&quiz(), &dots).unwrap().questions[3].correct, "punctuation alone is no answer");
}

#[test]
fn answers_for_another_quiz_are_refused() {
    let refused = [
        (quiz(), vec![picks(&[5])], "a choice the question does not have"),
        (quiz(), vec![picks(&[0, 1])], "two picks for a single choice"),
        (quiz(), vec![None, None, None, None, None], "more answers than questions"),
        (quiz(), vec![Some(Answer::Bool(true))], "true or false for a choice question"),
        (one(ordering()), vec![positions(&[Some(1), Some(2), Some(3)])], "too few positions"),
        (one(ordering()), vec![positions(&[Some(1), Some(2), Some(3), Some(5)])], "no fifth place"),
        (one(ordering()), vec![positions(&[Some(0), Some(2), Some(3), Some(4)])], "positions start at 1"),
        (one(ordering()), vec![matches(&[Some(0), Some(1), Some(2)])], "matches for an ordering"),
        (one(matching()), vec![matches(&[Some(0), Some(1)])], "too few matches"),
        (one(matching()), vec![matches(&[Some(0), Some(1), Some(4)])], "no fifth option"),
        (one(matching()), vec![picks(&[0, 1, 2])], "choices for a matching"),
        (one(cloze()), vec![blanks(&["April", "March"])], "too few blanks"),
        (one(cloze()), vec![blanks(&["April", "March", "3", "4"])], "too many blanks"),
        (one(cloze()), vec![Some(Answer::Text("April".into()))], "text for a cloze"),
    ];
    for (quiz, answers, why) in refused {
        assert_eq!(mark(&quiz, &answers), Err(Mismatch::NotThisQuiz), "{why}");
    }
}

#[test]
fn a_submission_with_nothing_answered_is_not_marked() {
    assert_eq!(mark(&quiz(), &[]), Err(Mismatch::Unanswered));
    let blank = [picks(&[]), picks(&[]), None, Some(Answer::Text("  ".into()))];
    assert_eq!(mark(&quiz(), &blank), Err(Mismatch::Unanswered));
    let nothing_placed = [positions(&[None, None, None, None]), None];
    let mut two = one(ordering());
    two.questions.push(cloze());
    assert_eq!(mark(&two, &nothing_placed), Err(Mismatch::Unanswered));
    assert_eq!(mark(&one(cloze()), &[blanks(&["", " ", ""])]), Err(Mismatch::Unanswered));
    assert_eq!(mark(&one(matching()), &[matches(&[None, None, None])]), Err(Mismatch::Unanswered));
    assert!(mark(&quiz(), &[None, None, Some(Answer::Bool(false))]).is_ok(), "false is an answer");
}

#[test]
fn answers_in_the_shown_order_are_marked_against_the_authors_order() {
    let quiz = Quiz { pass_mark: 100, questions: vec![ordering(), matching()], ..Quiz::default() };
    let lesson = 31;
    // The learner puts each shown item where it belongs and matches each left item
    // with its partner where it is shown.
    let order = shown::order(lesson, 0, 4);
    let placed = order.iter().map(|item| Some(item + 1)).collect();
    let options = shown::inverse(&shown::order(lesson, 1, 4));
    let matched = (0..3).map(|i| Some(options[i])).collect();
    let answers =
        vec![Some(Answer::Positions { positions: placed }), Some(Answer::Matches { matches: matched })];
    let ordered = from_shown(&quiz, lesson, answers).unwrap();
    assert_eq!(ordered[0], positions(&[Some(1), Some(2), Some(3), Some(4)]));
    assert_eq!(ordered[1], matches(&[Some(0), Some(1), Some(2)]));
    assert_eq!(mark(&quiz, &ordered).unwrap().score, 100);

    let beyond = vec![None, matches(&[Some(9), None, None])];
    assert_eq!(from_shown(&quiz, lesson, beyond), Err(Mismatch::NotThisQuiz));
    let short = vec![positions(&[Some(1)])];
    assert_eq!(from_shown(&quiz, lesson, short), Err(Mismatch::NotThisQuiz));
    let extra = vec![None, None, None];
    assert_eq!(from_shown(&quiz, lesson, extra), Err(Mismatch::NotThisQuiz));
}

#[test]
fn answers_read_back_from_json_keep_their_kind_and_old_stored_answers_still_read() {
    let old: Vec<Option<Answer>> =
        serde_json::from_str(r#"[[0], [0, 1], true, "tannin", null, []]"#).unwrap();
    assert_eq!(
        old,
        vec![
            picks(&[0]),
            picks(&[0, 1]),
            Some(Answer::Bool(true)),
            Some(Answer::Text("tannin".into())),
            None,
            picks(&[]),
        ]
    );
    let new = vec![positions(&[Some(2), None]), matches(&[Some(1), None]), blanks(&["April", ""])];
    let json = serde_json::to_string(&new).unwrap();
    assert_eq!(json, r#"[{"positions":[2,null]},{"matches":[1,null]},{"blanks":["April",""]}]"#);
    assert_eq!(serde_json::from_str::<Vec<Option<Answer>>>(&json).unwrap(), new);
}
