//! Payment Channel Inquiry (`cvr/100001`, docs/protocol.md): the enabled channels.

use faspay::{Fields, Operation, WireValue};

use crate::app::App;
use crate::channels::CHANNELS;
use crate::fidelity::Findings;
use crate::validation::{self, Checked};

pub const RESPONSE: &str = "Daftar Payment Channel";

const KNOWN: &[&str] = &["request", "merchant_id", "merchant", "signature"];

pub fn handle(app: &App, f: &Fields) -> Checked<Fields> {
    let o = app.options();
    let mut findings = Findings::new(o.strict);
    findings.extra_fields(f, KNOWN, &[], "")?;
    validation::require(f, &["merchant_id", "signature"])?;
    let expected = faspay::channel_inquiry_signature(&o.user_id, &o.password);
    validation::signature(&expected, f.text_or_empty("signature"))?;
    validation::merchant(f, &o.merchant_id)?;
    app.record_findings(Operation::PaymentChannels, findings, None, None);
    let channels = CHANNELS
        .iter()
        .map(|(code, name)| {
            let mut c = Fields::new();
            c.push_text("pg_code", *code);
            c.push_text("pg_name", *name);
            WireValue::Object(c)
        })
        .collect();
    let mut out = Fields::new();
    out.push_text("response", RESPONSE);
    out.push_text("merchant_id", &o.merchant_id);
    out.push_text("merchant", &o.merchant_name);
    out.push("payment_channel", WireValue::List(channels));
    out.push_text("response_code", "00");
    out.push_text("response_desc", "Sukses");
    Ok(out)
}
