//! JSON codec: values written as strings in field order; numbers, booleans or strings read.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::{DecodeError, MAX_DEPTH, MAX_FIELDS_PER_OBJECT};
use crate::scan;
use crate::wire::{Fields, WireValue, known_name, name_key};

pub(super) fn encode(fields: &Fields) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + fields.len() * 40);
    write_object(&mut out, fields);
    out
}

fn write_object(out: &mut Vec<u8>, fields: &Fields) {
    out.push(b'{');
    for (i, (key, value)) in fields.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_str(out, key);
        out.push(b':');
        write_value(out, value);
    }
    out.push(b'}');
}

fn write_value(out: &mut Vec<u8>, value: &WireValue) {
    match value {
        WireValue::Text(text) => write_str(out, text),
        WireValue::Object(fields) => write_object(out, fields),
        WireValue::List(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_value(out, item);
            }
            out.push(b']');
        }
    }
}

/// What a byte becomes inside a JSON string: 0 itself, `u` a `\u00XX` escape, any other byte
/// `\` and that byte. The same escapes as serde_json (the spelling of every body so far).
static ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b'u';
        b += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0a] = b'n';
    table[0x0c] = b'f';
    table[0x0d] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

/// Writes `text` as a quoted JSON string.
fn write_str(out: &mut Vec<u8>, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = text.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut rest = bytes;
    while let Some(i) = scan::find(
        rest,
        |w| scan::has_below(w, 0x20) || scan::has_byte(w, b'"') || scan::has_byte(w, b'\\'),
        |b| ESCAPE[b as usize] != 0,
    ) {
        out.extend_from_slice(&rest[..i]);
        let b = rest[i];
        let escape = ESCAPE[b as usize];
        if escape == b'u' {
            out.extend_from_slice(b"\\u00");
            out.push(HEX[(b >> 4) as usize]);
            out.push(HEX[(b & 0x0f) as usize]);
        } else {
            out.extend_from_slice(&[b'\\', escape]);
        }
        rest = &rest[i + 1..];
    }
    out.extend_from_slice(rest);
    out.push(b'"');
}

/// Writes a message field by field (see [`super::FieldSink`]) as [`encode`] would write the
/// same fields: one object, every scalar a string, lists as arrays.
pub(crate) struct Writer {
    out: Vec<u8>,
    /// Whether the open list has an item (a comma goes before the next).
    list_has_item: bool,
    /// Whether the open object (the root, or the list's current item) has a field.
    object_has_field: bool,
    /// The root object's state while a list is open.
    root_has_field: bool,
}

impl Writer {
    pub(crate) fn with_capacity(capacity: usize) -> Writer {
        let mut out = Vec::with_capacity(capacity);
        out.push(b'{');
        Writer {
            out,
            list_has_item: false,
            object_has_field: false,
            root_has_field: false,
        }
    }

    fn key(&mut self, key: &str) {
        if self.object_has_field {
            self.out.push(b',');
        }
        self.object_has_field = true;
        write_str(&mut self.out, key);
        self.out.push(b':');
    }

    /// [`Writer::key`] for one of the SDK's names, which need no escaping.
    fn known_key(&mut self, key: &'static str) {
        debug_assert!(key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'));
        if self.object_has_field {
            self.out.push(b',');
        }
        self.object_has_field = true;
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice(b"\":");
    }

    pub(crate) fn finish(mut self) -> Vec<u8> {
        self.out.push(b'}');
        self.out
    }
}

impl super::FieldSink for Writer {
    fn text(&mut self, key: &'static str, value: &str) {
        self.out.reserve(key.len() + value.len() + 6);
        self.known_key(key);
        write_str(&mut self.out, value);
    }

    fn named_text(&mut self, key: &str, value: &str) {
        self.key(key);
        write_str(&mut self.out, value);
    }

    fn begin_list(&mut self, key: &'static str) {
        self.known_key(key);
        self.out.push(b'[');
        self.root_has_field = self.object_has_field;
        self.list_has_item = false;
    }

    fn begin_item(&mut self) {
        if self.list_has_item {
            self.out.push(b',');
        }
        self.list_has_item = true;
        self.out.push(b'{');
        self.object_has_field = false;
    }

    fn end_item(&mut self) {
        self.out.push(b'}');
    }

