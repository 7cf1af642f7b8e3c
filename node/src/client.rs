//! `Client` (core `client.rs`): network operations return Promises and run on the libuv pool;
//! pure operations (notifications, return URLs, prepare/decode) are synchronous. Arguments are
//! converted, the core does the work, results and errors are converted back.

use std::sync::Arc;

use faspay::{Bill, FaspayDateTime, Operation, Response};
use napi::bindgen_prelude::*;
use napi::{JsValue, ValueType};
use serde_json::Value;

use crate::args::{Arg, Whole};
use crate::bill_de;
use crate::brand::{self, Class, Tagged};
use crate::config::client_config;
use crate::errors::{ResultExt, guarded, invalid_field};
use crate::model::{
    Cancellation, ChannelList, CreatedTransaction, OvoPushResult, PaymentStatus, PreparedRequest,
    ReturnInfo,
};
use crate::notification::{NewNotification, Notification};
use crate::tasks::ClientCall;
use crate::value::{laid_out_to_json, to_json};
use crate::wire::Bytes;

type Text = Arg<String>;

/// A Faspay Debit API client. Share one per set of credentials; calls may run concurrently.
#[napi]
pub struct Client {
    inner: Arc<faspay::Client>,
}

/// What `util.inspect`, `JSON.stringify` and `String()` show of a client: never the password.
#[napi(object, object_from_js = false)]
pub struct ClientSummary {
    #[napi(js_name = "merchant_id")]
    pub merchant_id: String,
    #[napi(js_name = "merchant_name")]
    pub merchant_name: String,
    #[napi(js_name = "user_id")]
    pub user_id: String,
    pub password: String,
    #[napi(ts_type = "'sandbox' | 'production'")]
    pub environment: String,
    #[napi(js_name = "base_url")]
    pub base_url: String,
    #[napi(ts_type = "'json' | 'xml'")]
    pub format: String,
}

/// A bill object with Faspay's field names → `faspay::Bill` (the core reads and checks it).
/// The fastest way reads the values `native.js` laid out in the core's field order; else a
/// plain object of Faspay's own keys goes straight into the core's reader; anything else
/// (keys the core moves into `extra`, any fault) takes the full path through a JSON tree,
/// which reads it or names the fault.
///
/// When `native.js` passes the values it laid out, only they are read (the fast read, or the
/// full path over them): each value of the caller's object was read once, by native.js, so a
/// getter or a Proxy trap runs once. When it could not lay the bill out, `bill` is its copy of
/// the bill as plain data.
fn bill_from_js(bill: &Unknown<'_>, values: Option<&Unknown<'_>>) -> faspay::Result<Bill> {
    if let Some(values) = values {
        if let Some(bill) = bill_de::read_values(values) {
            return Ok(bill);
        }
        return bill_from_json(laid_out_to_json(values)?);
    }
    match bill_de::read::<Bill>(bill) {
        Some(bill) => Ok(bill),
        None => bill_from_tree(bill),
    }
}

/// The full path: the object as a JSON tree, read by the core with its field-named errors.
fn bill_from_tree(bill: &Unknown<'_>) -> faspay::Result<Bill> {
    bill_from_json(to_json(bill, "")?)
}

fn bill_from_json(json: serde_json::Value) -> faspay::Result<Bill> {
    if !json.is_object() {
        return Err(invalid_field(
            "bill",
            "must be an object with Faspay's field names",
        ));
    }
    // Straight from the tree: no JSON text written and parsed again.
    Bill::from_json_value(json)
}

/// The bill one path reads, for the tests that hold the fast paths to the full one: `"values"`
/// (the values `native.js` laid out) and `"object"` give their `Bill` or `null` when they
/// step aside; `"tree"` gives the full path's `Bill` or its error, `"laid-out-tree"` the same
/// full path over the laid-out values (what a fault in a laid-out bill is named by). Shown as the core's
/// `Debug` text (a bill holds no secret).
#[napi(
    catch_unwind,
    js_name = "_readBillForTest",
    ts_args_type = "bill: unknown, path: 'values' | 'object' | 'tree' | 'laid-out-tree'"
)]
pub fn read_bill_for_test(env: Env, bill: Unknown<'_>, path: String) -> Result<Option<String>> {
    let read = guarded(|| match path.as_str() {
        "values" => Ok(bill_de::read_values(&bill)),
        "object" => Ok(bill_de::read::<Bill>(&bill)),
        "tree" => bill_from_tree(&bill).map(Some),
        "laid-out-tree" => bill_from_json(laid_out_to_json(&bill)?).map(Some),
        _ => Err(invalid_field(
            "path",
            "must be values, object, tree or laid-out-tree",
        )),
    })
    .js(&env)?;
    Ok(read.map(|bill| format!("{bill:?}")))
}

