//! The shared conformance cases of `tests/vectors/*.json`, run through the exported C functions
//! (real symbols, JSON in and out, every returned string and error freed). One dispatch table
//! from `op` to a call; an unknown `op` fails the run.

mod common;

use std::ffi::c_char;
use std::path::Path;

use common::{Client, Failure, c, string_result, unit_result};
use faspay_capi::*;
use serde_json::{Value, json};

fn str_arg<'a>(input: &'a Value, key: &str) -> &'a str {
    input.get(key).and_then(Value::as_str).unwrap_or("")
}

/// The case's client config: the vector defaults overridden by `input.config` (same keys).
fn client(input: &Value) -> Result<Client, Failure> {
    let mut config = json!({
        "merchant_id": "99999", "merchant_name": "Sophia Store", "user_id": "bot99999",
        "password": "p@ssw0rd", "environment": "sandbox", "format": "json", "amount_unit": "sen",
    });
    if let Some(Value::Object(overrides)) = input.get("config") {
        for (k, v) in overrides {
            config[k] = v.clone();
        }
    }
    Client::new(&config.to_string())
}

fn parsed(text: Result<String, Failure>) -> Result<Value, Failure> {
    text.map(|t| serde_json::from_str(&t).expect("results are JSON"))
}

fn prepare(input: &Value) -> Result<Value, Failure> {
    let client = client(input)?;
    let cl = client.0;
    let args = input.get("args").cloned().unwrap_or_else(|| json!({}));
    let arg = |k: &str| c(str_arg(&args, k));
    let (trx_id, bill_no, reason, ovo) = (
        arg("trx_id"),
        arg("bill_no"),
        arg("reason"),
        arg("ovo_number"),
    );
    let bill = c(&args.get("bill").cloned().unwrap_or(Value::Null).to_string());
    parsed(string_result(|out, err| unsafe {
        match str_arg(input, "operation") {
            "payment_channels" => faspay_client_prepare_payment_channels(cl, out, err),
            "create_transaction" => {
                faspay_client_prepare_create_transaction(cl, bill.as_ptr(), out, err)
            }
            "payment_status" => faspay_client_prepare_payment_status(
                cl,
                trx_id.as_ptr(),
                bill_no.as_ptr(),
                out,
                err,
            ),
            "cancel_transaction" => faspay_client_prepare_cancel_transaction(
                cl,
                trx_id.as_ptr(),
                bill_no.as_ptr(),
                reason.as_ptr(),
                out,
                err,
            ),
            "ovo_push" => {
                faspay_client_prepare_ovo_push(cl, trx_id.as_ptr(), ovo.as_ptr(), out, err)
            }
            other => panic!("unknown operation {other:?}"),
        }
    }))
}

