//! Load: 10,000 transactions created and paid (OVO push) by several client threads at once,
//! every payment notification delivered to the merchant, verified, and none lost. Every request
//! the sandbox received and every notification it sent is re-checked by the independent oracle
//! (its own signature formula and readers), and every bill's amounts are ×100 of the rupiah
//! the test wrote.

mod common;

use std::collections::HashSet;
use std::sync::Mutex;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use common::oracle::{self, Kind};
use common::{Merchant, MerchantMode};
use faspay::{Format, PaymentStatusCode};

const TRANSACTIONS: usize = 10_000;
const CLIENT_THREADS: usize = 8;

#[test]
fn ten_thousand_paid_transactions_are_all_notified() {
    let started = Instant::now();
    let sandbox = common::sandbox();
    let merchant = Merchant::start(sandbox.client_config(), MerchantMode::Accept);
    sandbox.set_notify_url(Some(merchant.url.clone()));
    let per_thread = TRANSACTIONS / CLIENT_THREADS;
    // The bill every thread creates: Rp 15.000, one item of Rp 15.000.
    let sen = oracle::rupiah_text_to_sen("15000");
    // The oracle drains the sandbox's bounded request log from the client threads themselves,
    // after each transaction: the requests cannot outrun the draining (a separate draining
    // thread starved on a loaded machine let requests fall out of the log), and it still
    // fails if one ever did (the sequence numbers must follow on).
    let oracle_state = Mutex::new((oracle::Drain::default(), 0usize, 0usize));
    let drain = || {
        let mut state = oracle_state.lock().expect("the oracle state");
        let (drain, post_data, pushes) = &mut *state;
        drain.run(&sandbox, |kind, m| match kind {
            Kind::PostData => {
                *post_data += 1;
                assert_eq!(m.get("bill_total"), Some(sen.as_str()), "{m:?}");
                assert_eq!(m.items.len(), 1, "{m:?}");
                assert_eq!(m.items[0].get("amount"), Some(&sen), "{m:?}");
            }
            Kind::OvoPush => *pushes += 1,
            _ => {}
        });
    };
    let trx_ids: Vec<String> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..CLIENT_THREADS)
            .map(|t| {
                let (sandbox, drain) = (&sandbox, &drain);
                scope.spawn(move || {
                    // Half the threads speak XML, half JSON.
                    let format = if t % 2 == 0 {
                        Format::Json
                    } else {
                        Format::Xml
                    };
                    let client = common::client(sandbox, format);
                    (0..per_thread)
                        .map(|i| {
                            let bill_no = format!("LOAD-{t}-{i}");
                            let created = client
                                .create_transaction(&common::bill(&bill_no, "812"))
                                .expect("create");
                            client
                                .ovo_push(&created.trx_id, "081234567890")
                                .expect("push");
                            drain();
                            created.trx_id
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("client thread"))
            .collect()
    });
    drain();
    let (drain, post_data, pushes) = oracle_state.into_inner().expect("the oracle state");
    assert_eq!(
        (drain.checked, post_data, pushes),
        (2 * TRANSACTIONS, TRANSACTIONS, TRANSACTIONS),
        "the oracle re-checked every create and every push"
    );
    assert_eq!(trx_ids.len(), TRANSACTIONS);
    let unique: HashSet<&String> = trx_ids.iter().collect();
    assert_eq!(unique.len(), TRANSACTIONS, "trx_ids are unique");

    // None lost: every payment ends with exactly one accepted delivery. A retry on a loaded
    // machine (a slow reply) is Faspay-like behaviour, not a loss, so it is allowed.
    let accepted_count = || {
        let deliveries = sandbox.deliveries();
        let accepted: HashSet<String> = deliveries
            .iter()
            .filter(|d| d.accepted)
            .map(|d| d.trx_id.clone())
            .collect();
        (accepted.len(), deliveries)
    };
    // A bounded wait for the last deliveries (a hang fails the test; the limit is no speed
    // target: scripts/bench measures speed).
    common::wait_until(Duration::from_secs(300), || {
        accepted_count().0 >= TRANSACTIONS
    });
    let (accepted, deliveries) = accepted_count();
    assert_eq!(
        accepted, TRANSACTIONS,
        "every notification delivered and accepted"
    );
    assert!(deliveries.iter().all(|d| d.attempt <= 4));
    assert_eq!(merchant.invalid.load(Ordering::SeqCst), 0);
    let received = merchant.received();
    let notified: HashSet<String> = received
        .iter()
        .filter(|n| n.payment_status_code == PaymentStatusCode::Success)
        .map(|n| n.trx_id.clone())
        .collect();
    assert_eq!(notified.len(), TRANSACTIONS, "every payment notified once");
    assert!(trx_ids.iter().all(|t| notified.contains(t)));
    let paid = sandbox
        .transactions()
        .iter()
        .filter(|t| t.status == PaymentStatusCode::Success)
        .count();
    assert_eq!(paid, TRANSACTIONS);
    // Every notification attempt signed by the oracle's formula (bill_no + status code).
    assert!(oracle::check_deliveries(&sandbox) >= TRANSACTIONS);
    // Reported, not asserted: a busy CI machine may be slow, and nothing was lost.
    eprintln!(
        "load: {TRANSACTIONS} transactions created, paid and notified in {:?}",
        started.elapsed()
    );
}
