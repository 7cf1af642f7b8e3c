//! Results as PHP `serialize()` text (the client setting `result_format: "php"`): the same
//! values as the JSON text, which PHP's `unserialize()` turns into the arrays `json_decode(...,
//! true)` would give, in about half the time (strings are length-prefixed, nothing to unescape).
//!
//! Only what `json_decode` can produce is written: arrays (objects and lists), strings, integers,
//! floats, booleans and null; never an object, so `unserialize` with `allowed_classes => false`
//! reads it all.

use std::fmt::{self, Display};
use std::io::Write as _;

use serde::ser::{self, Serialize};

/// A value that cannot be written.
#[derive(Debug)]
pub struct Unsupported(String);

impl Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<T: Display>(msg: T) -> Self {
        Unsupported(msg.to_string())
    }
}

type Result<T> = std::result::Result<T, Unsupported>;

/// `value` as PHP serialize() text.
pub fn to_string(value: &impl Serialize) -> Result<String> {
    let mut out = Vec::with_capacity(1024);
    value.serialize(&mut PhpWriter { out: &mut out })?;
    // Only UTF-8 strings and ASCII are written.
    String::from_utf8(out).map_err(|_| Unsupported("a result is not UTF-8".into()))
}

/// The digits of `n` (lengths and counts are written for every string: `format!` would be
/// most of the cost).
fn decimal(out: &mut Vec<u8>, mut n: u64) {
    if n < 10 {
        out.push(b'0' + n as u8);
        return;
    }
    // Most lengths of a result's strings have two digits.
    if n < 100 {
        out.extend_from_slice(&[b'0' + (n / 10) as u8, b'0' + (n % 10) as u8]);
        return;
    }
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[start..]);
}

struct PhpWriter<'a> {
    out: &'a mut Vec<u8>,
}

impl PhpWriter<'_> {
    fn int(&mut self, v: i64) {
        self.out.extend_from_slice(b"i:");
        if v < 0 {
            self.out.push(b'-');
        }
        decimal(self.out, v.unsigned_abs());
        self.out.push(b';');
    }

    fn string(&mut self, v: &[u8]) {
        // One capacity check for the whole entry: `s:`, up to 20 digits, `:"`, `";`.
        self.out.reserve(v.len() + 26);
        self.out.extend_from_slice(b"s:");
        decimal(self.out, v.len() as u64);
        self.out.extend_from_slice(b":\"");
        self.out.extend_from_slice(v);
        self.out.extend_from_slice(b"\";");
    }

    /// An array; with its length known the header is written now, else when it is finished.
    fn array(&mut self, len: Option<usize>) -> Array<'_> {
        let start = self.out.len();
        if let Some(len) = len {
            header(self.out, len);
        }
        Array {
            out: self.out,
            start,
            announced: len,
            count: 0,
            closing: false,
        }
    }
}

/// `a:N:{`, the start of an array of `len` entries.
fn header(out: &mut Vec<u8>, len: usize) {
    out.extend_from_slice(b"a:");
    decimal(out, len as u64);
    out.extend_from_slice(b":{");
}

/// An array being written. When its length was not known beforehand (or proves different),
/// its `a:N:{` header is put in front of the entries once they are written.
struct Array<'a> {
    out: &'a mut Vec<u8>,
    start: usize,
    /// The length the header written at `start` announces, if one was written.
    announced: Option<usize>,
    count: usize,
    /// An enum variant wraps the array in a one-entry array `{variant: [...]}`, as JSON does.
    closing: bool,
}

impl Array<'_> {
    fn element(&mut self, value: &(impl Serialize + ?Sized)) -> Result<()> {
        PhpWriter {
            out: &mut *self.out,
        }
        .int(self.count as i64);
        self.count += 1;
        value.serialize(&mut PhpWriter {
            out: &mut *self.out,
        })
    }

    fn key(&mut self, key: &(impl Serialize + ?Sized)) -> Result<()> {
        self.count += 1;
        key.serialize(KeyWriter {
            out: &mut *self.out,
        })
    }

    fn value(&mut self, value: &(impl Serialize + ?Sized)) -> Result<()> {
        value.serialize(&mut PhpWriter {
            out: &mut *self.out,
        })
    }

    fn finish(self) -> Result<()> {
        if self.announced != Some(self.count) {
            let mut written = Vec::new();
            if let Some(len) = self.announced {
                header(&mut written, len);
            }
            let mut right = Vec::with_capacity(16);
            header(&mut right, self.count);
            self.out
                .splice(self.start..self.start + written.len(), right)
                .for_each(drop);
        }
        self.out.push(b'}');
        if self.closing {
            self.out.push(b'}');
        }
        Ok(())
    }
}

