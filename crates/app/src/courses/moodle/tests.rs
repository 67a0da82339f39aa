//! The importers against the sample files in `tests/it/fixtures/moodle` (written for
//! these tests after the published GIFT and Moodle XML formats) and small cases.

use super::*;
use crate::courses::content::{Choice, Pair};

const GIFT: &str = include_str!("../../../tests/it/fixtures/moodle/teaching-in-japan.gift");
const XML: &str = include_str!("../../../tests/it/fixtures/moodle/teaching-in-japan.xml");

/// The bytes of a sample file.
macro_rules! fixture {
    ($name:literal) => {
        include_bytes!(concat!("../../../tests/it/fixtures/moodle/", $name)).as_slice()
    };
}

fn named(number: usize, name: &str) -> QuestionRef {
    QuestionRef { number, name: Some(name.to_owned()) }
}

fn choice(text: &str, correct: bool, feedback: Option<&str>) -> Choice {
    Choice {
        feedback_ja: None,
        text_ja: None,
        text: text.into(),
        correct,
        feedback: feedback.map(Into::into),
    }
}

fn pair(left: &str, right: &str) -> Pair {
    Pair { left: left.into(), right: right.into() }
}

fn some(text: &str) -> Option<String> {
    Some(text.to_owned())
}

/// The one question of a small GIFT text.
fn one_gift(text: &str) -> Question {
    let imported = gift::parse(text).unwrap();
    assert_eq!(imported.questions.len(), 1, "{imported:?}");
    imported.questions.into_iter().next().unwrap()
}

/// The fault of a small GIFT text's only problem.
fn gift_fault(text: &str) -> Fault {
    let problems = gift::parse(text).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    problems[0].fault.clone()
}

/// What became of one `<question>` of a Moodle XML file.
fn xml(question: &str) -> Result<Imported, Vec<Problem>> {
    moodle_xml::parse(format!("<?xml version=\"1.0\"?>\n<quiz>{question}</quiz>").as_bytes())
}

#[test]
fn a_gift_file_imports_every_kind_that_maps_in_order() {
    let imported = gift::parse(GIFT).unwrap();
    let kinds: Vec<&str> = imported.questions.iter().map(Question::kind).collect();
    assert_eq!(
        kinds,
        [
            "single",
            "single",
            "multiple",
            "true_false",
            "true_false",
            "true_false",
            "true_false",
            "short",
            "short",
            "matching",
            "single",
            "true_false"
        ]
    );
    assert_eq!(
        imported.questions[0],
        Question::Single {
            prompt_ja: None,
            prompt: "In which month does the Japanese school year start?".into(),
            choices: vec![
                choice(
                    "January",
                    false,
                    Some("That is when the calendar year starts; the school year starts later.")
                ),
                choice(
                    "April",
                    true,
                    Some("Right: the school year starts in April, with the entrance ceremony (入学式).")
                ),
                choice("September", false, Some("That is common in Europe and North America, not in Japan.")),
            ],
        }
    );
    // A missing word leaves a blank where the answers were.
    assert_eq!(
        imported.questions[1].prompt(),
        "In a Japanese school, the teacher in charge of a class is its _____ and the first person to ask about a student."
    );
    let Question::Multiple { prompt_ja: _, prompt, choices } = &imported.questions[2] else { panic!() };
    assert_eq!(
        prompt,
        "Which of these are usually the JTE's part in a team-taught lesson? Choose all that apply."
    );
    assert_eq!(choices.iter().map(|c| c.correct).collect::<Vec<_>>(), [true, true, false]);
    assert_eq!(
        imported.questions[3],
        Question::TrueFalse {
            feedback_correct_ja: None,
            feedback_incorrect_ja: None,
            prompt_ja: None,
            prompt: "Teachers and students change into indoor shoes (上履き, uwabaki) at school.".into(),
            answer: true,
            feedback_correct: some("Right: bring a pair of indoor shoes on your first day."),
            feedback_incorrect: some(
                "Most schools ask everyone, visitors too, to change shoes at the entrance."
            ),
        }
    );
    let Question::TrueFalse { answer: false, feedback_correct, .. } = &imported.questions[4] else {
        panic!()
    };
    assert_eq!(feedback_correct.as_deref(), Some("Right: it ends in March, with graduation ceremonies."));
    assert_eq!(
        imported.questions[7],
        Question::Short {
            feedback_correct_ja: None,
            feedback_incorrect_ja: None,
            prompt_ja: None,
            prompt: "What does \"JTE\" stand for?".into(),
            answers: vec!["Japanese Teacher of English".into(), "Japanese English teacher".into()],
            feedback_correct: some("Right: your main partner in the classroom."),
            feedback_incorrect: None,
        }
    );
    assert_eq!(
        imported.questions[9],
        Question::Matching {
            feedback_correct_ja: None,
            feedback_incorrect_ja: None,
            prompt_ja: None,
            prompt: "Match each word with its meaning.".into(),
            pairs: vec![
                pair("担任", "homeroom teacher"),
                pair("校長", "principal"),
                pair("教頭", "vice-principal"),
                pair("職員室", "staff room"),
            ],
            distractors: vec!["school nurse".into()],
            feedback_correct: None,
            feedback_incorrect: None,
        }
    );
}

