//! The fidelity policy: what the sandbox accepts although Faspay's docs would not list it.
//! Real clients (Faspay's own SDKs and plugins among them) send fields and shapes the docs do
//! not describe, and Faspay answers them. The sandbox accepts them too, keeps what it was
//! sent, and records a [`Warning`] saying which refusal code the docs' letter would give; in
//! strict mode that code is the answer instead. The table in the crate README is the policy.

use std::collections::{HashSet, VecDeque};

use faspay::{Fields, Operation, WireValue};
use serde_json::Value;

use crate::validation::{Checked, Rejection};

/// Bill fields that are not in the docs' Post Data table but are sent by Faspay's own SDKs
/// and plugins: `trx_source` (official PHP SDK), `term_condition`, `return_url`,
/// `va_number` / `va_type`, `payment_type`.
pub const UNDOCUMENTED_BILL_FIELDS: &[&str] = &[
    "trx_source",
    "term_condition",
    "return_url",
    "va_number",
    "va_type",
    "payment_type",
];

/// Item fields outside the docs' item table that an official XML plugin sends inside
/// `<item>`.
pub const UNDOCUMENTED_ITEM_FIELDS: &[&str] = &["reserve1", "reserve2"];

/// The longest `cust_no` accepted: the docs say 32, a public client's suite that ran against
/// Faspay's sandbox sends 36-character UUIDs.
pub const CUST_NO_OBSERVED_MAX: usize = 36;
/// The docs' `cust_no` limit; longer values (up to [`CUST_NO_OBSERVED_MAX`]) warn.
pub const CUST_NO_DOCS_MAX: usize = 32;

/// Most warnings kept by one sandbox; the oldest go first (a client polling forever must not
/// grow memory without bound).
pub const MAX_WARNINGS: usize = 10_000;

/// Extra fields kept per request (the first ones), the bytes of a kept name and of a kept
/// value: what a test needs to see what it sent, while a hostile client's 1 MiB of extra
/// fields leaves a few KiB per transaction instead of all of it (a longer name or value is
/// cut at a character boundary and ends in `…`).
pub const MAX_EXTRA_FIELDS_KEPT: usize = 32;
pub const MAX_EXTRA_NAME_BYTES: usize = 64;
pub const MAX_EXTRA_VALUE_BYTES: usize = 256;

/// What a warning is about. Each kind has the code the docs' letter (and strict mode) gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WarningKind {
    /// A field neither the docs nor any known client sends (strict: `84`).
    UnknownField,
    /// A field outside the docs that Faspay's own SDKs or plugins send (strict: `84`).
    UndocumentedField,
    /// `bill_currency` absent, null or empty: IDR was assumed (strict: `85`).
    CurrencyDefaulted,
    /// `merchant` absent (strict: `85`).
    MerchantMissing,
    /// Longer than the docs allow but within what clients are seen sending (strict: `30`).
    LongerThanDocs,
    /// A `bill_no` an earlier transaction already used (strict: `14`).
    BillNoReused,
    /// An amount written with a decimal point, e.g. `10000.00` (strict: `13`).
    DecimalAmount,
}

impl WarningKind {
    /// Every kind, for documentation and tests.
    pub const ALL: [WarningKind; 7] = [
        WarningKind::UnknownField,
        WarningKind::UndocumentedField,
        WarningKind::CurrencyDefaulted,
        WarningKind::MerchantMissing,
        WarningKind::LongerThanDocs,
        WarningKind::BillNoReused,
        WarningKind::DecimalAmount,
    ];

