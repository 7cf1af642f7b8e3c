//! XML codec: a `<faspay>` root with one element per field. Writes escaped values; reads
//! without DTDs or entity expansion and tolerates the raw `&` Faspay's notifications may carry
//! (docs/protocol.md).

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::escape::escape;
use quick_xml::events::Event;

use super::{DecodeError, MAX_DEPTH, MAX_FIELDS_PER_OBJECT};
use crate::wire::{Fields, WireValue, known_name_bytes};

pub(super) fn encode(fields: &Fields) -> Vec<u8> {
    let mut out = String::with_capacity(64 + fields.len() * 48);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<faspay>\n");
    write_fields(&mut out, fields, 1);
    out.push_str("</faspay>\n");
    out.into_bytes()
}

fn write_fields(out: &mut String, fields: &Fields, depth: usize) {
    for (key, value) in fields.iter() {
        write_value(out, key, value, depth);
    }
}

fn write_value(out: &mut String, key: &str, value: &WireValue, depth: usize) {
    match value {
        WireValue::Text(text) => {
            indent(out, depth);
            open_tag(out, key);
            out.push_str(&escape(xml_chars(text).as_ref()));
            close_tag(out, key);
        }
        WireValue::Object(inner) => {
            indent(out, depth);
            open_tag(out, key);
            out.push('\n');
            write_fields(out, inner, depth + 1);
            indent(out, depth);
            close_tag(out, key);
        }
        // Lists are repeated elements of the same name directly under the parent.
        WireValue::List(items) => {
            for item in items {
                write_value(out, key, item, depth);
            }
        }
    }
}

// Written piece by piece into one buffer: a `format!` per element allocated twice per field.
fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("  ");
    }
}

fn open_tag(out: &mut String, key: &str) {
    out.push('<');
    out.push_str(key);
    out.push('>');
}

fn close_tag(out: &mut String, key: &str) {
    out.push_str("</");
    out.push_str(key);
    out.push_str(">\n");
}

