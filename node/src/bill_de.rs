//! The fast way in for a bill: a serde `Deserializer` over the JS values themselves, so an
//! object whose keys are all Faspay's goes straight into the core's own `Bill` reader with no
//! JSON tree in between. It hands every value to the core as `value::to_json` would (the same
//! visitor calls: text, unsigned/signed integers, finite fractions, `null` as unit, a bigint as
//! an integer, a `Date` as its WIB text; `undefined` properties left out), so the result is the
//! same `Bill`. Anything it does not take (an unknown key the core moves into `extra`, a number
//! that is not a safe integer, too deep a nesting, any error) makes `read` answer `None`, and
//! the caller takes the full path, which reads it or names the fault with its field.
//!
//! Its fastest form reads the bill's values as `native.js` lays them out (`read_values`): JS
//! walks the object (its own keys, as this file does) and puts each value at its field's place in
//! the core's field list (`bill_fields`), items likewise. JIT-compiled JS does the property
//! lookups far faster than N-API calls, and no key is read as text: two N-API calls per
//! field (the value, its text) instead of five.

use std::fmt;
use std::sync::OnceLock;

use napi::bindgen_prelude::Unknown;
use napi::{JsValue as _, ValueType, sys};
use serde::de::{
    self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};

use crate::value::{
    MAX_SAFE_INTEGER, date_text, has_lone_surrogate, is_binary, own_property_names, read_utf8,
};

/// Why the fast path stepped aside (never shown: the full path reports the real fault).
#[derive(Debug)]
pub struct Declined;

impl fmt::Display for Declined {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("left to the full path")
    }
}

impl std::error::Error for Declined {}

impl de::Error for Declined {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Declined
    }
}

/// Deepest nesting taken: the core's bound (a bill is two levels deep).
use faspay::codec::MAX_DEPTH;
use faspay::{Bill, Item};

/// Room for every string of a usual bill, so each is read with one N-API call.
const TEXT_CAPACITY: usize = 256;

/// `T` (a core `Bill`) read straight from a plain JS object, or `None` when the full path must
/// read it. A getter that threw leaves no exception pending: the full path runs it again and
/// reports it as it always did.
pub fn read<T: de::DeserializeOwned>(value: &Unknown<'_>) -> Option<T> {
    let raw = value.value();
    let mut reader = Reader {
        env: raw.env,
        text: Vec::with_capacity(TEXT_CAPACITY),
    };
    let result = reader.root(raw.value);
    if result.is_err() {
        clear_pending_exception(raw.env);
    }
    result.ok()
}

fn clear_pending_exception(env: sys::napi_env) {
    let mut pending = false;
    let status = unsafe { sys::napi_is_exception_pending(env, &mut pending) };
    if status == sys::Status::napi_ok && pending {
        let mut exception = std::ptr::null_mut();
        unsafe { sys::napi_get_and_clear_last_exception(env, &mut exception) };
    }
}

/// What every value of one read shares: the env and the buffer strings are read into.
struct Reader {
    env: sys::napi_env,
    text: Vec<u8>,
}

fn ok(status: sys::napi_status) -> Result<(), Declined> {
    if status == sys::Status::napi_ok {
        Ok(())
    } else {
        Err(Declined)
    }
}

impl Reader {
    /// The bill itself must be a plain object (not an array, not a `Date`).
    fn root<T: de::DeserializeOwned>(&mut self, raw: sys::napi_value) -> Result<T, Declined> {
        if self.type_of(raw)? != ValueType::Object || self.is_array(raw)? || self.is_date(raw)? {
            return Err(Declined);
        }
        T::deserialize(JsValue {
            reader: self,
            raw,
            kind: ValueType::Object,
            depth: 0,
            text_read: false,
        })
    }

    fn type_of(&self, raw: sys::napi_value) -> Result<ValueType, Declined> {
        let mut kind = 0;
        ok(unsafe { sys::napi_typeof(self.env, raw, &mut kind) })?;
        Ok(ValueType::from(kind))
    }

    fn is_array(&self, raw: sys::napi_value) -> Result<bool, Declined> {
        let mut yes = false;
        ok(unsafe { sys::napi_is_array(self.env, raw, &mut yes) })?;
        Ok(yes)
    }

    fn is_date(&self, raw: sys::napi_value) -> Result<bool, Declined> {
        let mut yes = false;
        ok(unsafe { sys::napi_is_date(self.env, raw, &mut yes) })?;
        Ok(yes)
    }

