//! The synchronous Faspay client: every Debit API operation, built from `prepare_*`
//! (validate + encode, no I/O), the transport (send, retry safe operations) and `response`.

use std::time::Instant;

use crate::bill::Bill;
use crate::bill_no::PrefixWatch;
use crate::codec;
use crate::config::Config;
use crate::datetime::FaspayDateTime;
use crate::endpoint::Operation;
use crate::error::{Error, ErrorCode, Result};
use crate::log::LogEvent;
use crate::model::{
    Cancellation, ChannelList, CreatedTransaction, OvoPushResult, PaymentStatus, Response,
};
use crate::notification::{self, Notification};
use crate::ovo::{self, check_bill_no, check_trx_id};
use crate::response;
use crate::return_url::{self, ReturnInfo};
use crate::signature::{cancel_signature, channel_inquiry_signature, hex_str, sign_parts};
use crate::transport::{PreparedRequest, Transport, backoff, is_retryable};
use crate::validate::required_text;
use crate::wire::Fields;

/// Default `request` texts (free text for Faspay; these are the docs' own).
const CHANNELS_REQUEST: &str = "Request List of Payment Gateway";
const STATUS_REQUEST: &str = "Inquiry Payment Status";
const CANCEL_REQUEST: &str = "Canceling Payment";

/// A Faspay Debit API client. Cheap to share across threads (`&Client` is `Sync`); two
/// clients with different credentials never share state.
#[derive(Debug)]
pub struct Client {
    config: Config,
    transport: Transport,
    /// Watches the bill numbers this client creates for a numbering open to the prefix attack.
    bill_numbers: PrefixWatch,
}

impl Client {
    /// Validates `config` and builds the HTTP agents.
    pub fn new(config: Config) -> Result<Client> {
        config.validate()?;
        let transport = Transport::new(&config);
        Ok(Client {
            config,
            transport,
            bill_numbers: PrefixWatch::default(),
        })
    }

    /// The configuration in use.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The settings in use, without the password ([`crate::ClientSettings`]).
    pub fn settings(&self) -> crate::ClientSettings {
        self.config.settings()
    }

    // ---- operations ------------------------------------------------------------------------

    /// Payment Channel Inquiry: the channels this merchant may use. Retried when safe.
    pub fn payment_channels(&self) -> Result<ChannelList> {
        match self.execute(
            Operation::PaymentChannels,
            self.prepare_payment_channels()?,
            "",
        )? {
            Response::PaymentChannels(r) => Ok(r),
            _ => Err(wrong_variant()),
        }
    }

    /// Post Data Transaction: creates the bill. Never retried; on a failure with
    /// `request_sent`, reconcile with [`Client::payment_status`].
    pub fn create_transaction(&self, bill: &Bill) -> Result<CreatedTransaction> {
        let request = self.prepare_create_transaction(bill)?;
        match self.execute(Operation::CreateTransaction, request, "")? {
            Response::CreateTransaction(r) => Ok(r),
            _ => Err(wrong_variant()),
        }
    }

    /// OVO push-to-pay: asks the customer's OVO app to approve. Blocks up to `push_timeout`;
    /// a read timeout is `TIMEOUT` with `request_sent = true` (the push may still succeed:
    /// wait for the notification or ask `payment_status`). Never retried.
    pub fn ovo_push(&self, trx_id: &str, ovo_number: &str) -> Result<OvoPushResult> {
        let request = self.prepare_ovo_push(trx_id, ovo_number)?;
        match self.execute(Operation::OvoPush, request, trx_id)? {
            Response::OvoPush(r) => Ok(r),
            _ => Err(wrong_variant()),
        }
    }

    /// An HTML page that makes the customer's browser post the push itself.
    pub fn ovo_push_form(&self, trx_id: &str, ovo_number: &str) -> Result<String> {
        ovo::push_form(&self.config, trx_id, ovo_number)
    }

    /// The Faspay page to send the customer to (`pws/100003`). It carries the post-data
    /// signature, which is therefore public: never accept it as proof of anything.
    pub fn redirect_url(&self, trx_id: &str, bill_no: &str) -> Result<String> {
        ovo::redirect_url(&self.config, trx_id, bill_no)
    }

