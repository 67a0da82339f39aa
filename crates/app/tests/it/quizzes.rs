//! Courses: ordering, matching and cloze questions answered through the lesson page and
//! the API, and the pages that show them.

use altto::courses::{
    Published,
    content::{LessonContent, Question},
    quiz::cloze,
};

use crate::helpers::{TestApp, right_answers, right_parts};

/// The starter lesson holding a question of `kind`, and that question's index.
fn lesson_with<'a>(course: &'a Published, kind: &str) -> (&'a LessonContent, usize) {
    course
        .content
        .lessons()
        .find_map(|(_, lesson)| {
            let index = lesson.quiz.as_ref()?.questions.iter().position(|q| q.kind() == kind)?;
            Some((lesson, index))
        })
        .unwrap_or_else(|| panic!("the starter course has a {kind} question"))
}

/// Every right answer to `lesson`'s quiz, except question `index`, which gets `parts`
/// (its fields `q{index}-{part}`).
fn answers_with(
    lesson: &LessonContent,
    index: usize,
    parts: &[String],
    revision: i64,
) -> Vec<(String, String)> {
    let own = format!("q{index}");
    let mut fields = vec![("revision".to_owned(), revision.to_string())];
    fields.extend(right_answers(lesson).into_iter().filter(|(name, _)| name.split('-').next() != Some(&own)));
    fields.extend(parts.iter().enumerate().map(|(part, value)| (format!("{own}-{part}"), value.clone())));
    fields
}

fn pairs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

