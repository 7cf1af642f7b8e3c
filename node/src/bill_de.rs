//! The fast way in for a bill: a serde `Deserializer` over the JS values themselves, so an
//! object whose keys are all Faspay's goes straight into the core's own `Bill` reader with no
//! JSON tree in between. It hands every value to the core as `value::to_json` would (the same
//! visitor calls: text, unsigned/signed integers, finite fractions, `null` as unit, a bigint as
//! an integer, a `Date` as its WIB text; `undefined` properties left out), so the result is the
//! same `Bill`. Anything it does not take (an unknown key the core moves into `extra`, a number
//! that is not a safe integer, too deep a nesting, any error) makes `read` answer `None`, and
//! the caller takes the full path, which reads it or names the fault with its field.

use std::fmt;

use napi::bindgen_prelude::Unknown;
use napi::{JsValue as _, ValueType, sys};
use serde::de::{
    self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};

use crate::value::{MAX_SAFE_INTEGER, date_text};

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

    /// A JS string as UTF-8 in the reused buffer: one N-API call, a second (asking the
    /// length) only when it may not have fitted.
    fn string(&mut self, raw: sys::napi_value) -> Result<&str, Declined> {
        self.text.clear();
        let mut written = 0;
        ok(unsafe {
            sys::napi_get_value_string_utf8(
                self.env,
                raw,
                self.text.as_mut_ptr().cast(),
                self.text.capacity(),
                &mut written,
            )
        })?;
        // N-API writes whole characters (up to 4 bytes) and a NUL: with 5 bytes or more left
        // over, nothing was cut off.
        if written + 5 > self.text.capacity() {
            let mut length = 0;
            ok(unsafe {
                sys::napi_get_value_string_utf8(self.env, raw, std::ptr::null_mut(), 0, &mut length)
            })?;
            self.text.reserve(length + 1);
            ok(unsafe {
                sys::napi_get_value_string_utf8(
                    self.env,
                    raw,
                    self.text.as_mut_ptr().cast(),
                    length + 1,
                    &mut written,
                )
            })?;
        }
        // SAFETY: N-API initialised the first `written` bytes, which are within the capacity.
        unsafe { self.text.set_len(written.min(self.text.capacity())) };
        std::str::from_utf8(&self.text).map_err(|_| Declined)
    }
}

/// One JS value, read by the core's derived deserializers.
struct JsValue<'r> {
    reader: &'r mut Reader,
    raw: sys::napi_value,
    kind: ValueType,
    depth: usize,
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
                // The enumerable string-keyed properties (`for...in`'s), as the tree path.
                let mut names = std::ptr::null_mut();
                ok(unsafe { sys::napi_get_property_names(env, raw, &mut names) })?;
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
    /// The property names, from one `napi_get_property_names` call.
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
        })
        .map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some((self.length - self.next) as usize)
    }
}
