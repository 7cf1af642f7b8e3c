//! Runs the language-neutral conformance cases of `tests/vectors/*.json` through the Rust API.
//! One dispatch table from `op` to a call; an unknown `op` fails the run, so a new kind of case
//! forces every binding to support it. Unknown keys fail too (a misspelt key would silently
//! test a default), and each file must hold at least the cases `min_cases.txt` lists.

use std::path::Path;

use faspay::{
    Amount, AmountUnit, Bill, Client, Config, Environment, ErrorCode, FaspayDateTime, Format,
    Operation, Response, SignedMessage, sign,
};
use serde_json::{Value, json};

fn vectors_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors")
}

/// The keys a case's `input.config` may have.
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
/// The keys of `prepare_request`'s `args`.
const ARGS_KEYS: &[&str] = &["bill", "trx_id", "bill_no", "reason", "ovo_number"];

/// The keys `op`'s `input` may have (`None`: unknown op).
fn input_keys(op: &str) -> Option<&'static [&'static str]> {
    Some(match op {
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
        _ => return None,
    })
}

/// The keys of `value` (an object) that are not in `known`, prefixed with `what`.
fn unknown_keys(value: &Value, known: &[&str], what: &str) -> Vec<String> {
    match value.as_object() {
        Some(map) => map
            .keys()
            .filter(|k| !known.contains(&k.as_str()))
            .map(|k| format!("unknown key {what}.{k}"))
            .collect(),
        None if value.is_null() => Vec::new(),
        None => vec![format!("{what} is not an object")],
    }
}

/// Everything in a case that is not part of the format: unknown keys at every level.
fn case_shape_problems(case: &Value) -> Vec<String> {
    let mut problems = unknown_keys(case, &["name", "source", "op", "input", "expect"], "case");
    let input = &case["input"];
    let op = case["op"].as_str().unwrap_or("");
    match input_keys(op) {
        Some(keys) => problems.extend(unknown_keys(input, keys, "input")),
        None => problems.push(format!("no input keys listed for op {op:?}")),
    }
    problems.extend(unknown_keys(&input["config"], CONFIG_KEYS, "input.config"));
    problems.extend(unknown_keys(&input["args"], ARGS_KEYS, "input.args"));
    problems.extend(unknown_keys(&case["expect"], &["ok", "error"], "expect"));
    let error_keys = ["code", "field", "response_code", "http_status"];
    problems.extend(unknown_keys(
        &case["expect"]["error"],
        &error_keys,
        "expect.error",
    ));
    if case["expect"].get("error").is_some() && case["expect"]["error"]["code"].as_str().is_none() {
        problems.push("expect.error must name its code".into());
    }
    problems
}

/// `min_cases.txt`: each vector file and the fewest cases it may hold.
fn min_cases() -> Vec<(String, usize)> {
    let text = std::fs::read_to_string(vectors_dir().join("min_cases.txt"))
        .expect("tests/vectors/min_cases.txt exists");
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (file, count) = l.split_once(' ').expect("`file count` lines");
            (file.to_string(), count.trim().parse().expect("a count"))
        })
        .collect()
}

/// The config of a case: the file's defaults overridden by the case's `config`.
fn config(input: &Value) -> faspay::Result<Config> {
    let c = input.get("config").cloned().unwrap_or_else(|| json!({}));
    let s = |key: &str, default: &str| {
        c.get(key)
            .and_then(Value::as_str)
            .unwrap_or(default)
            .to_string()
    };
    let mut config = Config::new(
        s("merchant_id", "99999"),
        s("merchant_name", "Sophia Store"),
        s("user_id", "bot99999"),
        s("password", "p@ssw0rd"),
    )
    .with_environment(Environment::parse(&s("environment", "sandbox"))?)
    .with_format(Format::parse(&s("format", "json"))?);
    if let Some(url) = c.get("base_url").and_then(Value::as_str) {
        config.base_url = Some(url.to_string());
    }
    config.amount_unit = AmountUnit::parse(&s("amount_unit", "sen"))?;
    if let Some(flag) = c
        .get("inquiry_sends_status_fields")
        .and_then(Value::as_bool)
    {
        config.inquiry_sends_status_fields = flag;
    }
    Ok(config)
}

