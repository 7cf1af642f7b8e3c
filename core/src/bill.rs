//! The bill: the input of `create_transaction` with Faspay's own field names
//! (docs/protocol.md), the defaults the SDK fills, and its wire form.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::amount::Amount;
use crate::codec::{self, FieldSink, Format};
use crate::config::Config;
use crate::datetime::FaspayDateTime;
use crate::error::{Error, Result};
use crate::serde_text::{one_or_many, opt_text, text};
use crate::signature::{hex_str, post_data_signature_hex};
use crate::validate;
use crate::wire::{Fields, WireValue};

/// Dynamic bills may not expire more than 30 days after `bill_date`.
pub const MAX_BILL_VALIDITY: Duration = Duration::from_secs(30 * 24 * 3600);

/// The default `request` text of a post-data call.
pub const POST_DATA_REQUEST: &str = "Post Data Transaction";

/// One purchased item (`item` on the wire).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    #[serde(
        default,
        deserialize_with = "opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub id: Option<String>,
    /// Item name, up to 50 characters.
    #[serde(default, deserialize_with = "text")]
    pub product: String,
    /// Quantity (digits).
    #[serde(default, deserialize_with = "text")]
    pub qty: String,
    /// Price in rupiah (line subtotal per Faspay's plugins).
    pub amount: Option<Amount>,
    /// `1` full settlement (default) or `2` installment.
    #[serde(
        default,
        deserialize_with = "opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub payment_plan: Option<String>,
    /// `00` (default), `03`, `06`, `12`, `24` months.
    #[serde(
        default,
        deserialize_with = "opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub tenor: Option<String>,
    /// Channel-side merchant id; defaults to the configured `merchant_id`.
    #[serde(
        default,
        deserialize_with = "opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub merchant_id: Option<String>,
    #[serde(
        rename = "type",
        default,
        deserialize_with = "opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub item_type: Option<String>,
    #[serde(
        default,
        deserialize_with = "opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub url: Option<String>,
    #[serde(
        default,
        deserialize_with = "opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub image_url: Option<String>,
    /// Item fields outside Faspay's item table (e.g. `reserve1`, which an official plugin
    /// sends inside each item); sent as given, after the known fields.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, String>,
}

