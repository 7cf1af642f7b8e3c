//! `faspay channels | create | status | cancel | push`: one Debit API call each, against the
//! offline sandbox (`--base-url`) or Faspay, printed for people or as JSON for scripts.

use std::io::Read;
use std::path::PathBuf;

use clap::Args;
use faspay::{
    Amount, Bill, BillItem, Cancellation, ChannelList, Client, CreatedTransaction, Item,
    OvoPushResult, PaymentStatus,
};
use serde_json::{Value, json};

use crate::config::ClientArgs;
use crate::output::{CliError, CliResult, Output, opt_json};

#[derive(Debug, Args)]
pub struct ChannelsArgs {
    #[command(flatten)]
    pub client: ClientArgs,
}

#[derive(Debug, Args)]
#[command(after_help = CREATE_HELP)]
pub struct CreateArgs {
    /// A bill as JSON (Faspay's field names, amounts in rupiah); `-` reads standard input.
    /// Optional: the flags below can describe a whole bill, and override the file's values.
    pub bill: Option<PathBuf>,
    /// Merchant order number (unique; 16 characters or fewer is safest).
    #[arg(long)]
    pub bill_no: Option<String>,
    /// Bill description.
    #[arg(long)]
    pub desc: Option<String>,
    /// Total in rupiah, e.g. 25000 or 25000.50 (scaled to the wire unit by the SDK).
    #[arg(long, value_name = "RUPIAH", allow_hyphen_values = true)]
    pub total: Option<String>,
    /// Payment channel code, e.g. 812 (OVO); see `faspay channels`.
    #[arg(long)]
    pub channel: Option<String>,
    /// Customer number.
    #[arg(long)]
    pub cust_no: Option<String>,
    /// Customer name.
    #[arg(long)]
    pub cust_name: Option<String>,
    /// Customer phone (for OVO, the number pushed to).
    #[arg(long)]
    pub msisdn: Option<String>,
    /// Customer e-mail.
    #[arg(long)]
    pub email: Option<String>,
    /// Billing name (required by OVO); defaults to the customer name.
    #[arg(long)]
    pub billing_name: Option<String>,
    /// Item name when the bill has no items: one item of --total is added.
    #[arg(long)]
    pub product: Option<String>,
    #[command(flatten)]
    pub client: ClientArgs,
}

const CREATE_HELP: &str = "\
Examples:
  faspay create order.json
  faspay create --bill-no INV-1001 --desc 'Order 1001' --total 25000 --channel 812 \\
      --cust-no 42 --cust-name Budi --msisdn 081234567890 --email budi@example.com

A bill file: {\"bill_no\":\"INV-1001\",\"bill_desc\":\"Order 1001\",\"bill_total\":25000,
  \"payment_channel\":\"812\",\"cust_no\":\"42\",\"cust_name\":\"Budi\",\"billing_name\":\"Budi\",
  \"msisdn\":\"081234567890\",\"email\":\"budi@example.com\",
  \"item\":[{\"product\":\"Kopi\",\"qty\":\"1\",\"amount\":25000}]}
Defaults (merchant, bill_date now, bill_expired, IDR, pay_type, terminal...) come from the SDK.";

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Faspay's transaction id (from `faspay create`).
    pub trx_id: String,
    /// The merchant's bill number.
    pub bill_no: String,
    #[command(flatten)]
    pub client: ClientArgs,
}

#[derive(Debug, Args)]
pub struct CancelArgs {
    /// Faspay's transaction id.
    pub trx_id: String,
    /// The merchant's bill number.
    pub bill_no: String,
    /// The cancellation reason sent as `payment_cancel`.
    #[arg(long, default_value = "Cancelled by merchant")]
    pub reason: String,
    #[command(flatten)]
    pub client: ClientArgs,
}

#[derive(Debug, Args)]
pub struct PushArgs {
    /// Faspay's transaction id of an OVO (812) bill.
    pub trx_id: String,
    /// The customer's OVO phone number, e.g. 081234567890.
    pub ovo_number: String,
    #[command(flatten)]
    pub client: ClientArgs,
}

fn client(args: &ClientArgs) -> CliResult<Client> {
    Ok(Client::new(args.config(true)?)?)
}

pub fn channels(args: &ChannelsArgs, out: Output) -> CliResult {
    let list = client(&args.client)?.payment_channels()?;
    out.result(&channels_human(&list), &channels_json(&list));
    Ok(())
}

pub fn create(args: &CreateArgs, out: Output) -> CliResult {
    let bill_from_stdin = args.bill.as_ref().is_some_and(|b| b.as_os_str() == "-");
    if bill_from_stdin && args.client.credentials.password_stdin {
        return Err(CliError::invalid(
            "the bill and --password-stdin cannot both come from standard input",
        ));
    }
    let bill = build_bill(args)?;
    let created = client(&args.client)?.create_transaction(&bill)?;
    out.result(&created_human(&created), &created_json(&created));
    Ok(())
}

