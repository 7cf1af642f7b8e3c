//! The bill: the input of `create_transaction` with Faspay's own field names
//! (docs/protocol.md), the defaults the SDK fills, and its wire form.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::amount::Amount;
use crate::config::Config;
use crate::datetime::FaspayDateTime;
use crate::error::{Error, Result};
use crate::serde_text::{one_or_many, opt_text, text};
use crate::signature::post_data_signature;
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
        let bill_date = self.bill_date.unwrap_or(now);
        let bill_expired = self
            .bill_expired
            .unwrap_or_else(|| bill_date.plus(config.bill_validity));
        validate::bill(self, config, bill_date, bill_expired)?;

        let unit = config.amount_unit;
        let amount = |field: &str, a: Option<Amount>| -> Result<Option<String>> {
            a.map(|a| {
                a.to_wire(unit).map_err(|e| {
                    Error::invalid_field(field, e.message().trim_start_matches("amount: "))
                })
            })
            .transpose()
        };
        let or = |v: &Option<String>, d: &str| v.clone().unwrap_or_else(|| d.to_string());

        let mut f = Fields::with_capacity(48 + self.extra.len());
        f.push_known("request", or(&self.request, POST_DATA_REQUEST));
        f.push_known("merchant_id", or(&self.merchant_id, &config.merchant_id));
        f.push_known("merchant", or(&self.merchant, &config.merchant_name));
        f.push_known("bill_no", &self.bill_no);
        f.push_known("bill_reff", or(&self.bill_reff, &self.bill_no));
        f.push_known("bill_date", bill_date.to_string());
        f.push_known("bill_expired", bill_expired.to_string());
        f.push_known("bill_desc", &self.bill_desc);
        f.push_known("bill_currency", or(&self.bill_currency, "IDR"));
        f.push_known_some("bill_gross", amount("bill_gross", self.bill_gross)?);
        f.push_known_some("bill_tax", amount("bill_tax", self.bill_tax)?);
        f.push_known_some("bill_miscfee", amount("bill_miscfee", self.bill_miscfee)?);
        f.push_known_some("bill_total", amount("bill_total", self.bill_total)?);
        f.push_known("cust_no", &self.cust_no);
        f.push_known("cust_name", &self.cust_name);
        f.push_known_opt("cust_lastname", self.cust_lastname.as_deref());
        f.push_known("payment_channel", &self.payment_channel);
        f.push_known("pay_type", or(&self.pay_type, "1"));
        f.push_known_opt("bank_userid", self.bank_userid.as_deref());
        f.push_known("msisdn", &self.msisdn);
        f.push_known("email", &self.email);
        f.push_known("terminal", or(&self.terminal, "10"));
        for (key, value) in self.optional_address_fields() {
            f.push_known_opt(key, value);
        }
        let mut items = Vec::with_capacity(self.item.len());
        for (i, item) in self.item.iter().enumerate() {
            let mut it = Fields::with_capacity(10 + item.extra.len());
            it.push_known_opt("id", item.id.as_deref());
            it.push_known("product", &item.product);
            it.push_known("qty", &item.qty);
            let item_amount = item.amount.map(|a| {
                a.to_wire(unit).map_err(|e| {
                    let field = format!("item[{i}].amount");
                    Error::invalid_field(&field, e.message().trim_start_matches("amount: "))
                })
            });
            it.push_known_some("amount", item_amount.transpose()?);
            it.push_known("payment_plan", or(&item.payment_plan, "1"));
            it.push_known("merchant_id", or(&item.merchant_id, &config.merchant_id));
            it.push_known("tenor", or(&item.tenor, "00"));
            it.push_known_opt("type", item.item_type.as_deref());
            it.push_known_opt("url", item.url.as_deref());
            it.push_known_opt("image_url", item.image_url.as_deref());
            for (key, value) in &item.extra {
                it.push_text(key.as_str(), value.as_str());
            }
            items.push(WireValue::Object(it));
        }
        f.push_known_value("item", WireValue::List(items));
        f.push_known("reserve1", or(&self.reserve1, ""));
        f.push_known("reserve2", or(&self.reserve2, ""));
        for (key, value) in &self.extra {
            f.push_text(key.as_str(), value.as_str());
        }
        f.push_known(
            "signature",
            post_data_signature(&config.user_id, config.password.expose(), &self.bill_no),
        );
        Ok(f)
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
