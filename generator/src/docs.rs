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
    // The indentation of the text of the list item being continued, if any.
    let mut list_indent: Option<usize> = None;

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

        // List items are written flush left, which also flattens nested lists: descriptions
        // indent them every which way, and markdown reads odd indentation as code or as the
        // end of the list.
        let list_item = list_item_indent(trimmed);
        let indented = list_item.is_none()
            && list_indent.is_none()
            && (line.starts_with("    ") || line.starts_with('\t'));
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
        } else if let Some(indent) = list_item {
            list_indent = Some(indent);
            lines.push(escape_line(trimmed));
        } else if let (Some(marker), false) = (
            lines
                .last_mut()
                .filter(|last| list_item_indent(last).is_some_and(|i| i > last.len())),
            line.is_empty(),
        ) {
            // An item whose text starts on the next line (`-` alone) gets it on its own line.
            marker.push(' ');
            marker.push_str(&escape_line(trimmed));
        } else if let (Some(indent), false) = (list_indent, line.is_empty()) {
            // A line that continues a list item is indented as far as the item's text, or it
            // would end the list.
            lines.push(format!("{:indent$}{}", "", escape_line(trimmed)));
        } else {
            // Leading spaces in prose mean nothing to a reader, but to markdown they may
            // continue or over-indent a list: prose is written flush left.
            lines.push(escape_line(trimmed));
        }
        if line.is_empty() {
            list_indent = None;
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

/// If `line` starts a list item (`- `, `* `, `+ `, `1. `), the indentation of the item's text.
fn list_item_indent(line: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    let leading = line.len() - trimmed.len();
    let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
    let marker = if trimmed.starts_with(['-', '*', '+']) {
        1
    } else if digits > 0 && trimmed[digits..].starts_with(['.', ')']) {
        digits + 1
    } else {
        return None;
    };
    let after = &trimmed[marker..];
    if !(after.is_empty() || after.starts_with(' ')) {
        return None;
    }
    // The text starts after one to four spaces; with more, after one (the rest is code).
    let spaces = after.len() - after.trim_start().len();
    let gap = if (1..=4).contains(&spaces) && spaces < after.len() {
        spaces
    } else {
        1
    };
    Some(leading + marker + gap)
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
    fn list_items_continue_at_their_indentation() {
        assert_eq!(
            doc("Two:\n\n* [Global (external and\ninternal)](https://x.dev/a)\n* second"),
            "Two:\n\n* \\[Global (external and\n  internal)\\](<https://x.dev/a>)\n* second"
        );
        assert_eq!(
            doc("Cases:\n\n   -\n     Case 1: a\n  b.\n10. ten\nmore"),
            "Cases:\n\n- Case 1: a\n  b.\n10. ten\n    more"
        );
        assert_eq!(doc("-1 is not a list\nnext"), "-1 is not a list\nnext");
        assert_eq!(doc("-  two spaces\nmore"), "-  two spaces\n   more");
    }

    #[test]
    fn nested_and_indented_lists_are_flattened() {
        assert_eq!(
            doc("States:\n\n    - OK: fine.\n    - LOW: below the\n    threshold.\n   - HIGH: above"),
            "States:\n\n- OK: fine.\n- LOW: below the\n  threshold.\n- HIGH: above"
        );
    }

    #[test]
    fn a_continuation_line_is_not_code() {
        assert_eq!(doc("one\n    two [x]"), "one\ntwo \\[x\\]");
    }
}
