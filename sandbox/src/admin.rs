//! The admin HTTP API under `/__sandbox/` (JSON in and out), for tools and tests in other
//! languages: transactions (list, approve, reject, expire), the clock, deliveries, request
//! counters, the log of received requests, faults, settings and the fidelity warnings. Errors
//! answer `{"error": "..."}` with a 4xx status.

use std::time::Duration;

use base64::Engine;
use base64::prelude::BASE64_STANDARD;
use faspay::{Format, Operation, PaymentStatusCode};
use serde_json::{Value, json};

use crate::app::App;
use crate::fault_json::{fault_json, parse_fault};
use crate::fidelity::Warning;
use crate::http::{Request, Response};
use crate::notifier::Delivery;
use crate::received::ReceivedRequest;
use crate::state::{Refusal, TransactionView};

/// Answers an admin request.
pub fn handle(app: &App, request: &Request) -> Response {
    let path = request
        .path
        .trim_start_matches(crate::router::ADMIN_PREFIX)
        .trim_matches('/');
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    let body: Value = if request.body.is_empty() {
        json!({})
    } else {
        match serde_json::from_slice(&request.body) {
            Ok(v) => v,
            Err(e) => return error(400, &format!("body is not JSON: {e}")),
        }
    };
    let method = request.method.as_str();
    match (method, parts.as_slice()) {
        ("GET", []) => Response::json(200, &summary(app)),
        ("GET", ["transactions"]) => {
            app.expire_due();
            let list: Vec<Value> = app
                .store()
                .all()
                .into_iter()
                .map(|t| transaction_json(&t.view()))
                .collect();
            Response::json(200, &Value::Array(list))
        }
        ("GET", ["transactions", trx_id]) => {
            app.expire_if_due(trx_id);
            match app.store().get(trx_id) {
                Some(t) => Response::json(200, &transaction_json(&t.view())),
                None => error(404, "no such transaction"),
            }
        }
        ("POST", ["transactions", trx_id, action]) => {
            let (changed, needs) = match *action {
                "approve" => (app.settle(trx_id, PaymentStatusCode::Success), "pending"),
                "reject" => (app.settle(trx_id, PaymentStatusCode::Failed), "pending"),
                "expire" => (app.settle(trx_id, PaymentStatusCode::Expired), "pending"),
                "reverse" => (app.reverse(trx_id), "paid"),
                _ => return error(404, "action must be approve, reject, expire or reverse"),
            };
            match changed {
                Ok(t) => Response::json(200, &transaction_json(&t.view())),
                Err(Refusal::NotFound) => error(404, "no such transaction"),
                Err(Refusal::NotPending(s)) => {
                    error(409, &format!("transaction is not {needs} (status {s})"))
                }
            }
        }
        ("GET", ["warnings"]) => Response::json(200, &warnings_json(&app.warnings())),
        ("DELETE", ["warnings"]) => {
            app.clear_warnings();
            Response::json(200, &warnings_json(&app.warnings()))
        }
        ("GET", ["clock"]) => Response::json(200, &clock_json(app)),
        ("POST", ["clock", "advance"]) => {
            let Some(seconds) = body["seconds"].as_u64() else {
                return error(400, "seconds (a non-negative integer) is required");
            };
            app.clock.advance(Duration::from_secs(seconds));
            app.expire_due();
            Response::json(200, &clock_json(app))
        }
        ("GET", ["deliveries"]) => {
            let list: Vec<Value> = app
                .notifier
                .deliveries()
                .iter()
                .map(delivery_json)
                .collect();
            Response::json(200, &Value::Array(list))
        }
        ("GET", ["requests"]) => Response::json(200, &counts_json(app)),
        ("DELETE", ["requests"]) => {
            app.reset_counts();
            Response::json(200, &counts_json(app))
        }
        ("GET", ["received"]) => {
            let list: Vec<Value> = app.received.list().iter().map(received_json).collect();
            Response::json(200, &Value::Array(list))
        }
        ("DELETE", ["received"]) => {
            app.received.clear();
            Response::json(200, &json!([]))
        }
        ("GET", ["faults"]) => Response::json(200, &faults_json(app)),
        ("POST", ["faults"]) => match parse_fault(&body) {
            Ok(fault) => {
                app.faults.add(fault);
                Response::json(200, &faults_json(app))
            }
            Err(e) => field_error(&e),
        },
        ("DELETE", ["faults"]) => {
            app.faults.clear();
            Response::json(200, &faults_json(app))
        }
        ("GET", ["settings"]) => Response::json(200, &settings_json(app)),
        ("POST", ["settings"]) => match change_settings(app, &body) {
            Ok(()) => Response::json(200, &settings_json(app)),
            Err(e) => error(400, &e),
        },
        _ => error(404, "unknown admin endpoint"),
    }
}

fn error(status: u16, message: &str) -> Response {
    Response::json(status, &json!({ "error": message }))
}

/// `400` for a refused option: the message and the field it names.
fn field_error(e: &faspay::Error) -> Response {
    Response::json(400, &json!({ "error": e.message(), "field": e.field() }))
}

fn summary(app: &App) -> Value {
    let o = app.options();
    json!({
        "base_url": app.base_url(),
        "merchant_id": o.merchant_id,
        "merchant_name": o.merchant_name,
        "user_id": o.user_id,
        "password": app.public_password(),
        "transactions": app.store().all().len(),
        "deliveries": app.notifier.deliveries().len(),
        "warnings": app.warnings().len(),
        "connections_accepted": app.connections_accepted(),
    })
}

fn clock_json(app: &App) -> Value {
    json!({
        "now": app.clock.now().to_string(),
        "offset_seconds": app.clock.offset().as_secs(),
    })
}