    /// Inquiry Payment Status. Retried when safe.
    pub fn payment_status(&self, trx_id: &str, bill_no: &str) -> Result<PaymentStatus> {
        let request = self.prepare_payment_status(trx_id, bill_no)?;
        match self.execute(Operation::PaymentStatus, request, trx_id)? {
            Response::PaymentStatus(r) => Ok(r),
            _ => Err(wrong_variant()),
        }
    }

    /// Cancel Transaction (only unpaid bills). Never retried.
    pub fn cancel_transaction(
        &self,
        trx_id: &str,
        bill_no: &str,
        reason: &str,
    ) -> Result<Cancellation> {
        let request = self.prepare_cancel_transaction(trx_id, bill_no, reason)?;
        match self.execute(Operation::CancelTransaction, request, trx_id)? {
            Response::CancelTransaction(r) => Ok(r),
            _ => Err(wrong_variant()),
        }
    }

    /// Parses and verifies a payment notification's raw body (XML or JSON, sniffed): the
    /// merchant must be ours and the signature must include `payment_status_code`.
    pub fn parse_notification(&self, body: &[u8]) -> Result<Notification> {
        notification::parse(&self.config, body)
    }

    /// The exact reply to send back, in the notification's format, dated now (WIB).
    pub fn notification_reply(&self, notification: &Notification, accepted: bool) -> Vec<u8> {
        notification::reply(notification, accepted, FaspayDateTime::now())
    }

    /// [`Client::notification_reply`] with a fixed `response_date`.
    pub fn notification_reply_at(
        &self,
        notification: &Notification,
        accepted: bool,
        at: FaspayDateTime,
    ) -> Vec<u8> {
        notification::reply(notification, accepted, at)
    }

    /// Verifies the return URL's query string (or a whole URL). Not proof of payment.
    pub fn verify_return(&self, query: &str) -> Result<ReturnInfo> {
        return_url::verify_query(&self.config, query)
    }

    /// Verifies already-decoded return URL parameters.
    pub fn verify_return_pairs(
        &self,
        pairs: impl IntoIterator<Item = (String, String)>,
    ) -> Result<ReturnInfo> {
        return_url::verify_pairs(&self.config, pairs)
    }

    // ---- offline building blocks: exact requests and decoding, no I/O -----------------------

    /// The Payment Channel Inquiry request.
    pub fn prepare_payment_channels(&self) -> Result<PreparedRequest> {
        let c = &self.config;
        let mut f = Fields::new();
        f.push_text("request", CHANNELS_REQUEST);
        f.push_text("merchant_id", &c.merchant_id);
        f.push_text("merchant", &c.merchant_name);
        f.push_text(
            "signature",
            channel_inquiry_signature(&c.user_id, c.password.expose()),
        );
        Ok(self.encoded(Operation::PaymentChannels, &f))
    }

    /// The Post Data request for `bill` (defaults filled; `bill_date` defaults to now).
    /// The first time this client's bill numbers show a variable-length numbering in which
    /// one number can be another plus a status digit, the logger gets a warning event
    /// (see [`crate::bill_no`]).
    pub fn prepare_create_transaction(&self, bill: &Bill) -> Result<PreparedRequest> {
        let body = bill.encode(&self.config, FaspayDateTime::now(), self.config.format)?;
        if let Some(warning) = self.bill_numbers.record(bill.bill_no.trim()) {
            self.log(LogEvent {
                operation: Operation::CreateTransaction.name(),
                method: "",
                path: String::new(),
                status: None,
                elapsed: std::time::Duration::ZERO,
                attempt: 0,
                error: None,
                warning: Some(warning),
            });
        }
        Ok(self.prepared(Operation::CreateTransaction, body))
    }

    /// The Inquiry Payment Status request.
    pub fn prepare_payment_status(&self, trx_id: &str, bill_no: &str) -> Result<PreparedRequest> {
        check_trx_id(trx_id)?;
        check_bill_no(bill_no)?;
        let c = &self.config;
        // The hot path of reconciliation: fields go straight into the body's bytes (no field
        // list, no copy of a name or value), the signature from a stack buffer.
        let signature = sign_parts(&c.user_id, c.password.expose(), &[bill_no]);
        let capacity = 200 + trx_id.len() + c.merchant_id.len() + bill_no.len();
        let body = codec::encode_with(c.format, capacity, |f| {
            f.text("request", STATUS_REQUEST);
            f.text("trx_id", trx_id);
            f.text("merchant_id", &c.merchant_id);
            f.text("bill_no", bill_no);
            if c.inquiry_sends_status_fields {
                f.text("payment_status_code", "");
                f.text("payment_status_desc", "");
            }
            f.text("signature", hex_str(&signature));
            Ok::<(), std::convert::Infallible>(())
        });
        let Ok(body) = body;
        Ok(self.prepared(Operation::PaymentStatus, body))
    }

