//! Function arguments as JS passed them. napi converts each argument before the function body
//! runs and throws its own error (`StringExpected`, no code, no argument name) for a wrong
//! type; `Arg<T>` keeps napi's conversion but holds a failure instead of throwing, so the body
//! answers it with the SDK's `INVALID_ARGUMENT` naming the argument in `field`. A whole number
//! is read as `Whole<T>`, never through napi's integer conversion, which wraps and truncates.

use faspay::Error;
use napi::bindgen_prelude::*;
use napi::sys;

use crate::errors::{ResultExt, invalid_field};

/// One argument, converted to `T` by napi, or what it was when it was not a `T`.
pub struct Arg<T>(std::result::Result<T, Got>);

/// A refused argument: its JS type, and its value when it was a number (`2.5`, `NaN`).
pub struct Got {
    kind: ValueType,
    number: Option<f64>,
}

impl<T: FromNapiValue> FromNapiValue for Arg<T> {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> Result<Self> {
        match unsafe { T::from_napi_value(env, value) } {
            Ok(converted) => Ok(Arg(Ok(converted))),
            Err(_) => {
                let kind = type_of(env, value);
                let number = match kind {
                    // SAFETY: the same live handles; a number reads as an f64.
                    ValueType::Number => unsafe { f64::from_napi_value(env, value) }.ok(),
                    _ => None,
                };
                Ok(Arg(Err(Got { kind, number })))
            }
        }
    }
}

/// A JS number that is a whole number `T` holds. napi's `u32` conversion (`napi_get_value_uint32`)
/// wraps and truncates: `2.5`, `2 ** 32 + 2` and `-4294967294` all read as 2 (a paid status),
/// `NaN` and `Infinity` as 0; this refuses them all.
pub struct Whole<T>(pub T);

impl<T: TryFrom<u64>> FromNapiValue for Whole<T> {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> Result<Self> {
        let number = unsafe { f64::from_napi_value(env, value) }?;
        // `u64::MAX as f64` is 2^64, one past u64's range; `as` would saturate it.
        let whole = number.is_finite() && number.fract() == 0.0 && number >= 0.0;
        if whole && number < u64::MAX as f64 {
            if let Ok(converted) = T::try_from(number as u64) {
                return Ok(Whole(converted));
            }
        }
        Err(napi::Error::new(
            Status::InvalidArg,
            "not a whole number in range".to_string(),
        ))
    }
}

impl<T> TypeName for Whole<T> {
    fn type_name() -> &'static str {
        "number"
    }
    fn value_type() -> ValueType {
        ValueType::Number
    }
}

impl<T> ValidateNapiValue for Whole<T> {}

impl<T: TypeName> TypeName for Arg<T> {
    fn type_name() -> &'static str {
        T::type_name()
    }
    fn value_type() -> ValueType {
        T::value_type()
    }
}

fn type_of(env: sys::napi_env, value: sys::napi_value) -> ValueType {
    let mut kind = 0;
    // SAFETY: `env` and `value` are the live handles napi passed in.
    if unsafe { sys::napi_typeof(env, value, &mut kind) } != sys::Status::napi_ok {
        return ValueType::Unknown;
    }
    ValueType::from(kind)
}

impl<T: Expected> Arg<T> {
    /// The converted value, or `INVALID_ARGUMENT` with `field` = `name`.
    pub fn get(self, name: &str) -> std::result::Result<T, Error> {
        self.0.map_err(|got| {
            let shown = match got.number {
                Some(number) if number.is_infinite() => (if number > 0.0 {
                    "Infinity"
                } else {
                    "-Infinity"
                })
                .to_string(),
                Some(number) => number.to_string(),
                None => js_type(got.kind).to_string(),
            };
            invalid_field(name, format!("must be {}, got {shown}", T::WHAT))
        })
    }
}

/// A type as JS's `typeof` names it (`null` apart).
pub fn js_type(kind: ValueType) -> &'static str {
    match kind {
        ValueType::Undefined => "undefined",
        ValueType::Null => "null",
        ValueType::Boolean => "boolean",
        ValueType::Number => "number",
        ValueType::String => "string",
        ValueType::Symbol => "symbol",
        ValueType::Object | ValueType::External => "object",
        ValueType::Function => "function",
        ValueType::BigInt => "bigint",
        _ => "an unknown type",
    }
}

/// What an argument of this Rust type must be, as the error says it.
pub trait Expected {
    const WHAT: &'static str;
}

impl Expected for String {
    const WHAT: &'static str = "a string";
}
impl Expected for f64 {
    const WHAT: &'static str = "a number";
}
impl Expected for Whole<u8> {
    const WHAT: &'static str = "a whole number from 0 to 255";
}
impl Expected for Whole<u16> {
    const WHAT: &'static str = "a whole number from 0 to 65535";
}
impl Expected for Whole<u32> {
    const WHAT: &'static str = "a whole number from 0 to 4294967295";
}
impl Expected for bool {
    const WHAT: &'static str = "a boolean";
}
impl Expected for Vec<String> {
    const WHAT: &'static str = "an array of strings";
}
impl<T: Expected> Expected for Option<T> {
    const WHAT: &'static str = T::WHAT;
}
impl Expected for Either<BufferSlice<'_>, String> {
    const WHAT: &'static str = "a Buffer, a Uint8Array or a string";
}
impl Expected for Either3<f64, String, BigInt> {
    const WHAT: &'static str = "an amount in rupiah (a number, a decimal string or a bigint)";
}

/// Runs a function body that reads its arguments (`arg.get("name")?`), turning its error into
/// the JS error.
pub fn call<T>(env: &Env, body: impl FnOnce() -> faspay::Result<T>) -> Result<T> {
    body().js(env)
}