    /// A JS string as UTF-8 in the reused buffer.
    fn string(&mut self, raw: sys::napi_value) -> Result<&str, Declined> {
        if !self.try_string(raw)? {
            return Err(Declined);
        }
        std::str::from_utf8(&self.text).map_err(|_| Declined)
    }

    /// Reads `raw` into the buffer if it is a string (`false` if it is not).
    fn try_string(&mut self, raw: sys::napi_value) -> Result<bool, Declined> {
        if !read_utf8(self.env, raw, &mut self.text).map_err(|_| Declined)? {
            return Ok(false);
        }
        // N-API wrote U+FFFD (EF BF BD) for a lone surrogate: the full path names the field.
        if self.text.windows(3).any(|w| w == "\u{FFFD}".as_bytes())
            && has_lone_surrogate(self.env, raw) != Ok(false)
        {
            return Err(Declined);
        }
        Ok(true)
    }
}

/// One JS value, read by the core's derived deserializers.
struct JsValue<'r> {
    reader: &'r mut Reader,
    raw: sys::napi_value,
    kind: ValueType,
    depth: usize,
    /// A string whose text is already in the reader's buffer.
    text_read: bool,
}

impl<'de> Deserializer<'de> for JsValue<'_> {
    type Error = Declined;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        let env = self.reader.env;
        let raw = self.raw;
        match self.kind {
            // The tree path leaves `undefined` properties out; one elsewhere (an array
            // element) is null there.
            ValueType::Null | ValueType::Undefined => visitor.visit_unit(),
            ValueType::Boolean => {
                let mut flag = false;
                ok(unsafe { sys::napi_get_value_bool(env, raw, &mut flag) })?;
                visitor.visit_bool(flag)
            }
            ValueType::String if self.text_read => {
                visitor.visit_str(std::str::from_utf8(&self.reader.text).map_err(|_| Declined)?)
            }
            ValueType::String => visitor.visit_str(self.reader.string(raw)?),
            ValueType::Number => {
                let mut number = 0.0;
                ok(unsafe { sys::napi_get_value_double(env, raw, &mut number) })?;
                if !number.is_finite() {
                    return Err(Declined);
                }
                if number.fract() != 0.0 {
                    // The core's exactness rule decides on fractions.
                    return visitor.visit_f64(number);
                }
                if number.abs() > MAX_SAFE_INTEGER {
                    return Err(Declined);
                }
                integer(number as i64, visitor)
            }
            ValueType::BigInt => {
                let mut value = 0i64;
                let mut lossless = false;
                ok(unsafe {
                    sys::napi_get_value_bigint_int64(env, raw, &mut value, &mut lossless)
                })?;
                if !lossless {
                    return Err(Declined);
                }
                integer(value, visitor)
            }
            ValueType::Object => {
                if self.depth >= MAX_DEPTH {
                    return Err(Declined);
                }
                if self.reader.is_array(raw)? {
                    let mut length = 0u32;
                    ok(unsafe { sys::napi_get_array_length(env, raw, &mut length) })?;
                    return visitor.visit_seq(ArrayAccess {
                        reader: self.reader,
                        array: raw,
                        next: 0,
                        length,
                        depth: self.depth + 1,
                    });
                }
                if self.reader.is_date(raw)? {
                    let mut millis = 0.0;
                    ok(unsafe { sys::napi_get_date_value(env, raw, &mut millis) })?;
                    let text = date_text(millis, "").map_err(|_| Declined)?;
                    return visitor.visit_string(text);
                }
                // Binary data is refused by the tree path before its one key per byte is listed.
                if is_binary(env, raw) != Ok(false) {
                    return Err(Declined);
                }
                // The own enumerable string-keyed properties (`Object.keys`'s), as the tree path.
                let mut names = std::ptr::null_mut();
                ok(own_property_names(env, raw, &mut names))?;
                let mut count = 0u32;
                ok(unsafe { sys::napi_get_array_length(env, names, &mut count) })?;
                visitor.visit_map(ObjectAccess {
                    reader: self.reader,
                    object: raw,
                    names,
                    next: 0,
                    count,
                    pending: None,
                    depth: self.depth + 1,
                })
            }
            _ => Err(Declined),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        match self.kind {
            ValueType::Null | ValueType::Undefined => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

/// As a JSON tree holds integers: non-negative ones are unsigned.
fn integer<'de, V: Visitor<'de>>(value: i64, visitor: V) -> Result<V::Value, Declined> {
    match u64::try_from(value) {
        Ok(unsigned) => visitor.visit_u64(unsigned),
        Err(_) => visitor.visit_i64(value),
    }
}

struct ObjectAccess<'r> {
    reader: &'r mut Reader,
    object: sys::napi_value,
    /// The own property names, from one `napi_get_all_property_names` call.
    names: sys::napi_value,
    next: u32,
    count: u32,
    /// The value of the key just given, and its type.
    pending: Option<(sys::napi_value, ValueType)>,
    depth: usize,
}

impl<'de> MapAccess<'de> for ObjectAccess<'_> {
    type Error = Declined;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Declined> {
        let env = self.reader.env;
        while self.next < self.count {
            let index = self.next;
            self.next += 1;
            // Each value is fetched by its key handle: no key string made again.
            let mut key = std::ptr::null_mut();
            ok(unsafe { sys::napi_get_element(env, self.names, index, &mut key) })?;
            let mut value = std::ptr::null_mut();
            ok(unsafe { sys::napi_get_property(env, self.object, key, &mut value) })?;
            let kind = self.reader.type_of(value)?;
            // `{ reserve1: undefined }` means "not given".
            if kind == ValueType::Undefined {
                continue;
            }
            self.pending = Some((value, kind));
            let name = self.reader.string(key)?;
            return seed.deserialize(name.into_deserializer()).map(Some);
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Declined> {
        let (raw, kind) = self.pending.take().ok_or(Declined)?;
        seed.deserialize(JsValue {
            reader: self.reader,
            raw,
            kind,
            depth: self.depth,
            text_read: false,
        })
    }
}

struct ArrayAccess<'r> {
    reader: &'r mut Reader,
    array: sys::napi_value,
    next: u32,
    length: u32,
    depth: usize,
}

impl<'de> SeqAccess<'de> for ArrayAccess<'_> {
    type Error = Declined;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Declined> {
        if self.next >= self.length {
            return Ok(None);
        }
        let env = self.reader.env;
        let index = self.next;
        self.next += 1;
        // A hole reads as `undefined`: null, as in the tree path.
        let mut item = std::ptr::null_mut();
        ok(unsafe { sys::napi_get_element(env, self.array, index, &mut item) })?;
        let kind = self.reader.type_of(item)?;
        seed.deserialize(JsValue {
            reader: self.reader,
            raw: item,
            kind,
            depth: self.depth,
            text_read: false,
        })
        .map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some((self.length - self.next) as usize)
    }
}