    fn end_list(&mut self) {
        self.out.push(b']');
        self.object_has_field = self.root_has_field;
    }
}

/// Decodes a JSON object straight into [`Fields`] (no intermediate tree): a UTF-8 byte-order
/// mark is skipped, `null` reads as an absent field, and a repeated key, more than
/// [`MAX_FIELDS_PER_OBJECT`] keys or nesting past [`MAX_DEPTH`] is refused, which keeps the
/// work linear in the input and never lets two readers of one body see different values.
pub(super) fn decode(body: &[u8]) -> Result<Fields, DecodeError> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    // Text checked as UTF-8 once is read without checking each string again; other bytes take
    // the byte reader, which reports where they go wrong.
    let value = match std::str::from_utf8(body) {
        Ok(text) => read_value(serde_json::Deserializer::from_str(text)),
        Err(_) => read_value(serde_json::Deserializer::from_slice(body)),
    }
    .map_err(|e| DecodeError(format!("not valid JSON ({e})")))?;
    match value {
        Some(WireValue::Object(fields)) => Ok(fields),
        _ => Err(DecodeError("JSON body is not an object".into())),
    }
}

/// One JSON value and nothing after it.
fn read_value<'de, R: serde_json::de::Read<'de>>(
    mut reader: serde_json::Deserializer<R>,
) -> Result<Option<WireValue>, serde_json::Error> {
    let value = ValueSeed { depth: 0 }.deserialize(&mut reader)?;
    reader.end()?;
    Ok(value)
}

/// Up to this many keys in one object, repeats are checked by a scan of the keys read so far.
const LINEAR_REPEAT_CHECK: usize = 32;

/// Reads one JSON value at `depth` (the top-level value is at 0); `None` is `null`.
#[derive(Clone, Copy)]
struct ValueSeed {
    depth: usize,
}

impl ValueSeed {
    fn nested<E: de::Error>(self) -> Result<ValueSeed, E> {
        if self.depth + 1 >= MAX_DEPTH {
            return Err(E::custom(format_args!(
                "nested deeper than {MAX_DEPTH} levels"
            )));
        }
        Ok(ValueSeed {
            depth: self.depth + 1,
        })
    }
}

