//! Every text of the hostile corpus (`fixtures/hostile.json`, the one the Markdown
//! renderer's own tests use) posted where members write in the community — a thread's
//! title and text, a reply, a private message, a profile's name and bio — leaves every
//! page that shows it exactly as active as the same page with plain words: no script,
//! no event handler, no active element and no script address added. Mail about it is
//! plain text.

use std::{cell::RefCell, collections::BTreeMap};

use altto_store::{Grants, ProfileUpdate, Role, UserId, Visibility};
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use crate::helpers::{Agent, TestApp};

/// Elements that run, load or submit something.
const ACTIVE: [&str; 19] = [
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math", "form",
    "input", "button", "textarea", "base", "meta", "link", "template", "noscript",
];

/// What in `html` could run or load something, counted: active elements with the
/// names of their attributes, event handlers and inline styles on any element, and
/// addresses with a scheme that runs script or carries a document.
fn activity(html: &str) -> BTreeMap<String, usize> {
    #[derive(Default)]
    struct Sink(RefCell<BTreeMap<String, usize>>);
    impl TokenSink for Sink {
        type Handle = ();
        fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
            if let Token::TagToken(tag) = token
                && tag.kind == TagKind::StartTag
            {
                let mut seen = self.0.borrow_mut();
                let name = tag.name.to_string();
                if ACTIVE.contains(&name.as_str()) {
                    let mut attrs: Vec<String> = tag.attrs.iter().map(|a| a.name.local.to_string()).collect();
                    attrs.sort();
                    *seen.entry(format!("<{name} {}>", attrs.join(" "))).or_default() += 1;
                }
                for attr in &tag.attrs {
                    let attr_name = attr.name.local.to_string();
                    if attr_name.starts_with("on")
                        || ["style", "srcdoc", "formaction"].contains(&attr_name.as_str())
                    {
                        *seen.entry(format!("<{name} {attr_name}=…>")).or_default() += 1;
                    }
                    if ["href", "src", "cite", "action", "data"].contains(&attr_name.as_str())
                        && let Ok(url) = url::Url::parse(attr.value.trim())
                        && ["javascript", "vbscript", "data", "file", "blob"].contains(&url.scheme())
                    {
                        *seen.entry(format!("<{name} {attr_name}={}:>", url.scheme())).or_default() += 1;
                    }
                }
            }
            TokenSinkResult::Continue
        }
    }
    let tokenizer = Tokenizer::new(Sink::default(), TokenizerOpts::default());
    let queue = BufferQueue::default();
    queue.push_back(html.into());
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    tokenizer.sink.0.take()
}

fn corpus() -> Vec<String> {
    serde_json::from_str(include_str!("fixtures/hostile.json")).unwrap()
}

/// A title from `text`: one line, within the forum's 150 characters.
fn title(n: usize, text: &str) -> String {
    format!("T{n} {}", text.replace('\n', " ")).chars().take(150).collect()
}

/// Starts a thread in Elementary as `agent`; its address.
async fn start(agent: &mut Agent<'_>, title: &str, body: &str) -> String {
    let done = agent
        .post("/community/threads", &[("category", "elementary"), ("title", title), ("body", body)])
        .await;
    assert_eq!(done.status, 303, "{title:?}: {}", done.body);
    done.location().to_owned()
}

/// The pages that show what `n` wrote, as `reader` sees them, by name.
async fn pages(
    reader: &mut Agent<'_>,
    thread: &str,
    conversation: &str,
    member: UserId,
) -> Vec<(String, String)> {
    let mut shown = Vec::new();
    for path in [
        thread.to_owned(),
        "/community/c/elementary".into(),
        conversation.into(),
        format!("/members/{member}"),
    ] {
        let page = reader.get(&path).await;
        assert_eq!(page.status, 200, "{path}");
        shown.push((path, page.body));
    }
    shown
}

#[tokio::test]
async fn hostile_texts_in_posts_titles_messages_and_profiles_stay_inert_on_every_page_and_in_mail() {
    let app = TestApp::spawn_with(|settings| settings.forum_posting_limits = false).await;
    altto::community::load_once(app.store()).await.unwrap();
    // Authors are trusted from the start (no waiting posts, no link limit for them).
    let staff = Grants { role: Role::Author, is_moderator: false, is_admin: false };
    let writer = app.create_user("writer@example.org", "Writer", staff).await;
    let reader = app.create_user("reader@example.org", "Reader", staff).await;
    let mut writer_agent = app.agent_for(writer).await;
    let mut reader_agent = app.agent_for(reader).await;
    let mut visitor = app.agent();

    let conversation = {
        let sent = writer_agent.post("/messages", &[("to", &reader.to_string()), ("body", "Hello.")]).await;
        assert_eq!(sent.status, 303, "{}", sent.body);
        sent.location().trim_end_matches("?notice=sent").to_owned()
    };
    let profile = |name: &str, bio: &str| ProfileUpdate {
        display_name: name.chars().take(60).collect(),
        bio: bio.to_owned(),
        prefecture: Some(20),
        employer_type: None,
        school_levels: String::new(),
        years_in_japan: None,
        interests: bio.to_owned(),
        visibility: Some(Visibility::Public),
    };

    // The same pages with plain words: what they may run or load at most.
    app.store().update_profile(writer, &profile("Plain Writer", "Plain words.")).await.unwrap();
    let plain_thread = start(&mut writer_agent, "T plain words", "Plain words.").await;
    writer_agent.post(&format!("{plain_thread}/replies"), &[("body", "More plain words.")]).await;
    let expected =
        |pages: &[(String, String)]| pages.iter().map(|(_, html)| activity(html)).collect::<Vec<_>>();
    let plain_for_reader = expected(&pages(&mut reader_agent, &plain_thread, &conversation, writer).await);
    let plain_for_visitor = activity(&visitor.get(&plain_thread).await.body);

    for (n, text) in corpus().iter().enumerate() {
        app.store().update_profile(writer, &profile(&title(n, text), text)).await.unwrap();
        let thread = start(&mut writer_agent, &title(n, text), text).await;
        let replied =
            writer_agent.post(&format!("{thread}/replies"), &[("body", &format!("{n} {text}"))]).await;
        assert_eq!(replied.status, 303, "{text:?}");
        let sent = writer_agent.post(&conversation, &[("body", &format!("{n} {text}"))]).await;
        assert_eq!(sent.status, 303, "{text:?}: {}", sent.body);

        let shown = pages(&mut reader_agent, &thread, &conversation, writer).await;
        for ((path, html), plain) in shown.iter().zip(&plain_for_reader) {
            assert_eq!(&activity(html), plain, "{text:?} made {path} more active than plain words");
        }
        let visitors = visitor.get(&thread).await;
        assert_eq!(activity(&visitors.body), plain_for_visitor, "{text:?} on {thread} for a visitor");
    }

    // The reader was told about the messages by mail: plain text, never HTML.
    let mail = app.mail_to("reader@example.org").await;
    assert!(!mail.is_empty());
    for message in &mail {
        let types: Vec<&str> = message.lines().filter(|line| line.starts_with("Content-Type:")).collect();
        assert_eq!(types, ["Content-Type: text/plain; charset=utf-8"], "{message}");
    }
}
