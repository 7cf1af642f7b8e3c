//! The TypeScript shape of a bill (core `bill.rs`). The object itself is read by `bill_de`
//! (or, when that steps aside, by `value::to_json` and the core's `Bill::from_json_value`), so
//! this file only types it.

#![allow(dead_code)] // typing only: bills are read key by key, never through these structs

/// One purchased item (`item` on the wire).
#[napi(object, object_to_js = false)]
pub struct Item {
    pub id: Option<String>,
    /// Item name, up to 50 characters.
    pub product: String,
    /// Quantity (digits).
    #[napi(ts_type = "string | number")]
    pub qty: String,
    /// Price in rupiah.
    #[napi(ts_type = "number | string | bigint")]
    pub amount: String,
    #[napi(js_name = "payment_plan")]
    pub payment_plan: Option<String>,
    pub tenor: Option<String>,
    #[napi(js_name = "merchant_id")]
    pub merchant_id: Option<String>,
    #[napi(js_name = "type")]
    pub item_type: Option<String>,
    pub url: Option<String>,
    #[napi(js_name = "image_url")]
    pub image_url: Option<String>,
}

/// A bill for `createTransaction`, with Faspay's field names. Amounts are rupiah: a
/// number (a safe integer, or a fraction of at most 2 decimals as written: `10000.5`), a
/// decimal string (`"10000.50"`) or a bigint. Dates are a `Date` or
/// `"YYYY-MM-DD HH:MM:SS"` in WIB.
#[napi(object, object_to_js = false)]
pub struct Bill {
    #[napi(js_name = "bill_no")]
    pub bill_no: String,
    #[napi(js_name = "bill_desc")]
    pub bill_desc: String,
    #[napi(js_name = "bill_total", ts_type = "number | string | bigint")]
    pub bill_total: String,
    /// The channel code, e.g. `"812"` for OVO.
    #[napi(js_name = "payment_channel", ts_type = "string | number")]
    pub payment_channel: String,
    #[napi(js_name = "cust_no", ts_type = "string | number")]
    pub cust_no: String,
    #[napi(js_name = "cust_name")]
    pub cust_name: String,
    pub msisdn: String,
    pub email: String,
    #[napi(ts_type = "Item | Item[]")]
    pub item: String,
    #[napi(js_name = "bill_date", ts_type = "Date | string")]
    pub bill_date: Option<String>,
    #[napi(js_name = "bill_expired", ts_type = "Date | string")]
    pub bill_expired: Option<String>,
    #[napi(js_name = "bill_gross", ts_type = "number | string | bigint")]
    pub bill_gross: Option<String>,
    #[napi(js_name = "bill_tax", ts_type = "number | string | bigint")]
    pub bill_tax: Option<String>,
    #[napi(js_name = "bill_miscfee", ts_type = "number | string | bigint")]
    pub bill_miscfee: Option<String>,
    #[napi(js_name = "bill_reff")]
    pub bill_reff: Option<String>,
    #[napi(js_name = "bill_currency")]
    pub bill_currency: Option<String>,
    #[napi(js_name = "cust_lastname")]
    pub cust_lastname: Option<String>,
    #[napi(js_name = "pay_type")]
    pub pay_type: Option<String>,
    #[napi(js_name = "bank_userid")]
    pub bank_userid: Option<String>,
    pub terminal: Option<String>,
    #[napi(js_name = "billing_name")]
    pub billing_name: Option<String>,
    #[napi(js_name = "billing_lastname")]
    pub billing_lastname: Option<String>,
    #[napi(js_name = "billing_address")]
    pub billing_address: Option<String>,
    #[napi(js_name = "billing_address_city")]
    pub billing_address_city: Option<String>,
    #[napi(js_name = "billing_address_region")]
    pub billing_address_region: Option<String>,
    #[napi(js_name = "billing_address_state")]
    pub billing_address_state: Option<String>,
    #[napi(js_name = "billing_address_poscode")]
    pub billing_address_poscode: Option<String>,
    #[napi(js_name = "billing_msisdn")]
    pub billing_msisdn: Option<String>,
    #[napi(js_name = "billing_address_country_code")]
    pub billing_address_country_code: Option<String>,
    #[napi(js_name = "receiver_name_for_shipping")]
    pub receiver_name_for_shipping: Option<String>,
    #[napi(js_name = "shipping_lastname")]
    pub shipping_lastname: Option<String>,
    #[napi(js_name = "shipping_address")]
    pub shipping_address: Option<String>,
    #[napi(js_name = "shipping_address_city")]
    pub shipping_address_city: Option<String>,
    #[napi(js_name = "shipping_address_region")]
    pub shipping_address_region: Option<String>,
    #[napi(js_name = "shipping_address_state")]
    pub shipping_address_state: Option<String>,
    #[napi(js_name = "shipping_address_poscode")]
    pub shipping_address_poscode: Option<String>,
    #[napi(js_name = "shipping_msisdn")]
    pub shipping_msisdn: Option<String>,
    #[napi(js_name = "shipping_address_country_code")]
    pub shipping_address_country_code: Option<String>,
    pub reserve1: Option<String>,
    pub reserve2: Option<String>,
    pub request: Option<String>,
    #[napi(js_name = "merchant_id")]
    pub merchant_id: Option<String>,
    pub merchant: Option<String>,
    /// Channel-specific fields Faspay added after this SDK; sent as given.
    #[napi(ts_type = "Record<string, string>")]
    pub extra: Option<String>,
}
