//! JavaScript input → the plain values the core reads: bills become the JSON tree the core's
//! `Bill::from_json_value` takes (amounts, dates and text rules stay in the core), and option objects
//! are read key by key. Every refusal is `INVALID_ARGUMENT` naming the field path.

use faspay::{Error, FaspayDateTime};
use std::fmt::Write as _;

use napi::bindgen_prelude::*;
use napi::{JsDate, JsValue, ValueType, sys};
use serde_json::{Map, Value};

use crate::errors::invalid_field;

/// The largest integer a JS number holds exactly (`Number.MAX_SAFE_INTEGER`).
pub(crate) const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// The field an error names: `a.b[0].c` paths, as the core names fields.
fn field_name(path: &str) -> &str {
    if path.is_empty() { "bill" } else { path }
}

/// A JS value as JSON for the core. Whole numbers must be safe integers, fractions are left to
/// the core's exactness rule, bigints must fit 64 bits, a `Date` becomes Faspay's WIB text.
pub fn to_json(value: &Unknown<'_>, path: &str) -> std::result::Result<Value, Error> {
    let raw = value.value();
    let mut reader = Reader {
        env: raw.env,
        text: Vec::with_capacity(TEXT_CAPACITY),
        path: path.to_string(),
    };
    reader.read(raw.value, 0)
}

/// The bill `native.js` laid out (`bill_de::read_values`'s input) as the JSON tree of the
/// object it came from, for the core's field-named errors when the fast read steps aside: each
/// value is read from the layout, never from the caller's object again (a getter ran once).
pub fn laid_out_to_json(values: &Unknown<'_>) -> std::result::Result<Value, Error> {
    let raw = values.value();
    let mut reader = Reader {
        env: raw.env,
        text: Vec::with_capacity(TEXT_CAPACITY),
        path: String::new(),
    };
    let (bill, item) = crate::bill_de::bill_fields();
    reader.record(raw.value, bill, Some(item), 0)
}

/// Deepest nesting read: the core's bound (a bill is two levels deep); also stops an object
/// that contains itself, which would otherwise recurse until the stack overflows.
use faspay::codec::MAX_DEPTH;

/// Room for every string of a usual bill, so each is read with one N-API call.
const TEXT_CAPACITY: usize = 256;

/// Walks one JS value. A bill has about 45 properties, so the per-property cost is what counts:
/// the keys come from one `napi_get_property_names` call and each value is fetched by its key
/// handle (no key string made again), strings are copied once into a reused buffer, and the
/// field path is grown and cut in place (built into text only for an error).
struct Reader {
    env: sys::napi_env,
    text: Vec<u8>,
    path: String,
}

impl Reader {
    fn fail(&self, message: impl std::fmt::Display) -> Error {
        invalid_field(field_name(&self.path), message)
    }

    fn napi(&self, e: napi::Error) -> Error {
        self.fail(&e.reason)
    }

    fn check(
        &self,
        status: sys::napi_status,
        message: impl FnOnce() -> String,
    ) -> std::result::Result<(), Error> {
        if status == sys::Status::napi_ok {
            Ok(())
        } else {
            Err(self.fail(message()))
        }
    }

    fn read(&mut self, raw: sys::napi_value, depth: usize) -> std::result::Result<Value, Error> {
        let kind = self.kind(raw)?;
        self.read_typed(raw, kind, depth)
    }

    /// `typeof raw`.
    fn kind(&self, raw: sys::napi_value) -> std::result::Result<ValueType, Error> {
        let mut kind = 0;
        let status = unsafe { sys::napi_typeof(self.env, raw, &mut kind) };
        self.check(status, || "Failed to get the type of a value".to_string())?;
        Ok(ValueType::from(kind))
    }

    /// `array.length` (of an array N-API made, or one `native.js` laid out).
    fn length(&self, array: sys::napi_value) -> std::result::Result<u32, Error> {
        let mut length = 0u32;
        let status = unsafe { sys::napi_get_array_length(self.env, array, &mut length) };
        self.check(status, || "Get array length failed".to_string())?;
        Ok(length)
    }

    /// `array[index]`.
    fn get(
        &self,
        array: sys::napi_value,
        index: u32,
    ) -> std::result::Result<sys::napi_value, Error> {
        let mut item = std::ptr::null_mut();
        let status = unsafe { sys::napi_get_element(self.env, array, index, &mut item) };
        self.check(status, || {
            format!("Failed to get element with index `{index}`")
        })?;
        Ok(item)
    }

