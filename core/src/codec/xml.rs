//! XML codec: a `<faspay>` root with one element per field. Writes escaped values; reads
//! without DTDs or entity expansion and tolerates the raw `&` Faspay's notifications may carry
//! (docs/protocol.md).

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::{DecodeError, MAX_DEPTH, MAX_FIELDS_PER_OBJECT};
use crate::scan;
use crate::wire::{Fields, WireValue, known_name_bytes};

const HEADER: &[u8] = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<faspay>\n";
const FOOTER: &[u8] = b"</faspay>\n";

pub(super) fn encode(fields: &Fields) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + fields.len() * 48);
    out.extend_from_slice(HEADER);
    write_fields(&mut out, fields, 1);
    out.extend_from_slice(FOOTER);
    out
}

fn write_fields(out: &mut Vec<u8>, fields: &Fields, depth: usize) {
    for (key, value) in fields.iter() {
        write_value(out, key, value, depth);
    }
}

fn write_value(out: &mut Vec<u8>, key: &str, value: &WireValue, depth: usize) {
    match value {
        WireValue::Text(text) => write_text(out, key, text, depth),
        WireValue::Object(inner) => {
            open_block(out, key, depth);
            write_fields(out, inner, depth + 1);
            close_block(out, key, depth);
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
fn indent(out: &mut Vec<u8>, depth: usize) {
    for _ in 0..depth {
        out.extend_from_slice(b"  ");
    }
}

/// `<key>text</key>` on its own line.
fn write_text(out: &mut Vec<u8>, key: &str, text: &str, depth: usize) {
    indent(out, depth);
    out.push(b'<');
    out.extend_from_slice(key.as_bytes());
    out.push(b'>');
    write_escaped(out, text);
    close_tag(out, key);
}

/// The start of an element with children: `<key>` and a line break.
fn open_block(out: &mut Vec<u8>, key: &str, depth: usize) {
    indent(out, depth);
    out.push(b'<');
    out.extend_from_slice(key.as_bytes());
    out.extend_from_slice(b">\n");
}

fn close_block(out: &mut Vec<u8>, key: &str, depth: usize) {
    indent(out, depth);
    close_tag(out, key);
}

fn close_tag(out: &mut Vec<u8>, key: &str) {
    out.extend_from_slice(b"</");
    out.extend_from_slice(key.as_bytes());
    out.extend_from_slice(b">\n");
}

/// Writes `text` as element content: `<`, `>`, `&`, `'` and `"` as entities (as quick-xml's
/// `escape` writes them), and the characters XML 1.0 cannot carry as U+FFFD, so every document
/// written is one the reader accepts (bills refuse such characters before this point; the
/// sandbox may echo them from a hostile request).
fn write_escaped(out: &mut Vec<u8>, text: &str) {
    let mut rest = text.as_bytes();
    out.reserve(rest.len());
    while let Some(i) = scan::find(
        rest,
        |w| {
            scan::has_below(w, 0x20)
                || scan::has_byte(w, b'<')
                || scan::has_byte(w, b'>')
                || scan::has_byte(w, b'&')
                || scan::has_byte(w, b'\'')
                || scan::has_byte(w, b'"')
        },
        // The forbidden characters are ASCII, so a byte is a whole character.
        |b| matches!(b, b'<' | b'>' | b'&' | b'\'' | b'"') || is_forbidden(b as char),
    ) {
        out.extend_from_slice(&rest[..i]);
        out.extend_from_slice(match rest[i] {
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'&' => b"&amp;",
            b'\'' => b"&apos;",
            b'"' => b"&quot;",
            _ => "\u{fffd}".as_bytes(),
        });
        rest = &rest[i + 1..];
    }
    out.extend_from_slice(rest);
}

/// Writes a message field by field (see [`super::FieldSink`]) as [`encode`] would write the
/// same fields: under a `<faspay>` root, a list as repeated elements.
pub(crate) struct Writer {
    out: Vec<u8>,
    /// The name of the open list's elements.
    list: &'static str,
    depth: usize,
}

impl Writer {
    pub(crate) fn with_capacity(capacity: usize) -> Writer {
        let mut out = Vec::with_capacity(capacity);
        out.extend_from_slice(HEADER);
        Writer {
            out,
            list: "",
            depth: 1,
        }
    }

    pub(crate) fn finish(mut self) -> Vec<u8> {
        self.out.extend_from_slice(FOOTER);
        self.out
    }
}

impl super::FieldSink for Writer {
    fn text(&mut self, key: &'static str, value: &str) {
        write_text(&mut self.out, key, value, self.depth);
    }

    fn named_text(&mut self, key: &str, value: &str) {
        write_text(&mut self.out, key, value, self.depth);
    }

    fn begin_list(&mut self, key: &'static str) {
        self.list = key;
    }

    fn begin_item(&mut self) {
        open_block(&mut self.out, self.list, self.depth);
        self.depth += 1;
    }

    fn end_item(&mut self) {
        self.depth -= 1;
        close_block(&mut self.out, self.list, self.depth);
    }

    fn end_list(&mut self) {}
}

/// Whether XML 1.0 forbids `c` (raw or as a reference): control characters but tab, LF, CR.
fn is_forbidden(c: char) -> bool {
    (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r')
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

fn bad(what: impl std::fmt::Display) -> DecodeError {
    DecodeError(format!("not valid XML: {what}"))
}

/// Builds the tree from a document's elements and text, in order, with the decoder's rules
/// (depth, distinct names, one root); both readers below feed it.
struct Builder<'a> {
    stack: Vec<Frame<'a>>,
    root: Option<Frame<'a>>,
}

impl<'a> Builder<'a> {
    fn new() -> Builder<'a> {
        Builder {
            stack: Vec::with_capacity(4),
            root: None,
        }
    }

    fn start(&mut self, name: Cow<'static, str>) -> Result<(), DecodeError> {
        if self.root.is_some() {
            return Err(bad("content after the root element"));
        }
        if self.stack.len() >= MAX_DEPTH {
            return Err(bad("nested too deeply"));
        }
        let fields = match self.stack.last_mut() {
            Some(parent) => {
                parent.has_children = true;
                parent.text = Cow::Borrowed("");
                Fields::new()
            }
            None => Fields::with_capacity(ROOT_FIELDS),
        };
        self.stack.push(Frame::new(name, fields));
        Ok(())
    }

    fn empty(&mut self, name: Cow<'static, str>) -> Result<(), DecodeError> {
        match self.stack.last_mut() {
            Some(parent) => parent.add_child(name, WireValue::Text(String::new())),
            None if self.root.is_none() => {
                self.root = Some(Frame::new(name, Fields::new()));
                Ok(())
            }
            None => Err(bad("content after the root element")),
        }
    }

    fn end(&mut self) -> Result<(), DecodeError> {
        let frame = self.stack.pop().ok_or_else(|| bad("unbalanced end tag"))?;
        match self.stack.last_mut() {
            Some(parent) => {
                let (name, value) = frame.into_parts();
                parent.add_child(name, value)
            }
            None => {
                self.root = Some(frame);
                Ok(())
            }
        }
    }

    /// Adds text (already checked by [`no_control`], or plain) to the element being read.
    fn text(&mut self, text: Cow<'a, str>) -> Result<(), DecodeError> {
        match self.stack.last_mut() {
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
            None if self.root.is_some() => Err(bad("text after the root element")),
            None => Err(bad("text before the root element")),
        }
    }

    /// The name of the element being read.
    fn open_name(&self) -> Option<&str> {
        self.stack.last().map(|frame| frame.name.as_ref())
    }

    fn finish(self) -> Result<(String, Fields), DecodeError> {
        if let Some(outer) = self.stack.first() {
            return Err(bad(format_args!(
                "unclosed element <{}> (truncated?)",
                outer.name
            )));
        }
        let root = self.root.ok_or_else(|| bad("no root element"))?;
        let (name, value) = root.into_parts();
        let content = match value {
            WireValue::Object(fields) => fields,
            _ => Fields::new(),
        };
        Ok((name.into_owned(), content))
    }
}

/// Decodes a document: the root element's name and its content.
pub(super) fn decode(body: &[u8]) -> Result<(String, Fields), DecodeError> {
    let text = document_text(body)?;
    // Faspay's documents take the plain reader; anything it does not read (or finds wrong) is
    // read again by quick-xml, which then gives the answer, errors included.
    match decode_plain(text) {
        Some(decoded) => Ok(decoded),
        None => decode_full(text),
    }
}

/// The document's text: UTF-8, without a leading byte-order mark.
fn document_text(body: &[u8]) -> Result<&str, DecodeError> {
    let text =
        std::str::from_utf8(body).map_err(|_| DecodeError("XML body is not UTF-8".into()))?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// A document's root element name and content.
type Document = (String, Fields);

/// Each reader alone on `body`, for the differential fuzz target: the plain reader's reading
/// (`None` where it hands the document to quick-xml) and quick-xml's.
pub(super) fn each_reader(body: &[u8]) -> (Option<Document>, Result<Document, DecodeError>) {
    match document_text(body) {
        Ok(text) => (decode_plain(text), decode_full(text)),
        Err(e) => (None, Err(e)),
    }
}

/// Reads a document with quick-xml: every construct of XML 1.0 this decoder accepts.
fn decode_full(text: &str) -> Result<(String, Fields), DecodeError> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().allow_dangling_amp = true;
    let mut tree = Builder::new();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| bad(format_args!("{e} at byte {}", reader.buffer_position())))?;
        match event {
            Event::Start(start) => tree.start(element_name(start.name().as_ref()))?,
            Event::Empty(start) => tree.empty(element_name(start.name().as_ref()))?,
            Event::End(_) => tree.end()?,
            Event::Text(t) => {
                // Plain text (no CR to normalize, no control character) is used in place.
                let plain = t.iter().all(|&b| b >= 0x20 || b == b'\t' || b == b'\n');
                let content = if plain {
                    match t.into_inner() {
                        Cow::Borrowed(bytes) => {
                            Cow::Borrowed(std::str::from_utf8(bytes).map_err(bad)?)
                        }
                        Cow::Owned(bytes) => Cow::Owned(String::from_utf8(bytes).map_err(bad)?),
                    }
                } else {
                    no_control(t.xml10_content().map_err(bad)?)?
                };
                tree.text(content)?;
            }
            Event::CData(c) => tree.text(no_control(c.decode().map_err(bad)?)?)?,
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => {
                        let name = r.decode().map_err(bad)?;
                        predefined_entity(&name)
                            // An unknown name is not expanded: it stays literal text, which is
                            // also how a stray `&word;` in a notification reads.
                            .map(str::to_string)
                            .unwrap_or_else(|| format!("&{name};"))
                    }
                    Err(e) => return Err(bad(e)),
                };
                tree.text(no_control(Cow::Owned(resolved))?)?;
            }
            Event::DocType(_) => return Err(bad("a DTD is not allowed")),
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) => {}
            Event::Eof => break,
        }
    }
    tree.finish()
}

