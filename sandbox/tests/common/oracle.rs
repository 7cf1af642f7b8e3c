//! An independent oracle for the end-to-end tests: re-checks every request the sandbox
//! received, and every notification it sent, with code of its own built on `md-5`, `sha1`,
//! `serde_json` and `quick-xml` directly (never `faspay::sign`, the core's codecs or
//! `Amount`), so a bug shared by the core and the sandbox (which reuses the core) cannot
//! make both sides agree on a wrong byte.
//!
//! [`Checked`] wraps a sandbox and runs [`check_received`] and [`check_deliveries`] when the
//! test ends.

use std::collections::BTreeMap;
use std::ops::Deref;

use faspay_sandbox::{ReceivedRequest, Sandbox};
use md5::Md5;
use quick_xml::events::Event;
use sha1::{Digest, Sha1};

/// A sandbox whose received requests are all re-checked when it is dropped (unless the test
/// is already failing).
pub struct Checked(pub Sandbox);

impl Deref for Checked {
    type Target = Sandbox;
    fn deref(&self) -> &Sandbox {
        &self.0
    }
}

impl Drop for Checked {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            check_received(&self.0);
            check_deliveries(&self.0);
        }
    }
}

/// Re-checks every notification the sandbox sent so far; returns how many.
pub fn check_deliveries(sandbox: &Sandbox) -> usize {
    let options = sandbox.options();
    let deliveries = sandbox.deliveries();
    for d in &deliveries {
        let m = check_notification(
            &options.user_id,
            &options.password,
            d.request_body.as_bytes(),
        );
        assert_eq!(m.get("bill_no"), Some(d.bill_no.as_str()));
        assert_eq!(m.get("trx_id"), Some(d.trx_id.as_str()));
    }
    deliveries.len()
}

/// `sha1(md5(user_id + password + suffix))`, both as lowercase hex, the SHA-1 taken over the
/// MD5 *hex text*.
pub fn signature(user_id: &str, password: &str, suffix: &str) -> String {
    let md5_hex = hex(&Md5::digest(
        format!("{user_id}{password}{suffix}").as_bytes(),
    ));
    hex(&Sha1::digest(md5_hex.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A rupiah amount written as decimal text (`"15000"`, `"12345.6"`, `"0.07"`) in sen, by
/// moving the decimal point two places: no floating point, no `faspay::Amount`.
pub fn rupiah_text_to_sen(rupiah: &str) -> String {
    let (whole, fraction) = rupiah.split_once('.').unwrap_or((rupiah, ""));
    assert!(fraction.len() <= 2, "{rupiah}: more than 2 decimals");
    let digits = format!("{whole}{fraction:0<2}");
    let trimmed = digits.trim_start_matches('0');
    if trimmed.is_empty() {
        "0".into()
    } else {
        trimmed.into()
    }
}

/// A request body read independently: top-level text fields and the `item` list.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Message {
    pub root: Option<String>,
    pub fields: BTreeMap<String, String>,
    pub items: Vec<BTreeMap<String, String>>,
}

impl Message {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.fields.get(key).map(String::as_str)
    }
}

/// Reads a JSON object: string values only (Faspay sends every scalar as a string), `item` as
/// an object or an array of objects.
pub fn read_json(body: &[u8]) -> Result<Message, String> {
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|e| e.to_string())?;
    let object = value.as_object().ok_or("not a JSON object")?;
    let mut message = Message::default();
    let scalar_map = |o: &serde_json::Map<String, serde_json::Value>| {
        o.iter()
            .map(|(k, v)| match v {
                serde_json::Value::String(s) => Ok((k.clone(), s.clone())),
                other => Err(format!("{k} is not a string: {other}")),
            })
            .collect::<Result<BTreeMap<_, _>, String>>()
    };
    for (key, value) in object {
        match (key.as_str(), value) {
            ("item" | "bill_items", serde_json::Value::Array(list)) => {
                for item in list {
                    let item = item.as_object().ok_or("an item is not an object")?;
                    message.items.push(scalar_map(item)?);
                }
            }
            ("item" | "bill_items", serde_json::Value::Object(item)) => {
                message.items.push(scalar_map(item)?)
            }
            (_, serde_json::Value::String(s)) => {
                message.fields.insert(key.clone(), s.clone());
            }
            (_, serde_json::Value::Object(_) | serde_json::Value::Array(_)) => {
                // Nested answers (`payment_channel`, `response_error`): kept as JSON text.
                message.fields.insert(key.clone(), value.to_string());
            }
            (_, other) => return Err(format!("{key} is not a string: {other}")),
        }
    }
    Ok(message)
}