macro_rules! bill_struct {
    ($( $(#[$doc:meta])* $field:ident ),* $(,)?) => {
        /// A bill for `create_transaction`. Required: `bill_no`, `bill_desc`, `bill_total`,
        /// `payment_channel`, `cust_no`, `cust_name`, `msisdn`, `email`, `item` (and
        /// `billing_name` for OVO). Everything else has a default or is optional; a value
        /// given here always wins over a default.
        #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct Bill {
            #[serde(default, deserialize_with = "text")]
            pub bill_no: String,
            #[serde(default, deserialize_with = "text")]
            pub bill_desc: String,
            pub bill_total: Option<Amount>,
            #[serde(default, deserialize_with = "text")]
            pub payment_channel: String,
            #[serde(default, deserialize_with = "text")]
            pub cust_no: String,
            #[serde(default, deserialize_with = "text")]
            pub cust_name: String,
            #[serde(default, deserialize_with = "text")]
            pub msisdn: String,
            #[serde(default, deserialize_with = "text")]
            pub email: String,
            /// One object or a list on input; always sent as a list.
            #[serde(default, deserialize_with = "one_or_many")]
            pub item: Vec<Item>,
            pub bill_date: Option<FaspayDateTime>,
            pub bill_expired: Option<FaspayDateTime>,
            pub bill_gross: Option<Amount>,
            pub bill_tax: Option<Amount>,
            pub bill_miscfee: Option<Amount>,
            $( $(#[$doc])*
            #[serde(default, deserialize_with = "opt_text", skip_serializing_if = "Option::is_none")]
            pub $field: Option<String>, )*
            /// Channel-specific fields Faspay added after this SDK; sent as given, after the
            /// known fields. Keys must not repeat a known field.
            #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
            pub extra: BTreeMap<String, String>,
        }
    };
}

bill_struct!(
    /// Defaults to `bill_no`.
    bill_reff,
    /// Must be `IDR` (the default).
    bill_currency,
    cust_lastname,
    /// `1` (default) full settlement; `2`/`3` only for BCA KlikPay.
    pay_type,
    bank_userid,
    /// `10` (web, the default).
    terminal,
    /// Required for OVO (812).
    billing_name,
    billing_lastname,
    billing_address,
    billing_address_city,
    billing_address_region,
    billing_address_state,
    billing_address_poscode,
    billing_msisdn,
    billing_address_country_code,
    receiver_name_for_shipping,
    shipping_lastname,
    shipping_address,
    shipping_address_city,
    shipping_address_region,
    shipping_address_state,
    shipping_address_poscode,
    shipping_msisdn,
    shipping_address_country_code,
    reserve1,
    reserve2,
    /// Defaults to "Post Data Transaction".
    request,
    /// Defaults to the configured merchant id (must equal it).
    merchant_id,
    /// Defaults to the configured merchant name.
    merchant,
);

impl Bill {
    /// Reads a bill from JSON text (the schema `faspay create`, tools and every binding take).
    /// Errors name the offending field path, e.g. `item[0].amount`. Keys outside Faspay's
    /// tables go to `extra` (of the bill or of the item) and are sent as given, as Faspay
    /// accepts them; a repeated key, or one a typing slip away from a known field
    /// (`bill_expire`), is refused.
    pub fn from_json(json: &str) -> Result<Bill> {
        Bill::from_normalized(crate::bill_json::normalized(json)?)
    }

    /// Reads a bill from a JSON tree built in memory, with the same rules as
    /// [`Bill::from_json`]: a binding converts its host value (a Python dict, a JS object)
    /// straight into this tree, with no JSON text in between.
    pub fn from_json_value(value: serde_json::Value) -> Result<Bill> {
        Bill::from_normalized(crate::bill_json::lifted(value)?)
    }

    fn from_normalized(value: serde_json::Value) -> Result<Bill> {
        serde_path_to_error::deserialize(value).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            let msg = inner.to_string();
            // serde_json appends " at line L column C"; the path says more.
            let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
            if path.is_empty() || path == "." {
                Error::invalid(format!("bill: {msg}"))
            } else {
                Error::invalid_field(&path, msg)
            }
        })
    }

    /// Validates the bill and writes it as wire fields (defaults filled, amounts scaled,
    /// signature added), in the field order of Faspay's docs. `now` is used for `bill_date`
    /// when the bill has none.
    pub fn to_fields(&self, config: &Config, now: FaspayDateTime) -> Result<Fields> {
        let mut fields = FieldsBuilder {
            root: Fields::with_capacity(48 + self.extra.len()),
            list: ("", Vec::new()),
            item: None,
        };
        self.write_wire(config, now, &mut fields)?;
        Ok(fields.root)
    }

    /// The body of `create_transaction` in `format`: the bytes `codec::encode` writes for
    /// [`Bill::to_fields`], written straight from the bill into one buffer (no field list, no
    /// copies of the bill's text).
    pub(crate) fn encode(
        &self,
        config: &Config,
        now: FaspayDateTime,
        format: Format,
    ) -> Result<Vec<u8>> {
        // Room for the fixed fields plus each item (one OVO bill: about 1.3 KB of JSON, 2 KB
        // of XML), so the buffer rarely grows.
        let (base, per_item) = match format {
            Format::Json => (1536, 256),
            Format::Xml => (2304, 384),
        };
        let extra: usize = self
            .extra
            .iter()
            .map(|(k, v)| 2 * k.len() + v.len() + 16)
            .sum();
        let capacity = base + per_item * self.item.len() + extra;
        codec::encode_with(format, capacity, |sink| self.write_wire(config, now, sink))
    }

    /// Validates the bill and writes its wire fields into `sink`, in wire order.
    fn write_wire(
        &self,
        config: &Config,
        now: FaspayDateTime,
        sink: &mut dyn FieldSink,
    ) -> Result<()> {
        let bill_date = self.bill_date.unwrap_or(now);
        let bill_expired = self
            .bill_expired
            .unwrap_or_else(|| bill_date.plus(config.bill_validity));
        validate::bill(self, config, bill_date, bill_expired)?;

        let unit = config.amount_unit;
        let amount = |sink: &mut dyn FieldSink, field: &'static str, a: Option<Amount>| {
            if let Some(a) = a {
                let digits = a.wire_digits(unit).map_err(|e| {
                    Error::invalid_field(field, e.message().trim_start_matches("amount: "))
                })?;
                sink.text(field, digits.as_str());
            }
            Ok::<(), Error>(())
        };
        fn or<'a>(v: &'a Option<String>, default: &'a str) -> &'a str {
            v.as_deref().unwrap_or(default)
        }
        let opt = |sink: &mut dyn FieldSink, key: &'static str, v: Option<&str>| {
            if let Some(v) = v {
                sink.text(key, v);
            }
        };

        sink.text("request", or(&self.request, POST_DATA_REQUEST));
        sink.text("merchant_id", or(&self.merchant_id, &config.merchant_id));
        sink.text("merchant", or(&self.merchant, &config.merchant_name));
        sink.text("bill_no", &self.bill_no);
        sink.text("bill_reff", or(&self.bill_reff, &self.bill_no));
        sink.text("bill_date", bill_date.text().as_str());
        sink.text("bill_expired", bill_expired.text().as_str());
        sink.text("bill_desc", &self.bill_desc);
        sink.text("bill_currency", or(&self.bill_currency, "IDR"));
        amount(sink, "bill_gross", self.bill_gross)?;
        amount(sink, "bill_tax", self.bill_tax)?;
        amount(sink, "bill_miscfee", self.bill_miscfee)?;
        amount(sink, "bill_total", self.bill_total)?;
        sink.text("cust_no", &self.cust_no);
        sink.text("cust_name", &self.cust_name);
        opt(sink, "cust_lastname", self.cust_lastname.as_deref());
        sink.text("payment_channel", &self.payment_channel);
        sink.text("pay_type", or(&self.pay_type, "1"));
        opt(sink, "bank_userid", self.bank_userid.as_deref());
        sink.text("msisdn", &self.msisdn);
        sink.text("email", &self.email);
        sink.text("terminal", or(&self.terminal, "10"));
        for (key, value) in self.optional_address_fields() {
            opt(sink, key, value);
        }
        sink.begin_list("item");
        for (i, item) in self.item.iter().enumerate() {
            sink.begin_item();
            opt(sink, "id", item.id.as_deref());
            sink.text("product", &item.product);
            sink.text("qty", &item.qty);
            if let Some(a) = item.amount {
                let digits = a.wire_digits(unit).map_err(|e| {
                    let field = format!("item[{i}].amount");
                    Error::invalid_field(&field, e.message().trim_start_matches("amount: "))
                })?;
                sink.text("amount", digits.as_str());
            }
            sink.text("payment_plan", or(&item.payment_plan, "1"));
            sink.text("merchant_id", or(&item.merchant_id, &config.merchant_id));
            sink.text("tenor", or(&item.tenor, "00"));
            opt(sink, "type", item.item_type.as_deref());
            opt(sink, "url", item.url.as_deref());
            opt(sink, "image_url", item.image_url.as_deref());
            for (key, value) in &item.extra {
                sink.named_text(key, value);
            }
            sink.end_item();
        }
        sink.end_list();
        sink.text("reserve1", or(&self.reserve1, ""));
        sink.text("reserve2", or(&self.reserve2, ""));
        for (key, value) in &self.extra {
            sink.named_text(key, value);
        }
        let signature =
            post_data_signature_hex(&config.user_id, config.password.expose(), &self.bill_no);
        sink.text("signature", hex_str(&signature));
        Ok(())
    }

    /// The optional billing and shipping fields, in wire order.
    pub(crate) fn optional_address_fields(&self) -> [(&'static str, Option<&str>); 18] {
        [
            ("billing_name", self.billing_name.as_deref()),
            ("billing_lastname", self.billing_lastname.as_deref()),
            ("billing_address", self.billing_address.as_deref()),
            ("billing_address_city", self.billing_address_city.as_deref()),
            (
                "billing_address_region",
                self.billing_address_region.as_deref(),
            ),
            (
                "billing_address_state",
                self.billing_address_state.as_deref(),
            ),
            (
                "billing_address_poscode",
                self.billing_address_poscode.as_deref(),
            ),
            ("billing_msisdn", self.billing_msisdn.as_deref()),
            (
                "billing_address_country_code",
                self.billing_address_country_code.as_deref(),
            ),
            (
                "receiver_name_for_shipping",
                self.receiver_name_for_shipping.as_deref(),
            ),
            ("shipping_lastname", self.shipping_lastname.as_deref()),
            ("shipping_address", self.shipping_address.as_deref()),
            (
                "shipping_address_city",
                self.shipping_address_city.as_deref(),
            ),
            (
                "shipping_address_region",
                self.shipping_address_region.as_deref(),
            ),
            (
                "shipping_address_state",
                self.shipping_address_state.as_deref(),
            ),
            (
                "shipping_address_poscode",
                self.shipping_address_poscode.as_deref(),
            ),
            ("shipping_msisdn", self.shipping_msisdn.as_deref()),
            (
                "shipping_address_country_code",
                self.shipping_address_country_code.as_deref(),
            ),
        ]
    }
}