/// The JSON form of a transaction.
pub fn transaction_json(t: &TransactionView) -> Value {
    json!({
        "trx_id": t.trx_id,
        "bill_no": t.bill_no,
        "payment_channel": t.payment_channel,
        "bill_total": t.bill_total.to_string(),
        "status": t.status.value(),
        "status_desc": t.status.description(),
        "bill_date": t.bill_date.to_string(),
        "bill_expired": t.bill_expired.to_string(),
        "payment_date": t.payment_date.map(|d| d.to_string()),
        "payment_reff": t.payment_reff,
        "ovo_number": t.ovo_number,
        "warnings": warnings_json(&t.warnings),
        "extra_fields": t
            .extra_fields
            .iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect::<serde_json::Map<String, Value>>(),
    })
}

/// The JSON form of warnings.
pub fn warnings_json(warnings: &[Warning]) -> Value {
    Value::Array(
        warnings
            .iter()
            .map(|w| {
                json!({
                    "operation": w.operation.name(),
                    "trx_id": w.trx_id,
                    "bill_no": w.bill_no,
                    "kind": w.kind.name(),
                    "field": w.field,
                    "code": w.code,
                    "message": w.message,
                })
            })
            .collect(),
    )
}

/// The JSON form of a delivery attempt.
pub fn delivery_json(d: &Delivery) -> Value {
    json!({
        "trx_id": d.trx_id,
        "bill_no": d.bill_no,
        "payment_status_code": d.payment_status_code.value(),
        "attempt": d.attempt,
        "url": d.url,
        "format": d.format.as_str(),
        "request_body": d.request_body,
        "http_status": d.http_status,
        "reply_body": d.reply_body,
        "accepted": d.accepted,
        "error": d.error,
    })
}

/// The JSON form of a received request: bodies as base64 (exact bytes) and, when they are
/// UTF-8, as text too (`null` otherwise).
pub fn received_json(r: &ReceivedRequest) -> Value {
    let text = |bytes: &[u8]| std::str::from_utf8(bytes).ok().map(str::to_owned);
    json!({
        "seq": r.seq,
        "method": r.method,
        "path": r.path,
        "query": r.query,
        "body": text(&r.body),
        "body_base64": BASE64_STANDARD.encode(&r.body),
        "response_status": r.response_status,
        "response_body": text(&r.response_body),
        "response_body_base64": BASE64_STANDARD.encode(&r.response_body),
    })
}

fn counts_json(app: &App) -> Value {
    let mut map = serde_json::Map::new();
    for op in Operation::ALL {
        map.insert(op.name().into(), json!(app.request_count(op)));
    }
    Value::Object(map)
}

fn faults_json(app: &App) -> Value {
    Value::Array(app.faults.list().iter().map(fault_json).collect())
}

fn settings_json(app: &App) -> Value {
    let o = app.options();
    json!({
        "notify_url": o.notify_url,
        "notify_format": o.notify_format.as_str(),
        "push_delay_ms": o.push_delay.as_millis() as u64,
        "notify_retry_delay_ms": o.notify_retry_delay.as_millis() as u64,
        "notify_max_retries": o.notify_max_retries,
        "return_url": o.return_url,
        "strict": o.strict,
        "unique_bill_no": o.unique_bill_no,
    })
}

fn change_settings(app: &App, v: &Value) -> Result<(), String> {
    let obj = v.as_object().ok_or("body must be a JSON object")?;
    let url = |key: &str| -> Result<Option<Option<String>>, String> {
        match obj.get(key) {
            None => Ok(None),
            Some(Value::Null) => Ok(Some(None)),
            Some(Value::String(s)) if s.starts_with("http://") || s.starts_with("https://") => {
                Ok(Some(Some(s.clone())))
            }
            Some(_) => Err(format!("{key} must be an http(s) URL or null")),
        }
    };
    let ms = |key: &str| -> Result<Option<Duration>, String> {
        match obj.get(key) {
            None => Ok(None),
            Some(v) => v
                .as_u64()
                .map(|n| Some(Duration::from_millis(n)))
                .ok_or(format!("{key} must be a non-negative integer")),
        }
    };
    let notify_url = url("notify_url")?;
    let return_url = url("return_url")?;
    let format = match obj.get("notify_format") {
        None => None,
        Some(Value::String(s)) => Some(Format::parse(s).map_err(|e| e.message().to_string())?),
        Some(_) => return Err("notify_format must be \"json\" or \"xml\"".into()),
    };
    let flag = |key: &str| -> Result<Option<bool>, String> {
        match obj.get(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(format!("{key} must be true or false")),
        }
    };
    let strict = flag("strict")?;
    let unique_bill_no = flag("unique_bill_no")?;
    let push_delay = ms("push_delay_ms")?;
    let retry_delay = ms("notify_retry_delay_ms")?;
    let max_retries = match obj.get("notify_max_retries") {
        None => None,
        Some(v) => Some(
            v.as_u64()
                .filter(|n| *n <= 100)
                .ok_or("notify_max_retries must be 0 to 100")? as u32,
        ),
    };
    app.update(|o| {
        if let Some(u) = notify_url {
            o.notify_url = u;
        }
        if let Some(u) = return_url {
            o.return_url = u;
        }
        if let Some(f) = format {
            o.notify_format = f;
        }
        if let Some(d) = push_delay {
            o.push_delay = d;
        }
        if let Some(d) = retry_delay {
            o.notify_retry_delay = d;
        }
        if let Some(n) = max_retries {
            o.notify_max_retries = n;
        }
        if let Some(b) = strict {
            o.strict = b;
        }
        if let Some(b) = unique_bill_no {
            o.unique_bill_no = b;
        }
    });
    Ok(())
}
