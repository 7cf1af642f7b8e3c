//! Faults as JSON, for the admin API (`POST /__sandbox/faults`) and the C ABI: every option
//! checked by name, so a misspelt key or a value of the wrong type is refused naming it
//! rather than arming a different fault than the test meant.

use std::time::Duration;

use faspay::{Error, Operation, Result};
use serde_json::{Map, Value, json};

use crate::faults::{Fault, FaultKind};

/// The options every fault takes, then each kind's own.
const COMMON_KEYS: [&str; 4] = ["endpoint", "kind", "times", "after_effect"];
const KINDS: &str =
    "latency, server_error, html_page, reset, truncated, oversized_body or response_error";

/// Parses a fault: `{"endpoint": "create_transaction" | null, "kind": "latency", "ms": 500,
/// "times": 1, "after_effect": true}`. Kind options: `ms` (latency, required), `status`
/// (server_error, 500 to 599, default 500), `code` and `desc` (response_error). A key the
/// kind does not take, or a value of the wrong type, is `INVALID_ARGUMENT` naming the key.
pub fn parse_fault(v: &Value) -> Result<Fault> {
    let obj = v
        .as_object()
        .ok_or_else(|| Error::invalid_field("fault", "must be a JSON object"))?;
    let endpoint = match obj.get("endpoint") {
        None | Some(Value::Null) => None,
        Some(Value::String(name)) => Some(Operation::from_name(name).ok_or_else(|| {
            Error::invalid_field("endpoint", format!("unknown operation {name:?}"))
        })?),
        Some(_) => {
            return Err(Error::invalid_field(
                "endpoint",
                "must be an operation name or null",
            ));
        }
    };
    let times = match obj.get("times") {
        None | Some(Value::Null) => None,
        Some(t) => Some(
            t.as_u64()
                .and_then(|n| u32::try_from(n).ok())
                .filter(|n| *n >= 1)
                .ok_or_else(|| {
                    Error::invalid_field("times", "must be a positive integer (at most 2^32 - 1)")
                })?,
        ),
    };
    let after_effect = match obj.get("after_effect") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            return Err(Error::invalid_field(
                "after_effect",
                "must be true or false",
            ));
        }
    };
    let (kind, kind_keys) = parse_kind(obj)?;
    if let Some(key) = obj
        .keys()
        .find(|k| !COMMON_KEYS.contains(&k.as_str()) && !kind_keys.contains(&k.as_str()))
    {
        let takes = match kind_keys {
            [] => "no other option".to_string(),
            keys => format!("only {}", keys.join(", ")),
        };
        return Err(Error::invalid_field(
            key,
            format!(
                "is not an option of a {} fault (it takes endpoint, kind, times, after_effect and {takes})",
                kind.name()
            ),
        ));
    }
    Ok(Fault {
        endpoint,
        kind,
        times,
        after_effect,
    })
}

/// The kind and the names of the options it takes.
fn parse_kind(obj: &Map<String, Value>) -> Result<(FaultKind, &'static [&'static str])> {
    let kind = match obj.get("kind") {
        Some(Value::String(kind)) => kind.as_str(),
        Some(_) => {
            return Err(Error::invalid_field(
                "kind",
                format!("must be one of {KINDS}"),
            ));
        }
        None => {
            return Err(Error::invalid_field(
                "kind",
                format!("is required: {KINDS}"),
            ));
        }
    };
    let text = |key: &str, default: &str| -> Result<String> {
        match obj.get(key) {
            None => Ok(default.to_string()),
            Some(Value::String(s)) => Ok(s.clone()),
            Some(_) => Err(Error::invalid_field(key, "must be a string")),
        }
    };
    Ok(match kind {
        "latency" => {
            let ms = obj
                .get("ms")
                .ok_or_else(|| Error::invalid_field("ms", "is required for a latency fault"))?
                .as_u64()
                .ok_or_else(|| Error::invalid_field("ms", "must be a non-negative integer"))?;
            (FaultKind::Latency(Duration::from_millis(ms)), &["ms"])
        }
        "server_error" => {
            let status = match obj.get("status") {
                None => 500,
                Some(s) => s
                    .as_u64()
                    .filter(|s| (500..600).contains(s))
                    .ok_or_else(|| {
                        Error::invalid_field("status", "must be an integer from 500 to 599")
                    })?,
            };
            (FaultKind::ServerError(status as u16), &["status"])
        }
        "html_page" => (FaultKind::HtmlPage, &[]),
        "reset" => (FaultKind::Reset, &[]),
        "truncated" => (FaultKind::Truncated, &[]),
        "oversized_body" => (FaultKind::OversizedBody, &[]),
        "response_error" => (
            FaultKind::ResponseError {
                code: text("code", "40")?,
                desc: text("desc", "Requested Function not Supported")?,
            },
            &["code", "desc"],
        ),
        other => {
            return Err(Error::invalid_field(
                "kind",
                format!("unknown fault {other:?}; expected {KINDS}"),
            ));
        }
    })
}