pub fn status(args: &StatusArgs, out: Output) -> CliResult {
    let status = client(&args.client)?.payment_status(&args.trx_id, &args.bill_no)?;
    out.result(&status_human(&status), &status_json(&status));
    Ok(())
}

pub fn cancel(args: &CancelArgs, out: Output) -> CliResult {
    let cancelled =
        client(&args.client)?.cancel_transaction(&args.trx_id, &args.bill_no, &args.reason)?;
    out.result(&cancel_human(&cancelled), &cancel_json(&cancelled));
    Ok(())
}

pub fn push(args: &PushArgs, out: Output) -> CliResult {
    let pushed = client(&args.client)?.ovo_push(&args.trx_id, &args.ovo_number)?;
    out.result(&push_human(&pushed), &push_json(&pushed));
    Ok(())
}

/// The bill from the file (if any) with the flags laid over it.
fn build_bill(args: &CreateArgs) -> CliResult<Bill> {
    let mut bill = match &args.bill {
        Some(path) => Bill::from_json(&read_text(path)?)?,
        None => Bill::default(),
    };
    let set = |slot: &mut String, value: &Option<String>| {
        if let Some(v) = value {
            *slot = v.clone();
        }
    };
    set(&mut bill.bill_no, &args.bill_no);
    set(&mut bill.bill_desc, &args.desc);
    set(&mut bill.payment_channel, &args.channel);
    set(&mut bill.cust_no, &args.cust_no);
    set(&mut bill.cust_name, &args.cust_name);
    set(&mut bill.msisdn, &args.msisdn);
    set(&mut bill.email, &args.email);
    if let Some(total) = &args.total {
        bill.bill_total = Some(Amount::parse(total).map_err(|e| {
            CliError::invalid(format!(
                "--total: {}",
                e.message().trim_start_matches("amount: ")
            ))
        })?);
    }
    if args.billing_name.is_some() {
        bill.billing_name = args.billing_name.clone();
    } else if bill.billing_name.is_none() && !bill.cust_name.is_empty() {
        bill.billing_name = Some(bill.cust_name.clone());
    }
    if bill.item.is_empty() && bill.bill_total.is_some() {
        let product = args
            .product
            .clone()
            .unwrap_or_else(|| bill.bill_desc.clone());
        bill.item.push(Item {
            product,
            qty: "1".into(),
            amount: bill.bill_total,
            ..Item::default()
        });
    }
    Ok(bill)
}

fn read_text(path: &PathBuf) -> CliResult<String> {
    let mut text = String::new();
    let result = if path.as_os_str() == "-" {
        std::io::stdin().lock().read_to_string(&mut text)
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_string(&mut text))
    };
    result.map_err(|e| CliError::invalid(format!("cannot read {}: {e}", path.display())))?;
    Ok(text)
}

// ---- rendering ---------------------------------------------------------------------------------

fn rows(title: &str, rows: &[(&str, String)]) -> String {
    let mut text = format!("{title}\n");
    for (name, value) in rows {
        if !value.is_empty() {
            text.push_str(&format!("  {name:<20} {value}\n"));
        }
    }
    text
}

fn response_text(code: &str, desc: &str) -> String {
    format!("{code} {desc}")
}

fn channels_human(list: &ChannelList) -> String {
    let mut text = format!(
        "{} payment channel(s) for merchant {} ({}):\n",
        list.payment_channel.len(),
        list.merchant_id,
        list.merchant
    );
    for c in &list.payment_channel {
        text.push_str(&format!("  {:<6} {}\n", c.pg_code, c.pg_name));
    }
    text
}

fn channels_json(list: &ChannelList) -> Value {
    let channels: Vec<Value> = list
        .payment_channel
        .iter()
        .map(|c| json!({ "pg_code": c.pg_code, "pg_name": c.pg_name }))
        .collect();
    json!({
        "merchant_id": list.merchant_id,
        "merchant": list.merchant,
        "payment_channel": channels,
        "response_code": list.response.response_code,
        "response_desc": list.response.response_desc,
        "raw": list.raw.to_json_value(),
    })
}

fn created_human(c: &CreatedTransaction) -> String {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    rows(
        "✓ transaction created",
        &[
            ("trx_id", c.trx_id.clone()),
            ("bill_no", c.bill_no.clone()),
            ("merchant", format!("{} ({})", c.merchant_id, c.merchant)),
            ("redirect_url", opt(&c.redirect_url)),
            ("web_url", opt(&c.web_url)),
            ("qr_content", opt(&c.qr_content)),
            ("alt_url", opt(&c.alt_url)),
            (
                "response",
                response_text(&c.response.response_code, &c.response.response_desc),
            ),
        ],
    ) + &items_human(&c.bill_items)
}

fn items_human(items: &[BillItem]) -> String {
    items
        .iter()
        .map(|i| {
            let amount = i.amount.map(|a| format!("Rp {a}")).unwrap_or_default();
            format!("  {:<20} {} x {} {amount}\n", "item", i.qty, i.product)
        })
        .collect()
}

