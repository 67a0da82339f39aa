//! The members' profile, rule by rule.

use super::{super::sanitise, start_tags};
use crate::{content::markdown::*, i18n::Lang};

/// The members' profile of a site at `https://altto.example/`.
fn members() -> Profile {
    Profile::Members(Members::for_site(Some("https://altto.example/")))
}

/// The same with at most `limit` links.
fn new_members(limit: usize) -> Profile {
    Profile::Members(Members::for_site(Some("https://altto.example/")).with_link_limit(limit))
}

/// The names of the start tags in `html`.
fn tag_names(html: &str) -> Vec<String> {
    start_tags(html).into_iter().map(|(name, _)| name).collect()
}

/// The value of `attribute` on every `tag` in `html` (`None` where it has none).
fn attribute_of_each(html: &str, tag: &str, attribute: &str) -> Vec<Option<String>> {
    let tags = start_tags(html).into_iter().filter(|(name, _)| name == tag);
    tags.map(|(_, attrs)| attrs.into_iter().find(|(name, _)| name == attribute).map(|(_, value)| value))
        .collect()
}

#[test]
fn a_members_raw_html_is_shown_as_text_not_dropped() {
    let html = render(
        "Hello <b>world</b> <!-- note -->\n\n<div class=\"x\">\n<em>raw</em>\n</div>\n\nafter",
        &members(),
    );
    assert!(html.contains("Hello &lt;b&gt;world&lt;/b&gt; &lt;!-- note --&gt;"), "{html}");
    assert!(
        html.contains("<p>&lt;div class=\"x\"&gt;\n&lt;em&gt;raw&lt;/em&gt;\n&lt;/div&gt;"),
        "a block becomes a paragraph of text: {html}"
    );
    assert_eq!(tag_names(&html), ["p", "p", "p"], "{html}");
}

#[test]
fn a_members_raw_html_does_not_nest_so_the_check_lets_it_through_as_text() {
    let divs = format!("Line one\n\n{}deep", "<div>".repeat(MAX_DEPTH * 10));
    assert_eq!(check(&divs, &members()), Ok(()));
    let html = render(&divs, &members());
    assert!(html.contains(&"&lt;div&gt;".repeat(MAX_DEPTH * 10)) && !html.contains("<div"), "{html}");
}

#[test]
fn a_members_headings_step_down_two_levels_and_never_above_h3() {
    let html =
        render("# One\n## Two\n### Three\n#### Four\n##### Five\n###### Six\n\nSetext\n======\n", &members());
    assert_eq!(tag_names(&html), ["h3", "h4", "h5", "h6", "h6", "h6", "h3"], "{html}");
    assert!(
        html.contains("<h3>One</h3>") && html.contains("<h4>Two</h4>") && html.contains("<h6>Six</h6>"),
        "{html}"
    );
}

#[test]
fn every_link_a_member_posts_is_nofollow_ugc_noopener() {
    let text = "[inline](https://elsewhere.example/) [reference][r] <https://auto.example/> <someone@example.com> \
                [here](/courses) ![photo](https://elsewhere.example/a.png) [with title](/a \"T\")\n\n\
                [r]: https://elsewhere.example/r\n";
    let html = render(text, &members());
    let rels = attribute_of_each(&html, "a", "rel");
    assert_eq!(rels.len(), 7, "{html}");
    assert!(rels.iter().all(|rel| rel.as_deref() == Some(MEMBER_LINK_REL)), "{html}");
    assert_eq!(MEMBER_LINK_REL, "nofollow ugc noopener");
}

