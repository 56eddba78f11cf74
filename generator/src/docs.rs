//! Turning discovery descriptions into rustdoc.
//!
//! Descriptions are written for Google's HTML reference pages, not for rustdoc. Left as they
//! are, `[x]` becomes a broken intra-doc link, `<b>` an unclosed HTML tag, a bare URL a lint
//! warning, and an indented or fenced block a doctest that fails to compile. [`to_rustdoc`]
//! rewrites a description so that none of that happens and the text still reads the same.

/// Rewrites a description as rustdoc markdown and returns its lines.
pub fn to_rustdoc(description: &str) -> Vec<String> {
    let text = description.replace("\r\n", "\n").replace('\r', "\n");
    let mut lines = Vec::new();
    let mut in_fence = false;
    let mut in_indented_block = false;
    let mut previous_blank = true;

    for line in text.trim().lines() {
        let line = line.trim_end();
        let trimmed = line.trim_start();

        if trimmed.starts_with("```") {
            if in_indented_block {
                close_indented_block(&mut lines);
                in_indented_block = false;
            }
            // Every fence becomes a `text` fence: descriptions hold no Rust to test.
            lines.push(if in_fence {
                "```".to_owned()
            } else {
                "```text".to_owned()
            });
            in_fence = !in_fence;
            previous_blank = false;
            continue;
        }
        if in_fence {
            lines.push(line.to_owned());
            continue;
        }

        let indented = line.starts_with("    ") || line.starts_with('\t');
        if in_indented_block && !indented && !line.is_empty() {
            close_indented_block(&mut lines);
            in_indented_block = false;
        }
        if !in_indented_block && indented && previous_blank {
            lines.push("```text".to_owned());
            in_indented_block = true;
        }
        if in_indented_block {
            lines.push(line.to_owned());
        } else {
            lines.push(escape_line(line));
        }
        previous_blank = line.is_empty();
    }
    if in_indented_block {
        close_indented_block(&mut lines);
    } else if in_fence {
        lines.push("```".to_owned());
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}

/// Ends an indented block before the blank lines that followed it, and keeps one of them.
fn close_indented_block(lines: &mut Vec<String>) {
    let mut blanks = 0;
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
        blanks += 1;
    }
    lines.push("```".to_owned());
    if blanks > 0 {
        lines.push(String::new());
    }
}

/// Escapes one line of prose: brackets and angle brackets become literal text, bare URLs become
/// autolinks, and markdown links, autolinks and code spans are kept as they are.
fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;

    while let Some(c) = rest.chars().next() {
        if c == '`' {
            if let Some(end) = rest[1..].find('`') {
                out.push_str(&rest[..end + 2]);
                rest = &rest[end + 2..];
            } else {
                out.push_str("\\`");
                rest = &rest[1..];
            }
        } else if c == '[' {
            if let Some(link_len) = markdown_link_len(rest) {
                out.push_str(&rest[..link_len]);
                rest = &rest[link_len..];
            } else {
                out.push_str("\\[");
                rest = &rest[1..];
            }
        } else if c == ']' {
            out.push_str("\\]");
            rest = &rest[1..];
        } else if c == '<' {
            if let Some(link_len) = autolink_len(rest) {
                out.push_str(&rest[..link_len]);
                rest = &rest[link_len..];
            } else {
                out.push_str("\\<");
                rest = &rest[1..];
            }
        } else if c == '>' && !out.trim().is_empty() {
            out.push_str("\\>");
            rest = &rest[1..];
        } else if rest.starts_with("http://") || rest.starts_with("https://") {
            let url_len = url_len(rest);
            out.push('<');
            out.push_str(&rest[..url_len]);
            out.push('>');
            rest = &rest[url_len..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// The length of a `[text](http...)` link at the start of `text`, if there is one.
fn markdown_link_len(text: &str) -> Option<usize> {
    let close = text.find("](")?;
    let label = &text[1..close];
    if label.contains(['[', ']', '`']) {
        return None;
    }
    let target = &text[close + 2..];
    if !(target.starts_with("http://") || target.starts_with("https://")) {
        return None;
    }
    let end = target.find(')')?;
    if target[..end].contains(char::is_whitespace) {
        return None;
    }
    Some(close + 2 + end + 1)
}

/// The length of a `<http...>` autolink at the start of `text`, if there is one.
fn autolink_len(text: &str) -> Option<usize> {
    let inner = &text[1..];
    if !(inner.starts_with("http://") || inner.starts_with("https://")) {
        return None;
    }
    let end = inner.find('>')?;
    if inner[..end].contains(char::is_whitespace) {
        return None;
    }
    Some(end + 2)
}

/// The length of the bare URL at the start of `text`. Punctuation that ends a sentence, and a
/// closing parenthesis that the URL did not open, are not part of it.
fn url_len(text: &str) -> usize {
    let mut len = text
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | '[' | ']'))
        .unwrap_or(text.len());
    loop {
        let url = &text[..len];
        let trailing_paren =
            url.ends_with(')') && url.matches('(').count() < url.matches(')').count();
        if url.ends_with(['.', ',', ';', ':', '!', '?', '\'', '*']) || trailing_paren {
            len -= 1;
        } else {
            return len;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> String {
        to_rustdoc(text).join("\n")
    }

    #[test]
    fn brackets_and_tags_are_escaped() {
        assert_eq!(
            doc("Use [PlayIntegrity API] now"),
            "Use \\[PlayIntegrity API\\] now"
        );
        assert_eq!(doc("a <b>bold</b> move"), "a \\<b\\>bold\\</b\\> move");
        assert_eq!(doc("map<string, int>"), "map\\<string, int\\>");
    }

    #[test]
    fn bare_urls_become_autolinks() {
        assert_eq!(
            doc("See https://cloud.google.com/identity-platform. Then"),
            "See <https://cloud.google.com/identity-platform>. Then"
        );
        assert_eq!(doc("(see http://a.b/c)"), "(see <http://a.b/c>)");
        assert_eq!(
            doc("[API] (https://x.dev/p)"),
            "\\[API\\] (<https://x.dev/p>)"
        );
    }

    #[test]
    fn links_autolinks_and_code_spans_are_kept() {
        let text = "the [SafetyNet API](https://developer.android.com/a.html), <https://x.y/z>";
        assert_eq!(doc(text), text);
        assert_eq!(
            doc("the `phone_number` field [x]"),
            "the `phone_number` field \\[x\\]"
        );
        assert_eq!(doc("a lone ` tick"), "a lone \\` tick");
    }

    #[test]
    fn code_never_becomes_a_doctest() {
        assert_eq!(
            doc("Example:\n```\nfoo();\n```"),
            "Example:\n```text\nfoo();\n```"
        );
        assert_eq!(doc("```json\n{}\n```"), "```text\n{}\n```");
        assert_eq!(
            doc("Example:\n\n    foo();\n    bar();\n\nDone"),
            "Example:\n\n```text\n    foo();\n    bar();\n```\n\nDone"
        );
        assert_eq!(
            doc("Open\n```\nnever closed"),
            "Open\n```text\nnever closed\n```"
        );
    }

    #[test]
    fn a_continuation_line_is_not_code() {
        assert_eq!(doc("one\n    two [x]"), "one\n    two \\[x\\]");
    }
}