    /// Whether `raw` is an array.
    fn is_array(&self, raw: sys::napi_value) -> std::result::Result<bool, Error> {
        let mut is_array = false;
        let status = unsafe { sys::napi_is_array(self.env, raw, &mut is_array) };
        self.check(status, || "Failed to get the type of a value".to_string())?;
        Ok(is_array)
    }

    /// `read` for each index of a list of `length`, the path naming `[i]` meanwhile.
    fn list(
        &mut self,
        length: u32,
        mut read: impl FnMut(&mut Self, u32) -> std::result::Result<Value, Error>,
    ) -> std::result::Result<Value, Error> {
        let mut out = Vec::new();
        let parent = self.path.len();
        for i in 0..length {
            // `path[i]`; a write to a String cannot fail.
            let _ = write!(self.path, "[{i}]");
            let json = read(self, i);
            self.path.truncate(parent);
            out.push(json?);
        }
        Ok(Value::Array(out))
    }

    /// The member `key` (whose value is `item`) of an object being read into `out`, by
    /// `read`, the path naming it meanwhile; `undefined` means "not given" and is left out.
    fn member(
        &mut self,
        out: &mut Map<String, Value>,
        key: String,
        item: sys::napi_value,
        read: impl FnOnce(&mut Self, ValueType) -> std::result::Result<Value, Error>,
    ) -> std::result::Result<(), Error> {
        let kind = self.kind(item)?;
        if kind == ValueType::Undefined {
            return Ok(());
        }
        let parent = self.path.len();
        if parent > 0 {
            self.path.push('.');
        }
        self.path.push_str(&key);
        let json = read(self, kind);
        self.path.truncate(parent);
        out.insert(key, json?);
        Ok(())
    }

    fn read_typed(
        &mut self,
        raw: sys::napi_value,
        kind: ValueType,
        depth: usize,
    ) -> std::result::Result<Value, Error> {
        let value = unsafe { Unknown::from_napi_value(self.env, raw) }.map_err(|e| self.napi(e))?;
        match kind {
            ValueType::Null | ValueType::Undefined => Ok(Value::Null),
            ValueType::Boolean => Ok(Value::Bool(
                value.coerce_to_bool().map_err(|e| self.napi(e))?,
            )),
            ValueType::Number => {
                let number = unsafe { value.cast::<f64>() }.map_err(|e| self.napi(e))?;
                if number.fract() == 0.0 {
                    return safe_integer(number, &self.path).map(Value::from);
                }
                // The core accepts a fraction only if its shortest decimal form has at most
                // 2 places (0.07 yes, 0.1 + 0.2 no); everything else is refused there.
                serde_json::Number::from_f64(number)
                    .map(Value::Number)
                    .ok_or_else(|| self.fail("not a finite number"))
            }
            ValueType::BigInt => {
                let big = unsafe { value.cast::<BigInt>() }.map_err(|e| self.napi(e))?;
                bigint_i64(&big, &self.path).map(Value::from)
            }
            ValueType::String => self.string(raw).map(Value::String),
            ValueType::Object => {
                if depth >= MAX_DEPTH {
                    return Err(self.fail("nested too deeply"));
                }
                if value.is_date().map_err(|e| self.napi(e))? {
                    let date = unsafe { value.cast::<JsDate>() }.map_err(|e| self.napi(e))?;
                    let millis = date.value_of().map_err(|e| self.napi(e))?;
                    return date_text(millis, &self.path).map(Value::String);
                }
                if value.is_array().map_err(|e| self.napi(e))? {
                    return self.array(raw, depth);
                }
                match is_binary(self.env, raw) {
                    Ok(false) => self.object(raw, depth),
                    Ok(true) => Err(self.fail(BINARY)),
                    Err(_) => Err(self.fail("Failed to get the type of an object")),
                }
            }
            other => Err(self.fail(format!("unsupported type {other}"))),
        }
    }

    /// An array's elements. Its length is only a number the caller set: `new Array(2 ** 32 - 1)`
    /// is a few bytes of JS, so nothing is reserved from it and a hole is refused where it is
    /// (four billion `null`s would take the whole memory first).
    fn array(&mut self, raw: sys::napi_value, depth: usize) -> std::result::Result<Value, Error> {
        let length = self.length(raw)?;
        self.list(length, |reader, i| reader.element(raw, i, depth))
    }

    fn element(
        &mut self,
        array: sys::napi_value,
        index: u32,
        depth: usize,
    ) -> std::result::Result<Value, Error> {
        let mut present = false;
        let status = unsafe { sys::napi_has_element(self.env, array, index, &mut present) };
        self.check(status, || {
            format!("Failed to get element with index `{index}`")
        })?;
        if !present {
            return Err(self.fail("array with holes"));
        }
        let item = self.get(array, index)?;
        self.read(item, depth + 1)
    }

