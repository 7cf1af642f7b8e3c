//! # faspay-sandbox
//!
//! An offline stand-in for Faspay's Debit API on 127.0.0.1, for merchant test suites and the
//! SDK's own end-to-end tests. It speaks the real paths in JSON and XML (`cvr/100001`,
//! `cvr/300011`, `cvr/100004`, `cvr/100005`, their `pws/...` XML twins, `pws/ovo_direct` and
//! the browser page `pws/100003/{code}/{signature}`), checks signatures (`55` when wrong),
//! mandatory fields (`85` missing, `83` empty), lengths and formats (`30`), amounts (`13`),
//! the 30-day expiry rule (`30`) and bills already expired (`54`), and answers an unknown
//! `trx_id` with `payment_status_code` 5.
//!
//! What real Faspay clients send beyond the docs (extra fields, no `bill_currency`, a UUID
//! `cust_no`, a reused `bill_no`, `10000.00`) is accepted like Faspay accepts it, kept on the
//! transaction and reported as a [`Warning`] ([`Sandbox::warnings`]); with
//! [`SandboxOptions::strict`] it is refused with the code of Faspay's docs instead.
//!
//! Each transaction moves pending → paid (2) / failed (3) / expired (7) / cancelled (8), and
//! paid → reversal (4) ([`Sandbox::reverse`]). Status changes other than a cancel send a payment notification, signed exactly as Faspay
//! signs it, to the notify URL (JSON or XML), from background threads; the merchant's reply
//! must carry `response_code` `00`, otherwise it is retried up to `notify_max_retries` times.
//! Every attempt is recorded as a [`Delivery`].
//!
//! ```
//! use std::time::Duration;
//! use faspay::{Amount, Bill, Client, Item, PaymentStatusCode};
//! use faspay_sandbox::{Sandbox, SandboxOptions};
//!
//! let sandbox = Sandbox::start(SandboxOptions {
//!     push_delay: Duration::ZERO, // the simulated OVO customer answers at once
//!     ..SandboxOptions::default()
//! })?;
//! // Notifications go to the merchant's endpoint when one is set:
//! // sandbox.set_notify_url(Some("http://127.0.0.1:8000/faspay/notify".into()));
//! let client = Client::new(sandbox.client_config())?;
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
//! client.ovo_push(&created.trx_id, "081234567890")?; // approved after push_delay
//! let status = client.payment_status(&created.trx_id, "ORDER-1")?;
//! assert_eq!(status.payment_status_code, PaymentStatusCode::Success);
//! assert_eq!(sandbox.transactions().len(), 1);
//! # Ok::<(), faspay::Error>(())
//! ```
//!
//! ## OVO push-to-pay: the customer is chosen by phone number
//!
//! | `ovo_number` ends in | the simulated customer | status |
//! |---|---|---|
//! | `000` | rejects the push | 3 (failed), notification sent |
//! | `999` | never answers | stays 0 until expired or approved by the admin |
//! | anything else | approves | 2 (paid), notification sent |
//!
//! The `ovo_direct` call blocks for `push_delay` (the customer's think time) and then answers
//! JSON with `response_code` `00` (the push was delivered) and the resulting
//! `payment_status_code`. Refusals: `55` bad signature, `18` invalid phone number, `14` unknown
//! `trx_id`, `40` not an OVO (812) transaction, `81` / `54` / `17` already paid / expired /
//! cancelled.
//!
//! ## Cancel
//!
//! Only a pending bill can be cancelled (status 8 afterwards, no notification). A paid bill
//! answers `81`, a reversed one `80`, an expired one `54`, a cancelled one `17`, an unknown one
//! `14`.
//!
//! ## Time
//!
//! The sandbox has its own clock ([`Sandbox::advance_clock`]): a pending bill whose
//! `bill_expired` the clock passes becomes expired (7) and its notification is sent.
//!
//! ## Faults
//!
//! [`Sandbox::set_fault`] arms a [`Fault`] on one endpoint or all: added latency, a 5xx
//! status, an HTML page with status 200, a reset (close after reading the request), a
//! truncated body, a body over 1 MiB, or a `response_error` envelope. Apart from latency, a
//! faulted request is counted ([`Sandbox::request_count`]) but not processed.
//!
//! ## Admin HTTP API (JSON, under `/__sandbox/`)
//!
//! `GET /__sandbox/` (summary), `GET /__sandbox/transactions[/{trx_id}]`,
//! `POST /__sandbox/transactions/{trx_id}/{approve|reject|expire|reverse}`, `GET /__sandbox/clock`,
//! `POST /__sandbox/clock/advance {"seconds": N}`, `GET /__sandbox/deliveries`,
//! `GET|DELETE /__sandbox/requests` (counters per operation name), `GET|DELETE
//! /__sandbox/received` (the requests received, byte for byte, with the answers: see
//! [`Sandbox::received_requests`]), `GET|POST|DELETE
//! /__sandbox/faults` (`{"endpoint": "create_transaction"|null, "kind": "latency"|
//! "server_error"|"html_page"|"reset"|"truncated"|"oversized_body"|"response_error", "ms",
//! "status", "code", "desc", "times", "after_effect"}`: see [`parse_fault`]), `GET|DELETE /__sandbox/warnings`,
//! `GET|POST /__sandbox/settings` (`notify_url`, `notify_format`, `push_delay_ms`,
//! `notify_retry_delay_ms`, `notify_max_retries`, `return_url`, `strict`, `unique_bill_no`).
//!
//! The library prints nothing; [`Sandbox::banner`] gives the text a CLI prints on start
//! (URL and credentials; the password only when it is the public sample `p@ssw0rd`).

mod admin;
mod app;
mod channels;
mod clock;
mod endpoint;
mod expiry;
mod fault_json;
mod faults;
mod fidelity;
mod framing;
#[doc(hidden)]
pub mod fuzzing;
mod gated_io;
mod handlers;
mod html;
mod http;
mod limits;
mod notification;
mod notifier;
mod options;
mod raw_faults;
mod received;
mod return_url;
mod router;
mod sandbox;
mod server;
mod state;
mod threads;
mod validation;

/// The JSON forms of the admin API, also used by the C ABI's sandbox functions.
pub use admin::{delivery_json, received_json, transaction_json, warnings_json};
pub use channels::CHANNELS;
pub use endpoint::HttpEndpoint;
pub use fault_json::parse_fault;
pub use faults::{Fault, FaultKind};
pub use fidelity::{Warning, WarningKind};
pub use handlers::ovo_push::{CustomerAction, customer_action};
pub use http::{Request as HttpRequest, Response as HttpResponse};
pub use limits::HttpLimits;
pub use notifier::Delivery;
pub use options::{PUBLIC_SAMPLE_PASSWORD, SandboxOptions};
pub use received::{RECEIVED_MAX_BYTES, RECEIVED_MAX_REQUESTS, ReceivedRequest};
pub use sandbox::Sandbox;
pub use state::TransactionView;
