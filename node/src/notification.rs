//! Verified payment notifications (core `notification.rs`) as a JS class with Faspay's field
//! names; parsing, verification and the reply bytes are the core's.

use napi::bindgen_prelude::*;
use napi::sys;

use crate::amount::amount_from_value;
use crate::brand::{self, Class};
use crate::errors::{ResultExt, guarded, invalid_field};
use crate::wire::Raw;

/// A payment notification whose signature and merchant were verified.
#[napi]
pub struct Notification {
    pub(crate) inner: faspay::Notification,
}

/// A parsed notification on its way to JS as a `Notification` instance, made without napi-rs's
/// per-instance bookkeeping: its `ToNapiValue` for a class also files every instance in a
/// pointer-keyed map (with a reference-counted finalizer slot and a second N-API reference),
/// only needed to turn `this` back into a `Reference<Notification>`, which no method here
/// asks for. For notifications, made by the thousand between two turns of the event loop,
/// that filing and its removal in the finalizer cost more than parsing and verifying. This
/// path wraps the boxed value with a finalizer that only drops it; getters and methods
/// unwrap it as they do any instance.
pub struct NewNotification(pub faspay::Notification);

impl TypeName for NewNotification {
    fn type_name() -> &'static str {
        "Notification"
    }
    fn value_type() -> ValueType {
        ValueType::Object
    }
}

/// Drops the boxed `Notification` when its JS object is collected.
unsafe extern "C" fn drop_notification(
    _env: sys::napi_env,
    data: *mut std::ffi::c_void,
    _hint: *mut std::ffi::c_void,
) {
    drop(unsafe { Box::from_raw(data.cast::<Notification>()) });
}

fn check(status: sys::napi_status, what: &str) -> Result<()> {
    if status == sys::Status::napi_ok {
        Ok(())
    } else {
        Err(Error::new(Status::from(status), what.to_string()))
    }
}

impl ToNapiValue for NewNotification {
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> Result<sys::napi_value> {
        let ctor_ref = napi::__private::get_class_constructor("Notification\0")
            .ok_or_else(|| Error::from_reason("the Notification class is not registered"))?;
        let mut ctor = std::ptr::null_mut();
        check(
            unsafe { sys::napi_get_reference_value(env, ctor_ref, &mut ctor) },
            "no Notification constructor",
        )?;
        // The class has no JS constructor: its callback lets napi-rs's own factory calls
        // through (this flag) and refuses `new Notification()` from JS.
        let mut instance = std::ptr::null_mut();
        napi::__private::___CALL_FROM_FACTORY.with(|flag| flag.set(true));
        let status =
            unsafe { sys::napi_new_instance(env, ctor, 0, std::ptr::null_mut(), &mut instance) };
        napi::__private::___CALL_FROM_FACTORY.with(|flag| flag.set(false));
        check(status, "could not create a Notification")?;
        let boxed = Box::into_raw(Box::new(Notification { inner: val.0 }));
        let status = unsafe {
            sys::napi_wrap(
                env,
                instance,
                boxed.cast(),
                Some(drop_notification),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        };
        if status != sys::Status::napi_ok {
            drop(unsafe { Box::from_raw(boxed) });
        }
        check(status, "could not wrap a Notification")?;
        // SAFETY: live handles; `instance` is the new Notification.
        unsafe { brand::tag(env, instance, Class::Notification) }?;
        Ok(instance)
    }
}

impl Notification {
    /// The `Notification` an argument named `name` holds: a value that is not one (an object,
    /// another class's instance, a primitive) is `INVALID_ARGUMENT` naming it, never read as
    /// one.
    pub fn from_arg<'a>(value: &Unknown<'_>, name: &str) -> faspay::Result<&'a Notification> {
        let raw = value.value();
        let refused = || {
            let got = value
                .get_type()
                .map(crate::args::js_type)
                .unwrap_or("an unknown type");
            invalid_field(
                name,
                format!("must be a Notification (from parseNotification), got {got}"),
            )
        };
        // SAFETY: live handles napi passed in; the type tag proves the object was made as a
        // Notification (`instanceof` does not: a prototype can be swapped) before
        // `from_napi_ref` unwraps the native value.
        unsafe {
            if !brand::is(raw.env, raw.value, Class::Notification) {
                return Err(refused());
            }
            Notification::from_napi_ref(raw.env, raw.value).map_err(|_| refused())
        }
    }
}

/// The fields of a notification as a plain object (`notification.toJSON()`).
#[napi(object, object_from_js = false, use_nullable = true)]
pub struct NotificationFields {
    #[napi(ts_type = "'json' | 'xml'")]
    pub format: String,
    pub request: String,
    #[napi(js_name = "trx_id")]
    pub trx_id: String,
    #[napi(js_name = "merchant_id")]
    pub merchant_id: String,
    pub merchant: String,
    #[napi(js_name = "bill_no")]
    pub bill_no: String,
    #[napi(js_name = "payment_reff")]
    pub payment_reff: Option<String>,
    #[napi(js_name = "payment_date")]
    pub payment_date: Option<String>,
    #[napi(js_name = "payment_status_code")]
    pub payment_status_code: u32,
    #[napi(js_name = "payment_status_desc")]
    pub payment_status_desc: String,
    #[napi(js_name = "bill_total")]
    pub bill_total: Option<String>,
    #[napi(js_name = "payment_total")]
    pub payment_total: Option<String>,
    #[napi(js_name = "payment_channel_uid")]
    pub payment_channel_uid: String,
    #[napi(js_name = "payment_channel")]
    pub payment_channel: String,
    #[napi(js_name = "dedupe_key")]
    pub dedupe_key: String,
}