/// Keeps what [`Bill::to_fields`] writes as a [`Fields`] list.
struct FieldsBuilder {
    root: Fields,
    /// The open list's name and items.
    list: (&'static str, Vec<WireValue>),
    /// The open item.
    item: Option<Fields>,
}

impl FieldsBuilder {
    fn target(&mut self) -> &mut Fields {
        self.item.as_mut().unwrap_or(&mut self.root)
    }
}

impl FieldSink for FieldsBuilder {
    fn text(&mut self, key: &'static str, value: &str) {
        self.target().push_known(key, value);
    }

    fn named_text(&mut self, key: &str, value: &str) {
        self.target().push_text(key, value);
    }

    fn begin_list(&mut self, key: &'static str) {
        self.list = (key, Vec::new());
    }

    fn begin_item(&mut self) {
        self.item = Some(Fields::with_capacity(10));
    }

    fn end_item(&mut self) {
        if let Some(item) = self.item.take() {
            self.list.1.push(WireValue::Object(item));
        }
    }

    fn end_list(&mut self) {
        let (key, items) = std::mem::take(&mut self.list);
        self.root.push_known_value(key, WireValue::List(items));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::amount::AmountUnit;

    /// A bill with every optional field, extra fields, two items and text to escape.
    fn full_bill() -> Bill {
        let json = r#"{
            "bill_no": "B-1", "bill_desc": "Kopi & <Roti> \"x\" 'y'", "bill_total": "25000.50",
            "bill_gross": 25000, "bill_tax": "0.50", "bill_miscfee": 0,
            "bill_date": "2026-11-23 10:00:00", "bill_expired": "2026-11-24 10:00:00",
            "payment_channel": "812", "cust_no": "C-42", "cust_name": "Budi é 𝄞",
            "cust_lastname": "S", "bank_userid": "u", "billing_name": "Budi",
            "shipping_address": "Jl. \\ Merdeka", "msisdn": "081234567890",
            "email": "budi@example.com", "reserve1": "r1", "new_field": "n&1",
            "item": [
                {"product": "Kopi", "qty": 2, "amount": 20000, "type": "t", "url": "u",
                 "image_url": "i", "reserve1": "ir"},
                {"id": "R1", "product": "Roti \"Bakar\"", "qty": "1", "amount": "5000.50",
                 "tenor": "03", "payment_plan": "2"}
            ]
        }"#;
        Bill::from_json(json).unwrap()
    }