#[test]
fn gift_escapes_stand_for_the_characters_themselves() {
    let imported = gift::parse(GIFT).unwrap();
    assert_eq!(imported.questions[10], Question::Single { prompt_ja: None,
        prompt: "On the board, the ALT writes { } around a word that can change, ~ for \"about\" and = for \"means\". Which symbol means \"means\"?".into(),
        choices: vec![
            choice("=", true, Some("Right.")),
            choice("~", false, Some("No: that one means \"about\".")),
            choice("{ }", false, Some("No: those mark a word that can change.")),
        ],
    });
    assert_eq!(
        imported.questions[11].prompt(),
        "Many schools hold a short staff meeting (朝の打ち合わせ) before homeroom, at about 8:15 in room #1, the staff room."
    );
    let question = one_gift(r"::A\:B::Line one\nline two \\ end{T}");
    assert_eq!(question.prompt(), "Line one\nline two \\ end");
    let titled = gift::parse(r"::Title\: with colon::Q{T}").unwrap();
    assert!(titled.skipped.is_empty());
    let problems = gift::parse("::Title\\: x::Q{~a ~b}").unwrap_err();
    assert_eq!(problems[0].question, Some(named(1, "Title: x")));
}

#[test]
fn japanese_text_survives_the_gift_import() {
    let imported = gift::parse(GIFT).unwrap();
    assert_eq!(
        imported.questions[8],
        Question::Short {
            feedback_correct_ja: None,
            feedback_incorrect_ja: None,
            prompt_ja: None,
            prompt: "授業の始めと終わりに「起立、礼」の号令をかける当番の生徒を何と言いますか。".into(),
            answers: vec!["日直".into(), "にっちょく".into()],
            feedback_correct: some("正解です。日直は毎日交代します。"),
            feedback_incorrect: None,
        }
    );
}

#[test]
fn gift_text_formats_all_become_plain_text() {
    let imported = gift::parse(GIFT).unwrap();
    assert_eq!(
        imported.questions[5].prompt(),
        "At the start of a lesson, many classes stand, bow and say 「よろしくお願いします」."
    );
    assert_eq!(
        imported.questions[6].prompt(),
        "Students clean their own classrooms and corridors (掃除, sōji) every day."
    );
    let hostile =
        one_gift("[html]<p onclick=\"x()\">Safe<script>alert(1)</script></p><img src=x alt=\"a photo\">{T}");
    assert_eq!(hostile.prompt(), "Safe\n[a photo]");
    let markdown = one_gift("[markdown]Use *both* <b>teachers</b>{T}");
    assert_eq!(markdown.prompt(), "Use both teachers");
    let plain = one_gift("[plain]Keep <b>tags</b> as text{T}");
    assert_eq!(plain.prompt(), "Keep <b>tags</b> as text");
    // Without a format, GIFT text is Moodle's auto-format: HTML with line breaks.
    assert_eq!(one_gift("Line <i>one</i>\nline two{T}").prompt(), "Line one\nline two");
}

