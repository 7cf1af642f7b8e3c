//! # faspay
//!
//! The Rust core of the faspay SDK for Faspay's Debit payment API (OVO, e-wallets, virtual
//! accounts, retail and internet banking): signatures, the bill model, JSON and XML codecs,
//! validation, a synchronous HTTP client, payment-notification verification and replies, and
//! return-URL verification. Language bindings (today: Python, in `python/`) are thin layers
//! over this crate.
//!
//! ```no_run
//! use faspay::{Amount, Bill, Client, Config, Item};
//!
//! let config = Config::new("99999", "Sophia Store", "bot99999", "p@ssw0rd")
//!     .with_base_url("http://127.0.0.1:8080");
//! let client = Client::new(config)?;
//! let bill = Bill {
//!     bill_no: "ORDER-1".into(),
//!     bill_desc: "Order 1".into(),
//!     bill_total: Some(Amount::rupiah(15_000)),
//!     payment_channel: "812".into(),
//!     cust_no: "42".into(),
//!     cust_name: "Budi".into(),
//!     billing_name: Some("Budi".into()),
//!     msisdn: "081234567890".into(),
//!     email: "budi@example.com".into(),
//!     item: vec![Item {
//!         product: "Kopi".into(),
//!         qty: "1".into(),
//!         amount: Some(Amount::rupiah(15_000)),
//!         ..Item::default()
//!     }],
//!     ..Bill::default()
//! };
//! let created = client.create_transaction(&bill)?;
//! client.ovo_push(&created.trx_id, "081234567890")?;
//! # Ok::<(), faspay::Error>(())
//! ```

pub mod amount;
pub mod bill;
mod bill_json;
pub mod bill_no;
pub mod client;
pub mod codec;
pub mod codes;
pub mod config;
mod connection;
pub mod datetime;
pub mod endpoint;
pub mod error;
mod inbound;
pub mod log;
pub mod model;
pub mod notification;
pub mod ovo;
mod resolver;
pub mod response;
pub mod return_url;
mod scan;
pub mod secret;
mod serde_text;
pub mod settings;
pub mod signature;
pub mod transport;
pub mod validate;
pub mod wire;

/// This release's version: the workspace version in Cargo.toml, which every binding and the
/// `faspay` command report, and every release artifact carries.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

pub use amount::{Amount, AmountUnit};
pub use bill::{Bill, Item};
pub use client::Client;
pub use codec::Format;
pub use codes::{PaymentStatusCode, response_code_description};
pub use config::{Config, Logger};
pub use datetime::FaspayDateTime;
pub use endpoint::{Environment, Operation, XmlCodes};
pub use error::{Error, ErrorCode, Result};
pub use log::LogEvent;
pub use model::{
    BillItem, Cancellation, ChannelList, CreatedTransaction, OvoPushResult, PaymentChannel,
    PaymentStatus, Response, ResponseCode,
};
pub use notification::Notification;
pub use return_url::ReturnInfo;
pub use secret::Secret;
pub use settings::ClientSettings;
pub use signature::{
    SignedMessage, cancel_signature, channel_inquiry_signature, inquiry_signature,
    notification_signature, ovo_push_signature, post_data_signature, redirect_signature,
    return_url_signature, sign, verify,
};
pub use transport::PreparedRequest;
pub use wire::{Fields, WireValue};