/// Reads an XML document strictly: well-formed (one root, balanced tags, only the five
/// predefined entities and character references), text unescaped; elements under the root
/// are fields, `<item>` blocks are items.
pub fn read_xml(body: &[u8]) -> Result<Message, String> {
    read_xml_with(body, false)
}

/// [`read_xml`], but a bare `&` is read as itself, as the sandbox (and Faspay's answers, which
/// the core must read) allow.
pub fn read_xml_with(body: &[u8], allow_dangling_amp: bool) -> Result<Message, String> {
    let text = std::str::from_utf8(body).map_err(|e| e.to_string())?;
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().allow_dangling_amp = allow_dangling_amp;
    let mut message = Message::default();
    // Open element names; the text of the innermost one.
    let mut open: Vec<String> = Vec::new();
    let mut text_buf = String::new();
    let mut item: Option<BTreeMap<String, String>> = None;
    let mut roots = 0;
    loop {
        let event = reader.read_event().map_err(|e| e.to_string())?;
        match event {
            Event::Start(start) => {
                let name =
                    String::from_utf8(start.name().as_ref().to_vec()).map_err(|e| e.to_string())?;
                if open.is_empty() {
                    roots += 1;
                    if roots > 1 {
                        return Err("more than one root element".into());
                    }
                    message.root = Some(name.clone());
                } else if open.len() == 1 && (name == "item" || name == "bill_items") {
                    item = Some(BTreeMap::new());
                }
                open.push(name);
                text_buf.clear();
            }
            Event::Empty(start) => {
                let name =
                    String::from_utf8(start.name().as_ref().to_vec()).map_err(|e| e.to_string())?;
                match (open.len(), item.as_mut()) {
                    (0, _) => return Err("empty root element".into()),
                    (2, Some(item)) => {
                        item.insert(name, String::new());
                    }
                    (1, _) => {
                        message.fields.insert(name, String::new());
                    }
                    _ => {}
                }
            }
            Event::End(end) => {
                let name =
                    String::from_utf8(end.name().as_ref().to_vec()).map_err(|e| e.to_string())?;
                if open.pop().as_deref() != Some(name.as_str()) {
                    return Err(format!("unbalanced </{name}>"));
                }
                match (open.len(), item.as_mut()) {
                    (1, Some(_)) if name == "item" || name == "bill_items" => {
                        message.items.push(item.take().unwrap_or_default())
                    }
                    (2, Some(item)) => {
                        item.insert(name, std::mem::take(&mut text_buf));
                    }
                    (1, None) => {
                        message.fields.insert(name, std::mem::take(&mut text_buf));
                    }
                    _ => {}
                }
                text_buf.clear();
            }
            Event::Text(t) => {
                let piece = t.decode().map_err(|e| e.to_string())?;
                if open.is_empty() {
                    if !piece.trim().is_empty() {
                        return Err("text outside the root".into());
                    }
                } else {
                    text_buf.push_str(&piece);
                }
            }
            Event::CData(c) => text_buf.push_str(&c.decode().map_err(|e| e.to_string())?),
            Event::GeneralRef(r) => {
                let name = r.decode().map_err(|e| e.to_string())?;
                let resolved = match name.as_ref() {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    other => {
                        let code = other
                            .strip_prefix("#x")
                            .map(|h| u32::from_str_radix(h, 16))
                            .or_else(|| other.strip_prefix('#').map(|d| d.parse::<u32>()))
                            .ok_or(format!("unknown entity &{other};"))?
                            .map_err(|e| e.to_string())?;
                        char::from_u32(code).ok_or(format!("bad character reference {other}"))?
                    }
                };
                text_buf.push(resolved);
            }
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) => {}
            Event::DocType(_) => return Err("a DTD in a Faspay message".into()),
            Event::Eof => break,
        }
    }
    if !open.is_empty() {
        return Err(format!("unclosed <{}>", open.join("><")));
    }
    if roots != 1 {
        return Err("no root element".into());
    }
    Ok(message)
}

/// What a received request is, by its path (a table of our own, not `faspay::Operation`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    ChannelInquiry,
    PostData,
    Inquiry,
    Cancel,
    OvoPush,
    RedirectPage,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wire {
    Json,
    Xml,
    Form,
    Query,
}