/// Amount input as the decimal text a C caller passes: JSON numbers keep their JSON text.
fn amount_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The dispatch table: one arm per `op`.
fn run(op: &str, input: &Value) -> Option<Result<Value, Failure>> {
    let s = |key: &str| c(str_arg(input, key));
    Some(match op {
        "sign" => {
            let (u, p, x) = (s("user_id"), s("password"), s("suffix"));
            string_result(|out, err| unsafe {
                faspay_sign(u.as_ptr(), p.as_ptr(), x.as_ptr(), out, err)
            })
            .map(|sig| json!({"signature": sig}))
        }
        "sign_message" => {
            let (m, u, p) = (s("message"), s("user_id"), s("password"));
            let values: Vec<_> = input["values"]
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_str).map(c).collect())
                .unwrap_or_default();
            let pointers: Vec<*const c_char> = values.iter().map(|v| v.as_ptr()).collect();
            string_result(|out, err| unsafe {
                faspay_sign_message(
                    m.as_ptr(),
                    u.as_ptr(),
                    p.as_ptr(),
                    pointers.as_ptr(),
                    pointers.len(),
                    out,
                    err,
                )
            })
            .map(|sig| json!({"signature": sig}))
        }
        "amount_to_wire" => {
            // A float goes the C door's float way: faspay_amount_from_double, then its text.
            let amount = match &input["amount"] {
                Value::Number(n) if n.is_f64() => {
                    let value = n.as_f64().unwrap_or(f64::NAN);
                    match string_result(|out, err| unsafe {
                        faspay_amount_from_double(value, out, err)
                    }) {
                        Ok(text) => c(&text),
                        Err(failure) => return Some(Err(failure)),
                    }
                }
                other => c(&amount_text(other)),
            };
            let unit = c(input.get("unit").and_then(Value::as_str).unwrap_or("sen"));
            string_result(|out, err| unsafe {
                faspay_amount_to_wire(amount.as_ptr(), unit.as_ptr(), out, err)
            })
            .map(|wire| json!({"wire": wire}))
        }
        "prepare_request" => prepare(input),
        "decode_response" => client(input).and_then(|client| {
            let (op, body) = (s("operation"), str_arg(input, "body"));
            let status = input
                .get("http_status")
                .and_then(Value::as_u64)
                .unwrap_or(200) as u16;
            parsed(string_result(|out, err| unsafe {
                faspay_client_decode_response(
                    client.0,
                    op.as_ptr(),
                    status,
                    body.as_ptr(),
                    body.len(),
                    out,
                    err,
                )
            }))
        }),
        "parse_notification" => client(input).and_then(|client| {
            let body = str_arg(input, "body");
            parsed(string_result(|out, err| unsafe {
                faspay_client_parse_notification(client.0, body.as_ptr(), body.len(), out, err)
            }))
        }),
        "check_total" => client(input).and_then(|client| {
            let body = str_arg(input, "body");
            let expected = c(&amount_text(&input["expected_total"]));
            unit_result(|err| unsafe {
                faspay_client_notification_check_total(
                    client.0,
                    body.as_ptr(),
                    body.len(),
                    expected.as_ptr(),
                    err,
                )
            })
            .map(|()| json!({"matches": true}))
        }),
        "notification_reply" => client(input).and_then(|client| {
            let body = str_arg(input, "body");
            let at = s("response_date");
            let accepted = input
                .get("accepted")
                .and_then(Value::as_bool)
                .unwrap_or(true);
            string_result(|out, err| unsafe {
                faspay_client_notification_reply(
                    client.0,
                    body.as_ptr(),
                    body.len(),
                    accepted,
                    at.as_ptr(),
                    out,
                    err,
                )
            })
            .map(|reply| json!({"reply": reply}))
        }),
        "verify_return" => client(input).and_then(|client| {
            let query = s("query");
            parsed(string_result(|out, err| unsafe {
                faspay_client_verify_return(client.0, query.as_ptr(), out, err)
            }))
        }),
        "redirect_url" => client(input).and_then(|client| {
            let (t, b) = (s("trx_id"), s("bill_no"));
            string_result(|out, err| unsafe {
                faspay_client_redirect_url(client.0, t.as_ptr(), b.as_ptr(), out, err)
            })
            .map(|url| json!({"url": url}))
        }),
        "ovo_push_form" => client(input).and_then(|client| {
            let (t, o) = (s("trx_id"), s("ovo_number"));
            string_result(|out, err| unsafe {
                faspay_client_ovo_push_form(client.0, t.as_ptr(), o.as_ptr(), out, err)
            })
            .map(|html| json!({"html": html}))
        }),
        _ => return None,
    })
}

/// Every key of `expected` must equal the same key of `actual` (recursively for objects).
fn matches(expected: &Value, actual: &Value, path: &str, problems: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                let av = a.get(k).unwrap_or(&Value::Null);
                matches(ev, av, &format!("{path}.{k}"), problems);
            }
        }
        (e, a) if e == a => {}
        (e, a) => problems.push(format!("{path}: expected {e}, got {a}")),
    }
}

/// The keys a case may have at each level: a misspelt one would silently test a default.
const CONFIG_KEYS: &[&str] = &[
    "merchant_id",
    "merchant_name",
    "user_id",
    "password",
    "environment",
    "format",
    "base_url",
    "amount_unit",
    "inquiry_sends_status_fields",
];
const ARGS_KEYS: &[&str] = &["bill", "trx_id", "bill_no", "reason", "ovo_number"];

fn input_keys(op: &str) -> &'static [&'static str] {
    match op {
        "sign" => &["user_id", "password", "suffix"],
        "sign_message" => &["message", "user_id", "password", "values"],
        "amount_to_wire" => &["amount", "unit"],
        "prepare_request" => &["config", "operation", "args"],
        "decode_response" => &["config", "operation", "http_status", "body"],
        "parse_notification" => &["config", "body"],
        "notification_reply" => &["config", "body", "accepted", "response_date"],
        "check_total" => &["config", "body", "expected_total"],
        "verify_return" => &["config", "query"],
        "redirect_url" => &["config", "trx_id", "bill_no"],
        "ovo_push_form" => &["config", "trx_id", "ovo_number"],
        _ => &[],
    }
}