    /// The stable name used by the admin API and the bindings.
    pub fn name(self) -> &'static str {
        match self {
            WarningKind::UnknownField => "unknown_field",
            WarningKind::UndocumentedField => "undocumented_field",
            WarningKind::CurrencyDefaulted => "currency_defaulted",
            WarningKind::MerchantMissing => "merchant_missing",
            WarningKind::LongerThanDocs => "longer_than_docs",
            WarningKind::BillNoReused => "bill_no_reused",
            WarningKind::DecimalAmount => "decimal_amount",
        }
    }

    /// Faspay's response code for this case by the docs' letter (the strict answer).
    pub fn code(self) -> &'static str {
        match self {
            WarningKind::UnknownField | WarningKind::UndocumentedField => "84",
            WarningKind::CurrencyDefaulted | WarningKind::MerchantMissing => "85",
            WarningKind::LongerThanDocs => "30",
            WarningKind::BillNoReused => "14",
            WarningKind::DecimalAmount => "13",
        }
    }

    fn description(self) -> &'static str {
        match self {
            WarningKind::UnknownField | WarningKind::UndocumentedField => "Unregistered Parameters",
            WarningKind::CurrencyDefaulted | WarningKind::MerchantMissing => {
                "Insufficient Parameters"
            }
            WarningKind::LongerThanDocs => "Format Error",
            WarningKind::BillNoReused => "Invalid Order",
            WarningKind::DecimalAmount => "Invalid Amount",
        }
    }
}

/// Something the sandbox accepted that Faspay's docs would refuse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The endpoint that received it.
    pub operation: Operation,
    /// The transaction it concerns, when there is one.
    pub trx_id: Option<String>,
    /// The request's `bill_no`, when it had one.
    pub bill_no: Option<String>,
    pub kind: WarningKind,
    /// The field, e.g. `trx_source`, `item[0].reserve1`, `bill_currency`.
    pub field: String,
    /// The response code strict mode answers (= `kind.code()`).
    pub code: &'static str,
    /// What was accepted and what Faspay's docs say.
    pub message: String,
}

/// One finding while checking a request, before it is known to be accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: WarningKind,
    pub field: String,
    pub message: String,
}

/// The findings of one request: warnings and the extra fields kept. In strict mode the first
/// finding is the refusal instead.
#[derive(Debug, Default)]
pub struct Findings {
    strict: bool,
    pub found: Vec<Finding>,
    /// Fields outside the docs, as `name` (or `item[i].name`) and their text.
    pub extra_fields: Vec<(String, String)>,
}

impl Findings {
    /// Findings of a sandbox in (or not in) strict mode.
    pub fn new(strict: bool) -> Findings {
        Findings {
            strict,
            ..Findings::default()
        }
    }

    /// Records a finding; in strict mode refuses with the kind's code instead.
    pub fn warn(
        &mut self,
        kind: WarningKind,
        field: &str,
        message: impl Into<String>,
    ) -> Checked<()> {
        if self.strict {
            // Faspay's own wording: the description and the field.
            return Err(Rejection::new(
                kind.code(),
                format!("{}: {field}", kind.description()),
            ));
        }
        let message = message.into();
        self.found.push(Finding {
            kind,
            field: field.to_string(),
            message,
        });
        Ok(())
    }

    /// Keeps and warns about every field of `fields` outside `known`: `undocumented` ones (sent
    /// by Faspay's own clients) and unknown ones. `prefix` names the object (`item[0].`).
    pub fn extra_fields(
        &mut self,
        fields: &Fields,
        known: &[&str],
        undocumented: &[&str],
        prefix: &str,
    ) -> Checked<()> {
        for (key, value) in fields.iter() {
            if known.contains(&key) {
                continue;
            }
            let name = clip(format!("{prefix}{key}"), MAX_EXTRA_NAME_BYTES);
            if undocumented.contains(&key) {
                self.warn(
                    WarningKind::UndocumentedField,
                    &name,
                    format!(
                        "{name} is not in Faspay's docs (sent by Faspay's own SDKs or plugins); \
                         kept, not used"
                    ),
                )?;
            } else {
                self.warn(
                    WarningKind::UnknownField,
                    &name,
                    format!("{name} is not a Faspay field; kept, not used"),
                )?;
            }
            if self.extra_fields.len() < MAX_EXTRA_FIELDS_KEPT {
                self.extra_fields
                    .push((name, clip(text_of(value), MAX_EXTRA_VALUE_BYTES)));
            }
        }
        Ok(())
    }