#[test]
fn gift_kinds_altto_has_not_are_skipped_with_their_reason() {
    let imported = gift::parse(GIFT).unwrap();
    let skipped: Vec<(&QuestionRef, &str, &Reason)> =
        imported.skipped.iter().map(|s| (&s.name_or_number, s.kind.as_str(), &s.reason)).collect();
    assert_eq!(
        skipped,
        [
            (&named(1, "Introduction"), "description", &Reason::Description),
            (&named(14, "Compulsory education"), "numerical", &Reason::Numerical),
            (&named(15, "First lesson plan"), "essay", &Reason::Essay),
        ]
    );
    assert!(skipped.iter().all(|(_, _, reason)| reason.left_out()));
}

#[test]
fn gift_weights_decide_single_or_multiple_and_partial_credit_is_noted() {
    assert_eq!(one_gift("Q{~%100%a ~b ~%-50%c}").kind(), "single", "one positive weight");
    assert_eq!(one_gift("Q{~%50%a ~%50%b ~c}").kind(), "multiple");
    let imported = gift::parse("Q{=a ~%50%b ~c}").unwrap();
    let Question::Single { choices, .. } = &imported.questions[0] else { panic!() };
    assert_eq!(choices.iter().map(|c| c.correct).collect::<Vec<_>>(), [true, false, false]);
    assert_eq!(imported.skipped[0].reason, Reason::PartialCredit);
    assert!(!imported.skipped[0].reason.left_out(), "the question itself was imported");
    let short = gift::parse("Q{=%100%tokyo =%50%kyoto =%0%osaka#No.}").unwrap();
    let Question::Short { answers, .. } = &short.questions[0] else { panic!() };
    assert_eq!(answers, &["tokyo"]);
    assert_eq!(short.skipped[0].reason, Reason::PartialCredit);
}

#[test]
fn gift_general_feedback_joins_each_answer_or_is_noted() {
    let single = one_gift("Q{=a#Yes ~b ####See the handbook.}");
    let Question::Single { choices, .. } = single else { panic!() };
    assert_eq!(choices[0].feedback.as_deref(), Some("Yes\n\nSee the handbook."));
    assert_eq!(choices[1].feedback.as_deref(), Some("See the handbook."));
    let multiple = gift::parse("Q{~%50%a ~%50%b ~c ####See the handbook.}").unwrap();
    assert_eq!(multiple.skipped[0].reason, Reason::FeedbackLeftOut);
    let tf = one_gift("Q{F####Always.}");
    assert_eq!(
        tf,
        Question::TrueFalse {
            feedback_correct_ja: None,
            feedback_incorrect_ja: None,
            prompt_ja: None,
            prompt: "Q".into(),
            answer: false,
            feedback_correct: some("Always."),
            feedback_incorrect: some("Always."),
        }
    );
}

#[test]
fn gift_questions_altto_cannot_mark_the_same_way_are_skipped() {
    let two_right = gift::parse("::Two::Q{=a =b ~c}").unwrap();
    assert!(two_right.questions.is_empty());
    assert_eq!(two_right.skipped[0].reason, Reason::SeveralRightAnswers);
    let wildcard = gift::parse("::Star::Name a school event.{=*festival}").unwrap();
    assert_eq!(wildcard.skipped[0].reason, Reason::Wildcard);
    let star = one_gift(r"Q{=a\*b}");
    assert_eq!(
        star,
        Question::Short {
            feedback_correct_ja: None,
            feedback_incorrect_ja: None,
            prompt_ja: None,
            prompt: "Q".into(),
            answers: vec!["a*b".into()],
            feedback_correct: None,
            feedback_incorrect: None
        }
    );
}