// ---- the values laid out by native.js --------------------------------------------------------

/// The field names the core's reader takes for a bill and for an item, in its order: serde's
/// own list, which the derived reader hands to `deserialize_struct`.
pub fn bill_fields() -> (&'static [&'static str], &'static [&'static str]) {
    static FIELDS: OnceLock<(&'static [&'static str], &'static [&'static str])> = OnceLock::new();
    *FIELDS.get_or_init(|| (struct_fields::<Bill>(), struct_fields::<Item>()))
}

fn struct_fields<'de, T: de::Deserialize<'de>>() -> &'static [&'static str] {
    match T::deserialize(FieldList) {
        Err(Captured(Some(fields))) => fields,
        _ => &[],
    }
}

/// A deserializer that answers nothing and keeps the field list it is asked for.
struct FieldList;

#[derive(Debug)]
struct Captured(Option<&'static [&'static str]>);

impl fmt::Display for Captured {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field list")
    }
}

impl std::error::Error for Captured {}

impl de::Error for Captured {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Captured(None)
    }
}

impl<'de> Deserializer<'de> for FieldList {
    type Error = Captured;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Captured> {
        Err(Captured(None))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Captured> {
        Err(Captured(Some(fields)))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

/// A `Bill` from the values `native.js` laid out for it: an array with one slot per bill field
/// (`undefined` when not given), whose `item` slot holds one such array per item. `None`
/// when anything is off: the caller then reads the object itself.
pub fn read_values(values: &Unknown<'_>) -> Option<Bill> {
    let raw = values.value();
    let mut reader = Reader {
        env: raw.env,
        text: Vec::with_capacity(TEXT_CAPACITY),
    };
    let (bill, _) = bill_fields();
    let result = reader
        .record(raw.value, bill, 0)
        .and_then(<Bill as de::Deserialize>::deserialize);
    if result.is_err() {
        clear_pending_exception(raw.env);
    }
    result.ok()
}

impl Reader {
    /// A laid-out record: an array of exactly one value per field.
    fn record(
        &mut self,
        raw: sys::napi_value,
        fields: &'static [&'static str],
        depth: usize,
    ) -> Result<Record<'_>, Declined> {
        if depth >= MAX_DEPTH || self.type_of(raw)? != ValueType::Object || !self.is_array(raw)? {
            return Err(Declined);
        }
        let mut length = 0u32;
        ok(unsafe { sys::napi_get_array_length(self.env, raw, &mut length) })?;
        if length as usize != fields.len() {
            return Err(Declined);
        }
        Ok(Record {
            reader: self,
            values: raw,
            fields,
            depth,
        })
    }
}

/// One laid-out bill or item, read as the object it came from (the same depth, too).
struct Record<'r> {
    reader: &'r mut Reader,
    values: sys::napi_value,
    fields: &'static [&'static str],
    depth: usize,
}