#[napi]
impl Notification {
    /// `"json"` or `"xml"`: the format it came in, which the reply uses too.
    #[napi(catch_unwind, getter, ts_return_type = "'json' | 'xml'")]
    pub fn format(&self) -> &'static str {
        self.inner.format.as_str()
    }
    /// The `Content-Type` to answer with.
    #[napi(catch_unwind, getter, js_name = "reply_content_type")]
    pub fn reply_content_type(&self) -> &'static str {
        self.inner.format.content_type()
    }
    #[napi(catch_unwind, getter)]
    pub fn request(&self) -> &str {
        &self.inner.request
    }
    #[napi(catch_unwind, getter, js_name = "trx_id")]
    pub fn trx_id(&self) -> &str {
        &self.inner.trx_id
    }
    #[napi(catch_unwind, getter, js_name = "merchant_id")]
    pub fn merchant_id(&self) -> &str {
        &self.inner.merchant_id
    }
    #[napi(catch_unwind, getter)]
    pub fn merchant(&self) -> &str {
        &self.inner.merchant
    }
    #[napi(catch_unwind, getter, js_name = "bill_no")]
    pub fn bill_no(&self) -> &str {
        &self.inner.bill_no
    }
    #[napi(catch_unwind, getter, js_name = "payment_reff")]
    pub fn payment_reff(&self) -> Option<&str> {
        self.inner.payment_reff.as_deref()
    }
    #[napi(catch_unwind, getter, js_name = "payment_date")]
    pub fn payment_date(&self) -> Option<&str> {
        self.inner.payment_date.as_deref()
    }
    /// A number; see `isPaid` / `isFinal`.
    #[napi(catch_unwind, getter, js_name = "payment_status_code")]
    pub fn payment_status_code(&self) -> u32 {
        self.inner.payment_status_code.value().into()
    }
    #[napi(catch_unwind, getter, js_name = "payment_status_desc")]
    pub fn payment_status_desc(&self) -> &str {
        &self.inner.payment_status_desc
    }
    /// Rupiah as a decimal string, when readable.
    #[napi(catch_unwind, getter, js_name = "bill_total")]
    pub fn bill_total(&self) -> Option<String> {
        self.inner.bill_total.map(|a| a.to_string())
    }
    /// The amount paid in rupiah as a decimal string: compare it with the order.
    #[napi(catch_unwind, getter, js_name = "payment_total")]
    pub fn payment_total(&self) -> Option<String> {
        self.inner.payment_total.map(|a| a.to_string())
    }
    #[napi(catch_unwind, getter, js_name = "payment_channel_uid")]
    pub fn payment_channel_uid(&self) -> &str {
        &self.inner.payment_channel_uid
    }
    #[napi(catch_unwind, getter, js_name = "payment_channel")]
    pub fn payment_channel(&self) -> &str {
        &self.inner.payment_channel
    }
    /// The same for every delivery of one event: store it to apply each event once.
    #[napi(catch_unwind, getter, js_name = "dedupe_key")]
    pub fn dedupe_key(&self) -> String {
        self.inner.dedupe_key()
    }
    /// The wire fields as received.
    #[napi(catch_unwind, getter, ts_return_type = "Record<string, unknown>")]
    pub fn raw(&self) -> Raw {
        Raw(self.inner.raw.clone())
    }

    /// Throws `INVALID_ARGUMENT` (field `payment_total`) unless the paid amount is `expected`
    /// (rupiah: a number, a decimal string or a bigint). Faspay's signature does not cover
    /// amounts: call it before fulfilling a paid notification.
    #[napi(
        catch_unwind,
        js_name = "checkTotal",
        ts_args_type = "expected: number | string | bigint"
    )]
    pub fn check_total(&self, env: Env, expected: Unknown<'_>) -> Result<()> {
        guarded(|| {
            let expected = amount_from_value(&expected, "expected")?;
            self.inner.check_total(expected)
        })
        .js(&env)
    }

    /// The fields as a plain object (used by `JSON.stringify` and `util.inspect`).
    #[napi(catch_unwind, js_name = "toJSON")]
    pub fn to_json(&self) -> NotificationFields {
        let n = &self.inner;
        NotificationFields {
            format: n.format.as_str().to_string(),
            request: n.request.clone(),
            trx_id: n.trx_id.clone(),
            merchant_id: n.merchant_id.clone(),
            merchant: n.merchant.clone(),
            bill_no: n.bill_no.clone(),
            payment_reff: n.payment_reff.clone(),
            payment_date: n.payment_date.clone(),
            payment_status_code: n.payment_status_code.value().into(),
            payment_status_desc: n.payment_status_desc.clone(),
            bill_total: n.bill_total.map(|a| a.to_string()),
            payment_total: n.payment_total.map(|a| a.to_string()),
            payment_channel_uid: n.payment_channel_uid.clone(),
            payment_channel: n.payment_channel.clone(),
            dedupe_key: n.dedupe_key(),
        }
    }
}