/// The deepest nesting the addon reads (the core's bound), for `native.js`'s copies of a bill.
#[napi(catch_unwind, js_name = "_maxDepth")]
pub fn max_depth() -> u32 {
    faspay::codec::MAX_DEPTH as u32
}

/// The bill and item field names in the core's order, for `native.js` to lay bills out.
#[napi(catch_unwind, js_name = "_billFields")]
pub fn bill_fields() -> Vec<Vec<&'static str>> {
    let (bill, item) = bill_de::bill_fields();
    vec![bill.to_vec(), item.to_vec()]
}

/// A body as JS passes it: a `Buffer` / `Uint8Array`, read in place (the calls that take one
/// are synchronous, so no reference keeps it alive and nothing is copied), or a string.
pub type Body<'a> = Either<BufferSlice<'a>, String>;

/// The bytes of a [`Body`] (a string as UTF-8).
pub fn body_bytes<'b>(body: &'b Body<'_>) -> &'b [u8] {
    match body {
        Either::A(buffer) => buffer,
        Either::B(text) => text.as_bytes(),
    }
}

fn query_pairs(query: &Unknown<'_>, env: &Env) -> faspay::Result<Option<Vec<(String, String)>>> {
    let napi = |e: napi::Error| invalid_field("query", e.reason.clone());
    let global = env.get_global().map_err(napi)?;
    let search_params: Function<'_, (), ()> =
        global.get_named_property("URLSearchParams").map_err(napi)?;
    if query.instanceof(search_params).map_err(napi)? {
        return Ok(None); // its toString() is the encoded query string
    }
    let text = |key: &str, value: Value| match value {
        Value::String(text) => Ok(text),
        Value::Number(n) => Ok(n.to_string()),
        _ => Err(invalid_field(key, "must be a string")),
    };
    match to_json(query, "query")? {
        Value::Object(map) => {
            let mut pairs = Vec::with_capacity(map.len());
            for (key, value) in map {
                match value {
                    // Express's req.query (and `qs`) turn a repeated parameter into an array:
                    // passed on as repeated pairs, the core refuses it as repeated, as it does
                    // for a query string or a Django QueryDict.
                    Value::Array(values) => {
                        for value in values {
                            pairs.push((key.clone(), text(&key, value)?));
                        }
                    }
                    value => pairs.push((key.clone(), text(&key, value)?)),
                }
            }
            Ok(Some(pairs))
        }
        _ => Err(invalid_field(
            "query",
            "must be a query string, URLSearchParams or an object of strings",
        )),
    }
}

#[napi]
impl Client {
    /// Creates a client; every setting is checked, and a problem is an `INVALID_ARGUMENT`
    /// error naming it in `field`.
    #[napi(catch_unwind, constructor, ts_args_type = "options: ClientOptions")]
    pub fn new(env: Env, this: This, options: Unknown<'_>) -> Result<Self> {
        let inner = guarded(|| faspay::Client::new(client_config(&options)?)).js(&env)?;
        // SAFETY: the live handles of this call; `this` is the new instance.
        unsafe { brand::tag(env.raw(), this.raw(), Class::Client) }?;
        Ok(Client {
            inner: Arc::new(inner),
        })
    }

