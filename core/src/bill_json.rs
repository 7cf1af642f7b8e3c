//! Reading a bill from JSON (`Bill::from_json`, the door of every binding): keys Faspay's
//! docs do not list are not refused but moved into `extra` (the bill's, or the item's), so a
//! merchant's existing field set (`trx_source`, `va_type`, `reserve1` inside an item...) goes
//! to Faspay unchanged, as Faspay accepts it. Two things stay refused: a key repeated in one
//! object (which value would be sent?) and a key one typing slip away from a known field
//! (`bill_expire`, `Bill_No`): sending it as an extra field would silently drop the value the
//! merchant meant to set.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::validate::{KNOWN_BILL_FIELDS, KNOWN_ITEM_FIELDS};

/// Deepest nesting read: the codecs' bound (a bill is two levels deep; more is not a bill).
use crate::codec::MAX_DEPTH;

/// Parses `json`, refusing repeated keys, and moves unknown keys into `extra`.
pub(crate) fn normalized(json: &str) -> Result<Value> {
    let mut de = serde_json::Deserializer::from_str(json);
    let value = Strict { depth: 0 }.deserialize(&mut de).map_err(|e| {
        let msg = e.to_string();
        let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
        Error::invalid(format!("bill: {msg}"))
    })?;
    de.end()
        .map_err(|_| Error::invalid("bill: trailing characters after the JSON object"))?;
    lifted(value)
}

/// Moves unknown keys of the bill and of its items into `extra` (a tree built in memory has
/// no repeated keys to refuse).
pub(crate) fn lifted(mut value: Value) -> Result<Value> {
    if let Value::Object(bill) = &mut value {
        lift(bill, KNOWN_BILL_FIELDS, "")?;
        match bill.get_mut("item") {
            Some(Value::Object(item)) => lift(item, KNOWN_ITEM_FIELDS, "item.")?,
            Some(Value::Array(items)) => {
                for (i, item) in items.iter_mut().enumerate() {
                    if let Value::Object(item) = item {
                        lift(item, KNOWN_ITEM_FIELDS, &format!("item[{i}]."))?;
                    }
                }
            }
            _ => {}
        }
    }
    Ok(value)
}

/// Moves the keys of `object` outside `known` (and `extra`) into its `extra` object.
fn lift(object: &mut Map<String, Value>, known: &[&str], path: &str) -> Result<()> {
    let unknown: Vec<String> = object
        .keys()
        .filter(|k| *k != "extra" && !known.contains(&k.as_str()))
        .cloned()
        .collect();
    if unknown.is_empty() {
        return Ok(());
    }
    let mut lifted = Map::new();
    for key in unknown {
        let field = format!("{path}{key}");
        if let Some(meant) = known.iter().find(|k| one_slip_apart(&key, k)) {
            return Err(Error::invalid_field(
                &field,
                format!("is not a Faspay field; did you mean {meant:?}?"),
            ));
        }
        let text = match object.remove(&key) {
            Some(Value::String(s)) => s,
            Some(Value::Number(n)) => n.to_string(),
            // Like a known optional field sent as null: nothing is sent.
            Some(Value::Null) | None => continue,
            Some(_) => {
                return Err(Error::invalid_field(
                    &field,
                    "an extra field must be text or a number",
                ));
            }
        };
        lifted.insert(key, Value::String(text));
    }
    match object
        .entry("extra")
        .or_insert_with(|| Value::Object(Map::new()))
    {
        Value::Object(extra) => {
            for (key, value) in lifted {
                if extra.contains_key(&key) {
                    return Err(Error::invalid_field(
                        &format!("{path}{key}"),
                        "is given twice: as a key and inside extra",
                    ));
                }
                extra.insert(key, value);
            }
            Ok(())
        }
        // `extra` of the wrong type: the typed reading names it.
        _ => Ok(()),
    }
}