    /// The own enumerable string-keyed properties (`Object.keys`'s, what `JSON.stringify`
    /// reads), `undefined` ones left out: `{ reserve1: undefined }` means "not given".
    fn object(&mut self, raw: sys::napi_value, depth: usize) -> std::result::Result<Value, Error> {
        let env = self.env;
        let mut names = std::ptr::null_mut();
        let status = own_property_names(env, raw, &mut names);
        self.check(status, || {
            "Failed to get property names of given object".to_string()
        })?;
        let count = self.length(names)?;
        let mut out = Map::new();
        for i in 0..count {
            let key_handle = self.get(names, i)?;
            let key = self.string(key_handle)?;
            let mut item = std::ptr::null_mut();
            let status = unsafe { sys::napi_get_property(env, raw, key_handle, &mut item) };
            self.check(status, || {
                format!("Failed to get property with field `{key}`")
            })?;
            self.member(&mut out, key, item, |reader, kind| {
                reader.read_typed(item, kind, depth + 1)
            })?;
        }
        Ok(Value::Object(out))
    }

    /// One laid-out record (an array with a value per field, `undefined` when not given) as
    /// the object it came from; a bill's `item` slot holds a list of laid-out items.
    fn record(
        &mut self,
        raw: sys::napi_value,
        fields: &'static [&'static str],
        items: Option<&'static [&'static str]>,
        depth: usize,
    ) -> std::result::Result<Value, Error> {
        let is_array = self.is_array(raw)?;
        let length = if is_array { self.length(raw)? } else { 0 };
        if !is_array || length as usize != fields.len() || depth >= MAX_DEPTH {
            return Err(self.fail("not a bill laid out by native.js"));
        }
        let mut out = Map::new();
        for (index, field) in (0u32..).zip(fields.iter()) {
            let item = self.get(raw, index)?;
            self.member(
                &mut out,
                (*field).to_string(),
                item,
                |reader, kind| match items {
                    Some(item_fields) if *field == "item" => {
                        reader.records(item, item_fields, depth + 1)
                    }
                    _ => reader.read_typed(item, kind, depth + 1),
                },
            )?;
        }
        Ok(Value::Object(out))
    }

    /// A bill's `item` slot: a list of laid-out items.
    fn records(
        &mut self,
        raw: sys::napi_value,
        fields: &'static [&'static str],
        depth: usize,
    ) -> std::result::Result<Value, Error> {
        if !self.is_array(raw)? {
            return Err(self.fail("not a bill laid out by native.js"));
        }
        let length = self.length(raw)?;
        self.list(length, |reader, i| {
            let item = reader.get(raw, i)?;
            reader.record(item, fields, None, depth + 1)
        })
    }

    /// A JS string (a property value or a key) as UTF-8, read into the reused buffer.
    fn string(&mut self, raw: sys::napi_value) -> std::result::Result<String, Error> {
        if read_utf8(self.env, raw, &mut self.text) != Ok(true) {
            return Err(self.fail("Failed to read a string"));
        }
        let text = match std::str::from_utf8(&self.text) {
            Ok(text) => text,
            Err(_) => return Err(self.fail("not valid UTF-8")),
        };
        if text.contains(char::REPLACEMENT_CHARACTER)
            && has_lone_surrogate(self.env, raw) != Ok(false)
        {
            return Err(self.fail(LONE_SURROGATE));
        }
        Ok(text.to_owned())
    }
}

/// Reads the JS string `raw` as UTF-8 into `text` (cleared first): one N-API call into its
/// spare capacity, a second (asking the length) only when it may not have fitted. `Ok(false)`
/// when `raw` is not a string; a lone surrogate arrives as U+FFFD (see `has_lone_surrogate`).
pub(crate) fn read_utf8(
    env: sys::napi_env,
    raw: sys::napi_value,
    text: &mut Vec<u8>,
) -> std::result::Result<bool, sys::napi_status> {
    let ok = |status| {
        if status == sys::Status::napi_ok {
            Ok(())
        } else {
            Err(status)
        }
    };
    text.clear();
    let mut written = 0;
    let status = unsafe {
        sys::napi_get_value_string_utf8(
            env,
            raw,
            text.as_mut_ptr().cast(),
            text.capacity(),
            &mut written,
        )
    };
    if status == sys::Status::napi_string_expected {
        return Ok(false);
    }
    ok(status)?;
    // N-API writes whole characters (up to 4 bytes) and a NUL: with 5 bytes or more left
    // over, nothing was cut off.
    if written + 5 > text.capacity() {
        let mut length = 0;
        ok(unsafe {
            sys::napi_get_value_string_utf8(env, raw, std::ptr::null_mut(), 0, &mut length)
        })?;
        text.reserve(length + 1);
        ok(unsafe {
            sys::napi_get_value_string_utf8(
                env,
                raw,
                text.as_mut_ptr().cast(),
                length + 1,
                &mut written,
            )
        })?;
    }
    // SAFETY: N-API initialised the first `written` bytes, which are within the capacity.
    unsafe { text.set_len(written.min(text.capacity())) };
    Ok(true)
}