impl<'a> ser::Serializer for &'a mut PhpWriter<'_> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Array<'a>;
    type SerializeTuple = Array<'a>;
    type SerializeTupleStruct = Array<'a>;
    type SerializeTupleVariant = Array<'a>;
    type SerializeMap = Array<'a>;
    type SerializeStruct = Array<'a>;
    type SerializeStructVariant = Array<'a>;

    fn serialize_bool(self, v: bool) -> Result<()> {
        self.out
            .extend_from_slice(if v { b"b:1;" } else { b"b:0;" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<()> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<()> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<()> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<()> {
        self.int(v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<()> {
        self.serialize_i64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<()> {
        self.serialize_i64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<()> {
        self.serialize_i64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<()> {
        match i64::try_from(v) {
            Ok(v) => self.serialize_i64(v),
            // Past PHP_INT_MAX json_decode (JSON_BIGINT_AS_STRING) gives the digits as text.
            Err(_) => self.serialize_str(&v.to_string()),
        }
    }
    fn serialize_f32(self, v: f32) -> Result<()> {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Result<()> {
        if !v.is_finite() {
            return Err(Unsupported(format!("{v} has no JSON form")));
        }
        let _ = write!(self.out, "d:{v:?};");
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<()> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<()> {
        self.string(v.as_bytes());
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<()> {
        // As serde_json: a list of numbers.
        let mut array = self.array(Some(v.len()));
        for byte in v {
            array.element(byte)?;
        }
        array.finish()
    }
    fn serialize_none(self) -> Result<()> {
        self.out.extend_from_slice(b"N;");
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<()> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<()> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<()> {
        self.serialize_none()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<()> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<()> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<()> {
        let mut array = self.array(Some(1));
        array.key(variant)?;
        array.value(value)?;
        array.finish()
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Array<'a>> {
        Ok(self.array(len))
    }
    fn serialize_tuple(self, len: usize) -> Result<Array<'a>> {
        Ok(self.array(Some(len)))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Array<'a>> {
        Ok(self.array(Some(len)))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Array<'a>> {
        Ok(self.variant(variant))
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Array<'a>> {
        Ok(self.array(len))
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Array<'a>> {
        Ok(self.array(Some(len)))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Array<'a>> {
        Ok(self.variant(variant))
    }
}

impl PhpWriter<'_> {
    /// `a:1:{s:..:"variant";` then the variant's own array, closed twice by `finish`.
    fn variant(&mut self, variant: &str) -> Array<'_> {
        self.out.extend_from_slice(b"a:1:{");
        self.string(variant.as_bytes());
        let mut array = self.array(None);
        array.closing = true;
        array
    }
}

impl ser::SerializeSeq for Array<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }
    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl ser::SerializeTuple for Array<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }
    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl ser::SerializeTupleStruct for Array<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }
    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl ser::SerializeTupleVariant for Array<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }
    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl ser::SerializeMap for Array<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<()> {
        self.key(key)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.value(value)
    }
    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl ser::SerializeStruct for Array<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        self.key(key)?;
        self.value(value)
    }
    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl ser::SerializeStructVariant for Array<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        self.key(key)?;
        self.value(value)
    }
    fn end(self) -> Result<()> {
        self.finish()
    }
}

/// A map key: text (as JSON object keys are); PHP itself files digit-only keys as integers,
/// for `unserialize` as for `json_decode`.
struct KeyWriter<'a> {
    out: &'a mut Vec<u8>,
}

impl KeyWriter<'_> {
    fn text(self, v: &str) -> Result<()> {
        PhpWriter {
            out: &mut *self.out,
        }
        .string(v.as_bytes());
        Ok(())
    }

    fn refuse(what: &str) -> Result<()> {
        Err(Unsupported(format!("{what} cannot be a key")))
    }
}

