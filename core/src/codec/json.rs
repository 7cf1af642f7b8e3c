//! JSON codec: values written as strings in field order; numbers, booleans or strings read.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

use super::{DecodeError, MAX_DEPTH, MAX_FIELDS_PER_OBJECT};
use crate::wire::{Fields, WireValue, known_name, name_key};

pub(super) fn encode(fields: &Fields) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + fields.len() * 40);
    // serde_json's writer cannot fail on borrowed text written into a Vec.
    serde_json::to_writer(&mut out, &AsObject(fields)).unwrap_or_default();
    out
}

/// Serializes fields in place (no intermediate `Value` tree and no copies of the text).
struct AsObject<'a>(&'a Fields);

impl Serialize for AsObject<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in self.0.iter() {
            map.serialize_entry(key, &AsValue(value))?;
        }
        map.end()
    }
}

struct AsValue<'a>(&'a WireValue);

impl Serialize for AsValue<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            WireValue::Text(text) => serializer.serialize_str(text),
            WireValue::Object(fields) => AsObject(fields).serialize(serializer),
            WireValue::List(items) => serializer.collect_seq(items.iter().map(AsValue)),
        }
    }
}

/// Decodes a JSON object straight into [`Fields`] (no intermediate tree): a UTF-8 byte-order
/// mark is skipped, `null` reads as an absent field, and a repeated key, more than
/// [`MAX_FIELDS_PER_OBJECT`] keys or nesting past [`MAX_DEPTH`] is refused, which keeps the
/// work linear in the input and never lets two readers of one body see different values.
pub(super) fn decode(body: &[u8]) -> Result<Fields, DecodeError> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let mut reader = serde_json::Deserializer::from_slice(body);
    let value = ValueSeed { depth: 0 }
        .deserialize(&mut reader)
        .and_then(|v| reader.end().map(|()| v))
        .map_err(|e| DecodeError(format!("not valid JSON ({e})")))?;
    match value {
        Some(WireValue::Object(fields)) => Ok(fields),
        _ => Err(DecodeError("JSON body is not an object".into())),
    }
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
        let mut fields = Fields::new();
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
                return Err(de::Error::custom(format_args!("key {key:?} is repeated")));
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
    fn round_trip_keeps_order_and_reads_numbers() {
        let f = decode(br#"{"b":"1","a":2,"item":{"x":true},"n":null}"#).unwrap();
        assert_eq!(f.text("a"), Some("2"));
        assert_eq!(f.get("n"), None);
        assert_eq!(f.objects("item")[0].text("x"), Some("true"));
        assert_eq!(encode(&f), br#"{"b":"1","a":"2","item":{"x":"true"}}"#);
        assert!(decode(b"[1]").is_err());
        assert!(decode(br#"{"a":"#).is_err());
        assert!(decode(br#"{"a":"1"} x"#).is_err());
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