#[test]
fn a_member_may_link_only_over_http_https_mailto_or_a_relative_address() {
    let kept = ["https://e.example/", "http://e.example/", "mailto:a@e.example", "/courses", "page", "#top"];
    for address in kept {
        let html = render(&format!("[x]({address})"), &members());
        assert_eq!(attribute_of_each(&html, "a", "href"), [Some(address.to_owned())], "{html}");
    }
    for address in
        ["ftp://e.example/", "tel:+81000", "irc://e.example/", "javascript:alert(1)", "data:text/html,x"]
    {
        let html = render(&format!("[x]({address})"), &members());
        assert_eq!(attribute_of_each(&html, "a", "href"), [None], "{html}");
        // An author's link keeps what ammonia allows.
        let authors = render(&format!("[x]({address})"), &Profile::Authors);
        assert_eq!(
            authors.contains("href"),
            !address.starts_with("javascript") && !address.starts_with("data")
        );
    }
}

#[test]
fn a_members_images_are_shown_only_from_this_site_and_others_become_links() {
    for address in ["/media/a.png", "media/a.png", "../a.png", "https://altto.example/media/a.png"] {
        let html = render(&format!("![A photo]({address})"), &members());
        assert_eq!(attribute_of_each(&html, "img", "src"), [Some(address.to_owned())], "{html}");
        assert!(attribute_of_each(&html, "a", "href").is_empty(), "{html}");
    }
    let elsewhere = render("![A photo](https://elsewhere.example/a.png \"T\")", &members());
    assert_eq!(
        elsewhere,
        "<p><a href=\"https://elsewhere.example/a.png\" title=\"T\" rel=\"nofollow ugc noopener\">A photo</a></p>\n"
    );
    // Without a description, the address is the link's text.
    let bare = render("![](//elsewhere.example/a.png)", &members());
    assert!(bare.contains(">//elsewhere.example/a.png</a>") && !bare.contains("<img"), "{bare}");
    // Inside a link, which cannot hold another, it is its description.
    let linked = render(
        "[![Logo](https://elsewhere.example/logo.png)](/about) [![](https://e.example/b.png)](/b)",
        &members(),
    );
    assert_eq!(
        linked,
        "<p><a href=\"/about\" rel=\"nofollow ugc noopener\">Logo</a> <a href=\"/b\" rel=\"nofollow ugc noopener\">https://e.example/b.png</a></p>\n"
    );
    // Without the site's address, only relative ones are this site.
    let unknown_site = Profile::Members(Members::default());
    let html = render("![a](https://altto.example/a.png) ![b](/b.png)", &unknown_site);
    assert_eq!(attribute_of_each(&html, "img", "src"), [Some("/b.png".to_owned())], "{html}");
}

#[test]
fn only_relative_addresses_and_the_sites_own_origin_are_the_same_site() {
    let site = url::Url::parse("https://altto.example/").unwrap();
    let same = [
        "/a.png",
        "a.png",
        "./a.png",
        "../../a.png",
        "?x=1",
        "#a",
        "https://altto.example/a.png",
        "HTTPS://ALTTO.EXAMPLE:443/a.png",
        " /a.png",
    ];
    for address in same {
        assert!(sanitise::same_site(address, Some(&site)), "{address} is this site");
    }
    let other = [
        "https://elsewhere.example/a.png",
        "//elsewhere.example/a.png",
        "\\\\elsewhere.example\\a.png",
        "/\\elsewhere.example/a.png",
        " //elsewhere.example/a.png",
        "http://altto.example/a.png",
        "https://altto.example:8443/a.png",
        "https://altto.example.elsewhere.example/a.png",
        "https://altto.example@elsewhere.example/a.png",
        "data:image/png;base64,AAAA",
        "javascript:alert(1)",
        "blob:https://altto.example/x",
        "http://[::1/a.png",
        // A browser on an https page reads this as a relative path; refusing it is only
        // cautious.
        "https:a.png",
    ];
    for address in other {
        assert!(!sanitise::same_site(address, Some(&site)), "{address} is not this site");
    }
    assert!(sanitise::same_site("/a.png", None) && !sanitise::same_site("//elsewhere.example/a.png", None));
    assert!(!sanitise::same_site("https://altto.example/a.png", None), "no site given: nothing absolute is");
}