/// Reads the documents Faspay sends, and only those, without quick-xml's per-event work: an
/// optional `<?xml ...?>` declaration at the very start, then elements without attributes
/// (names of ASCII letters, digits, `_`, `-` and `.`), and text without references, CR,
/// control characters or `]`. `None` for anything else, and for any document the tree
/// builder refuses, so that [`decode_full`] reads it: what this accepts, quick-xml reads the
/// same way (the tests below hold both to it).
fn decode_plain(text: &str) -> Option<(String, Fields)> {
    let bytes = text.as_bytes();
    let mut at = 0;
    if bytes.starts_with(b"<?xml ") {
        at = text.find("?>")? + 2;
    }
    let mut tree = Builder::new();
    while at < bytes.len() {
        if bytes[at] == b'<' {
            let len = bytes[at + 1..].iter().position(|&b| b == b'>')?;
            let tag = &bytes[at + 1..at + 1 + len];
            at += len + 2;
            if let Some(name) = tag.strip_prefix(b"/") {
                // quick-xml checks that an end tag names the open element.
                if tree.open_name()?.as_bytes() != name {
                    return None;
                }
                tree.end().ok()?;
            } else if let Some(name) = tag.strip_suffix(b"/") {
                tree.empty(plain_name(name)?).ok()?;
            } else {
                tree.start(plain_name(tag)?).ok()?;
            }
        } else {
            let len = scan::find(
                &bytes[at..],
                |w| {
                    scan::has_below(w, 0x20)
                        || scan::has_byte(w, b'<')
                        || scan::has_byte(w, b'&')
                        || scan::has_byte(w, b']')
                },
                |b| matches!(b, b'<' | b'&' | b']') || (b < 0x20 && b != b'\t' && b != b'\n'),
            )
            .unwrap_or(bytes.len() - at);
            if bytes.get(at + len).is_some_and(|&b| b != b'<') {
                return None;
            }
            // Cut at ASCII bytes of UTF-8 text: always a character boundary.
            tree.text(Cow::Borrowed(text.get(at..at + len)?)).ok()?;
            at += len;
        }
    }
    tree.finish().ok()
}

