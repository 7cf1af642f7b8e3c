//! Per-transaction state: the bills the sandbox has accepted, indexed by `trx_id` (a
//! `bill_no` may be reused: each create gets its own `trx_id`), with what the request carried
//! beyond Faspay's docs, and the allowed moves pending -> paid / failed / expired / cancelled.

use std::collections::{HashMap, HashSet};

use faspay::{Amount, FaspayDateTime, PaymentStatusCode};

use crate::fidelity::Warning;

/// Most warnings kept on one transaction (repeats are not kept anyway).
pub const MAX_WARNINGS_PER_TRANSACTION: usize = 32;

/// Most transactions one sandbox keeps; past it, Post Data is refused (`99`). Far above any
/// test suite (the load test makes 10,000), it bounds what a client looping on creates can
/// make the sandbox hold (with the caps on what each keeps, a few KiB per transaction).
pub const MAX_TRANSACTIONS: usize = 100_000;

/// A bill as the sandbox stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transaction {
    pub trx_id: String,
    pub bill_no: String,
    pub bill_reff: String,
    pub payment_channel: String,
    pub bill_total: Amount,
    pub bill_date: FaspayDateTime,
    pub bill_expired: FaspayDateTime,
    pub status: PaymentStatusCode,
    pub payment_date: Option<FaspayDateTime>,
    pub payment_reff: Option<String>,
    pub ovo_number: Option<String>,
    pub cust_name: String,
    pub bill_desc: String,
    /// When the status last changed (the date a notification carries).
    pub status_date: Option<FaspayDateTime>,
    pub cancel_reason: Option<String>,
    /// What requests about this transaction carried beyond Faspay's docs.
    pub warnings: Vec<Warning>,
    /// Fields outside the docs the Post Data request carried (`item[i].name` for items).
    pub extra_fields: Vec<(String, String)>,
}

/// A read-only copy of a transaction for tests and tools.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransactionView {
    pub trx_id: String,
    pub bill_no: String,
    pub payment_channel: String,
    pub bill_total: Amount,
    pub status: PaymentStatusCode,
    pub bill_date: FaspayDateTime,
    pub bill_expired: FaspayDateTime,
    pub payment_date: Option<FaspayDateTime>,
    pub payment_reff: Option<String>,
    pub ovo_number: Option<String>,
    /// What requests about this transaction carried beyond Faspay's docs.
    pub warnings: Vec<Warning>,
    /// Fields outside the docs the Post Data request carried, in arrival order.
    pub extra_fields: Vec<(String, String)>,
}

impl Transaction {
    /// Adds warnings not already on the transaction (same operation, kind and field).
    pub fn add_warnings(&mut self, new: &[Warning]) {
        for w in new {
            let repeated = self
                .warnings
                .iter()
                .any(|o| o.operation == w.operation && o.kind == w.kind && o.field == w.field);
            if !repeated && self.warnings.len() < MAX_WARNINGS_PER_TRANSACTION {
                self.warnings.push(w.clone());
            }
        }
    }

    /// The public view.
    pub fn view(&self) -> TransactionView {
        TransactionView {
            trx_id: self.trx_id.clone(),
            bill_no: self.bill_no.clone(),
            payment_channel: self.payment_channel.clone(),
            bill_total: self.bill_total,
            status: self.status,
            bill_date: self.bill_date,
            bill_expired: self.bill_expired,
            payment_date: self.payment_date,
            payment_reff: self.payment_reff.clone(),
            ovo_number: self.ovo_number.clone(),
            warnings: self.warnings.clone(),
            extra_fields: self.extra_fields.clone(),
        }
    }

    /// Whether the bill still waits for a payment.
    pub fn is_pending(&self) -> bool {
        matches!(
            self.status,
            PaymentStatusCode::Unprocessed | PaymentStatusCode::InProcess
        )
    }
}

/// Why a status change was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No such `trx_id`.
    NotFound,
    /// The transaction's status (given) does not allow the move: not pending for a payment
    /// decision or a cancel, not paid for a reversal.
    NotPending(PaymentStatusCode),
}

/// Every transaction of one sandbox.
#[derive(Debug)]
pub struct Store {
    by_trx: HashMap<String, Transaction>,
    bill_nos: HashSet<String>,
    sequence: u64,
    capacity: usize,
}

impl Default for Store {
    fn default() -> Store {
        Store::with_capacity(MAX_TRANSACTIONS)
    }
}

impl Store {
    /// A store keeping at most `capacity` transactions.
    pub fn with_capacity(capacity: usize) -> Store {
        Store {
            by_trx: HashMap::new(),
            bill_nos: HashSet::new(),
            sequence: 0,
            capacity,
        }
    }

    /// Whether the store holds as many transactions as it may: a new bill is refused.
    pub fn is_full(&self) -> bool {
        self.by_trx.len() >= self.capacity
    }

    /// The next 16-digit `trx_id`: merchant id (5) + channel (3) + sequence (8), the shape of
    /// Faspay's own ids (e.g. `9999971600246827`).
    pub fn next_trx_id(&mut self, merchant_id: &str, channel: &str) -> String {
        self.sequence += 1;
        let merchant: String = format!("{merchant_id:0>5}").chars().take(5).collect();
        let channel: String = format!("{channel:0>3}").chars().take(3).collect();
        format!("{merchant}{channel}{:08}", self.sequence % 100_000_000)
    }