/// The kind and body format of a request path; `None` for anything else.
pub fn classify(path: &str) -> Option<(Kind, Wire)> {
    let kind = |code: &str| match code {
        "100001" => Some(Kind::ChannelInquiry),
        "300011" => Some(Kind::PostData),
        "100004" => Some(Kind::Inquiry),
        "100005" => Some(Kind::Cancel),
        _ => None,
    };
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    match parts.as_slice() {
        ["cvr", code, "10"] => kind(code).map(|k| (k, Wire::Json)),
        ["pws", "ovo_direct"] => Some((Kind::OvoPush, Wire::Form)),
        ["pws", "100003", _, _] => Some((Kind::RedirectPage, Wire::Query)),
        ["pws", code, _] | ["pws", code] => kind(code).map(|k| (k, Wire::Xml)),
        _ => None,
    }
}

/// The request body read with our own readers.
pub fn read_request(r: &ReceivedRequest) -> Option<Result<(Kind, Message), String>> {
    let (kind, wire) = classify(&r.path)?;
    let form = |bytes: &[u8]| Message {
        fields: form_urlencoded::parse(bytes).into_owned().collect(),
        ..Message::default()
    };
    Some(
        match wire {
            Wire::Json => read_json(&r.body),
            Wire::Xml => read_xml(&r.body),
            Wire::Form => Ok(form(&r.body)),
            Wire::Query => {
                let mut m = form(r.query.as_bytes());
                let signature = r.path.rsplit('/').next().unwrap_or_default();
                m.fields.insert("signature".into(), signature.into());
                Ok(m)
            }
        }
        .map(|m| (kind, m)),
    )
}

/// Faspay's `response_code` in an answer (JSON or XML, plain or `response_error`).
pub fn response_code(body: &[u8]) -> Option<String> {
    let message = read_json(body).or_else(|_| read_xml(body)).ok()?;
    if let Some(code) = message.get("response_code") {
        return Some(code.to_string());
    }
    let inner = message.get("response_error")?;
    let inner: serde_json::Value = serde_json::from_str(inner).ok()?;
    inner["response_code"].as_str().map(str::to_owned)
}

/// The signed suffix of a request, per message kind.
fn signed_suffix(kind: Kind, m: &Message) -> Option<String> {
    match kind {
        Kind::ChannelInquiry => Some(String::new()),
        Kind::PostData | Kind::Inquiry | Kind::Cancel | Kind::RedirectPage => {
            m.get("bill_no").map(str::to_owned)
        }
        Kind::OvoPush => m.get("trx_id").map(str::to_owned),
    }
}

/// Re-checks every request the sandbox received; returns how many were Faspay requests.
///
/// - An answer `00` (or a 200 payment page) means the request must decode with our readers
///   (XML well-formed, `faspay` root) and carry the signature our formula gives; every
///   amount it carries is digits only.
/// - An answer `55` (or a 403 page) means our formula must disagree with its signature.
pub fn check_received(sandbox: &Sandbox) -> usize {
    let options = sandbox.options();
    check_requests(
        &options.user_id,
        &options.password,
        &sandbox.received_requests(),
    )
}

/// [`check_received`] on a list of requests.
pub fn check_requests(user_id: &str, password: &str, requests: &[ReceivedRequest]) -> usize {
    let mut checked = 0;
    for r in requests {
        let Some(read) = read_request(r) else {
            continue;
        };
        checked += 1;
        let context = || {
            format!(
                "{} {} {:?} -> {:?} {:?}",
                r.method,
                r.path,
                String::from_utf8_lossy(&r.body),
                r.response_status,
                String::from_utf8_lossy(&r.response_body)
            )
        };
        let code = response_code(&r.response_body);
        let accepted = match classify(&r.path) {
            Some((Kind::RedirectPage, _)) => r.response_status == Some(200) && r.method == "GET",
            _ => code.as_deref() == Some("00"),
        };
        let refused_signature = match classify(&r.path) {
            Some((Kind::RedirectPage, _)) => r.response_status == Some(403),
            _ => code.as_deref() == Some("55"),
        };
        let (kind, message) = match read {
            Ok(read) => read,
            Err(e) => {
                assert!(
                    !accepted,
                    "accepted a request we cannot read ({e}): {}",
                    context()
                );
                continue;
            }
        };
        if accepted && classify(&r.path).map(|c| c.1) == Some(Wire::Xml) {
            assert_eq!(message.root.as_deref(), Some("faspay"), "{}", context());
        }
        let expected = signed_suffix(kind, &message).map(|s| signature(user_id, password, &s));
        let sent = message.get("signature").map(str::to_ascii_lowercase);
        let matches = expected.is_some() && expected == sent;
        if accepted {
            assert!(
                matches,
                "accepted with a signature we do not compute: {}",
                context()
            );
            for (key, value) in amounts(&message) {
                assert!(
                    !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()),
                    "{key} {value:?} is not digits: {}",
                    context()
                );
            }
        }
        if refused_signature {
            assert!(
                !matches,
                "refused a signature our formula agrees with: {}",
                context()
            );
        }
    }
    checked
}