impl<'de> Deserializer<'de> for Record<'_> {
    type Error = Declined;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        let is_bill = std::ptr::eq(self.fields, bill_fields().0);
        visitor.visit_map(RecordAccess {
            reader: self.reader,
            values: self.values,
            fields: self.fields,
            next: 0,
            pending: None,
            depth: self.depth + 1,
            is_bill,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

struct RecordAccess<'r> {
    reader: &'r mut Reader,
    values: sys::napi_value,
    fields: &'static [&'static str],
    next: usize,
    /// The value of the field just given, its type, and whether its text is in the buffer.
    pending: Option<(sys::napi_value, ValueType, bool)>,
    depth: usize,
    /// A bill (whose `item` slot holds laid-out items), not an item.
    is_bill: bool,
}

impl<'de> MapAccess<'de> for RecordAccess<'_> {
    type Error = Declined;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Declined> {
        let env = self.reader.env;
        while self.next < self.fields.len() {
            let index = self.next;
            self.next += 1;
            let mut value = std::ptr::null_mut();
            ok(unsafe { sys::napi_get_element(env, self.values, index as u32, &mut value) })?;
            // Most values are text: read it now, one call instead of asking the type first.
            let (kind, text_read) = if self.reader.try_string(value)? {
                (ValueType::String, true)
            } else {
                (self.reader.type_of(value)?, false)
            };
            if kind == ValueType::Undefined {
                continue; // not given
            }
            self.pending = Some((value, kind, text_read));
            return seed
                .deserialize(self.fields[index].into_deserializer())
                .map(Some);
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Declined> {
        let (raw, kind, text_read) = self.pending.take().ok_or(Declined)?;
        if self.is_bill && self.fields[self.next - 1] == "item" {
            // native.js lays the items out too: always a list of item records.
            return seed.deserialize(Items {
                reader: self.reader,
                list: raw,
                depth: self.depth,
            });
        }
        seed.deserialize(JsValue {
            reader: self.reader,
            raw,
            kind,
            depth: self.depth,
            text_read,
        })
    }
}

/// The `item` slot: an array of laid-out items.
struct Items<'r> {
    reader: &'r mut Reader,
    list: sys::napi_value,
    depth: usize,
}

impl<'de> Deserializer<'de> for Items<'_> {
    type Error = Declined;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        let reader = self.reader;
        if self.depth >= MAX_DEPTH
            || reader.type_of(self.list)? != ValueType::Object
            || !reader.is_array(self.list)?
        {
            return Err(Declined);
        }
        let mut length = 0u32;
        ok(unsafe { sys::napi_get_array_length(reader.env, self.list, &mut length) })?;
        visitor.visit_seq(ItemAccess {
            reader,
            list: self.list,
            next: 0,
            length,
            depth: self.depth + 1,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

struct ItemAccess<'r> {
    reader: &'r mut Reader,
    list: sys::napi_value,
    next: u32,
    length: u32,
    depth: usize,
}

impl<'de> SeqAccess<'de> for ItemAccess<'_> {
    type Error = Declined;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Declined> {
        if self.next >= self.length {
            return Ok(None);
        }
        let index = self.next;
        self.next += 1;
        let mut item = std::ptr::null_mut();
        ok(unsafe { sys::napi_get_element(self.reader.env, self.list, index, &mut item) })?;
        let (_, fields) = bill_fields();
        let record = self.reader.record(item, fields, self.depth)?;
        seed.deserialize(record).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some((self.length - self.next) as usize)
    }
}