#[test]
fn a_question_moodle_accepts_and_the_quiz_editor_would_not_is_left_out_with_its_reason() {
    let imported = gift::parse(
        "::Food::Match.{=apple -> fruit =banana -> fruit =carrot -> vegetable}\n\n::Punctuation::Q{=?}",
    )
    .unwrap();
    assert!(imported.questions.is_empty());
    let reasons: Vec<&Reason> = imported.skipped.iter().map(|s| &s.reason).collect();
    let [Reason::NotUsable { detail: twice }, Reason::NotUsable { detail: letters }] = reasons[..] else {
        panic!("{reasons:?}")
    };
    assert!(twice.contains("\"fruit\" twice"), "{twice}");
    assert!(letters.contains("no letters or digits"), "{letters}");
    assert!(imported.skipped.iter().all(|s| s.reason.left_out()));
}

#[test]
fn categories_and_comments_are_not_questions() {
    let imported = gift::parse("$CATEGORY: top/x\n\n// a comment\n\n// q\n::A::Q{T}\n").unwrap();
    assert_eq!(imported.questions.len(), 1);
    let problems = gift::parse("$CATEGORY: top/x\n\n::A::Q{~a}").unwrap_err();
    assert_eq!(problems[0].question, Some(named(1, "A")), "categories are not counted");
    assert_eq!(problems[0].line, Some(3));
}

#[test]
fn a_broken_gift_file_imports_nothing_and_names_the_question() {
    let problems = parse(fixture!("broken-unclosed-brace.gift")).unwrap_err();
    assert_eq!(
        problems,
        [Problem { question: Some(named(2, "Sports day")), line: Some(5), fault: Fault::UnclosedBrace }]
    );
    let problems = parse(fixture!("broken-no-right-answer.gift")).unwrap_err();
    assert_eq!(
        problems,
        [Problem { question: Some(named(3, "Vice-principal")), line: Some(7), fault: Fault::NoRightAnswer }]
    );
}

#[test]
fn every_gift_fault_is_reported() {
    assert_eq!(gift_fault("::Title Q{T}"), Fault::UnclosedTitle);
    assert_eq!(gift_fault("Q{T"), Fault::UnclosedBrace);
    assert_eq!(gift_fault("Q{=a {=b}"), Fault::UnclosedBrace);
    assert_eq!(gift_fault("Q}T{"), Fault::StrayBrace);
    assert_eq!(gift_fault("Q T}"), Fault::StrayBrace);
    assert_eq!(gift_fault("Q{T} and {F}"), Fault::StrayBrace);
    assert_eq!(gift_fault("Q{~a}"), Fault::TooFewChoices);
    assert_eq!(gift_fault("Q{~a ~b}"), Fault::NoRightAnswer);
    assert_eq!(gift_fault("Q{=a ~}"), Fault::EmptyAnswer);
    assert_eq!(gift_fault("Q{~%half%a ~b}"), Fault::BadWeight { weight: "half".into() });
    assert_eq!(gift_fault("Q{~%150%a ~b}"), Fault::BadWeight { weight: "150".into() });
    assert_eq!(gift_fault("Q{=a -> b =c d}"), Fault::PairWithoutArrow);
    assert_eq!(gift_fault("Q{=a -> b}"), Fault::TooFewPairs);
    assert_eq!(gift_fault("::Empty::{T}"), Fault::NoPrompt);
    assert_eq!(
        gift_fault(&format!("{}{{T}}", "x".repeat(MAX_TEXT_CHARS + 1))),
        Fault::TooLong { limit: MAX_TEXT_CHARS }
    );
    let many = "Q{T}\n\n".repeat(MAX_QUESTIONS + 1);
    assert_eq!(gift_fault(&many), Fault::TooManyQuestions { limit: MAX_QUESTIONS });
    // Each broken question is reported, and nothing is imported.
    let problems = gift::parse("::A::Q{~a}\n\n::B::Q{T}\n\n::C::Q{T").unwrap_err();
    let which: Vec<_> = problems.iter().map(|p| p.question.clone().unwrap().number).collect();
    assert_eq!(which, [1, 3]);
}