    #[napi(catch_unwind, getter, js_name = "merchant_id")]
    pub fn merchant_id(&self) -> String {
        self.inner.config().merchant_id.clone()
    }
    #[napi(catch_unwind, getter, js_name = "merchant_name")]
    pub fn merchant_name(&self) -> String {
        self.inner.config().merchant_name.clone()
    }
    #[napi(catch_unwind, getter, js_name = "user_id")]
    pub fn user_id(&self) -> String {
        self.inner.config().user_id.clone()
    }
    /// The host requests go to.
    #[napi(catch_unwind, getter, js_name = "base_url")]
    pub fn base_url(&self) -> String {
        self.inner.config().effective_base_url().to_string()
    }
    #[napi(catch_unwind, getter, ts_return_type = "'sandbox' | 'production'")]
    pub fn environment(&self) -> &'static str {
        self.inner.config().environment.as_str()
    }
    #[napi(catch_unwind, getter, ts_return_type = "'json' | 'xml'")]
    pub fn format(&self) -> &'static str {
        self.inner.config().format.as_str()
    }
    /// Every setting the client uses, named like its options (durations in seconds), as a new
    /// plain object; never the password.
    #[napi(catch_unwind, getter)]
    pub fn settings(&self) -> crate::settings::ClientSettings {
        self.inner.settings().into()
    }

    /// The settings without the password (which shows as `***`).
    #[napi(catch_unwind, js_name = "toJSON")]
    pub fn to_json(&self) -> ClientSummary {
        let c = self.inner.config();
        ClientSummary {
            merchant_id: c.merchant_id.clone(),
            merchant_name: c.merchant_name.clone(),
            user_id: c.user_id.clone(),
            password: "***".into(),
            environment: c.environment.as_str().into(),
            base_url: c.effective_base_url().into(),
            format: c.format.as_str().into(),
        }
    }

    /// `Client(merchant_id=..., base_url=..., format=...)`, without the password.
    #[napi(catch_unwind, js_name = "toString")]
    pub fn to_display(&self) -> String {
        let c = self.inner.config();
        format!(
            "Client(merchant_id={:?}, user_id={:?}, password=***, base_url={:?}, format={})",
            c.merchant_id,
            c.user_id,
            c.effective_base_url(),
            c.format.as_str()
        )
    }

    /// Payment Channel Inquiry (retried when safe).
    #[napi(catch_unwind, ts_return_type = "Promise<ChannelList>")]
    pub fn payment_channels(&self) -> AsyncTask<ClientCall<faspay::ChannelList, ChannelList>> {
        ClientCall::new(self.inner.clone(), |c| c.payment_channels())
    }

    /// Post Data Transaction: creates the bill (never retried). On a `TIMEOUT` or `TRANSPORT`
    /// error with `requestSent` there is no `trx_id` to ask `paymentStatus` about: never send
    /// that `bill_no` again; a new attempt is a new bill with a new `bill_no`.
    #[napi(
        catch_unwind,
        ts_args_type = "bill: Bill",
        ts_return_type = "Promise<CreatedTransaction>"
    )]
    pub fn create_transaction(
        &self,
        bill: Unknown<'_>,
        values: Option<Unknown<'_>>,
    ) -> AsyncTask<ClientCall<faspay::CreatedTransaction, CreatedTransaction>> {
        // A bill that cannot be read rejects the Promise, as a failed call does.
        let bill = guarded(|| bill_from_js(&bill, values.as_ref()));
        ClientCall::new(self.inner.clone(), move |c| c.create_transaction(&bill?))
    }

    /// OVO push-to-pay; settles when the customer acts (up to `push_timeout`).
    #[napi(
        catch_unwind,
        ts_args_type = "trxId: string, ovoNumber: string",
        ts_return_type = "Promise<OvoPushResult>"
    )]
    pub fn ovo_push(
        &self,
        trx_id: Text,
        ovo_number: Text,
    ) -> AsyncTask<ClientCall<faspay::OvoPushResult, OvoPushResult>> {
        ClientCall::new(self.inner.clone(), move |c| {
            let trx_id = trx_id.get("trx_id")?;
            c.ovo_push(&trx_id, &ovo_number.get("ovo_number")?)
        })
    }

    /// Inquiry Payment Status (retried when safe).
    #[napi(
        catch_unwind,
        ts_args_type = "trxId: string, billNo: string",
        ts_return_type = "Promise<PaymentStatus>"
    )]
    pub fn payment_status(
        &self,
        trx_id: Text,
        bill_no: Text,
    ) -> AsyncTask<ClientCall<faspay::PaymentStatus, Tagged<PaymentStatus>>> {
        ClientCall::new(self.inner.clone(), move |c| {
            let trx_id = trx_id.get("trx_id")?;
            c.payment_status(&trx_id, &bill_no.get("bill_no")?)
        })
    }

    /// Cancel Transaction (only unpaid bills; never retried).
    #[napi(
        catch_unwind,
        ts_args_type = "trxId: string, billNo: string, reason: string",
        ts_return_type = "Promise<Cancellation>"
    )]
    pub fn cancel_transaction(
        &self,
        trx_id: Text,
        bill_no: Text,
        reason: Text,
    ) -> AsyncTask<ClientCall<faspay::Cancellation, Cancellation>> {
        ClientCall::new(self.inner.clone(), move |c| {
            let (trx_id, bill_no) = (trx_id.get("trx_id")?, bill_no.get("bill_no")?);
            c.cancel_transaction(&trx_id, &bill_no, &reason.get("reason")?)
        })
    }

    /// An HTML page whose form makes the customer's browser post the OVO push itself.
    #[napi(catch_unwind, ts_args_type = "trxId: string, ovoNumber: string")]
    pub fn ovo_push_form(&self, env: Env, trx_id: Text, ovo_number: Text) -> Result<String> {
        guarded(|| {
            let trx_id = trx_id.get("trx_id")?;
            self.inner
                .ovo_push_form(&trx_id, &ovo_number.get("ovo_number")?)
        })
        .js(&env)
    }

    /// The Faspay page to send the customer to.
    #[napi(catch_unwind, ts_args_type = "trxId: string, billNo: string")]
    pub fn redirect_url(&self, env: Env, trx_id: Text, bill_no: Text) -> Result<String> {
        guarded(|| {
            let trx_id = trx_id.get("trx_id")?;
            self.inner.redirect_url(&trx_id, &bill_no.get("bill_no")?)
        })
        .js(&env)
    }

    /// Parses and verifies a notification's raw body (XML or JSON). A forged or foreign one
    /// is `INVALID_SIGNATURE`, a malformed one `INVALID_ARGUMENT`.
    #[napi(
        catch_unwind,
        ts_args_type = "body: Buffer | string",
        ts_return_type = "Notification"
    )]
    pub fn parse_notification(&self, env: Env, body: Arg<Body<'_>>) -> Result<NewNotification> {
        let inner = guarded(|| {
            let body = body.get("body")?;
            self.inner.parse_notification(body_bytes(&body))
        })
        .js(&env)?;
        Ok(NewNotification(inner))
    }

    /// The exact reply bytes in the notification's format: `00` when `accepted` (the default,
    /// as in Python and PHP), `99` when `false` (refused: Faspay retries); answer with
    /// `notification.reply_content_type`. `at` fixes `response_date` (a `Date` or
    /// `"YYYY-MM-DD HH:MM:SS"` WIB); default now.
    #[napi(
        catch_unwind,
        ts_args_type = "notification: Notification, accepted?: boolean, at?: Date | string",
        ts_return_type = "Buffer"
    )]
    pub fn notification_reply(
        &self,
        env: Env,
        notification: Unknown<'_>,
        accepted: Arg<Option<bool>>,
        at: Option<Unknown<'_>>,
    ) -> Result<Bytes> {
        let notification =
            guarded(|| Notification::from_arg(&notification, "notification")).js(&env)?;
        let accepted = accepted.get("accepted").js(&env)?;
        let at = guarded(|| match &at {
            None => Ok(FaspayDateTime::now()),
            Some(value) => match to_json(value, "at")? {
                Value::Null => Ok(FaspayDateTime::now()),
                Value::String(text) => FaspayDateTime::parse(&text),
                _ => Err(invalid_field(
                    "at",
                    "must be a Date or \"YYYY-MM-DD HH:MM:SS\"",
                )),
            },
        })
        .js(&env)?;
        let bytes =
            self.inner
                .notification_reply_at(&notification.inner, accepted.unwrap_or(true), at);
        Ok(Bytes(bytes))
    }

    /// Verifies a return URL: a query string (or whole URL), a `URLSearchParams`, or an object
    /// of strings such as Express's `req.query`. Not proof of payment.
    #[napi(
        catch_unwind,
        ts_args_type = "query: string | URLSearchParams | Record<string, string>",
        ts_return_type = "ReturnInfo"
    )]
    pub fn verify_return(&self, env: Env, query: Unknown<'_>) -> Result<ReturnInfo> {
        let is_string = query.get_type()? == ValueType::String;
        let info = guarded(|| {
            if is_string {
                let text: String =
                    unsafe { query.cast() }.map_err(|e| invalid_field("query", &e.reason))?;
                return self.inner.verify_return(&text);
            }
            match query_pairs(&query, &env)? {
                Some(pairs) => self.inner.verify_return_pairs(pairs),
                None => {
                    let text = query
                        .coerce_to_string()
                        .and_then(|s| s.into_utf8())
                        .and_then(|s| s.into_owned())
                        .map_err(|e| invalid_field("query", &e.reason))?;
                    self.inner.verify_return(&text)
                }
            }
        })
        .js(&env)?;
        Ok(info.into())
    }

    // ---- offline building blocks: exact requests and decoding, no I/O ----------------------

    /// The Payment Channel Inquiry request.
    #[napi(catch_unwind)]
    pub fn prepare_payment_channels(&self, env: Env) -> Result<PreparedRequest> {
        guarded(|| self.inner.prepare_payment_channels())
            .js(&env)
            .map(Into::into)
    }

    /// The Post Data request for `bill` (defaults filled, signed).
    #[napi(catch_unwind, ts_args_type = "bill: Bill")]
    pub fn prepare_create_transaction(
        &self,
        env: Env,
        bill: Unknown<'_>,
        values: Option<Unknown<'_>>,
    ) -> Result<PreparedRequest> {
        guarded(|| {
            let bill = bill_from_js(&bill, values.as_ref())?;
            self.inner.prepare_create_transaction(&bill)
        })
        .js(&env)
        .map(Into::into)
    }

    /// The Inquiry Payment Status request.
    #[napi(catch_unwind, ts_args_type = "trxId: string, billNo: string")]
    pub fn prepare_payment_status(
        &self,
        env: Env,
        trx_id: Text,
        bill_no: Text,
    ) -> Result<PreparedRequest> {
        guarded(|| {
            let trx_id = trx_id.get("trx_id")?;
            self.inner
                .prepare_payment_status(&trx_id, &bill_no.get("bill_no")?)
        })
        .js(&env)
        .map(Into::into)
    }

    /// The Cancel Transaction request.
    #[napi(
        catch_unwind,
        ts_args_type = "trxId: string, billNo: string, reason: string"
    )]
    pub fn prepare_cancel_transaction(
        &self,
        env: Env,
        trx_id: Text,
        bill_no: Text,
        reason: Text,
    ) -> Result<PreparedRequest> {
        guarded(|| {
            let (trx_id, bill_no) = (trx_id.get("trx_id")?, bill_no.get("bill_no")?);
            self.inner
                .prepare_cancel_transaction(&trx_id, &bill_no, &reason.get("reason")?)
        })
        .js(&env)
        .map(Into::into)
    }

    /// The OVO push-to-pay form POST.
    #[napi(catch_unwind, ts_args_type = "trxId: string, ovoNumber: string")]
    pub fn prepare_ovo_push(
        &self,
        env: Env,
        trx_id: Text,
        ovo_number: Text,
    ) -> Result<PreparedRequest> {
        guarded(|| {
            let trx_id = trx_id.get("trx_id")?;
            self.inner
                .prepare_ovo_push(&trx_id, &ovo_number.get("ovo_number")?)
        })
        .js(&env)
        .map(Into::into)
    }

    /// Decodes an answer to `operation` (`"payment_status"`, ...) exactly as the client does
    /// after sending: the typed result, or the error it means.
    #[napi(
        catch_unwind,
        ts_generic_types = "Operation extends keyof DecodedResponses",
        ts_args_type = "operation: Operation, httpStatus: number, body: Buffer | string",
        ts_return_type = "DecodedResponses[Operation]"
    )]
    pub fn decode_response(
        &self,
        env: Env,
        operation: Text,
        http_status: Arg<Whole<u16>>,
        body: Arg<Body<'_>>,
    ) -> Result<
        Either5<
            ChannelList,
            CreatedTransaction,
            Tagged<PaymentStatus>,
            Cancellation,
            OvoPushResult,
        >,
    > {
        let response = guarded(|| {
            let operation = operation.get("operation")?;
            let status = http_status.get("http_status")?.0;
            let body = body.get("body")?;
            let body = body_bytes(&body);
            let op = Operation::from_name(&operation).ok_or_else(|| {
                invalid_field("operation", format!("unknown operation {operation:?}"))
            })?;
            self.inner.decode_response(op, status, body)
        })
        .js(&env)?;
        Ok(match response {
            Response::PaymentChannels(r) => Either5::A(r.into()),
            Response::CreateTransaction(r) => Either5::B(r.into()),
            Response::PaymentStatus(r) => Either5::C(r.into()),
            Response::CancelTransaction(r) => Either5::D(r.into()),
            Response::OvoPush(r) => Either5::E(r.into()),
        })
    }
}