    /// The warnings of an accepted request.
    pub fn into_warnings(
        self,
        operation: Operation,
        trx_id: Option<&str>,
        bill_no: Option<&str>,
    ) -> (Vec<Warning>, Vec<(String, String)>) {
        let warnings = self
            .found
            .into_iter()
            .map(|f| Warning {
                operation,
                trx_id: trx_id.map(str::to_string),
                bill_no: bill_no.map(str::to_string),
                kind: f.kind,
                code: f.kind.code(),
                field: f.field,
                message: f.message,
            })
            .collect();
        (warnings, self.extra_fields)
    }
}

/// A wire value as text: scalars as they are, nested values as compact JSON.
/// `text` cut to at most `max` bytes (at a character boundary, then `…`) when longer.
fn clip(text: String, max: usize) -> String {
    if text.len() > max {
        let mut end = max - '…'.len_utf8();
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        // A new string, not a truncated one: truncating keeps the whole allocation.
        let mut cut = String::with_capacity(end + '…'.len_utf8());
        cut.push_str(&text[..end]);
        cut.push('…');
        return cut;
    }
    text
}

fn text_of(value: &WireValue) -> String {
    fn json(value: &WireValue) -> Value {
        match value {
            WireValue::Text(t) => Value::String(t.clone()),
            WireValue::Object(f) => {
                Value::Object(f.iter().map(|(k, v)| (k.to_string(), json(v))).collect())
            }
            WireValue::List(items) => Value::Array(items.iter().map(json).collect()),
        }
    }
    match value {
        WireValue::Text(t) => t.clone(),
        nested => json(nested).to_string(),
    }
}

/// The warnings of one sandbox, oldest first: a warning already recorded for the same
/// operation, transaction, `bill_no`, kind and field is not repeated (a client polling a
/// transaction does not flood the list), and at most `max` are kept (oldest dropped).
#[derive(Debug)]
pub struct WarningLog {
    list: VecDeque<Warning>,
    seen: HashSet<WarningKey>,
    max: usize,
}

type WarningKey = (
    Operation,
    Option<String>,
    Option<String>,
    WarningKind,
    String,
);

fn key(w: &Warning) -> WarningKey {
    (
        w.operation,
        w.trx_id.clone(),
        w.bill_no.clone(),
        w.kind,
        w.field.clone(),
    )
}

impl Default for WarningLog {
    fn default() -> Self {
        WarningLog::with_capacity(MAX_WARNINGS)
    }
}

impl WarningLog {
    /// A log keeping at most `max` warnings.
    pub fn with_capacity(max: usize) -> WarningLog {
        WarningLog {
            list: VecDeque::new(),
            seen: HashSet::new(),
            max: max.max(1),
        }
    }

    /// Adds the warnings not recorded yet.
    pub fn record(&mut self, new: &[Warning]) {
        for w in new {
            if self.seen.insert(key(w)) {
                self.list.push_back(w.clone());
            }
            while self.list.len() > self.max {
                if let Some(old) = self.list.pop_front() {
                    self.seen.remove(&key(&old));
                }
            }
        }
    }

    /// Every warning kept, oldest first.
    pub fn all(&self) -> Vec<Warning> {
        self.list.iter().cloned().collect()
    }