/// An object's own enumerable string-keyed property names (`Object.keys`), as strings.
/// Inherited ones are never read: a polluted `Object.prototype` (`bill_expired`, `pay_type`
/// set there by some other code in the app) must not change every bill that leaves it out.
pub(crate) fn own_property_names(
    env: sys::napi_env,
    raw: sys::napi_value,
    names: &mut sys::napi_value,
) -> sys::napi_status {
    unsafe {
        sys::napi_get_all_property_names(
            env,
            raw,
            sys::KeyCollectionMode::own_only,
            sys::KeyFilter::enumerable | sys::KeyFilter::skip_symbols,
            sys::KeyConversion::numbers_to_strings,
            names,
        )
    }
}

/// Why a string with half a UTF-16 pair is refused (N-API's UTF-8 would silently send U+FFFD).
pub(crate) const LONE_SURROGATE: &str =
    "contains a lone surrogate (half a UTF-16 pair), which is not text; fix the string";

/// Whether a JS string holds a lone surrogate. N-API writes U+FFFD for one, so only a string
/// whose UTF-8 holds U+FFFD is read again, as UTF-16, to tell a real U+FFFD from one.
pub(crate) fn has_lone_surrogate(
    env: sys::napi_env,
    raw: sys::napi_value,
) -> std::result::Result<bool, sys::napi_status> {
    let mut length = 0;
    let status =
        unsafe { sys::napi_get_value_string_utf16(env, raw, std::ptr::null_mut(), 0, &mut length) };
    if status != sys::Status::napi_ok {
        return Err(status);
    }
    let mut units: Vec<u16> = vec![0; length + 1];
    let mut written = 0;
    let status = unsafe {
        sys::napi_get_value_string_utf16(env, raw, units.as_mut_ptr(), length + 1, &mut written)
    };
    if status != sys::Status::napi_ok {
        return Err(status);
    }
    units.truncate(written);
    Ok(char::decode_utf16(units).any(|unit| unit.is_err()))
}

/// Why binary data is refused where a bill wants text or an object.
const BINARY: &str = "binary data (a Buffer, typed array or ArrayBuffer) is not a bill value; \
                      pass text";

/// Whether an object is binary data: a `Buffer` or another typed array, a `DataView`, an
/// `ArrayBuffer`. Read as an object it would be one key per byte, so it is refused before its
/// keys are listed (a 1 MB Buffer given for `bill_desc` took seconds to refuse).
pub(crate) fn is_binary(
    env: sys::napi_env,
    raw: sys::napi_value,
) -> std::result::Result<bool, sys::napi_status> {
    for is in [
        sys::napi_is_typedarray,
        sys::napi_is_dataview,
        sys::napi_is_arraybuffer,
    ] {
        let mut yes = false;
        let status = unsafe { is(env, raw, &mut yes) };
        if status != sys::Status::napi_ok {
            return Err(status);
        }
        if yes {
            return Ok(true);
        }
    }
    Ok(false)
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
        Options::new_with(value, what, known, &|key| {
            invalid_field(
                key,
                format!("unknown setting; expected one of: {}", known.join(", ")),
            )
        })
    }

    /// As [`Options::new`], with `unknown` the error for a key not in `known`.
    pub fn new_with(
        value: &Unknown<'env>,
        what: &str,
        known: &[&str],
        unknown: &dyn Fn(&str) -> Error,
    ) -> std::result::Result<Options<'env>, Error> {
        let napi = |e: napi::Error| invalid_field(what, e.reason.clone());
        if value.get_type().map_err(napi)? != ValueType::Object || value.is_array().map_err(napi)? {
            return Err(invalid_field(what, "must be an object"));
        }
        let object = unsafe { value.cast::<Object>() }.map_err(napi)?;
        for key in Object::keys(&object).map_err(napi)? {
            if !known.contains(&key.as_str()) {
                return Err(unknown(&key));
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
            return Err(invalid_field(
                key,
                format!("must be {name}, got {}", crate::args::js_type(actual)),
            ));
        }
        read(&value).map(Some).map_err(napi)
    }
}