impl<'de> DeserializeSeed<'de> for ValueSeed {
    type Value = Option<WireValue>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed {
    type Value = Option<WireValue>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(WireValue::Text(v.to_string())))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(WireValue::Text(v.to_string())))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(WireValue::Text(v.to_string())))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        // serde_json's own spelling (`1.5`, `1500000.0`), as a `Number` prints it.
        let text = serde_json::Number::from_f64(v)
            .map(|n| n.to_string())
            .ok_or_else(|| E::custom("not a finite number"))?;
        Ok(Some(WireValue::Text(text)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(WireValue::Text(v.to_string())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(WireValue::Text(v)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let inner = self.nested()?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(inner)? {
            items.extend(item);
        }
        Ok(Some(WireValue::List(items)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let inner = self.nested()?;
        // A Faspay answer has 10 to 15 top-level fields: room for them up front rather than
        // three regrowths of the list.
        let mut fields = if self.depth == 0 {
            Fields::with_capacity(16)
        } else {
            Fields::new()
        };
        // Repeats are found by looking through the keys read so far while there are few of
        // them (a notification has about 15: no copy, no hashing), then with a set, so the
        // check stays constant per key up to MAX_FIELDS_PER_OBJECT.
        let mut null_keys: Vec<Cow<'static, str>> = Vec::new();
        let mut seen: Option<HashSet<Cow<'static, str>>> = None;
        let mut count = 0;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            if count >= MAX_FIELDS_PER_OBJECT {
                return Err(de::Error::custom(format_args!(
                    "an object has more than {MAX_FIELDS_PER_OBJECT} keys"
                )));
            }
            let repeated = match &mut seen {
                Some(set) => !set.insert(key.clone()),
                None => fields.get(&key).is_some() || null_keys.contains(&key),
            };
            if repeated {
                return Err(de::Error::custom(format_args!(
                    "key {} is repeated",
                    crate::error::quoted(&key)
                )));
            }
            count += 1;
            if seen.is_none() && count >= LINEAR_REPEAT_CHECK {
                let mut set: HashSet<Cow<'static, str>> = fields
                    .iter()
                    .map(|(k, _)| Cow::Owned(k.to_string()))
                    .collect();
                set.extend(null_keys.drain(..));
                set.insert(key.clone());
                seen = Some(set);
            }
            match map.next_value_seed(inner)? {
                Some(value) => fields.push_name(key, value),
                None if seen.is_none() => null_keys.push(key),
                None => {}
            }
        }
        Ok(Some(WireValue::Object(fields)))
    }
}

/// Reads an object key: one of the SDK's [`crate::wire::known_name`]s costs no allocation.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'static, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'static, str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(name_key(v))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(match known_name(&v) {
            Some(known) => Cow::Borrowed(known),
            None => Cow::Owned(v),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut every: String = (0u8..0x80).map(char::from).collect();
        every.push_str("é € 𝄞 \u{7f}\u{2028}");
        for text in [every.as_str(), "", "plain", "\"", "\\\\", "a\u{0}b"] {
            let mut ours = Vec::new();
            write_str(&mut ours, text);
            assert_eq!(ours, serde_json::to_vec(text).unwrap(), "{text:?}");
        }
    }

    #[test]
    fn the_writer_spells_fields_as_encode_does() {
        use super::super::FieldSink;
        let mut f = Fields::new();
        f.push_text("a", "1");
        let mut item = Fields::new();
        item.push_text("p", "x\"y");
        item.push_text("q", "2");
        f.push(
            "item",
            WireValue::List(vec![
                WireValue::Object(item.clone()),
                WireValue::Object(item),
            ]),
        );
        f.push_text("extra_key", "3");
        let mut w = Writer::with_capacity(0);
        w.text("a", "1");
        w.begin_list("item");
        for _ in 0..2 {
            w.begin_item();
            w.text("p", "x\"y");
            w.text("q", "2");
            w.end_item();
        }
        w.end_list();
        w.named_text("extra_key", "3");
        assert_eq!(w.finish(), encode(&f));
        let mut empty = Writer::with_capacity(0);
        empty.begin_list("item");
        empty.end_list();
        empty.text("z", "");
        assert_eq!(empty.finish(), br#"{"item":[],"z":""}"#);
    }

    #[test]
    fn round_trip_keeps_order_and_reads_numbers() {
        let f = decode(br#"{"b":"1","a":2,"item":{"x":true},"n":null}"#).unwrap();
        assert_eq!(f.text("a"), Some("2"));
        assert_eq!(f.get("n"), None);
        assert_eq!(f.objects("item")[0].text("x"), Some("true"));
        assert_eq!(encode(&f), br#"{"b":"1","a":"2","item":{"x":"true"}}"#);
        // Each refusal says why (the callers turn it into the direction's error code).
        let why = |body: &[u8]| decode(body).unwrap_err().0;
        assert_eq!(why(b"[1]"), "JSON body is not an object");
        assert!(why(br#"{"a":"#).starts_with("not valid JSON (EOF while parsing"));
        assert!(why(br#"{"a":"1"} x"#).starts_with("not valid JSON (trailing characters"));
        // Bytes that are not UTF-8 are refused with the reader's position, in or out of strings.
        let e = decode(b"{\"a\":\"\xff\"}").unwrap_err();
        assert!(
            e.0.starts_with("not valid JSON (") && e.0.contains("column"),
            "{e:?}"
        );
        assert!(why(b"{\"a\":\"1\"}\xff").starts_with("not valid JSON (trailing characters"));
    }

    #[test]
    fn bom_skipped_repeats_and_depth_refused() {
        let f = decode(b"\xEF\xBB\xBF{\"a\":\"1\"}").unwrap();
        assert_eq!(f.text("a"), Some("1"));
        let repeated = decode(br#"{"bill_no":"1","bill_no":"2"}"#).unwrap_err();
        assert!(repeated.0.contains("repeated"), "{repeated:?}");
        let deep = format!("{{\"a\":{}{}}}", "[".repeat(40), "]".repeat(40));
        assert!(decode(deep.as_bytes()).unwrap_err().0.contains("nested"));
        let within = format!("{{\"a\":{}{}}}", "[".repeat(14), "]".repeat(14));
        assert!(decode(within.as_bytes()).is_ok());
        let wide: Vec<String> = (0..=MAX_FIELDS_PER_OBJECT)
            .map(|i| format!("\"k{i}\":1"))
            .collect();
        let wide = format!("{{{}}}", wide.join(","));
        assert!(decode(wide.as_bytes()).unwrap_err().0.contains("keys"));
    }

    #[test]
    fn repeats_are_found_before_and_after_the_scan_turns_into_a_set() {
        let object = |keys: &[String]| format!("{{{}}}", keys.join(","));
        let numbered =
            |n: usize| -> Vec<String> { (0..n).map(|i| format!("\"k{i}\":1")).collect() };
        for n in [
            1,
            LINEAR_REPEAT_CHECK - 1,
            LINEAR_REPEAT_CHECK,
            LINEAR_REPEAT_CHECK + 5,
        ] {
            let mut keys = numbered(n);
            assert!(
                decode(object(&keys).as_bytes()).is_ok(),
                "{n} distinct keys"
            );
            keys.push("\"k0\":2".into());
            let e = decode(object(&keys).as_bytes()).unwrap_err();
            assert!(e.0.contains("repeated"), "{n}: {e:?}");
            // A key first given as null is a repeat too.
            let mut keys = numbered(n);
            keys.insert(0, "\"gone\":null".into());
            keys.push("\"gone\":\"x\"".into());
            let e = decode(object(&keys).as_bytes()).unwrap_err();
            assert!(e.0.contains("repeated"), "{n} with null: {e:?}");
        }
    }
}
