//! Node-API type tags on the native classes' instances: the proof that an object holds a
//! given class's native data before anything unwraps it.
//!
//! napi-rs unwraps `this` (and a class argument) with `napi_unwrap`, which returns whatever
//! native data the object carries: `instanceof` alone does not protect it, since
//! `Object.setPrototypeOf(client, Notification.prototype)` passes `instanceof Notification`
//! and would have a `Client` read as a `Notification` (a crash). Every instance is tagged
//! with its class's tag (`napi_type_tag_object`, Node-API 8) when it is made, and the JS
//! guards (`native.js`) and `Notification::from_arg` check the tag first.

use napi::bindgen_prelude::*;
use napi::sys;

/// The native classes whose instances carry a tag.
#[derive(Clone, Copy)]
pub enum Class {
    Client = 0,
    Notification = 1,
    PaymentStatus = 2,
    SandboxServer = 3,
}

/// One random 128-bit tag per class (fixed: they only need to differ from every other tag
/// in the process).
const TAGS: [sys::napi_type_tag; 4] = [
    sys::napi_type_tag {
        lower: 0x6661_7370_6179_0001,
        upper: 0x9d1c_54b2_e07a_3f61,
    },
    sys::napi_type_tag {
        lower: 0x6661_7370_6179_0002,
        upper: 0x2b8e_f4c0_91d3_7a55,
    },
    sys::napi_type_tag {
        lower: 0x6661_7370_6179_0003,
        upper: 0xc47a_1e96_5b08_d2e3,
    },
    sys::napi_type_tag {
        lower: 0x6661_7370_6179_0004,
        upper: 0x5f30_9ab7_e26c_184d,
    },
];

/// Tags a new instance of `class`.
///
/// # Safety
/// `env` and `object` are live handles of the current call.
pub unsafe fn tag(env: sys::napi_env, object: sys::napi_value, class: Class) -> Result<()> {
    let status = unsafe { sys::napi_type_tag_object(env, object, &TAGS[class as usize]) };
    if status == sys::Status::napi_ok {
        Ok(())
    } else {
        Err(Error::new(
            Status::from(status),
            "could not tag a new instance".to_string(),
        ))
    }
}

/// Whether `value` is an object made as an instance of `class` (false for anything else,
/// primitives included).
///
/// # Safety
/// `env` and `value` are live handles of the current call.
pub unsafe fn is(env: sys::napi_env, value: sys::napi_value, class: Class) -> bool {
    // Only an object: for `null` or `undefined`, napi_check_object_type_tag leaves a pending
    // JS exception ("Cannot convert undefined or null to object").
    let mut kind = 0;
    if unsafe { sys::napi_typeof(env, value, &mut kind) } != sys::Status::napi_ok
        || kind != sys::ValueType::napi_object
    {
        return false;
    }
    let mut tagged = false;
    let status =
        unsafe { sys::napi_check_object_type_tag(env, value, &TAGS[class as usize], &mut tagged) };
    status == sys::Status::napi_ok && tagged
}

fn is_value(value: &Unknown<'_>, class: Class) -> bool {
    let raw = value.value();
    // SAFETY: the live handles napi passed in.
    unsafe { is(raw.env, raw.value, class) }
}

// The checks `native.js` makes before calling a method or accessor of a class on `value`, one
// function per class: a getter pays one extra N-API call, with no argument to convert.

#[napi(catch_unwind, js_name = "_isClient")]
pub fn is_client(value: Unknown<'_>) -> bool {
    is_value(&value, Class::Client)
}

#[napi(catch_unwind, js_name = "_isNotification")]
pub fn is_notification(value: Unknown<'_>) -> bool {
    is_value(&value, Class::Notification)
}

#[napi(catch_unwind, js_name = "_isPaymentStatus")]
pub fn is_payment_status(value: Unknown<'_>) -> bool {
    is_value(&value, Class::PaymentStatus)
}

#[napi(catch_unwind, js_name = "_isSandboxServer")]
pub fn is_sandbox_server(value: Unknown<'_>) -> bool {
    is_value(&value, Class::SandboxServer)
}

/// A new `T` on its way to JS, tagged once napi-rs made its object (for classes made by
/// napi-rs's own conversion, such as a `PaymentStatus` result).
pub struct Tagged<T>(pub T, pub Class);

impl<T: ToNapiValue> ToNapiValue for Tagged<T> {
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> Result<sys::napi_value> {
        let object = unsafe { T::to_napi_value(env, val.0) }?;
        unsafe { tag(env, object, val.1) }?;
        Ok(object)
    }
}

impl<T: TypeName> TypeName for Tagged<T> {
    fn type_name() -> &'static str {
        T::type_name()
    }
    fn value_type() -> ValueType {
        T::value_type()
    }
}
