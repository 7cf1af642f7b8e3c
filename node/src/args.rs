//! Function arguments as JS passed them. napi converts each argument before the function body
//! runs and throws its own error (`StringExpected`, no code, no argument name) for a wrong
//! type; `Arg<T>` keeps napi's conversion but holds a failure instead of throwing, so the body
//! answers it with the SDK's `INVALID_ARGUMENT` naming the argument in `field`.

use faspay::Error;
use napi::bindgen_prelude::*;
use napi::sys;

use crate::errors::{ResultExt, invalid_field};

/// One argument, converted to `T` by napi, or the JS type it had when it was not a `T`.
pub struct Arg<T>(std::result::Result<T, ValueType>);

impl<T: FromNapiValue> FromNapiValue for Arg<T> {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> Result<Self> {
        match unsafe { T::from_napi_value(env, value) } {
            Ok(converted) => Ok(Arg(Ok(converted))),
            Err(_) => Ok(Arg(Err(type_of(env, value)))),
        }
    }
}

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
            invalid_field(name, format!("must be {}, got {}", T::WHAT, js_type(got)))
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
impl Expected for u32 {
    const WHAT: &'static str = "a number";
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