/// The quiz questions of a lesson page, from the first question to the end of the form
/// (so without the form's per-member token).
fn questions_of(page: &str) -> &str {
    let start = page.find(r#"<fieldset class="question""#).expect("the page has a quiz");
    let end = page[start..].find("</form>").unwrap() + start;
    &page[start..end]
}

#[tokio::test]
async fn a_learner_answers_an_ordering_question_through_the_form_and_is_scored_on_the_whole_order() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let course = app.starter().await;
    let (lesson, index) = lesson_with(&course, "ordering");
    let Question::Ordering { items, .. } = &lesson.quiz.as_ref().unwrap().questions[index] else { panic!() };
    let path = format!("/courses/alt-essentials/lessons/{}", lesson.slug);
    let id = app.create_member("learner@example.org", "Learner").await;
    let mut learner = app.agent_for(id).await;

    let page = learner.get(&path).await;
    for (k, item) in items.iter().enumerate() {
        assert!(page.body.contains(&format!(r#"<label for="q{index}-{k}">"#)), "each item is labelled");
        assert!(page.body.contains(item.as_str()), "{item}");
    }
    assert!(page.body.contains("Give each item its place in the order: 1 for the first."));

    let right: Vec<String> = right_parts(lesson.id, index, &lesson.quiz.as_ref().unwrap().questions[index])
        .iter()
        .map(ToString::to_string)
        .collect();
    let result = learner
        .post(&format!("{path}/quiz"), &pairs(&answers_with(lesson, index, &right, course.revision_id)))
        .await;
    assert!(result.body.contains("You scored 100%"), "{}", result.body);

    // Swap the first two items: the other four are still in place, but the order is wrong.
    let mut swapped = right.clone();
    let (first, second) =
        (swapped.iter().position(|p| p == "1").unwrap(), swapped.iter().position(|p| p == "2").unwrap());
    swapped.swap(first, second);
    let fields = answers_with(lesson, index, &swapped, course.revision_id);
    let result = learner.post(&format!("{path}/quiz"), &pairs(&fields)).await;
    assert_eq!(result.status, 200);
    assert!(!result.body.contains("You scored 100%"), "one question wrong");
    let marked = questions_of(&result.body);
    assert!(
        marked.contains("Partly right") && marked.contains("4 of 6 items are in the right place."),
        "{marked}"
    );
    assert!(marked.contains(r#"<option value="2" selected>2</option>"#), "the learner's places are kept");

    let beyond = answers_with(lesson, index, &["7".to_owned()], course.revision_id);
    let refused = learner.post(&format!("{path}/quiz"), &pairs(&beyond)).await;
    assert_eq!(refused.status, 422, "there is no seventh place");
    let progress = app.store().course_progress(id, course.course_id).await.unwrap();
    assert_eq!(progress.iter().map(|p| p.attempts).sum::<i64>(), 2);
}

#[tokio::test]
async fn a_learner_answers_a_matching_question_through_the_form_and_is_told_how_many_pairs_are_right() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let course = app.starter().await;
    let (lesson, index) = lesson_with(&course, "matching");
    let question = &lesson.quiz.as_ref().unwrap().questions[index];
    let Question::Matching { pairs: matched, distractors, .. } = question else { panic!() };
    let path = format!("/courses/alt-essentials/lessons/{}", lesson.slug);
    let id = app.create_member("learner@example.org", "Learner").await;
    let mut learner = app.agent_for(id).await;

    let page = learner.get(&path).await;
    let form = questions_of(&page.body);
    for pair in matched {
        assert!(form.contains(pair.left.as_str()) && form.contains(pair.right.as_str()), "{}", pair.left);
    }
    assert!(form.contains(distractors[0].as_str()), "the distractor is offered");
    assert!(form.contains("Choose the partner of each item. Some of the choices match nothing."));
    assert!(form.contains(&format!(r#"<select id="q{index}-0" name="q{index}-0""#)));

    let right: Vec<String> =
        right_parts(lesson.id, index, question).iter().map(ToString::to_string).collect();
    let all_right = answers_with(lesson, index, &right, course.revision_id);
    let result = learner.post(&format!("{path}/quiz"), &pairs(&all_right)).await;
    assert!(result.body.contains("You scored 100%"), "{}", result.body);

    // The first two left items get each other's partners, the last none at all.
    let mut mixed = right.clone();
    mixed.swap(0, 1);
    mixed[3] = String::new();
    let result = learner
        .post(&format!("{path}/quiz"), &pairs(&answers_with(lesson, index, &mixed, course.revision_id)))
        .await;
    let marked = questions_of(&result.body);
    assert!(marked.contains("Partly right") && marked.contains("1 of 4 pairs are right."), "{marked}");
}

#[tokio::test]
async fn a_learner_fills_in_a_cloze_question_and_each_blank_is_marked() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let course = app.starter().await;
    let (lesson, index) = lesson_with(&course, "cloze");
    let Question::Cloze { text, .. } = &lesson.quiz.as_ref().unwrap().questions[index] else { panic!() };
    let blanks = cloze::blanks(text).unwrap();
    let path = format!("/courses/alt-essentials/lessons/{}", lesson.slug);
    let id = app.create_member("learner@example.org", "Learner").await;
    let mut learner = app.agent_for(id).await;

    let page = learner.get(&path).await;
    for n in 1..=blanks.len() {
        let label = format!(r#"class="visually-hidden">Blank {n} of {}</label>"#, blanks.len());
        assert!(page.body.contains(&label), "{label}");
    }
    assert!(!page.body.contains("shigatsu"), "no accepted answer is on the page");

    // Typed the way learners type: other case, full stop, full-width digits.
    let typed: Vec<String> = vec!["april.".into(), "３月".into(), " Three ".into()];
    let result = learner
        .post(&format!("{path}/quiz"), &pairs(&answers_with(lesson, index, &typed, course.revision_id)))
        .await;
    assert!(result.body.contains("You scored 100%"), "{}", result.body);

    let partly: Vec<String> = vec!["April".into(), "February".into(), "".into()];
    let result = learner
        .post(&format!("{path}/quiz"), &pairs(&answers_with(lesson, index, &partly, course.revision_id)))
        .await;
    let marked = questions_of(&result.body);
    assert!(marked.contains("1 of 3 blanks are right."), "{marked}");
    assert!(marked.contains(r#"value="February""#), "what was typed stays in its blank");
    assert!(marked.contains("(right)") && marked.contains("(not right)"), "{marked}");

    let japanese = app.agent_for(id).await.with_header("accept-language", "ja").get(&path).await;
    assert!(japanese.body.contains("空欄 1（全 3 か所）"), "the blank labels are in Japanese too");
}

#[tokio::test]
async fn a_quiz_page_with_every_kind_is_the_same_for_every_visitor_and_shuffled_alike_for_members() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let course = app.starter().await;
    let id = app.create_member("learner@example.org", "Learner").await;
    for kind in ["ordering", "matching", "cloze"] {
        let (lesson, _) = lesson_with(&course, kind);
        let path = format!("/courses/alt-essentials/lessons/{}", lesson.slug);
        let one = app.agent().get(&path).await;
        let two = app.agent().get(&path).await;
        assert_eq!(one.status, 200);
        assert_eq!(one.body, two.body, "{kind}: two visitors get one page");
        let member = app.agent_for(id).await.get(&path).await;
        assert_eq!(
            questions_of(&member.body),
            questions_of(&one.body),
            "{kind}: a member's quiz is the same"
        );
    }
}

#[tokio::test]
async fn the_api_shows_the_newer_kinds_without_their_answers_and_marks_answers_given_as_listed() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let course = app.starter().await;
    let attempt = |id: i64, body: serde_json::Value| {
        axum::http::Request::post(format!("/api/v1/quizzes/{id}/attempts"))
            .header("content-type", "application/json")
            .body(axum::body::Body::from(body.to_string()))
            .unwrap()
    };
    for kind in ["ordering", "matching", "cloze"] {
        let (lesson, index) = lesson_with(&course, kind);
        let question = &lesson.quiz.as_ref().unwrap().questions[index];
        let served = app.get(&format!("/api/v1/lessons/{}", lesson.id)).await;
        let json: serde_json::Value = serde_json::from_str(&served.body).unwrap();
        let out = &json["quiz"]["questions"][index];
        assert_eq!(out["kind"], kind);
        let answer = match question {
            Question::Ordering { items, .. } => {
                let listed: Vec<&str> =
                    out["items"].as_array().unwrap().iter().map(|i| i.as_str().unwrap()).collect();
                assert_eq!(listed.len(), items.len());
                assert_ne!(
                    listed,
                    items.iter().map(String::as_str).collect::<Vec<_>>(),
                    "not in the right order"
                );
                let positions: Vec<usize> =
                    listed.iter().map(|shown| items.iter().position(|i| i == shown).unwrap() + 1).collect();
                serde_json::json!({ "positions": positions })
            }
            Question::Matching { pairs, .. } => {
                let options: Vec<&str> =
                    out["options"].as_array().unwrap().iter().map(|o| o.as_str().unwrap()).collect();
                assert_eq!(out["left"][0], pairs[0].left.as_str());
                let matches: Vec<usize> =
                    pairs.iter().map(|p| options.iter().position(|o| *o == p.right).unwrap()).collect();
                serde_json::json!({ "matches": matches })
            }
            Question::Cloze { text, .. } => {
                assert!(
                    !served.body.contains("shigatsu") && !served.body.contains("{April"),
                    "no answers leak"
                );
                let parts = out["text_parts"].as_array().unwrap();
                assert_eq!(parts[0], "The Japanese school year starts in ");
                let blanks = cloze::blanks(text).unwrap();
                assert_eq!(parts.len(), blanks.len() + 1);
                serde_json::json!({ "blanks": blanks.iter().map(|b| b[0].clone()).collect::<Vec<_>>() })
            }
            _ => unreachable!(),
        };
        let mut answers = vec![serde_json::Value::Null; index + 1];
        answers[index] = answer;
        let marked = app.request(attempt(lesson.id, serde_json::json!({ "answers": answers }))).await;
        assert_eq!(marked.status, 200, "{kind}: {}", marked.body);
        let outcome: serde_json::Value = serde_json::from_str(&marked.body).unwrap();
        assert_eq!(outcome["questions"][index]["correct"], true, "{kind}: {outcome}");
        assert_eq!(outcome["questions"][index]["verdict"], "right");

        // An answer of another kind, or of the wrong length, does not fit.
        answers[index] = serde_json::json!({ "positions": [1] });
        let refused = app.request(attempt(lesson.id, serde_json::json!({ "answers": answers }))).await;
        assert_eq!(refused.status, 422, "{kind}");
    }
    let (lesson, _) = lesson_with(&course, "cloze");
    let nothing = app.request(attempt(lesson.id, serde_json::json!({ "answers": [] }))).await;
    assert_eq!(nothing.status, 422, "an attempt that answers nothing is not marked");
}

#[tokio::test]
async fn a_partly_right_multiple_choice_answer_says_which_picks_were_right_and_which_right_choices_were_missed()
 {
    let app = TestApp::spawn().await.with_starter_course().await;
    let course = app.starter().await;
    let (lesson, index) = lesson_with(&course, "multiple");
    let Question::Multiple { choices, .. } = &lesson.quiz.as_ref().unwrap().questions[index] else {
        panic!()
    };
    let right: Vec<usize> = (0..choices.len()).filter(|c| choices[*c].correct).collect();
    let wrong = (0..choices.len()).find(|c| !choices[*c].correct).unwrap();
    assert!(right.len() >= 2, "a multiple-choice question with two or more right choices");
    let path = format!("/courses/alt-essentials/lessons/{}/quiz", lesson.slug);
    let (picked, revision) = (format!("q{index}"), course.revision_id.to_string());
    let fields =
        [("revision", revision.as_str()), (&picked, &right[0].to_string()), (&picked, &wrong.to_string())];
    let result = app.agent().post_raw(&path, &fields).await;
    let marked = questions_of(&result.body);
    let question = &marked[marked.find(&format!(r#"id="{picked}">"#)).unwrap()..];
    let question = &question[..question.find("</fieldset>").unwrap()];
    let feedback = &question[question.find(r#"<div class="feedback"#).unwrap()..];
    assert!(feedback.contains("Partly right") && !feedback.contains("Correct"), "{feedback}");
    assert!(feedback.contains(&format!("You chose “{}”: right.", choices[right[0]].text)), "{feedback}");
    assert!(feedback.contains(&format!("You chose “{}”: not right.", choices[wrong].text)), "{feedback}");
    for missed in &right[1..] {
        assert!(
            feedback.contains(&format!("You did not choose “{}”, which is right.", choices[*missed].text))
        );
    }
    assert!(feedback.contains(choices[wrong].feedback.as_deref().unwrap()), "the wrong pick's own feedback");
}