    /// Forgets every warning.
    pub fn clear(&mut self) {
        self.list.clear();
        self.seen.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(json: &str) -> Fields {
        faspay::codec::decode(json.as_bytes(), faspay::Format::Json).unwrap()
    }

    #[test]
    fn extra_fields_kept_are_bounded_in_count_and_size() {
        let long_value = "é".repeat(1000);
        let long_name = "n".repeat(1000);
        let mut json = format!(r#"{{"{long_name}":"1","big":"{long_value}""#);
        for i in 0..100 {
            json.push_str(&format!(r#","x{i}":"{i}""#));
        }
        json.push('}');
        let mut lenient = Findings::new(false);
        lenient
            .extra_fields(&fields(&json), &[], &[], "item[0].")
            .unwrap();
        // Every extra field is still warned about, under its (cut) name.
        assert_eq!(lenient.found.len(), 102);
        assert!(
            lenient
                .found
                .iter()
                .all(|f| f.field.len() <= MAX_EXTRA_NAME_BYTES)
        );
        assert_eq!(lenient.extra_fields.len(), MAX_EXTRA_FIELDS_KEPT);
        let (name, value) = &lenient.extra_fields[0];
        assert_eq!(name.len(), MAX_EXTRA_NAME_BYTES);
        assert!(
            name.starts_with("item[0].nnn") && name.ends_with('…'),
            "{name}"
        );
        let (name, value_big) = &lenient.extra_fields[1];
        assert_eq!(name, "item[0].big");
        assert!(value_big.len() <= MAX_EXTRA_VALUE_BYTES && value_big.ends_with("é…"));
        // What is kept is the cut text's size, not the received value's.
        assert!(
            value_big.capacity() <= MAX_EXTRA_VALUE_BYTES,
            "{}",
            value_big.capacity()
        );
        assert_eq!(value, "1");
        assert_eq!(lenient.extra_fields[2], ("item[0].x0".into(), "0".into()));
        assert_eq!(clip("abc".into(), 64), "abc");
    }

    #[test]
    fn extra_fields_warn_by_default_and_refuse_in_strict_mode() {
        let f = fields(r#"{"a":"1","trx_source":"3","colour":{"x":"y"}}"#);
        let mut lenient = Findings::new(false);
        lenient
            .extra_fields(&f, &["a"], UNDOCUMENTED_BILL_FIELDS, "")
            .unwrap();
        let kinds: Vec<_> = lenient.found.iter().map(|w| w.kind).collect();
        assert_eq!(
            kinds,
            [WarningKind::UndocumentedField, WarningKind::UnknownField]
        );
        assert_eq!(
            lenient.extra_fields,
            [
                ("trx_source".to_string(), "3".to_string()),
                ("colour".to_string(), r#"{"x":"y"}"#.to_string())
            ]
        );
        let mut strict = Findings::new(true);
        let refused = strict
            .extra_fields(&f, &["a"], UNDOCUMENTED_BILL_FIELDS, "")
            .unwrap_err();
        assert_eq!(refused.code, "84");
        assert!(refused.desc.contains("trx_source"), "{}", refused.desc);
    }

    #[test]
    fn every_kind_has_a_distinct_name_and_a_faspay_code() {
        let mut names: Vec<_> = WarningKind::ALL.iter().map(|k| k.name()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), WarningKind::ALL.len());
        for kind in WarningKind::ALL {
            assert!(["84", "85", "30", "14", "13"].contains(&kind.code()));
        }
    }

    #[test]
    fn recording_skips_repeats_and_keeps_the_newest() {
        let w = |field: &str| Warning {
            operation: Operation::PaymentStatus,
            trx_id: Some("1".into()),
            bill_no: Some("B".into()),
            kind: WarningKind::UnknownField,
            field: field.into(),
            code: "84",
            message: String::new(),
        };
        let mut log = WarningLog::with_capacity(3);
        log.record(&[w("a"), w("a"), w("b")]);
        assert_eq!(log.all().len(), 2);
        log.record(&[w("c"), w("d")]);
        let fields: Vec<_> = log.all().into_iter().map(|w| w.field).collect();
        assert_eq!(fields, ["b", "c", "d"]);
        // "a" was dropped, so it counts as new again.
        log.record(&[w("a")]);
        assert_eq!(log.all().last().unwrap().field, "a");
        log.clear();
        assert!(log.all().is_empty());
    }
}