impl ser::Serializer for KeyWriter<'_> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = ser::Impossible<(), Unsupported>;
    type SerializeTuple = ser::Impossible<(), Unsupported>;
    type SerializeTupleStruct = ser::Impossible<(), Unsupported>;
    type SerializeTupleVariant = ser::Impossible<(), Unsupported>;
    type SerializeMap = ser::Impossible<(), Unsupported>;
    type SerializeStruct = ser::Impossible<(), Unsupported>;
    type SerializeStructVariant = ser::Impossible<(), Unsupported>;

    fn serialize_str(self, v: &str) -> Result<()> {
        self.text(v)
    }
    fn serialize_char(self, v: char) -> Result<()> {
        self.text(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_bool(self, v: bool) -> Result<()> {
        self.text(if v { "true" } else { "false" })
    }
    fn serialize_i8(self, v: i8) -> Result<()> {
        self.text(&v.to_string())
    }
    fn serialize_i16(self, v: i16) -> Result<()> {
        self.text(&v.to_string())
    }
    fn serialize_i32(self, v: i32) -> Result<()> {
        self.text(&v.to_string())
    }
    fn serialize_i64(self, v: i64) -> Result<()> {
        self.text(&v.to_string())
    }
    fn serialize_u8(self, v: u8) -> Result<()> {
        self.text(&v.to_string())
    }
    fn serialize_u16(self, v: u16) -> Result<()> {
        self.text(&v.to_string())
    }
    fn serialize_u32(self, v: u32) -> Result<()> {
        self.text(&v.to_string())
    }
    fn serialize_u64(self, v: u64) -> Result<()> {
        self.text(&v.to_string())
    }
    fn serialize_f32(self, _v: f32) -> Result<()> {
        Self::refuse("a number")
    }
    fn serialize_f64(self, _v: f64) -> Result<()> {
        Self::refuse("a number")
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<()> {
        Self::refuse("bytes")
    }
    fn serialize_none(self) -> Result<()> {
        Self::refuse("null")
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<()> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<()> {
        Self::refuse("null")
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<()> {
        Self::refuse("null")
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<()> {
        self.text(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<()> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<()> {
        Self::refuse("an enum")
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(Unsupported("a list cannot be a key".into()))
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple> {
        Err(Unsupported("a list cannot be a key".into()))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Err(Unsupported("a list cannot be a key".into()))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(Unsupported("a list cannot be a key".into()))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap> {
        Err(Unsupported("an object cannot be a key".into()))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct> {
        Err(Unsupported("an object cannot be a key".into()))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(Unsupported("an object cannot be a key".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_are_written_as_php_serialize_does() {
        let value = json!({
            "trx_id": "99", "code": 2, "paid": true, "final": false, "total": null,
            "raw": {"é": "Rp 1.000", "quote\"d": "a;b}"}, "items": [{"qty": "1"}, "x"],
            "empty": {}, "rate": 1.5,
        });
        assert_eq!(
            to_string(&value).unwrap(),
            concat!(
                "a:9:{s:6:\"trx_id\";s:2:\"99\";s:4:\"code\";i:2;s:4:\"paid\";b:1;",
                "s:5:\"final\";b:0;s:5:\"total\";N;",
                "s:3:\"raw\";a:2:{s:2:\"é\";s:8:\"Rp 1.000\";s:7:\"quote\"d\";s:4:\"a;b}\";}",
                "s:5:\"items\";a:2:{i:0;a:1:{s:3:\"qty\";s:1:\"1\";}i:1;s:1:\"x\";}",
                "s:5:\"empty\";a:0:{}s:4:\"rate\";d:1.5;}",
            )
        );
    }

    /// A list of unknown length and a map announcing a wrong one.
    struct Odd;

    impl Serialize for Odd {
        fn serialize<S: ser::Serializer>(
            &self,
            serializer: S,
        ) -> std::result::Result<S::Ok, S::Error> {
            use ser::SerializeMap;
            struct Evens;
            impl Serialize for Evens {
                fn serialize<S: ser::Serializer>(
                    &self,
                    s: S,
                ) -> std::result::Result<S::Ok, S::Error> {
                    s.collect_seq((1..=6).filter(|n| n % 2 == 0))
                }
            }
            let mut map = serializer.serialize_map(Some(5))?;
            map.serialize_entry("evens", &Evens)?;
            map.serialize_entry("7", &true)?;
            map.end()
        }
    }

    #[test]
    fn array_lengths_are_counted_when_not_known_or_wrong() {
        assert_eq!(
            to_string(&Odd).unwrap(),
            "a:2:{s:5:\"evens\";a:3:{i:0;i:2;i:1;i:4;i:2;i:6;}s:1:\"7\";b:1;}"
        );
    }

    #[test]
    fn lengths_and_integers_have_their_digits_at_every_width() {
        for n in [0u64, 9, 10, 42, 99, 100, 101, 999, 1000, 65_536, u64::MAX] {
            let mut out = Vec::new();
            decimal(&mut out, n);
            assert_eq!(out, n.to_string().into_bytes(), "{n}");
        }
        let long = "x".repeat(100);
        assert_eq!(to_string(&long).unwrap(), format!("s:100:\"{long}\";"));
    }

    #[test]
    fn numbers_past_php_int_max_are_text_and_non_finite_floats_are_refused() {
        assert_eq!(
            to_string(&u64::MAX).unwrap(),
            "s:20:\"18446744073709551615\";"
        );
        assert_eq!(to_string(&-7i64).unwrap(), "i:-7;");
        let error = to_string(&f64::NAN).unwrap_err();
        assert!(error.to_string().contains("NaN"), "{error}");
    }
}