    /// Whether a bill with this `bill_no` exists already.
    pub fn has_bill_no(&self, bill_no: &str) -> bool {
        self.bill_nos.contains(bill_no)
    }

    /// Stores a new transaction.
    pub fn insert(&mut self, transaction: Transaction) {
        self.bill_nos.insert(transaction.bill_no.clone());
        self.by_trx.insert(transaction.trx_id.clone(), transaction);
    }

    /// The transaction of `trx_id`.
    pub fn get(&self, trx_id: &str) -> Option<&Transaction> {
        self.by_trx.get(trx_id)
    }

    /// The transaction of `trx_id`, for changes.
    pub fn get_mut(&mut self, trx_id: &str) -> Option<&mut Transaction> {
        self.by_trx.get_mut(trx_id)
    }

    /// Every transaction, oldest first.
    pub fn all(&self) -> Vec<&Transaction> {
        let mut all: Vec<&Transaction> = self.by_trx.values().collect();
        all.sort_by(|a, b| a.trx_id.get(8..).cmp(&b.trx_id.get(8..)));
        all
    }

    /// Moves a pending transaction to a final `status` at `now`; returns the changed copy.
    pub fn settle(
        &mut self,
        trx_id: &str,
        status: PaymentStatusCode,
        now: FaspayDateTime,
    ) -> Result<Transaction, Refusal> {
        let t = self.by_trx.get_mut(trx_id).ok_or(Refusal::NotFound)?;
        if !t.is_pending() {
            return Err(Refusal::NotPending(t.status));
        }
        t.status = status;
        t.status_date = Some(now);
        if status == PaymentStatusCode::Success {
            t.payment_date = Some(now);
            t.payment_reff = Some(format!("{:012}", payment_reference(trx_id)));
        }
        Ok(t.clone())
    }

    /// Moves a paid transaction to reversal (4): the payment was taken back.
    pub fn reverse(&mut self, trx_id: &str, now: FaspayDateTime) -> Result<Transaction, Refusal> {
        let t = self.by_trx.get_mut(trx_id).ok_or(Refusal::NotFound)?;
        if t.status != PaymentStatusCode::Success {
            return Err(Refusal::NotPending(t.status));
        }
        t.status = PaymentStatusCode::Reversal;
        t.status_date = Some(now);
        Ok(t.clone())
    }

    /// The pending transactions whose `bill_expired` is not after `now`.
    pub fn due_for_expiry(&self, now: FaspayDateTime) -> Vec<String> {
        self.by_trx
            .values()
            .filter(|t| t.is_pending() && t.bill_expired <= now)
            .map(|t| t.trx_id.clone())
            .collect()
    }
}

/// A payment reference derived from the trx id: stable, 12 digits, looks like a bank's.
fn payment_reference(trx_id: &str) -> u64 {
    let mut h: u64 = 1_469_598_103_934_665_603;
    for b in trx_id.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(1_099_511_628_211);
    }
    h % 1_000_000_000_000
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bill(store: &mut Store, bill_no: &str) -> String {
        let now = FaspayDateTime::now();
        let trx_id = store.next_trx_id("99999", "812");
        store.insert(Transaction {
            trx_id: trx_id.clone(),
            bill_no: bill_no.into(),
            bill_reff: bill_no.into(),
            payment_channel: "812".into(),
            bill_total: Amount::rupiah(10),
            bill_date: now,
            bill_expired: now.plus(std::time::Duration::from_secs(60)),
            status: PaymentStatusCode::Unprocessed,
            payment_date: None,
            payment_reff: None,
            ovo_number: None,
            cust_name: "A".into(),
            bill_desc: "B".into(),
            status_date: None,
            cancel_reason: None,
            warnings: Vec::new(),
            extra_fields: Vec::new(),
        });
        trx_id
    }

    #[test]
    fn the_store_is_full_at_its_capacity() {
        let mut store = Store::with_capacity(3);
        for i in 0..3 {
            assert!(!store.is_full());
            bill(&mut store, &format!("B{i}"));
        }
        assert!(store.is_full());
        assert!(!Store::default().is_full());
        assert_eq!(Store::default().capacity, MAX_TRANSACTIONS);
    }

    #[test]
    fn ids_are_16_digits_and_only_pending_bills_settle() {
        let mut store = Store::default();
        let id = bill(&mut store, "B1");
        assert_eq!(id.len(), 16);
        assert!(id.starts_with("99999812"));
        assert!(store.has_bill_no("B1"));
        let now = FaspayDateTime::now();
        let paid = store.settle(&id, PaymentStatusCode::Success, now).unwrap();
        assert_eq!(paid.payment_date, Some(now));
        assert_eq!(
            store.settle(&id, PaymentStatusCode::Cancelled, now),
            Err(Refusal::NotPending(PaymentStatusCode::Success))
        );
        assert_eq!(
            store.settle("0", PaymentStatusCode::Success, now),
            Err(Refusal::NotFound)
        );
        let later = now.plus(std::time::Duration::from_secs(120));
        let other = bill(&mut store, "B2");
        assert_eq!(store.due_for_expiry(later), vec![other]);
    }
}