    #[test]
    fn encode_writes_the_bytes_of_the_field_list() {
        let now = FaspayDateTime::parse("2026-11-23 09:00:00").unwrap();
        let mut bills = vec![full_bill(), full_bill()];
        bills[1].bill_date = None;
        bills[1].bill_expired = None;
        bills[1].item.truncate(1);
        bills[1].extra.clear();
        for format in [Format::Json, Format::Xml] {
            for bill in &bills {
                let config = Config::new("99999", "Sophia Store", "bot99999", "p@ssw0rd");
                let fields = bill.to_fields(&config, now).unwrap();
                let body = bill.encode(&config, now, format).unwrap();
                assert_eq!(
                    String::from_utf8(body).unwrap(),
                    String::from_utf8(codec::encode(&fields, format)).unwrap()
                );
            }
        }
    }

    #[test]
    fn encode_refuses_what_to_fields_refuses() {
        let now = FaspayDateTime::parse("2026-11-23 09:00:00").unwrap();
        let mut config = Config::new("99999", "Sophia Store", "bot99999", "p@ssw0rd");
        config.amount_unit = AmountUnit::Rupiah;
        let bill = full_bill();
        let by_fields = bill.to_fields(&config, now).unwrap_err();
        let by_bytes = bill.encode(&config, now, Format::Json).unwrap_err();
        assert_eq!(by_fields.field(), Some("bill_tax"));
        assert_eq!(by_bytes.to_string(), by_fields.to_string());
        let mut item_cents = full_bill();
        item_cents.bill_total = Some(Amount::rupiah(25_000));
        item_cents.bill_tax = None;
        let e = item_cents.encode(&config, now, Format::Xml).unwrap_err();
        assert_eq!(e.field(), Some("item[1].amount"));
        assert_eq!(e.code(), crate::ErrorCode::InvalidArgument);
    }
}