/// An element name the plain reader accepts.
fn plain_name(name: &[u8]) -> Option<Cow<'static, str>> {
    let first = *name.first()?;
    let plain = (first.is_ascii_alphabetic() || first == b'_')
        && name
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
    plain.then(|| element_name(name))
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
    fn text_is_escaped_as_quick_xml_escapes_it() {
        let mut every: String = (0x20u8..0x80).map(char::from).collect();
        every.push_str("\t\n\ré € 𝄞");
        for text in [every.as_str(), "", "a&b<c>d'e\"f"] {
            let mut ours = Vec::new();
            write_escaped(&mut ours, text);
            assert_eq!(ours, quick_xml::escape::escape(text).as_bytes(), "{text:?}");
        }
        let mut replaced = Vec::new();
        write_escaped(&mut replaced, "a\u{0}b\u{1f}<");
        assert_eq!(replaced, "a\u{fffd}b\u{fffd}&lt;".as_bytes());
    }

    #[test]
    fn the_writer_spells_fields_as_encode_does() {
        use super::super::FieldSink;
        let mut f = Fields::new();
        f.push_text("a", "1&");
        let mut item = Fields::new();
        item.push_text("p", "x");
        f.push(
            "item",
            WireValue::List(vec![
                WireValue::Object(item.clone()),
                WireValue::Object(item),
            ]),
        );
        f.push_text("extra_key", "3");
        let mut w = Writer::with_capacity(0);
        w.text("a", "1&");
        w.begin_list("item");
        for _ in 0..2 {
            w.begin_item();
            w.text("p", "x");
            w.end_item();
        }
        w.end_list();
        w.named_text("extra_key", "3");
        assert_eq!(w.finish(), encode(&f));
    }

    #[test]
    fn lenient_on_raw_ampersand_strict_on_dtd() {
        let (_, f) = decode(b"<faspay><merchant>A & B</merchant><x>T&C;</x></faspay>").unwrap();
        assert_eq!(f.text("merchant"), Some("A & B"));
        assert_eq!(f.text("x"), Some("T&C;"));
        let dtd = b"<?xml version=\"1.0\"?><!DOCTYPE faspay [<!ENTITY e \"boom\">]><faspay><a>&e;</a></faspay>";
        assert_eq!(
            decode(dtd).unwrap_err().0,
            "not valid XML: a DTD is not allowed"
        );
        assert_eq!(
            decode(b"<faspay><a>1</a>").unwrap_err().0,
            "not valid XML: unclosed element <faspay> (truncated?)"
        );
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

    /// Documents near the plain reader's edges: what it accepts, quick-xml must read the same.
    const EDGES: &[&str] = &[
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<faspay>\n  <a>1</a>\n  <b></b><c/>\n</faspay>\n",
        "<faspay><item><p>x</p></item><item><p>y</p><q/></item><n>é &gt; 1</n></faspay>",
        "<faspay><a>1</a></faspay>  ",
        "<faspay><a>1</b></faspay>",
        "<faspay><a>1</a >< /faspay>",
        "<faspay><a x=\"1\">1</a></faspay>",
        "<faspay><a>x]]>y</a></faspay>",
        "<faspay><a>a > b</a></faspay>",
        "<faspay><a>1</a></faspay><faspay/>",
        "<faspay><a>1</a></faspay>tail",
        "lead<faspay/>",
        "<faspay/>",
        "</faspay>",
        "<faspay><a>\t1\n</a><_x.y-z>2</_x.y-z></faspay>",
        "<?xml?><faspay/>",
        "<?xml version='1.0'?><faspay><1a>x</1a></faspay>",
        "<faspay><a>1</a><!-- c --></faspay>",
        "<faspay><a><b><c>deep</c></b></a></faspay>",
        "<faspay><a>1<b>2</b>3</a></faspay>",
        "<faspay>",
        "<faspay><a>1</a",
        "",
    ];

    #[test]
    fn the_plain_reader_agrees_with_quick_xml() {
        let notification = include_str!("../../../benches/inputs/notification.xml");
        assert!(
            decode_plain(notification).is_some(),
            "Faspay's shape takes the plain path"
        );
        let mut docs: Vec<String> = EDGES.iter().map(|d| d.to_string()).collect();
        docs.push(notification.to_string());
        // Mutations of each: one byte replaced by a character either reader treats specially.
        let specials = [
            '<', '>', '/', '&', ']', '\r', '\u{1}', ' ', '?', '!', '"', '=', 'é', 'x', '\n', '\t',
            '_',
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for doc in docs.clone() {
            let chars: Vec<char> = doc.chars().collect();
            for _ in 0..if chars.is_empty() { 0 } else { 200 } {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let mut mutated = chars.clone();
                let at = (state % chars.len() as u64) as usize;
                mutated[at] = specials[((state >> 32) % specials.len() as u64) as usize];
                docs.push(mutated.into_iter().collect());
            }
        }
        let mut plain = 0;
        for doc in &docs {
            if let Some(fast) = decode_plain(doc) {
                plain += 1;
                assert_eq!(Ok(fast), decode_full(doc), "{doc:?}");
            }
        }
        assert!(plain >= 200, "only {plain} of {} read plainly", docs.len());
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