fn client(input: &Value) -> faspay::Result<Client> {
    Client::new(config(input)?)
}

fn str_arg<'a>(input: &'a Value, key: &str) -> &'a str {
    input.get(key).and_then(Value::as_str).unwrap_or("")
}

/// Amount input: a JSON integer (rupiah), a float, or a decimal string.
fn amount(value: &Value) -> faspay::Result<Amount> {
    match value {
        Value::String(s) => Amount::parse(s),
        Value::Number(n) if n.is_i64() => Amount::try_from_rupiah(n.as_i64().unwrap_or(0)),
        Value::Number(n) => Amount::from_f64(n.as_f64().unwrap_or(f64::NAN)),
        other => Err(faspay::Error::invalid(format!("amount input {other}"))),
    }
}

fn opt_amount(a: Option<Amount>) -> Value {
    a.map(|a| Value::String(a.to_string()))
        .unwrap_or(Value::Null)
}

/// The canonical JSON view of a decoded response (what `expect.ok` is matched against).
fn response_json(response: Response) -> Value {
    match response {
        Response::PaymentChannels(r) => json!({
            "merchant_id": r.merchant_id, "merchant": r.merchant,
            "payment_channel": r.payment_channel.iter()
                .map(|c| json!({"pg_code": c.pg_code, "pg_name": c.pg_name})).collect::<Vec<_>>(),
            "response_code": r.response.response_code, "response_desc": r.response.response_desc,
            "raw": r.raw.to_json_value(),
        }),
        Response::CreateTransaction(r) => json!({
            "trx_id": r.trx_id, "merchant_id": r.merchant_id, "merchant": r.merchant,
            "bill_no": r.bill_no, "redirect_url": r.redirect_url, "web_url": r.web_url,
            "qr_content": r.qr_content, "alt_url": r.alt_url,
            "bill_items": r.bill_items.iter().map(|i| json!({
                "product": i.product, "qty": i.qty, "amount": opt_amount(i.amount),
                "raw": i.raw.to_json_value(),
            })).collect::<Vec<_>>(),
            "response_code": r.response.response_code, "response_desc": r.response.response_desc,
            "raw": r.raw.to_json_value(),
        }),
        Response::PaymentStatus(r) => json!({
            "trx_id": r.trx_id, "merchant_id": r.merchant_id, "merchant": r.merchant,
            "bill_no": r.bill_no, "payment_reff": r.payment_reff, "payment_date": r.payment_date,
            "payment_status_code": r.payment_status_code.value(),
            "payment_status_desc": r.payment_status_desc,
            "is_paid": r.payment_status_code.is_paid(), "is_final": r.payment_status_code.is_final(),
            "payment_total": opt_amount(r.payment_total),
            "response_code": r.response.response_code, "response_desc": r.response.response_desc,
            "raw": r.raw.to_json_value(),
        }),
        Response::CancelTransaction(r) => json!({
            "trx_id": r.trx_id, "bill_no": r.bill_no, "trx_status_code": r.trx_status_code,
            "trx_status_desc": r.trx_status_desc,
            "payment_status_code": r.payment_status_code.value(),
            "payment_status_desc": r.payment_status_desc,
            "payment_cancel_date": r.payment_cancel_date, "payment_cancel": r.payment_cancel,
            "response_code": r.response.response_code, "response_desc": r.response.response_desc,
            "raw": r.raw.to_json_value(),
        }),
        Response::OvoPush(r) => json!({
            "trx_id": r.trx_id,
            "response_code": r.response.as_ref().map(|c| c.response_code.clone()),
            "raw": r.raw.to_json_value(),
        }),
    }
}

fn notification_json(n: &faspay::Notification) -> Value {
    json!({
        "format": n.format.as_str(), "request": n.request, "trx_id": n.trx_id,
        "merchant_id": n.merchant_id, "merchant": n.merchant, "bill_no": n.bill_no,
        "payment_reff": n.payment_reff, "payment_date": n.payment_date,
        "payment_status_code": n.payment_status_code.value(),
        "payment_status_desc": n.payment_status_desc,
        "is_paid": n.payment_status_code.is_paid(), "is_final": n.payment_status_code.is_final(),
        "bill_total": opt_amount(n.bill_total), "payment_total": opt_amount(n.payment_total),
        "payment_channel_uid": n.payment_channel_uid, "payment_channel": n.payment_channel,
        "dedupe_key": n.dedupe_key(),
    })
}