/// A fault as the admin API lists it (the shape [`parse_fault`] reads).
pub(crate) fn fault_json(f: &Fault) -> Value {
    let mut v = json!({
        "endpoint": f.endpoint.map(Operation::name),
        "kind": f.kind.name(),
        "times": f.times,
        "after_effect": f.after_effect,
    });
    match &f.kind {
        FaultKind::Latency(d) => v["ms"] = json!(d.as_millis() as u64),
        FaultKind::ServerError(s) => v["status"] = json!(s),
        FaultKind::ResponseError { code, desc } => {
            v["code"] = json!(code);
            v["desc"] = json!(desc);
        }
        _ => {}
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused_field(v: Value) -> String {
        let e = parse_fault(&v).expect_err("the fault must be refused");
        assert_eq!(e.code(), faspay::ErrorCode::InvalidArgument, "{v}");
        e.field().expect("the error names a field").to_string()
    }

    #[test]
    fn every_listed_fault_parses_back_to_itself() {
        let faults = [
            Fault::always(None, FaultKind::Latency(Duration::from_millis(250))),
            Fault::times(
                Some(Operation::CreateTransaction),
                FaultKind::ServerError(503),
                2,
            )
            .after_effect(),
            Fault::always(Some(Operation::OvoPush), FaultKind::HtmlPage),
            Fault::always(None, FaultKind::Reset).after_effect(),
            Fault::always(None, FaultKind::Truncated),
            Fault::always(None, FaultKind::OversizedBody),
            Fault::times(
                None,
                FaultKind::ResponseError {
                    code: "63".into(),
                    desc: "Suspended".into(),
                },
                1,
            ),
        ];
        for fault in faults {
            assert_eq!(parse_fault(&fault_json(&fault)).unwrap(), fault);
        }
    }

    #[test]
    fn defaults_apply_only_when_an_option_is_absent() {
        let f = parse_fault(&json!({"kind": "server_error"})).unwrap();
        assert_eq!(f, Fault::always(None, FaultKind::ServerError(500)));
        let f = parse_fault(&json!({"kind": "response_error", "times": null})).unwrap();
        assert_eq!(
            f.kind,
            FaultKind::ResponseError {
                code: "40".into(),
                desc: "Requested Function not Supported".into()
            }
        );
        assert!(!f.after_effect);
    }

    #[test]
    fn a_wrong_option_is_refused_naming_it() {
        let cases = [
            (json!("reset"), "fault"),
            (json!({}), "kind"),
            (json!({"kind": 7}), "kind"),
            (json!({"kind": "meteor"}), "kind"),
            (json!({"kind": "reset", "endpoint": "teleport"}), "endpoint"),
            (json!({"kind": "reset", "endpoint": 3}), "endpoint"),
            (json!({"kind": "reset", "times": 0}), "times"),
            (json!({"kind": "reset", "times": -1}), "times"),
            (json!({"kind": "reset", "times": "2"}), "times"),
            (json!({"kind": "reset", "times": 4_294_967_296u64}), "times"),
            (
                json!({"kind": "reset", "after_effect": "yes"}),
                "after_effect",
            ),
            (json!({"kind": "latency"}), "ms"),
            (json!({"kind": "latency", "ms": "500"}), "ms"),
            (json!({"kind": "latency", "ms": -1}), "ms"),
            (json!({"kind": "latency", "ms": 1.5}), "ms"),
            (json!({"kind": "server_error", "status": "503"}), "status"),
            (json!({"kind": "server_error", "status": 404}), "status"),
            (json!({"kind": "server_error", "status": 503.0}), "status"),
            (json!({"kind": "response_error", "code": 63}), "code"),
            (json!({"kind": "response_error", "desc": null}), "desc"),
            // A key the kind does not take, or a misspelt one: refused, not ignored.
            (json!({"kind": "html_page", "status": 503}), "status"),
            (json!({"kind": "server_error", "ms": 5}), "ms"),
            (json!({"kind": "reset", "time": 1}), "time"),
        ];
        for (fault, field) in cases {
            assert_eq!(refused_field(fault.clone()), field, "{fault}");
        }
    }
}