/// Whether `a` is `b` with one character added, removed or replaced, or `b` in other case.
fn one_slip_apart(a: &str, b: &str) -> bool {
    if a == b {
        return false;
    }
    if a.eq_ignore_ascii_case(b) {
        return true;
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    match long.len() - short.len() {
        0 => short.iter().zip(&long).filter(|(x, y)| x != y).count() == 1,
        1 => {
            let first_difference = short
                .iter()
                .zip(&long)
                .position(|(x, y)| x != y)
                .unwrap_or(short.len());
            short[first_difference..] == long[first_difference + 1..]
        }
        _ => false,
    }
}

/// A JSON value, with repeated keys refused and nesting bounded.
struct Strict {
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for Strict {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> std::result::Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl Strict {
    fn nested<E: de::Error>(&self) -> std::result::Result<Strict, E> {
        if self.depth >= MAX_DEPTH {
            return Err(E::custom("nested too deeply"));
        }
        Ok(Strict {
            depth: self.depth + 1,
        })
    }
}

impl<'de> Visitor<'de> for Strict {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E: de::Error>(self) -> std::result::Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> std::result::Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<Value, E> {
        serde_json::Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("not a finite number"))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> std::result::Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(self.nested()?)? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(de::Error::custom(format_args!("key {key:?} is repeated")));
            }
            let value = map.next_value_seed(self.nested()?)?;
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    #[test]
    fn unknown_keys_move_into_extra_of_the_bill_and_of_each_item() {
        let v = normalized(
            r#"{"bill_no":"A","trx_source":3,"va_type":"x","gone":null,
                "item":[{"product":"P","reserve1":"r"}]}"#,
        )
        .unwrap();
        assert_eq!(
            v["extra"],
            serde_json::json!({"trx_source": "3", "va_type": "x"})
        );
        assert!(v.get("trx_source").is_none() && v.get("gone").is_none());
        assert_eq!(v["item"][0]["extra"], serde_json::json!({"reserve1": "r"}));
        let single = normalized(r#"{"item":{"product":"P","reserve2":""}}"#).unwrap();
        assert_eq!(single["item"]["extra"], serde_json::json!({"reserve2": ""}));
    }

    #[test]
    fn slips_repeats_nesting_and_clashes_are_refused() {
        for (json, field) in [
            (r#"{"bill_expire":"2026-01-01 00:00:00"}"#, "bill_expire"),
            (r#"{"Bill_No":"A"}"#, "Bill_No"),
            (r#"{"billing_nme":"A"}"#, "billing_nme"),
            (r#"{"item":[{"prodct":"P"}]}"#, "item[0].prodct"),
            (r#"{"colour":{"a":"b"}}"#, "colour"),
            (r#"{"flag":true}"#, "flag"),
            (
                r#"{"trx_source":"1","extra":{"trx_source":"2"}}"#,
                "trx_source",
            ),
        ] {
            let e = normalized(json).unwrap_err();
            assert_eq!(e.field(), Some(field), "{json}: {e}");
        }
        for (json, why) in [
            (
                r#"{"bill_no":"A","bill_no":"B"}"#.to_string(),
                r#"key "bill_no" is repeated"#,
            ),
            (
                format!("{}{}", "[".repeat(40), "]".repeat(40)),
                "nested too deeply",
            ),
            (
                r#"{"a":"1"} x"#.to_string(),
                "trailing characters after the JSON object",
            ),
        ] {
            let e = normalized(&json).unwrap_err();
            assert_eq!(e.code(), ErrorCode::InvalidArgument, "{json}");
            assert!(e.message().ends_with(why), "{json}: {e}");
        }
        // Names far from every known field are fine.
        assert!(normalized(r#"{"va_number":"1","payment_type":"2"}"#).is_ok());
    }

    #[test]
    fn one_slip() {
        assert!(one_slip_apart("bill_expire", "bill_expired"));
        assert!(one_slip_apart("bill_totl", "bill_total"));
        assert!(one_slip_apart("bill_totel", "bill_total"));
        assert!(!one_slip_apart("va_type", "pay_type"));
        assert!(!one_slip_apart("trx_source", "bill_no"));
        assert!(!one_slip_apart("bill_no", "bill_no"));
    }
}
