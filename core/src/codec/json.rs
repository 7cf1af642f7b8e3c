//! JSON codec: values written as strings in field order; numbers, booleans or strings read.

use serde_json::{Map, Value};

use super::DecodeError;
use crate::wire::{Fields, WireValue};

pub(super) fn encode(fields: &Fields) -> Vec<u8> {
    // serde_json's writer cannot fail on a Value held in memory.
    serde_json::to_vec(&object_to_value(fields)).unwrap_or_default()
}

fn object_to_value(fields: &Fields) -> Value {
    let mut map = Map::with_capacity(fields.len());
    for (key, value) in fields.iter() {
        map.insert(key.to_string(), to_value(value));
    }
    Value::Object(map)
}

fn to_value(value: &WireValue) -> Value {
    match value {
        WireValue::Text(t) => Value::String(t.clone()),
        WireValue::Object(f) => object_to_value(f),
        WireValue::List(items) => Value::Array(items.iter().map(to_value).collect()),
    }
}

pub(super) fn decode(body: &[u8]) -> Result<Fields, DecodeError> {
    let value: Value =
        serde_json::from_slice(body).map_err(|e| DecodeError(format!("not valid JSON ({e})")))?;
    match value {
        Value::Object(map) => Ok(object_from_map(map)),
        _ => Err(DecodeError("JSON body is not an object".into())),
    }
}

fn object_from_map(map: Map<String, Value>) -> Fields {
    map.into_iter()
        .filter_map(|(k, v)| from_value(v).map(|v| (k, v)))
        .collect()
}

/// `null` reads as an absent field (Faspay sends `"null"` or nothing for empty references).
fn from_value(value: Value) -> Option<WireValue> {
    Some(match value {
        Value::Null => return None,
        Value::String(s) => WireValue::Text(s),
        Value::Number(n) => WireValue::Text(n.to_string()),
        Value::Bool(b) => WireValue::Text(b.to_string()),
        Value::Object(m) => WireValue::Object(object_from_map(m)),
        Value::Array(items) => WireValue::List(items.into_iter().filter_map(from_value).collect()),
    })
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
    }
}