#[test]
fn a_file_that_is_not_utf8_is_refused() {
    assert_eq!(parse(b"Q{T} \xff").unwrap_err()[0].fault, Fault::NotUtf8);
    assert_eq!(parse(b"<quiz>\xff</quiz>").unwrap_err()[0].fault, Fault::NotUtf8);
    assert_eq!(detect(b"\xEF\xBB\xBF  <?xml version=\"1.0\"?>"), Format::MoodleXml);
    assert_eq!(detect(b"// comment\n::A::Q{T}"), Format::Gift);
}

#[test]
fn a_moodle_xml_export_imports_every_kind_that_maps_in_order() {
    let imported = moodle_xml::parse(XML.as_bytes()).unwrap();
    let kinds: Vec<&str> = imported.questions.iter().map(Question::kind).collect();
    assert_eq!(
        kinds,
        ["single", "multiple", "true_false", "short", "matching", "ordering", "cloze", "cloze", "cloze"]
    );
    assert_eq!(
        imported.questions[0],
        Question::Single {
            prompt_ja: None,
            prompt: "In which month does the Japanese school year start?\n[A school calendar]".into(),
            choices: vec![
                choice(
                    "January",
                    false,
                    Some(
                        "That is when the calendar year starts.\n\nThe school year runs from April to March."
                    )
                ),
                choice(
                    "April",
                    true,
                    Some(
                        "Right: it starts with the entrance ceremony (入学式).\n\nThe school year runs from April to March."
                    )
                ),
                choice("September", false, Some("The school year runs from April to March.")),
            ],
        }
    );
    let Question::Multiple { prompt_ja: _, prompt, choices } = &imported.questions[1] else { panic!() };
    assert_eq!(prompt, "Which of these are usually the JTE\u{2019}s part in a team-taught lesson?");
    assert_eq!(choices[1].text, "Managing the class & its discipline");
    assert_eq!(choices.iter().map(|c| c.correct).collect::<Vec<_>>(), [true, true, false]);
    assert_eq!(
        imported.questions[2],
        Question::TrueFalse {
            feedback_correct_ja: None,
            feedback_incorrect_ja: None,
            prompt_ja: None,
            prompt: "The Japanese school year ends in July.".into(),
            answer: false,
            feedback_correct: some("Right: it ends in March, with graduation ceremonies."),
            feedback_incorrect: some("No: July brings the summer holidays; the year ends in March."),
        }
    );
    assert_eq!(
        imported.questions[3],
        Question::Short {
            feedback_correct_ja: None,
            feedback_incorrect_ja: None,
            prompt_ja: None,
            prompt: "日本の学校で、クラスを受け持つ先生を何と言いますか。（漢字かひらがなで）".into(),
            answers: vec!["担任".into(), "たんにん".into()],
            feedback_correct: some("正解です。"),
            feedback_incorrect: None,
        }
    );
    assert_eq!(
        imported.questions[4],
        Question::Matching {
            feedback_correct_ja: None,
            feedback_incorrect_ja: None,
            prompt_ja: None,
            prompt: "Match each word with its meaning.".into(),
            pairs: vec![
                pair("担任", "homeroom teacher"),
                pair("校長", "principal"),
                pair("職員室", "staff room")
            ],
            distractors: vec!["school nurse".into()],
            feedback_correct: some("Your answer is correct."),
            feedback_incorrect: some("Your answer is incorrect."),
        }
    );
    assert_eq!(
        imported.questions[5],
        Question::Ordering {
            feedback_correct_ja: None,
            feedback_incorrect_ja: None,
            prompt_ja: None,
            prompt: "Put these events of the school year in order, starting in April.".into(),
            items: vec![
                "Entrance ceremony (入学式)".into(),
                "Summer holidays begin".into(),
                "Winter holidays begin".into(),
                "Graduation ceremony (卒業式)".into(),
            ],
            feedback_correct: some(
                "Right: entrance in April, holidays in summer and winter, graduation in March."
            ),
            feedback_incorrect: some("Remember: the year starts in April and ends in March."),
        }
    );
    let Question::Cloze { prompt, text, .. } = &imported.questions[6] else { panic!() };
    assert_eq!(prompt, CLOZE_PROMPT);
    assert_eq!(text, "The Japanese school year starts in {April} and ends in {March}.");
    let Question::Cloze { text, .. } = &imported.questions[7] else { panic!() };
    assert_eq!(
        text,
        "In class, an ALT usually teaches with a {JTE}; the class\u{2019}s {担任} looks after the students\u{2019} daily life."
    );
    let Question::Cloze { text, feedback_correct, .. } = &imported.questions[8] else { panic!() };
    assert_eq!(
        text,
        "Compulsory education in Japan is elementary school (小学校, six years) and {junior high school|中学校} (three years). The teacher in charge of a class is its {担任}."
    );
    assert_eq!(feedback_correct.as_deref(), Some("Most students then go on to senior high school (高校)."));
}