/// An operation name the API does not have: the error every binding's lookup gives.
fn unknown_operation(name: &str) -> faspay::Error {
    faspay::Error::invalid_field("operation", format!("unknown operation {name:?}"))
}

fn prepare(input: &Value) -> faspay::Result<Value> {
    let client = client(input)?;
    let args = input.get("args").cloned().unwrap_or_else(|| json!({}));
    let arg = |k: &str| str_arg(&args, k).to_string();
    let request = match str_arg(input, "operation") {
        "payment_channels" => client.prepare_payment_channels()?,
        "create_transaction" => {
            let bill =
                Bill::from_json(&args.get("bill").cloned().unwrap_or(Value::Null).to_string())?;
            client.prepare_create_transaction(&bill)?
        }
        "payment_status" => client.prepare_payment_status(&arg("trx_id"), &arg("bill_no"))?,
        "cancel_transaction" => {
            client.prepare_cancel_transaction(&arg("trx_id"), &arg("bill_no"), &arg("reason"))?
        }
        "ovo_push" => client.prepare_ovo_push(&arg("trx_id"), &arg("ovo_number"))?,
        other => return Err(unknown_operation(other)),
    };
    Ok(json!({
        "method": request.method, "url": request.url, "content_type": request.content_type,
        "body": String::from_utf8(request.body).expect("request bodies are UTF-8"),
    }))
}