fn created_json(c: &CreatedTransaction) -> Value {
    json!({
        "trx_id": c.trx_id,
        "merchant_id": c.merchant_id,
        "merchant": c.merchant,
        "bill_no": c.bill_no,
        "redirect_url": opt_json(c.redirect_url.as_deref()),
        "web_url": opt_json(c.web_url.as_deref()),
        "qr_content": opt_json(c.qr_content.as_deref()),
        "alt_url": opt_json(c.alt_url.as_deref()),
        "bill_items": c.bill_items.iter().map(bill_item_json).collect::<Vec<_>>(),
        "response_code": c.response.response_code,
        "response_desc": c.response.response_desc,
        "raw": c.raw.to_json_value(),
    })
}

/// One echoed item, its amount in rupiah like every amount the command prints.
fn bill_item_json(item: &BillItem) -> Value {
    json!({
        "product": item.product,
        "qty": item.qty,
        "amount": item.amount.map(|a| a.to_string()),
        "raw": item.raw.to_json_value(),
    })
}

fn status_human(s: &PaymentStatus) -> String {
    let code = s.payment_status_code;
    rows(
        if code.is_paid() {
            "✓ paid"
        } else {
            "payment status"
        },
        &[
            ("trx_id", s.trx_id.clone()),
            ("bill_no", s.bill_no.clone()),
            (
                "payment_status",
                format!(
                    "{} {} ({})",
                    code.value(),
                    code.name(),
                    s.payment_status_desc
                ),
            ),
            ("final", if code.is_final() { "yes" } else { "no" }.into()),
            ("payment_reff", s.payment_reff.clone().unwrap_or_default()),
            ("payment_date", s.payment_date.clone().unwrap_or_default()),
            (
                "payment_total",
                s.payment_total
                    .map(|a| format!("Rp {a}"))
                    .unwrap_or_default(),
            ),
            (
                "response",
                response_text(&s.response.response_code, &s.response.response_desc),
            ),
        ],
    )
}

fn status_json(s: &PaymentStatus) -> Value {
    let code = s.payment_status_code;
    json!({
        "trx_id": s.trx_id,
        "merchant_id": s.merchant_id,
        "merchant": s.merchant,
        "bill_no": s.bill_no,
        "payment_status_code": code.value(),
        "payment_status_name": code.name(),
        "payment_status_desc": s.payment_status_desc,
        "paid": code.is_paid(),
        "final": code.is_final(),
        "payment_reff": opt_json(s.payment_reff.as_deref()),
        "payment_date": opt_json(s.payment_date.as_deref()),
        "payment_total": s.payment_total.map(|a| a.to_string()),
        "response_code": s.response.response_code,
        "response_desc": s.response.response_desc,
        "raw": s.raw.to_json_value(),
    })
}

fn cancel_human(c: &Cancellation) -> String {
    let code = c.payment_status_code;
    rows(
        "✓ cancel answered",
        &[
            ("trx_id", c.trx_id.clone()),
            ("bill_no", c.bill_no.clone()),
            (
                "trx_status",
                format!("{} {}", c.trx_status_code, c.trx_status_desc),
            ),
            (
                "payment_status",
                format!(
                    "{} {} ({})",
                    code.value(),
                    code.name(),
                    c.payment_status_desc
                ),
            ),
            (
                "payment_cancel",
                c.payment_cancel.clone().unwrap_or_default(),
            ),
            (
                "payment_cancel_date",
                c.payment_cancel_date.clone().unwrap_or_default(),
            ),
            (
                "response",
                response_text(&c.response.response_code, &c.response.response_desc),
            ),
        ],
    )
}

fn cancel_json(c: &Cancellation) -> Value {
    json!({
        "trx_id": c.trx_id,
        "merchant_id": c.merchant_id,
        "merchant": c.merchant,
        "bill_no": c.bill_no,
        "trx_status_code": c.trx_status_code,
        "trx_status_desc": c.trx_status_desc,
        "payment_status_code": c.payment_status_code.value(),
        "payment_status_name": c.payment_status_code.name(),
        "payment_status_desc": c.payment_status_desc,
        "payment_cancel": opt_json(c.payment_cancel.as_deref()),
        "payment_cancel_date": opt_json(c.payment_cancel_date.as_deref()),
        "response_code": c.response.response_code,
        "response_desc": c.response.response_desc,
        "raw": c.raw.to_json_value(),
    })
}

fn push_human(p: &OvoPushResult) -> String {
    let response = p
        .response
        .as_ref()
        .map(|r| response_text(&r.response_code, &r.response_desc))
        .unwrap_or_else(|| "(no response_code in the answer)".into());
    rows(
        "✓ OVO push sent; the outcome arrives by notification (or `faspay status`)",
        &[("trx_id", p.trx_id.clone()), ("response", response)],
    )
}

fn push_json(p: &OvoPushResult) -> Value {
    json!({
        "trx_id": p.trx_id,
        "response_code": opt_json(p.response.as_ref().map(|r| r.response_code.as_str())),
        "response_desc": opt_json(p.response.as_ref().map(|r| r.response_desc.as_str())),
        "raw": p.raw.to_json_value(),
    })
}
