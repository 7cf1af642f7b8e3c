//! JavaScript input → the plain values the core reads: bills become the JSON tree the core's
//! `Bill::from_json_value` takes (amounts, dates and text rules stay in the core), and option objects
//! are read key by key. Every refusal is `INVALID_ARGUMENT` naming the field path.

use faspay::{Error, FaspayDateTime};
use napi::bindgen_prelude::*;
use napi::{JsDate, JsValue, ValueType};
use serde_json::{Map, Value};

use crate::errors::invalid_field;

/// The largest integer a JS number holds exactly (`Number.MAX_SAFE_INTEGER`).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// `a.b[0].c` paths, as the core names fields.
pub fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn field_name(path: &str) -> &str {
    if path.is_empty() { "bill" } else { path }
}

/// A JS value as JSON for the core. Whole numbers must be safe integers, fractions are left to
/// the core's exactness rule, bigints must fit 64 bits, a `Date` becomes Faspay's WIB text.
pub fn to_json(value: &Unknown<'_>, path: &str) -> std::result::Result<Value, Error> {
    nested_to_json(value, path, 0)
}

/// Deepest nesting read (a bill is two levels deep); also stops an object that contains
/// itself, which would otherwise recurse until the stack overflows.
const MAX_DEPTH: usize = 16;

fn nested_to_json(
    value: &Unknown<'_>,
    path: &str,
    depth: usize,
) -> std::result::Result<Value, Error> {
    let napi = |e: napi::Error| invalid_field(field_name(path), e.reason.clone());
    match value.get_type().map_err(napi)? {
        ValueType::Null | ValueType::Undefined => Ok(Value::Null),
        ValueType::Boolean => Ok(Value::Bool(value.coerce_to_bool().map_err(napi)?)),
        ValueType::Number => {
            let number = unsafe { value.cast::<f64>() }.map_err(napi)?;
            if number.fract() == 0.0 {
                return safe_integer(number, path).map(Value::from);
            }
            // The core accepts a fraction only if its shortest decimal form has at most
            // 2 places (0.07 yes, 0.1 + 0.2 no); everything else is refused there.
            serde_json::Number::from_f64(number)
                .map(Value::Number)
                .ok_or_else(|| invalid_field(field_name(path), "not a finite number"))
        }
        ValueType::BigInt => {
            let big = unsafe { value.cast::<BigInt>() }.map_err(napi)?;
            bigint_i64(&big, path).map(Value::from)
        }
        ValueType::String => Ok(Value::String(
            unsafe { value.cast::<String>() }.map_err(napi)?,
        )),
        ValueType::Object => {
            if depth >= MAX_DEPTH {
                return Err(invalid_field(field_name(path), "nested too deeply"));
            }
            if value.is_date().map_err(napi)? {
                let date = unsafe { value.cast::<JsDate>() }.map_err(napi)?;
                return date_text(date.value_of().map_err(napi)?, path).map(Value::String);
            }
            if value.is_array().map_err(napi)? {
                let array = unsafe { value.cast::<Array>() }.map_err(napi)?;
                let mut out = Vec::with_capacity(array.len() as usize);
                for i in 0..array.len() {
                    let item: Unknown = array
                        .get(i)
                        .map_err(napi)?
                        .ok_or_else(|| invalid_field(field_name(path), "array with holes"))?;
                    out.push(nested_to_json(&item, &format!("{path}[{i}]"), depth + 1)?);
                }
                return Ok(Value::Array(out));
            }
            let object = unsafe { value.cast::<Object>() }.map_err(napi)?;
            let mut out = Map::new();
            for key in Object::keys(&object).map_err(napi)? {
                let item: Option<Unknown> = object.get(&key).map_err(napi)?;
                let Some(item) = item else { continue };
                if item.get_type().map_err(napi)? == ValueType::Undefined {
                    continue; // `{ reserve1: undefined }` means "not given"
                }
                let json = nested_to_json(&item, &child(path, &key), depth + 1)?;
                out.insert(key, json);
            }
            Ok(Value::Object(out))
        }
        other => Err(invalid_field(
            field_name(path),
            format!("unsupported type {other}"),
        )),
    }
}