/// Whether XML 1.0 forbids `c` (raw or as a reference): control characters but tab, LF, CR.
fn is_forbidden(c: char) -> bool {
    (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r')
}

/// `text` with the characters XML 1.0 cannot carry replaced by U+FFFD, so every document
/// written is one the reader accepts (bills refuse such characters before this point; the
/// sandbox may echo them from a hostile request).
fn xml_chars(text: &str) -> Cow<'_, str> {
    if text.chars().any(is_forbidden) {
        text.chars()
            .map(|c| if is_forbidden(c) { '\u{fffd}' } else { c })
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

struct Frame<'a> {
    name: Cow<'static, str>,
    fields: Fields,
    /// Borrowed from the document while it is one piece of plain text; copied once when the
    /// value is kept.
    text: Cow<'a, str>,
    has_children: bool,
}

impl<'a> Frame<'a> {
    fn new(name: Cow<'static, str>, fields: Fields) -> Frame<'a> {
        Frame {
            name,
            fields,
            text: Cow::Borrowed(""),
            has_children: false,
        }
    }

    /// Adds a child element's value; a repeated name becomes a list. Refuses a new name past
    /// [`MAX_FIELDS_PER_OBJECT`], which also bounds the name lookup to a constant.
    fn add_child(&mut self, name: Cow<'static, str>, value: WireValue) -> Result<(), DecodeError> {
        self.has_children = true;
        // An element with children is an object: its own text (indentation) is not kept.
        self.text = Cow::Borrowed("");
        if self.fields.len() >= MAX_FIELDS_PER_OBJECT && self.fields.get(&name).is_none() {
            return Err(DecodeError(format!(
                "not valid XML: <{}> has more than {MAX_FIELDS_PER_OBJECT} distinct fields",
                self.name
            )));
        }
        self.fields.append_repeated_name(name, value);
        Ok(())
    }

    fn into_parts(self) -> (Cow<'static, str>, WireValue) {
        let value = if self.has_children {
            WireValue::Object(self.fields)
        } else {
            WireValue::Text(self.text.into_owned())
        };
        (self.name, value)
    }
}

/// Room reserved for the fields of the root element (a notification has 14), so its list
/// grows once instead of four times.
const ROOT_FIELDS: usize = 16;

/// Decodes a document: the root element's name and its content.
pub(super) fn decode(body: &[u8]) -> Result<(String, Fields), DecodeError> {
    let text =
        std::str::from_utf8(body).map_err(|_| DecodeError("XML body is not UTF-8".into()))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = Reader::from_str(text);
    reader.config_mut().allow_dangling_amp = true;
    let mut stack: Vec<Frame> = Vec::with_capacity(4);
    let mut root: Option<Frame> = None;
    let bad = |what: String| DecodeError(format!("not valid XML: {what}"));
    loop {
        let event = reader
            .read_event()
            .map_err(|e| bad(format!("{e} at byte {}", reader.buffer_position())))?;
        match event {
            Event::Start(start) => {
                if root.is_some() {
                    return Err(bad("content after the root element".into()));
                }
                if stack.len() >= MAX_DEPTH {
                    return Err(bad("nested too deeply".into()));
                }
                let name = element_name(start.name().as_ref());
                let fields = match stack.last_mut() {
                    Some(parent) => {
                        parent.has_children = true;
                        parent.text = Cow::Borrowed("");
                        Fields::new()
                    }
                    None => Fields::with_capacity(ROOT_FIELDS),
                };
                stack.push(Frame::new(name, fields));
            }
            Event::Empty(start) => {
                let name = element_name(start.name().as_ref());
                match stack.last_mut() {
                    Some(parent) => parent.add_child(name, WireValue::Text(String::new()))?,
                    None if root.is_none() => root = Some(Frame::new(name, Fields::new())),
                    None => return Err(bad("content after the root element".into())),
                }
            }
            Event::End(_) => {
                let frame = stack
                    .pop()
                    .ok_or_else(|| bad("unbalanced end tag".into()))?;
                match stack.last_mut() {
                    Some(parent) => {
                        let (name, value) = frame.into_parts();
                        parent.add_child(name, value)?;
                    }
                    None => root = Some(frame),
                }
            }
            Event::Text(t) => {
                // Plain text (no CR to normalize, no control character) is used in place.
                let plain = t.iter().all(|&b| b >= 0x20 || b == b'\t' || b == b'\n');
                let content = if plain {
                    match t.into_inner() {
                        Cow::Borrowed(bytes) => Cow::Borrowed(
                            std::str::from_utf8(bytes).map_err(|e| bad(e.to_string()))?,
                        ),
                        Cow::Owned(bytes) => {
                            Cow::Owned(String::from_utf8(bytes).map_err(|e| bad(e.to_string()))?)
                        }
                    }
                } else {
                    no_control(t.xml10_content().map_err(|e| bad(e.to_string()))?)?
                };
                push_text(&mut stack, content, root.is_some())?;
            }
            Event::CData(c) => {
                let content = c.decode().map_err(|e| bad(e.to_string()))?;
                push_text(&mut stack, no_control(content)?, root.is_some())?;
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => {
                        let name = r.decode().map_err(|e| bad(e.to_string()))?;
                        predefined_entity(&name)
                            // An unknown name is not expanded: it stays literal text, which is
                            // also how a stray `&word;` in a notification reads.
                            .map(str::to_string)
                            .unwrap_or_else(|| format!("&{name};"))
                    }
                    Err(e) => return Err(bad(e.to_string())),
                };
                push_text(
                    &mut stack,
                    no_control(Cow::Owned(resolved))?,
                    root.is_some(),
                )?;
            }
            Event::DocType(_) => return Err(bad("a DTD is not allowed".into())),
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) => {}
            Event::Eof => break,
        }
    }
    if !stack.is_empty() {
        return Err(bad(format!(
            "unclosed element <{}> (truncated?)",
            stack[0].name
        )));
    }
    let root = root.ok_or_else(|| bad("no root element".into()))?;
    let (name, value) = root.into_parts();
    let content = match value {
        WireValue::Object(fields) => fields,
        _ => Fields::new(),
    };
    Ok((name.into_owned(), content))
}

/// Refuses text with a control character XML 1.0 does not allow (any but tab, CR and LF), raw
/// or as a `&#0;`-style reference: a NUL would let a C or PHP reader see a shorter value than
/// the one checked.
fn no_control(text: Cow<'_, str>) -> Result<Cow<'_, str>, DecodeError> {
    // The forbidden characters are ASCII, so bytes can be checked.
    if text.bytes().any(|b| is_forbidden(b as char)) {
        return Err(DecodeError(
            "not valid XML: a control character in text".into(),
        ));
    }
    Ok(text)
}

/// Adds text (already checked by [`no_control`] or plain) to the element being read.
fn push_text<'a>(
    stack: &mut [Frame<'a>],
    text: Cow<'a, str>,
    after_root: bool,
) -> Result<(), DecodeError> {
    match stack.last_mut() {
        // Text between child elements (indentation) is not part of any value.
        Some(frame) if frame.has_children => Ok(()),
        Some(frame) if frame.text.is_empty() => {
            frame.text = text;
            Ok(())
        }
        Some(frame) => {
            frame.text.to_mut().push_str(&text);
            Ok(())
        }
        None if text.trim().is_empty() => Ok(()),
        None if after_root => Err(DecodeError(
            "not valid XML: text after the root element".into(),
        )),
        None => Err(DecodeError(
            "not valid XML: text before the root element".into(),
        )),
    }
}

/// An element name as a field name (names are cut from UTF-8 text at ASCII delimiters, so
/// the lossy path is only a guard); Faspay's own names cost no allocation.
fn element_name(bytes: &[u8]) -> Cow<'static, str> {
    if let Some(known) = known_name_bytes(bytes) {
        return Cow::Borrowed(known);
    }
    Cow::Owned(String::from_utf8_lossy(bytes).into_owned())
}

