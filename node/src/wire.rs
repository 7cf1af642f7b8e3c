//! Wire fields (`faspay::Fields`) as plain JS values: `raw` is an object of strings, objects
//! and arrays, in wire order.

use faspay::{Fields, WireValue};
use napi::bindgen_prelude::*;
use napi::sys;

/// The wire fields a result was decoded from, converted when handed to JS.
pub struct Raw(pub Fields);

fn fields_to_js<'env>(env: &'env Env, fields: &Fields) -> Result<Object<'env>> {
    let mut object = Object::new(env)?;
    for (key, value) in fields.iter() {
        match value {
            WireValue::Text(text) => object.set(key, text.as_str())?,
            WireValue::Object(inner) => object.set(key, fields_to_js(env, inner)?)?,
            WireValue::List(values) => object.set(key, list_to_js(env, values)?)?,
        }
    }
    Ok(object)
}

fn list_to_js<'env>(env: &'env Env, values: &[WireValue]) -> Result<Array<'env>> {
    let mut array = env.create_array(values.len() as u32)?;
    for (i, value) in values.iter().enumerate() {
        let i = i as u32;
        match value {
            WireValue::Text(text) => array.set(i, text.as_str())?,
            WireValue::Object(inner) => array.set(i, fields_to_js(env, inner)?)?,
            WireValue::List(inner) => array.set(i, list_to_js(env, inner)?)?,
        }
    }
    Ok(array)
}

impl TypeName for Raw {
    fn type_name() -> &'static str {
        "Record<string, unknown>"
    }
    fn value_type() -> ValueType {
        ValueType::Object
    }
}

impl ToNapiValue for Raw {
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> Result<sys::napi_value> {
        let env = Env::from_raw(env);
        let object = fields_to_js(&env, &val.0)?;
        unsafe { Object::to_napi_value(env.raw(), object) }
    }
}

/// Bytes made in Rust (a body, a reply) handed to JS as a `Buffer` that Node owns: one copy
/// of a few KiB, and the Rust bytes are freed right away. An external buffer over the `Vec`
/// would skip that copy, but costs more than it saves: a finalizer per buffer, and the bytes
/// freed later by the collector, away from the thread that allocated them.
pub struct Bytes(pub Vec<u8>);

impl TypeName for Bytes {
    fn type_name() -> &'static str {
        "Buffer"
    }
    fn value_type() -> ValueType {
        ValueType::Object
    }
}

impl ToNapiValue for Bytes {
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> Result<sys::napi_value> {
        let mut buffer = std::ptr::null_mut();
        let mut data = std::ptr::null_mut();
        let status = unsafe {
            sys::napi_create_buffer_copy(
                env,
                val.0.len(),
                val.0.as_ptr().cast(),
                &mut data,
                &mut buffer,
            )
        };
        if status != sys::Status::napi_ok {
            return Err(Error::new(
                Status::from(status),
                "Failed to create a Buffer",
            ));
        }
        Ok(buffer)
    }
}