/// A whole JS number that is exactly representable (at most 2^53 - 1), or a field-named
/// refusal: a larger one has already been rounded by JavaScript.
pub fn safe_integer(number: f64, path: &str) -> std::result::Result<i64, Error> {
    if !number.is_finite() || number.fract() != 0.0 || number.abs() > MAX_SAFE_INTEGER {
        return Err(invalid_field(
            field_name(path),
            format!(
                "{number} is not a safe integer; pass large amounts as a decimal string \
                 (\"10000.50\") or a bigint"
            ),
        ));
    }
    Ok(number as i64)
}

/// A bigint that fits 64 bits.
pub fn bigint_i64(big: &BigInt, path: &str) -> std::result::Result<i64, Error> {
    let (value, lossless) = big.get_i64();
    if !lossless {
        return Err(invalid_field(field_name(path), "bigint out of range"));
    }
    Ok(value)
}

/// Milliseconds since the epoch → Faspay time text in WIB (the core converts the zone).
pub fn date_text(millis: f64, path: &str) -> std::result::Result<String, Error> {
    if !millis.is_finite() {
        return Err(invalid_field(field_name(path), "invalid Date"));
    }
    let seconds = (millis / 1000.0).floor() as i64;
    Ok(FaspayDateTime::from_unix_seconds(seconds)?.to_string())
}

/// Reads an options object key by key, refusing unknown keys so a misspelt setting
/// (`merchantId`) is an error instead of a silently ignored default.
pub struct Options<'env> {
    object: Object<'env>,
}

impl<'env> Options<'env> {
    /// `value` must be a plain object; `known` lists the accepted keys.
    pub fn new(
        value: &Unknown<'env>,
        what: &str,
        known: &[&str],
    ) -> std::result::Result<Options<'env>, Error> {
        let napi = |e: napi::Error| invalid_field(what, e.reason.clone());
        if value.get_type().map_err(napi)? != ValueType::Object || value.is_array().map_err(napi)? {
            return Err(invalid_field(what, "must be an object"));
        }
        let object = unsafe { value.cast::<Object>() }.map_err(napi)?;
        for key in Object::keys(&object).map_err(napi)? {
            if !known.contains(&key.as_str()) {
                return Err(invalid_field(
                    &key,
                    format!("unknown setting; expected one of: {}", known.join(", ")),
                ));
            }
        }
        Ok(Options { object })
    }

    /// The raw value of `key`, `None` when absent, `undefined` or `null`.
    pub fn get(&self, key: &str) -> std::result::Result<Option<Unknown<'env>>, Error> {
        let napi = |e: napi::Error| invalid_field(key, e.reason.clone());
        let value: Option<Unknown> = self.object.get(key).map_err(napi)?;
        match value {
            Some(v)
                if !matches!(
                    v.get_type().map_err(napi)?,
                    ValueType::Undefined | ValueType::Null
                ) =>
            {
                Ok(Some(v))
            }
            _ => Ok(None),
        }
    }

    pub fn string(&self, key: &str) -> std::result::Result<Option<String>, Error> {
        self.typed(key, ValueType::String, "a string", |v| unsafe {
            v.cast::<String>()
        })
    }

    pub fn number(&self, key: &str) -> std::result::Result<Option<f64>, Error> {
        self.typed(key, ValueType::Number, "a number", |v| unsafe {
            v.cast::<f64>()
        })
    }

    pub fn boolean(&self, key: &str) -> std::result::Result<Option<bool>, Error> {
        self.typed(key, ValueType::Boolean, "a boolean", |v| v.coerce_to_bool())
    }

    /// A whole number within `u32`.
    pub fn count(&self, key: &str) -> std::result::Result<Option<u32>, Error> {
        match self.number(key)? {
            None => Ok(None),
            Some(n)
                if n.is_finite() && n.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(&n) =>
            {
                Ok(Some(n as u32))
            }
            Some(n) => Err(invalid_field(
                key,
                format!("must be a whole number, got {n}"),
            )),
        }
    }

    fn typed<T>(
        &self,
        key: &str,
        expected: ValueType,
        name: &str,
        read: impl FnOnce(&Unknown<'env>) -> Result<T>,
    ) -> std::result::Result<Option<T>, Error> {
        let Some(value) = self.get(key)? else {
            return Ok(None);
        };
        let napi = |e: napi::Error| invalid_field(key, e.reason.clone());
        let actual = value.get_type().map_err(napi)?;
        if actual != expected {
            return Err(invalid_field(key, format!("must be {name}, got {actual}")));
        }
        read(&value).map(Some).map_err(napi)
    }
}
