//! Turns an HTTP answer into a typed result or the right error: non-2xx is `TRANSPORT`, a body
//! that is not a Faspay message is `MALFORMED_RESPONSE`, Faspay's refusals are `API_ERROR`.

use crate::amount::AmountUnit;
use crate::codec::{Format, decode_document};
use crate::endpoint::Operation;
use crate::error::{Error, ErrorCode, Result};
use crate::model::{
    Cancellation, ChannelList, CreatedTransaction, OvoPushResult, PaymentStatus, Response,
};
use crate::wire::Fields;

/// Decodes the answer to `op`. `trx_id` fills the OVO push result when Faspay echoes none.
pub fn decode(
    op: Operation,
    status: u16,
    body: &[u8],
    unit: AmountUnit,
    trx_id: &str,
) -> Result<Response> {
    let context = op.name();
    if !(200..300).contains(&status) {
        let prefix =
            String::from_utf8_lossy(&body[..body.len().min(80)]).replace(['\r', '\n'], " ");
        return Err(Error::new(
            ErrorCode::Transport,
            format!("{context}: HTTP {status} from Faspay; body starts with {prefix:?}"),
        )
        .with_http_status(status)
        .with_request_sent(true));
    }
    if op == Operation::OvoPush && body.iter().all(u8::is_ascii_whitespace) {
        // The push answer is undocumented and may be empty: the outcome comes by notification.
        return Ok(Response::OvoPush(OvoPushResult::from_fields(
            Fields::new(),
            trx_id,
        )));
    }
    let fields = decode_fields(context, status, body)?;
    if let Some(envelope) = fields.object("response_error") {
        return Err(Error::api(
            envelope.text_or_empty("response_code").trim(),
            envelope.text_or_empty("response_desc").trim(),
            context,
        )
        .with_http_status(status));
    }
    let response_code = fields.text("response_code").map(str::trim);
    match response_code {
        Some("00") => {}
        Some(code) => {
            return Err(
                Error::api(code, fields.text_or_empty("response_desc").trim(), context)
                    .with_http_status(status),
            );
        }
        None if op == Operation::OvoPush => {}
        None => {
            return Err(Error::malformed(
                &format!("{context}: answer has no response_code"),
                Some(status),
                body,
            ));
        }
    }
    let with_status = |e: Error| {
        if e.code() == ErrorCode::MalformedResponse {
            let reason = format!("{context}: {}", e.message());
            let whole = Error::malformed(&reason, Some(status), body);
            match e.field() {
                Some(field) => whole.with_field(field),
                None => whole,
            }
        } else {
            e
        }
    };
    Ok(match op {
        Operation::PaymentChannels => Response::PaymentChannels(ChannelList::from_fields(fields)),
        Operation::CreateTransaction => Response::CreateTransaction(
            CreatedTransaction::from_fields(fields, unit).map_err(with_status)?,
        ),
        Operation::PaymentStatus => {
            Response::PaymentStatus(PaymentStatus::from_fields(fields, unit).map_err(with_status)?)
        }
        Operation::CancelTransaction => {
            Response::CancelTransaction(Cancellation::from_fields(fields).map_err(with_status)?)
        }
        Operation::OvoPush => Response::OvoPush(OvoPushResult::from_fields(fields, trx_id)),
    })
}

/// Sniffs and decodes a response body; anything but a `<faspay>` / `<response_error>` XML
/// document or a JSON object is malformed.
fn decode_fields(context: &str, status: u16, body: &[u8]) -> Result<Fields> {
    if is_html_page(body) {
        // A proxy, a login wall or an error page: say so rather than how its XML fails.
        return Err(Error::malformed(
            &format!("{context}: answer is an HTML page, not XML/JSON"),
            Some(status),
            body,
        ));
    }
    let Some(format) = Format::sniff(body) else {
        let what = if body.is_empty() {
            "empty answer"
        } else {
            "answer is neither JSON nor XML"
        };
        return Err(Error::malformed(
            &format!("{context}: {what}"),
            Some(status),
            body,
        ));
    };
    let (root, fields) = decode_document(body, format).map_err(|e| {
        Error::malformed(
            &format!("{context}: {} (truncated?)", e.0),
            Some(status),
            body,
        )
    })?;
    match root.as_deref() {
        None | Some("faspay") => Ok(fields),
        Some("response_error") => {
            let mut wrapped = Fields::new();
            wrapped.push("response_error", crate::wire::WireValue::Object(fields));
            Ok(wrapped)
        }
        Some(other) => Err(Error::malformed(
            &format!("{context}: answer is an XML <{other}> document, not a Faspay message"),
            Some(status),
            body,
        )),
    }
}

/// Whether a body is an HTML page (`<!DOCTYPE html`, `<html`), whatever the case and blanks.
fn is_html_page(body: &[u8]) -> bool {
    let start = body.trim_ascii_start();
    let head = &start[..start.len().min(15)];
    let lower = head.to_ascii_lowercase();
    lower.starts_with(b"<!doctype html") || lower.starts_with(b"<html")
}
