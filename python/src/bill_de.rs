//! The fast way in for a bill: a serde `Deserializer` over the Python values themselves, so a
//! dict whose keys are all Faspay's goes straight into the core's own `Bill` reader with no
//! tree in between. It hands every value to the core exactly as `bill::to_json` would (the
//! same visitor calls: text, unsigned/signed integers, finite floats, `None` as null,
//! `Decimal` and `datetime` as their text), so the result is the same `Bill`. Anything it
//! does not take (an unknown key the core moves into `extra`, another mapping type, a `date`,
//! any error) makes `bill_from_py` take the full path, which reads it, or names the fault.

use std::fmt;

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde::de::{
    self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};

use crate::amount::{decimal_class, decimal_text};
use crate::bill::{DATETIME, datetime_text};

/// Why the fast path stepped aside (never shown: the full path reports the real fault).
#[derive(Debug)]
pub struct Declined(String);

impl fmt::Display for Declined {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Declined {}

impl de::Error for Declined {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Declined(msg.to_string())
    }
}

impl From<PyErr> for Declined {
    fn from(e: PyErr) -> Self {
        Declined(e.to_string())
    }
}

/// Deepest nesting taken: the core's bound (a bill is two levels deep).
use faspay::codec::MAX_DEPTH;

/// One Python value, read by the core's derived deserializers.
pub struct PyValue<'a, 'py> {
    pub value: &'a Bound<'py, PyAny>,
    pub depth: usize,
}

impl<'de> Deserializer<'de> for PyValue<'_, '_> {
    type Error = Declined;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        let value = self.value;
        if let Ok(text) = value.cast::<PyString>() {
            return visitor.visit_string(text.to_cow()?.into_owned());
        }
        if value.is_none() {
            return visitor.visit_unit();
        }
        if let Ok(flag) = value.cast::<PyBool>() {
            return visitor.visit_bool(flag.is_true());
        }
        if value.is_instance_of::<PyInt>() {
            // As serde_json holds them: non-negative integers are unsigned.
            if let Ok(v) = value.extract::<i64>() {
                return match u64::try_from(v) {
                    Ok(v) => visitor.visit_u64(v),
                    Err(_) => visitor.visit_i64(v),
                };
            }
            return visitor.visit_u64(value.extract::<u64>()?);
        }
        if let Ok(f) = value.cast::<PyFloat>() {
            let f = f.value();
            if !f.is_finite() {
                return Err(Declined("not a finite number".into()));
            }
            return visitor.visit_f64(f);
        }
        if self.depth >= MAX_DEPTH {
            return Err(Declined("nested too deeply".into()));
        }
        if let Ok(dict) = value.cast::<PyDict>() {
            return visitor.visit_map(DictAccess {
                items: dict.iter(),
                pending: None,
                depth: self.depth + 1,
            });
        }
        if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
            return visitor.visit_seq(ListAccess {
                items: value.try_iter()?,
                depth: self.depth + 1,
            });
        }
        let py = value.py();
        if value.is_instance(decimal_class(py)?)? {
            if !value.call_method0("is_finite")?.extract::<bool>()? {
                return Err(Declined("not a finite number".into()));
            }
            return visitor.visit_string(decimal_text(value)?);
        }
        if value.is_instance(DATETIME.import(py, "datetime", "datetime")?)? {
            return visitor.visit_string(datetime_text(value)?);
        }
        Err(Declined("left to the full path".into()))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        if self.value.is_none() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

struct DictAccess<'py> {
    items: pyo3::types::iter::BoundDictIterator<'py>,
    pending: Option<Bound<'py, PyAny>>,
    depth: usize,
}

impl<'de> MapAccess<'de> for DictAccess<'_> {
    type Error = Declined;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Declined> {
        let Some((key, value)) = self.items.next() else {
            return Ok(None);
        };
        let key = key
            .cast::<PyString>()
            .map_err(|_| Declined("keys must be strings".into()))?
            .to_cow()?
            .into_owned();
        self.pending = Some(value);
        let key: de::value::StringDeserializer<Declined> = key.into_deserializer();
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Declined> {
        let value = self
            .pending
            .take()
            .ok_or_else(|| Declined("a value without a key".into()))?;
        seed.deserialize(PyValue {
            value: &value,
            depth: self.depth,
        })
    }
}

struct ListAccess<'py> {
    items: Bound<'py, pyo3::types::PyIterator>,
    depth: usize,
}

impl<'de> SeqAccess<'de> for ListAccess<'_> {
    type Error = Declined;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Declined> {
        match self.items.next() {
            None => Ok(None),
            Some(item) => seed
                .deserialize(PyValue {
                    value: &item?,
                    depth: self.depth,
                })
                .map(Some),
        }
    }
}