fn amounts(m: &Message) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = ["bill_gross", "bill_tax", "bill_miscfee", "bill_total"]
        .iter()
        .filter_map(|k| m.get(k).map(|v| (k.to_string(), v.to_string())))
        .collect();
    for item in &m.items {
        if let Some(v) = item.get("amount") {
            out.push(("item amount".into(), v.clone()));
        }
    }
    out
}

/// The Post Data requests the sandbox received for `bill_no`, read independently.
pub fn post_data_sent(sandbox: &Sandbox, bill_no: &str) -> Vec<Message> {
    sandbox
        .received_requests()
        .iter()
        .filter_map(|r| read_request(r)?.ok())
        .filter(|(kind, m)| *kind == Kind::PostData && m.get("bill_no") == Some(bill_no))
        .map(|(_, m)| m)
        .collect()
}

/// Asserts that the last Post Data for `bill.bill_no` carried the bill's text fields exactly
/// (escaping round-trips) and its amounts as `expected_rupiah` ×100 (sen unit): the bill total
/// first, then one per item.
pub fn assert_bill_sent(sandbox: &Sandbox, bill: &faspay::Bill, total: &str, items: &[&str]) {
    let sent = post_data_sent(sandbox, &bill.bill_no);
    let m = sent.last().expect("a Post Data request for the bill");
    for (key, value) in [
        ("bill_no", &bill.bill_no),
        ("bill_desc", &bill.bill_desc),
        ("payment_channel", &bill.payment_channel),
        ("cust_no", &bill.cust_no),
        ("cust_name", &bill.cust_name),
        ("msisdn", &bill.msisdn),
        ("email", &bill.email),
    ] {
        assert_eq!(m.get(key), Some(value.as_str()), "{key}");
    }
    assert_eq!(m.get("billing_name"), bill.billing_name.as_deref());
    assert_eq!(
        m.get("bill_total"),
        Some(rupiah_text_to_sen(total).as_str())
    );
    assert_eq!(m.items.len(), items.len());
    for ((sent_item, rupiah), item) in m.items.iter().zip(items).zip(&bill.item) {
        assert_eq!(sent_item.get("product"), Some(&item.product));
        assert_eq!(sent_item.get("qty"), Some(&item.qty));
        assert_eq!(sent_item.get("amount"), Some(&rupiah_text_to_sen(rupiah)));
    }
}

/// Re-checks a notification the sandbox sent (JSON or XML body): readable by our readers and
/// signed `sha1(md5(user_id + password + bill_no + payment_status_code))`. Returns it.
pub fn check_notification(user_id: &str, password: &str, body: &[u8]) -> Message {
    let m = read_json(body)
        .or_else(|_| read_xml(body))
        .unwrap_or_else(|e| panic!("unreadable notification ({e}): {body:?}"));
    let bill_no = m.get("bill_no").expect("bill_no");
    let status = m.get("payment_status_code").expect("payment_status_code");
    assert_eq!(
        m.get("signature"),
        Some(signature(user_id, password, &format!("{bill_no}{status}")).as_str()),
        "notification signature: {m:?}"
    );
    m
}

/// Re-checks a long test's requests as they come: each call drains the sandbox's bounded
/// request log ([`Sandbox::take_received_requests`]), asserts no request fell out of it since
/// the last call (the sequence numbers follow on), checks every one with
/// [`check_requests`], and hands each readable Faspay request to `each`.
#[derive(Debug, Default)]
pub struct Drain {
    /// The `seq` of the last request seen.
    pub last_seq: u64,
    /// Faspay requests checked so far.
    pub checked: usize,
}

impl Drain {
    pub fn run(&mut self, sandbox: &Sandbox, mut each: impl FnMut(Kind, &Message)) -> usize {
        let options = sandbox.options();
        let taken = sandbox.take_received_requests();
        if let Some(first) = taken.first() {
            assert_eq!(
                first.seq,
                self.last_seq + 1,
                "requests fell out of the sandbox's log between two drains"
            );
            self.last_seq = taken.last().map_or(self.last_seq, |r| r.seq);
        }
        let checked = check_requests(&options.user_id, &options.password, &taken);
        for r in &taken {
            if let Some(Ok((kind, message))) = read_request(r) {
                each(kind, &message);
            }
        }
        self.checked += checked;
        checked
    }
}