#[test]
fn moodle_xml_kinds_altto_has_not_are_skipped_and_changes_are_listed() {
    let imported = moodle_xml::parse(XML.as_bytes()).unwrap();
    let skipped: Vec<(usize, &str, &Reason)> =
        imported.skipped.iter().map(|s| (s.name_or_number.number, s.kind.as_str(), &s.reason)).collect();
    assert_eq!(
        skipped,
        [
            (1, "multichoice", &Reason::ImagesLeftOut { count: 1 }),
            (7, "gapselect", &Reason::ChoicesTyped),
            (8, "ddwtos", &Reason::ChoicesTyped),
            (9, "cloze", &Reason::PartialCredit),
            (9, "cloze", &Reason::ChoicesTyped),
            (10, "cloze", &Reason::ClozePart { blank: 1, kind: "numerical".into() }),
            (11, "numerical", &Reason::Numerical),
            (12, "essay", &Reason::Essay),
            (13, "description", &Reason::Description),
            (14, "calculatedsimple", &Reason::Calculated),
            (15, "random", &Reason::Random),
            (16, "ddimageortext", &Reason::OnImage),
        ]
    );
    assert_eq!(imported.skipped[0].name_or_number, named(1, "School year"));
    let left_out: Vec<usize> =
        imported.skipped.iter().filter(|s| s.reason.left_out()).map(|s| s.name_or_number.number).collect();
    assert_eq!(left_out, [10, 11, 12, 13, 14, 15, 16]);
    let unknown = xml("<question type=\"stack\"><name><text>S</text></name></question>").unwrap();
    assert_eq!(unknown.skipped[0].reason, Reason::UnknownKind);
    let wildcard = xml("<question type=\"shortanswer\"><questiontext><text>Q</text></questiontext>\
         <answer fraction=\"100\"><text>*ceremony</text></answer></question>")
    .unwrap();
    assert_eq!(wildcard.skipped[0].reason, Reason::Wildcard);
    let several = xml(
        "<question type=\"multichoice\"><questiontext><text>Q</text></questiontext><single>true</single>\
         <answer fraction=\"100\"><text>a</text></answer><answer fraction=\"100\"><text>b</text></answer></question>",
    )
    .unwrap();
    assert_eq!(several.skipped[0].reason, Reason::SeveralRightAnswers);
    let responses = xml(
        "<question type=\"cloze\"><questiontext><text>{1:SA:=a} {1:MR:=b~=c~d}</text></questiontext></question>",
    )
    .unwrap();
    assert_eq!(responses.skipped[0].reason, Reason::ClozePart { blank: 2, kind: "multiresponse".into() });
}

#[test]
fn no_html_from_moodle_xml_reaches_altto() {
    let imported = xml(
        "<question type=\"truefalse\"><questiontext format=\"html\"><text><![CDATA[\
         <p style=\"x\" onclick=\"steal()\">Bow &amp; greet<script>steal()</script><iframe src=\"x\"></iframe></p>\
         <a href=\"javascript:steal()\">here</a>]]></text></questiontext>\
         <answer fraction=\"100\"><text>true</text></answer><answer fraction=\"0\"><text>false</text></answer></question>",
    )
    .unwrap();
    assert_eq!(imported.questions[0].prompt(), "Bow & greet\nhere");
    let braces =
        xml("<question type=\"gapselect\"><questiontext><text>Write {x} | [[1]]</text></questiontext>\
         <selectoption><text>a|b</text><group>1</group></selectoption></question>")
        .unwrap();
    let Question::Cloze { text, .. } = &braces.questions[0] else { panic!() };
    assert_eq!(text, r"Write \{x\} \| {a\|b}", "text that looks like a blank stays text");
}