    /// The Cancel Transaction request.
    pub fn prepare_cancel_transaction(
        &self,
        trx_id: &str,
        bill_no: &str,
        reason: &str,
    ) -> Result<PreparedRequest> {
        check_trx_id(trx_id)?;
        check_bill_no(bill_no)?;
        required_text("payment_cancel", reason, 50)?;
        let c = &self.config;
        let mut f = Fields::new();
        f.push_text("request", CANCEL_REQUEST);
        f.push_text("trx_id", trx_id);
        f.push_text("merchant_id", &c.merchant_id);
        f.push_text("merchant", &c.merchant_name);
        f.push_text("bill_no", bill_no);
        f.push_text("payment_cancel", reason);
        f.push_text(
            "signature",
            cancel_signature(&c.user_id, c.password.expose(), bill_no),
        );
        Ok(self.encoded(Operation::CancelTransaction, &f))
    }

    /// The OVO push-to-pay form POST.
    pub fn prepare_ovo_push(&self, trx_id: &str, ovo_number: &str) -> Result<PreparedRequest> {
        Ok(PreparedRequest {
            method: "POST",
            url: ovo::push_url(&self.config),
            content_type: "application/x-www-form-urlencoded",
            body: ovo::push_body(&self.config, trx_id, ovo_number)?,
        })
    }

    /// Decodes an answer to `op` exactly as the client does after sending.
    pub fn decode_response(
        &self,
        op: Operation,
        http_status: u16,
        body: &[u8],
    ) -> Result<Response> {
        response::decode(op, http_status, body, self.config.amount_unit, "")
    }

    fn encoded(&self, op: Operation, fields: &Fields) -> PreparedRequest {
        self.prepared(op, codec::encode(fields, self.config.format))
    }

    /// The URL of `op`: the base URL and the operation's path, in one allocation.
    fn url(&self, op: Operation) -> String {
        let base = self.config.effective_base_url();
        let mut url = String::with_capacity(base.len() + 32);
        url.push_str(base);
        op.push_path(self.config.format, &self.config.xml_codes, &mut url);
        url
    }

    /// The request of `op` with a body already in the configured format.
    fn prepared(&self, op: Operation, body: Vec<u8>) -> PreparedRequest {
        let format = self.config.format;
        PreparedRequest {
            method: "POST",
            url: self.url(op),
            content_type: format.content_type(),
            body,
        }
    }

    /// Sends, retries safe operations, decodes, and logs each attempt.
    fn execute(&self, op: Operation, request: PreparedRequest, trx_id: &str) -> Result<Response> {
        let attempts = if op.is_idempotent() {
            1 + self.config.max_retries
        } else {
            1
        };
        let mut attempt = 1;
        loop {
            // Timed only for a logger: a client without one reads no clock.
            let started = self.config.logger.as_ref().map(|_| Instant::now());
            let sent = self.transport.send(&request, op == Operation::OvoPush);
            let status = sent.as_ref().ok().map(|r| r.status);
            let result = sent.and_then(|r| {
                response::decode(op, r.status, &r.body, self.config.amount_unit, trx_id)
            });
            if self.config.logger.is_some() {
                // Built only for a logger: the path is one allocation per attempt.
                let path = request.url.strip_prefix(self.config.effective_base_url());
                self.log(LogEvent {
                    operation: op.name(),
                    method: request.method,
                    path: path.unwrap_or(&request.url).to_string(),
                    status,
                    elapsed: started.map(|t| t.elapsed()).unwrap_or_default(),
                    attempt,
                    error: result.as_ref().err().map(Error::code),
                    warning: None,
                });
            }
            match result {
                Err(e) if attempt < attempts && is_retryable(&e) => {
                    std::thread::sleep(backoff(self.config.retry_backoff, attempt));
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    fn log(&self, event: LogEvent) {
        if let Some(logger) = &self.config.logger {
            (logger.0)(&event);
        }
    }
}

fn wrong_variant() -> Error {
    Error::new(
        ErrorCode::Internal,
        "decoded an answer of another operation",
    )
}