/// The keys of `value` (an object, or absent) that are not in `known`.
fn unknown_keys(value: Option<&Value>, known: &[&str], what: &str) -> Vec<String> {
    match value {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Object(map)) => map
            .keys()
            .filter(|k| !known.contains(&k.as_str()))
            .map(|k| format!("unknown key {what}.{k}"))
            .collect(),
        Some(_) => vec![format!("{what} is not an object")],
    }
}

/// Unknown keys at every level of a case, and an error expectation without a code.
fn shape_problems(case: &Value) -> Vec<String> {
    let input = case.get("input");
    let op = case["op"].as_str().unwrap_or("");
    let mut problems = unknown_keys(
        Some(case),
        &["name", "source", "op", "input", "expect"],
        "case",
    );
    problems.extend(unknown_keys(input, input_keys(op), "input"));
    problems.extend(unknown_keys(
        input.and_then(|i| i.get("config")),
        CONFIG_KEYS,
        "input.config",
    ));
    problems.extend(unknown_keys(
        input.and_then(|i| i.get("args")),
        ARGS_KEYS,
        "input.args",
    ));
    problems.extend(unknown_keys(case.get("expect"), &["ok", "error"], "expect"));
    if let Some(error) = case["expect"].get("error")
        && error.get("code").is_none()
    {
        problems.push("an error expectation without a code".into());
    }
    problems
}

#[test]
fn a_misspelt_key_in_a_case_is_reported() {
    let case = json!({"name": "x", "op": "sign", "input": {"user_id": "u", "sufix": "s"},
        "expect": {"error": {"field": "suffix"}}});
    assert_eq!(
        shape_problems(&case),
        [
            "unknown key input.sufix",
            "an error expectation without a code"
        ]
    );
}

/// `min_cases.txt`: each vector file and the fewest cases it may hold.
fn min_cases(dir: &Path) -> Vec<(String, usize)> {
    let text = std::fs::read_to_string(dir.join("min_cases.txt")).expect("min_cases.txt exists");
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (file, count) = l.split_once(' ').expect("`file count` lines");
            (file.to_string(), count.trim().parse().expect("a count"))
        })
        .collect()
}

#[test]
fn conformance_vectors_through_the_c_abi() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/vectors exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let (mut failures, mut count) = (Vec::new(), 0);
    let minimums = min_cases(&dir);
    let names: Vec<String> = files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for name in &names {
        if !minimums.iter().any(|(listed, _)| listed == name) {
            failures.push(format!("{name}: not listed in min_cases.txt"));
        }
    }
    for (listed, _) in &minimums {
        if !names.contains(listed) {
            failures.push(format!("{listed}: listed in min_cases.txt but missing"));
        }
    }
    for file in &files {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let cases = doc["cases"].as_array().map_or(0, Vec::len);
        if let Some((_, min)) = minimums.iter().find(|(listed, _)| *listed == name)
            && cases < *min
        {
            failures.push(format!(
                "{name}: {cases} cases, min_cases.txt says at least {min}"
            ));
        }
        for case in doc["cases"].as_array().expect("cases array") {
            count += 1;
            let label = format!(
                "{}: {}",
                file.file_name().unwrap().to_string_lossy(),
                case["name"].as_str().unwrap_or("?")
            );
            let op = case["op"].as_str().unwrap_or("");
            let Some(result) = run(op, &case["input"]) else {
                failures.push(format!("{label}: unknown op {op:?}"));
                continue;
            };
            let mut problems = shape_problems(case);
            let expect = &case["expect"];
            match (result, expect.get("ok"), expect.get("error")) {
                (Ok(actual), Some(ok), None) => matches(ok, &actual, "ok", &mut problems),
                (Err(e), None, Some(want)) => {
                    let actual = json!({
                        "code": e.code, "field": e.field, "response_code": e.response_code,
                        "http_status": if e.http_status == 0 { Value::Null } else { json!(e.http_status) },
                    });
                    matches(want, &actual, "error", &mut problems);
                }
                (Ok(actual), None, Some(_)) => {
                    problems.push(format!("expected an error, got {actual}"))
                }
                (Err(e), Some(_), None) => problems.push(format!("expected ok, got {e:?}")),
                _ => problems.push("expect must have exactly one of ok / error".into()),
            }
            failures.extend(problems.into_iter().map(|p| format!("{label}: {p}")));
        }
    }
    assert!(count > 50, "only {count} cases");
    assert!(
        failures.is_empty(),
        "{} of {count} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