#[test]
fn a_document_type_is_refused_so_no_entity_is_read() {
    let problems = parse(fixture!("broken-entity.xml")).unwrap_err();
    assert_eq!(problems, [Problem { question: None, line: None, fault: Fault::DtdRefused }]);
    let laughs = "<?xml version=\"1.0\"?><!DOCTYPE quiz [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><quiz>&b;</quiz>";
    assert_eq!(moodle_xml::parse(laughs.as_bytes()).unwrap_err()[0].fault, Fault::DtdRefused);
}

#[test]
fn a_broken_moodle_xml_file_imports_nothing_and_says_where() {
    let problems = parse(fixture!("broken-malformed.xml")).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!((problems[0].question.as_ref(), problems[0].fault.clone()), (None, Fault::NotXml));
    assert_eq!(problems[0].line, Some(21), "where the file stops making sense");
    let problems = parse(fixture!("broken-no-right-answer.xml")).unwrap_err();
    assert_eq!(
        problems,
        [
            Problem {
                question: Some(named(2, "Vice-principal")),
                line: Some(13),
                fault: Fault::NoRightAnswer
            },
            Problem {
                question: Some(named(3, "Indoor shoes")),
                line: Some(21),
                fault: Fault::NoTrueFalseAnswer
            },
        ]
    );
    assert_eq!(parse(b"<html><body>Not a quiz</body></html>").unwrap_err()[0].fault, Fault::NotMoodleXml);
}

#[test]
fn every_moodle_xml_fault_is_reported() {
    let fault = |question: &str| xml(question).unwrap_err()[0].fault.clone();
    let q = "<questiontext><text>Q</text></questiontext>";
    assert_eq!(
        fault(&format!(
            "<question type=\"multichoice\">{q}<answer fraction=\"100\"><text>a</text></answer></question>"
        )),
        Fault::TooFewChoices
    );
    assert_eq!(
        fault(&format!(
            "<question type=\"multichoice\">{q}<answer fraction=\"lots\"><text>a</text></answer></question>"
        )),
        Fault::BadWeight { weight: "lots".into() }
    );
    assert_eq!(
        fault(&format!(
            "<question type=\"shortanswer\">{q}<answer fraction=\"50\"><text>a</text></answer></question>"
        )),
        Fault::NoRightAnswer
    );
    assert_eq!(
        fault(&format!(
            "<question type=\"matching\">{q}<subquestion><text>a</text><answer><text>b</text></answer></subquestion></question>"
        )),
        Fault::TooFewPairs
    );
    assert_eq!(
        fault(&format!("<question type=\"ordering\">{q}<answer><text>only</text></answer></question>")),
        Fault::TooFewItems
    );
    assert_eq!(
        fault(
            "<question type=\"gapselect\"><questiontext><text>[[2]]</text></questiontext><selectoption><text>a</text></selectoption></question>"
        ),
        Fault::UnknownGap { gap: 2 }
    );
    assert_eq!(fault(&format!("<question type=\"gapselect\">{q}</question>")), Fault::NoBlanks);
    assert_eq!(
        fault(
            "<question type=\"cloze\"><questiontext><text>{1:SA:=a} {1:SA:b#No}</text></questiontext></question>"
        ),
        Fault::ClozeNoRightAnswer { blank: 2 }
    );
    assert_eq!(
        fault("<question type=\"cloze\"><questiontext><text>{1:SA:=a</text></questiontext></question>"),
        Fault::BadClozeCode { blank: 1 }
    );
    assert_eq!(
        fault(
            "<question type=\"truefalse\"><questiontext><text></text></questiontext><answer fraction=\"100\"><text>true</text></answer></question>"
        ),
        Fault::NoPrompt
    );
}
