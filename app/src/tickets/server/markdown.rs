//! Markdown for descriptions and comments, rendered on the server so the browser only ever
//! receives HTML we produced: raw HTML in the source is shown as text, links and images
//! keep only http(s)/mailto/relative targets, and images become links (no remote pixels
//! load in an agent's browser).

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag, TagEnd};

fn safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    let scheme_end = lower.find(':');
    let first_slash = lower.find('/');
    let has_scheme = match (scheme_end, first_slash) {
        (Some(colon), Some(slash)) => colon < slash,
        (Some(_), None) => true,
        _ => false,
    };
    !has_scheme
        || lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("mailto:")
}

fn clean(url: CowStr<'_>) -> CowStr<'_> {
    if safe_url(&url) {
        url
    } else {
        CowStr::Borrowed("#")
    }
}

pub fn render(source: &str) -> String {
    let options =
        Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS;
    let events = Parser::new_ext(source, options).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        })
        | Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: clean(dest_url),
            title,
            id,
        }),
        Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
        other => other,
    });
    let mut out = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn formatting_is_rendered() {
        assert_eq!(render("**ONT** mati"), "<p><strong>ONT</strong> mati</p>\n");
        assert!(render("- a\n- b").contains("<li>a</li>"));
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let out = render("<script>alert(1)</script> <b onclick=x>hi</b>");
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains("<b "), "{out}");
        assert!(out.contains("&lt;script&gt;"), "{out}");
    }

    #[test]
    fn dangerous_links_are_neutralized() {
        let out =
            render("[x](javascript:alert(1)) [y](JaVaScRiPt:alert(1)) [z](data:text/html,hi)");
        assert!(!out.to_lowercase().contains("javascript:"), "{out}");
        assert!(!out.contains("data:"), "{out}");
        let ok = render("[ok](https://simpul.id/a) [rel](/tickets/1) [m](mailto:noc@isp.id)");
        assert!(ok.contains("href=\"https://simpul.id/a\""));
        assert!(ok.contains("href=\"/tickets/1\""));
        assert!(ok.contains("href=\"mailto:noc@isp.id\""));
    }

    #[test]
    fn images_become_links() {
        let out = render("![foto ODP](https://example.com/odp.jpg)");
        assert!(!out.contains("<img"), "{out}");
        assert!(
            out.contains("<a href=\"https://example.com/odp.jpg\">foto ODP</a>"),
            "{out}"
        );
    }
}