fn predefined_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_repeat_under_root_and_values_are_escaped() {
        let mut f = Fields::new();
        f.push_text("bill_no", "A<&>\"'");
        let mut item = Fields::new();
        item.push_text("product", "x & y");
        f.push(
            "item",
            WireValue::List(vec![
                WireValue::Object(item.clone()),
                WireValue::Object(item),
            ]),
        );
        let bytes = encode(&f);
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(
            text.contains("<bill_no>A&lt;&amp;&gt;&quot;&apos;</bill_no>"),
            "{text}"
        );
        assert_eq!(text.matches("<item>").count(), 2);
        let (root, back) = decode(&bytes).unwrap();
        assert_eq!(root, "faspay");
        assert_eq!(back.text("bill_no"), Some("A<&>\"'"));
        let mut control = Fields::new();
        control.push_text("desc", "a\u{0}b\u{1b}c\td");
        let (_, replaced) = decode(&encode(&control)).unwrap();
        assert_eq!(replaced.text("desc"), Some("a\u{fffd}b\u{fffd}c\td"));
        assert_eq!(back.objects("item").len(), 2);
    }

    #[test]
    fn lenient_on_raw_ampersand_strict_on_dtd() {
        let (_, f) = decode(b"<faspay><merchant>A & B</merchant><x>T&C;</x></faspay>").unwrap();
        assert_eq!(f.text("merchant"), Some("A & B"));
        assert_eq!(f.text("x"), Some("T&C;"));
        let dtd = b"<?xml version=\"1.0\"?><!DOCTYPE faspay [<!ENTITY e \"boom\">]><faspay><a>&e;</a></faspay>";
        assert!(decode(dtd).is_err());
        assert!(decode(b"<faspay><a>1</a>").is_err());
        let (root, err) =
            decode(b"<response_error><response_code>40</response_code></response_error>").unwrap();
        assert_eq!(
            (root.as_str(), err.text("response_code")),
            ("response_error", Some("40"))
        );
    }

    #[test]
    fn text_in_pieces_line_ends_and_control_characters() {
        let (_, f) = decode(
            b"<faspay>\r\n<a>x &amp; y</a><b>l1\r\nl2</b><c><![CDATA[<c>]]>d</c><e/><f></f></faspay>",
        )
        .unwrap();
        assert_eq!(f.text("a"), Some("x & y"));
        assert_eq!(f.text("b"), Some("l1\nl2"));
        assert_eq!(f.text("c"), Some("<c>d"));
        assert_eq!((f.text("e"), f.text("f")), (Some(""), Some("")));
        for body in [
            &b"<faspay><a>x\x01</a></faspay>"[..],
            b"<faspay><a>x&#1;</a></faspay>",
            b"<faspay><a><![CDATA[\x1b]]></a></faspay>",
        ] {
            let e = decode(body).unwrap_err();
            assert!(e.0.contains("control character"), "{e:?}");
        }
    }

    #[test]
    fn distinct_names_are_capped_and_repeats_are_not() {
        let wide: String = (0..=MAX_FIELDS_PER_OBJECT)
            .map(|i| format!("<k{i}/>"))
            .collect();
        let err = decode(format!("<faspay>{wide}</faspay>").as_bytes()).unwrap_err();
        assert!(err.0.contains("distinct fields"), "{err:?}");
        let at_cap: String = (0..MAX_FIELDS_PER_OBJECT)
            .map(|i| format!("<k{i}>v</k{i}>"))
            .collect();
        let (_, f) = decode(format!("<faspay>{at_cap}<k0/></faspay>").as_bytes()).unwrap();
        assert_eq!(f.len(), MAX_FIELDS_PER_OBJECT);
        let items = "<item><a>1</a></item>".repeat(1000);
        let (_, f) = decode(format!("<faspay>{items}</faspay>").as_bytes()).unwrap();
        assert_eq!(f.objects("item").len(), 1000);
        let deep = format!(
            "{}{}",
            "<a>".repeat(MAX_DEPTH + 1),
            "</a>".repeat(MAX_DEPTH + 1)
        );
        assert!(decode(deep.as_bytes()).unwrap_err().0.contains("deeply"));
    }
}