#[test]
fn a_member_cannot_embed_frames_or_video() {
    let text = "<iframe src=\"https://www.youtube-nocookie.com/embed/x\"></iframe>\n\n<video src=\"/a.mp4\"></video> \
                <audio src=\"/a.mp3\"></audio> <embed src=\"/a.swf\"> <object data=\"/a\"></object>";
    let html = render(text, &members());
    assert_eq!(tag_names(&html), ["p", "p"], "{html}");
    assert!(
        html.contains("&lt;iframe src=\"https://www.youtube-nocookie.com/embed/x\"&gt;"),
        "shown as text: {html}"
    );
    // The sanitiser is a second lock: HTML that somehow got past the rewriting still
    // loses frames, media, headings above h3, raw elements and images from elsewhere.
    let smuggled = "<iframe src=\"https://www.youtube-nocookie.com/embed/x\"></iframe><video src=\"/a.mp4\"></video>\
                    <h1>Big</h1><details>d</details><img src=\"https://elsewhere.example/a.png\"><img src=\"/b.png\">\
                    <a href=\"/x\" rel=\"follow\">x</a>";
    let cleaned = sanitise::clean(smuggled, &members());
    assert_eq!(tag_names(&cleaned), ["img", "img", "a"], "{cleaned}");
    assert_eq!(attribute_of_each(&cleaned, "img", "src"), [None, Some("/b.png".to_owned())], "{cleaned}");
    assert_eq!(attribute_of_each(&cleaned, "a", "rel"), [Some(MEMBER_LINK_REL.to_owned())], "{cleaned}");
}

#[test]
fn too_many_links_for_a_new_member_are_refused_with_the_count_in_both_languages() {
    let text = "[one](/1)\n\n<https://two.example/>\n\n![three](https://elsewhere.example/3.png) ![here](/h.png)\n\n[four](/4)\n";
    assert_eq!(check(text, &new_members(3)), Err(Problem::TooManyLinks { line: 7, links: 4, limit: 3 }));
    let problem = Problem::TooManyLinks { line: 7, links: 4, limit: 3 };
    assert_eq!(
        problem.message(Lang::En),
        "Line 7: New members may post at most 3 links at a time, and this text has 4. Remove some of them."
    );
    let japanese = problem.message(Lang::Ja);
    assert!(
        japanese.starts_with("7 行目：") && japanese.contains("3 個まで") && japanese.contains("4 個"),
        "{japanese}"
    );
    // No links at all for the newest members: worded for it.
    let none = check(text, &new_members(0)).unwrap_err();
    assert_eq!(none, Problem::TooManyLinks { line: 1, links: 4, limit: 0 });
    assert!(none.describe(Lang::En).starts_with("New members cannot post links yet, and this text has 4."));
    assert!(none.describe(Lang::Ja).contains("まだリンクを投稿できません"));
    // At the limit, without one, or for authors: fine. An image from this site is no link.
    assert_eq!(check(text, &new_members(4)), Ok(()));
    assert_eq!(check(text, &members()), Ok(()));
    assert_eq!(check(text, &Profile::Authors), Ok(()));
    // A post saved under an earlier limit is still shown whole.
    assert_eq!(render(text, &new_members(0)).matches("<a ").count(), 4);
}

#[test]
fn the_members_profile_reads_the_sites_public_url() {
    let members = Members::for_site(Some("https://altto.example/base/"));
    assert_eq!(members.site.as_ref().map(url::Url::as_str), Some("https://altto.example/base/"));
    assert_eq!(members.link_limit, None);
    assert_eq!(Members::for_site(Some("not an address")).site, None);
    assert_eq!(Members::for_site(None).with_link_limit(2).link_limit, Some(2));
    assert_eq!(Profile::Members(Members::for_site(None).with_link_limit(2)).link_limit(), Some(2));
    assert_eq!(Profile::Authors.link_limit(), None);
}