/// The dispatch table: one arm per `op`.
fn run(op: &str, input: &Value) -> Option<faspay::Result<Value>> {
    Some(match op {
        "sign" => Ok(json!({"signature": sign(
            str_arg(input, "user_id"), str_arg(input, "password"), str_arg(input, "suffix"))})),
        "sign_message" => SignedMessage::from_name(str_arg(input, "message")).and_then(|m| {
            let values: Vec<&str> = input["values"]
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            m.sign(
                str_arg(input, "user_id"),
                str_arg(input, "password"),
                &values,
            )
            .map(|s| json!({"signature": s}))
        }),
        "amount_to_wire" => {
            let unit = input.get("unit").and_then(Value::as_str).unwrap_or("sen");
            AmountUnit::parse_field(unit, "unit")
                .and_then(|unit| amount(&input["amount"])?.to_wire(unit))
                .map(|wire| json!({"wire": wire}))
        }
        "prepare_request" => prepare(input),
        "decode_response" => client(input)
            .and_then(|c| {
                let name = str_arg(input, "operation");
                let op = Operation::from_name(name).ok_or_else(|| unknown_operation(name))?;
                let status = input
                    .get("http_status")
                    .and_then(Value::as_u64)
                    .unwrap_or(200) as u16;
                c.decode_response(op, status, str_arg(input, "body").as_bytes())
            })
            .map(response_json),
        "parse_notification" => client(input)
            .and_then(|c| c.parse_notification(str_arg(input, "body").as_bytes()))
            .map(|n| notification_json(&n)),
        "check_total" => client(input).and_then(|c| {
            let n = c.parse_notification(str_arg(input, "body").as_bytes())?;
            // The argument is the order's total, named `expected` in every binding.
            let expected = amount(&input["expected_total"]).map_err(|e| e.for_field("expected"))?;
            n.check_total(expected)?;
            Ok(json!({"matches": true}))
        }),
        "notification_reply" => client(input).and_then(|c| {
            let n = c.parse_notification(str_arg(input, "body").as_bytes())?;
            let at = FaspayDateTime::parse(str_arg(input, "response_date"))?;
            let accepted = input
                .get("accepted")
                .and_then(Value::as_bool)
                .unwrap_or(true);
            let reply = c.notification_reply_at(&n, accepted, at);
            Ok(json!({"reply": String::from_utf8(reply).expect("UTF-8 reply")}))
        }),
        "verify_return" => client(input)
            .and_then(|c| c.verify_return(str_arg(input, "query")))
            .map(|r| {
                json!({
                    "trx_id": r.trx_id, "merchant_id": r.merchant_id, "merchant": r.merchant,
                    "bill_no": r.bill_no, "bill_reff": r.bill_reff,
                    "bill_total": opt_amount(r.bill_total), "bank_user_name": r.bank_user_name,
                    "status": r.status.value(),
                })
            }),
        "redirect_url" => client(input)
            .and_then(|c| c.redirect_url(str_arg(input, "trx_id"), str_arg(input, "bill_no")))
            .map(|url| json!({"url": url})),
        "ovo_push_form" => client(input)
            .and_then(|c| c.ovo_push_form(str_arg(input, "trx_id"), str_arg(input, "ovo_number")))
            .map(|html| json!({"html": html})),
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

#[test]
fn conformance_vectors() {
    let mut files: Vec<_> = std::fs::read_dir(vectors_dir())
        .expect("tests/vectors exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let minimums = min_cases();
    let names: Vec<String> = files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let listed: Vec<String> = minimums.iter().map(|(f, _)| f.clone()).collect();
    assert_eq!(names, listed, "vector files vs min_cases.txt");
    let mut failures = Vec::new();
    let mut count = 0;
    for (file, (file_name, minimum)) in files.iter().zip(&minimums) {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        failures.extend(
            unknown_keys(&doc, &["description", "cases"], "file")
                .into_iter()
                .map(|p| format!("{file_name}: {p}")),
        );
        let cases = doc["cases"].as_array().expect("cases array");
        if cases.len() < *minimum {
            failures.push(format!(
                "{file_name}: {} cases, min_cases.txt says at least {minimum}",
                cases.len()
            ));
        }
        for case in cases {
            count += 1;
            let name = case["name"].as_str().unwrap_or("?");
            let op = case["op"].as_str().unwrap_or("");
            let label = format!("{file_name}: {name}");
            failures.extend(
                case_shape_problems(case)
                    .into_iter()
                    .map(|p| format!("{label}: {p}")),
            );
            let Some(result) = run(op, &case["input"]) else {
                failures.push(format!("{label}: unknown op {op:?}"));
                continue;
            };
            let expect = &case["expect"];
            let mut problems = Vec::new();
            match (result, expect.get("ok"), expect.get("error")) {
                (Ok(actual), Some(ok), None) => matches(ok, &actual, "ok", &mut problems),
                (Err(e), None, Some(err)) => {
                    let actual = json!({
                        "code": e.code().as_str(), "field": e.field(),
                        "response_code": e.response_code(), "http_status": e.http_status(),
                    });
                    matches(err, &actual, "error", &mut problems);
                }
                (Ok(actual), None, Some(_)) => {
                    problems.push(format!("expected an error, got {actual}"))
                }
                (Err(e), Some(_), None) => problems.push(format!("expected ok, got error {e}")),
                _ => problems.push("expect must have exactly one of ok / error".into()),
            }
            failures.extend(problems.into_iter().map(|p| format!("{label}: {p}")));
        }
    }
    let least: usize = minimums.iter().map(|(_, n)| n).sum();
    assert!(
        count >= least,
        "{count} cases, min_cases.txt says at least {least}"
    );
    assert!(
        failures.is_empty(),
        "{} of {count} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The runner's own checks: a misspelt key anywhere, an error expectation without a code, and an
/// unknown operation are reported, not ignored and not a panic.
#[test]
fn the_runner_refuses_what_it_does_not_know() {
    let case = json!({
        "name": "x", "source": "computed", "op": "prepare_request", "sorce": "typo",
        "input": {"config": {"pasword": "x"}, "operation": "payment_channels",
                  "args": {"trx": "1"}, "extra": 1},
        "expect": {"error": {"field": "x", "kode": "y"}},
    });
    let mut problems = case_shape_problems(&case);
    problems.sort();
    assert_eq!(
        problems,
        [
            "expect.error must name its code",
            "unknown key case.sorce",
            "unknown key expect.error.kode",
            "unknown key input.args.trx",
            "unknown key input.config.pasword",
            "unknown key input.extra",
        ]
    );
    for op in ["decode_response", "prepare_request"] {
        let input = json!({"operation": "no_such_operation", "body": "{}"});
        let err = run(op, &input).expect("a known op").unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidArgument, "{op}");
        assert_eq!(err.field(), Some("operation"), "{op}");
    }
    assert!(run("no_such_op", &json!({})).is_none());
}
