//! Bill numbers that Faspay's signatures cannot confuse: a fixed-length, unguessable generator
//! and a check that warns when a numbering lets one number be another plus a status digit.
//!
//! Faspay signs a notification (and a return URL) as
//! `sha1(md5(user_id + password + bill_no + payment_status_code))`, with no separator, and its
//! redirect URL shows every customer `sha1(md5(user_id + password + bill_no))` for their own
//! bill. With variable-length numbers, the public redirect signature of bill `10002` is
//! therefore a valid "paid" (`2`) notification signature for bill `1000`. Numbers of one fixed
//! length rule this out: `bill_no + status` is then never another bill's number.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use crate::error::{Error, ErrorCode, Result};

/// The length of [`generate`]'s numbers: 16, the most every Faspay endpoint accepts (the
/// inquiry and redirect tables say `AN(16)`, the others `AN(32)`).
pub const GENERATED_LEN: usize = 16;

/// A new bill number: 16 decimal digits, the first never `0` (so no system strips it), drawn
/// from the operating system's secure random source (about 53 bits, so numbers cannot be
/// guessed or enumerated). Use it for every bill of a merchant account, or keep whatever
/// numbering you have at one fixed length. `INTERNAL` only if the OS has no random source.
pub fn generate() -> Result<String> {
    let mut out = String::with_capacity(GENERATED_LEN);
    let mut pool = [0u8; 32];
    while out.len() < GENERATED_LEN {
        getrandom::fill(&mut pool).map_err(|e| {
            Error::new(
                ErrorCode::Internal,
                format!("the OS random source failed: {e}"),
            )
        })?;
        for byte in pool {
            // Rejection sampling keeps every digit uniform: 252 = 9 x 28, 250 = 10 x 25.
            let digit = match out.len() {
                GENERATED_LEN.. => break,
                0 if byte < 252 => 1 + byte % 9,
                1.. if byte < 250 => byte % 10,
                _ => continue,
            };
            out.push(char::from(b'0' + digit));
        }
    }
    Ok(out)
}

/// Whether `c` can be a signed status: the SDK reads any one digit as a status (unknown ones
/// as `Other`), so every ASCII digit counts.
fn is_status_digit(c: char) -> bool {
    c.is_ascii_digit()
}

/// Checks a sample of a merchant's bill numbers (recent ones, or all of them) and returns a
/// warning when their format lets one number be another plus a status digit: two numbers
/// whose lengths differ by one where the longer ends in a status digit. The warning names
/// the colliding pair when the sample holds one (`1000` and `10002`), else the lengths. `None`
/// means the sample shows no such risk (for example: every number has the same length).
pub fn prefix_risk<S: AsRef<str>>(bill_nos: &[S]) -> Option<String> {
    let all: HashSet<&str> = bill_nos.iter().map(|b| b.as_ref()).collect();
    // An actual pair first: the strongest warning.
    for longer in &all {
        let Some(last) = longer.chars().last() else {
            continue;
        };
        let shorter = &longer[..longer.len() - last.len_utf8()];
        if is_status_digit(last) && !shorter.is_empty() && all.contains(shorter) {
            return Some(pair_warning(shorter, longer));
        }
    }
    let mut lengths = LengthSets::default();
    all.iter().find_map(|b| lengths.record(b))
}

fn pair_warning(shorter: &str, longer: &str) -> String {
    format!(
        "bill numbers {shorter:?} and {longer:?}: the public redirect signature of {longer:?} is \
         a valid notification signature for {shorter:?} with status {:?}; use bill numbers of \
         one fixed length, such as the SDK's generated ones",
        &longer[shorter.len()..]
    )
}

/// The lengths seen so far, as bit sets (bill numbers are at most 32 characters; longer ones
/// share the last bit, which only makes the check more cautious).
#[derive(Debug, Default)]
pub(crate) struct LengthSets {
    any: u64,
    ending_in_status_digit: u64,
}

fn bit(len: usize) -> u64 {
    1u64 << len.min(63)
}

impl LengthSets {
    /// Records `bill_no` and returns a warning if the lengths seen now allow a collision.
    pub(crate) fn record(&mut self, bill_no: &str) -> Option<String> {
        let len = bill_no.chars().count();
        let digit_end = bill_no.chars().last().is_some_and(is_status_digit);
        self.any |= bit(len);
        if digit_end {
            self.ending_in_status_digit |= bit(len);
        }
        let risky = (self.ending_in_status_digit & (self.any << 1) & !1) != 0;
        risky.then(|| {
            format!(
                "bill numbers of different lengths (now {len} characters) ending in a digit: one \
                 number can be another plus a status digit (1000 + 2 = 10002), and the public \
                 redirect signature of the longer one then verifies as a notification for the \
                 shorter; use bill numbers of one fixed length, such as the SDK's generated ones"
            )
        })
    }
}

/// The client's running check: warns once per client when the bills it creates show a
/// numbering with the prefix risk.
#[derive(Debug, Default)]
pub(crate) struct PrefixWatch {
    any: AtomicU64,
    ending_in_status_digit: AtomicU64,
    warned: AtomicBool,
}

impl PrefixWatch {
    /// Records a bill number; returns the warning the first time the risk shows.
    pub(crate) fn record(&self, bill_no: &str) -> Option<String> {
        let mut sets = LengthSets {
            any: self.any.load(Ordering::Relaxed),
            ending_in_status_digit: self.ending_in_status_digit.load(Ordering::Relaxed),
        };
        let warning = sets.record(bill_no);
        self.any.fetch_or(sets.any, Ordering::Relaxed);
        self.ending_in_status_digit
            .fetch_or(sets.ending_in_status_digit, Ordering::Relaxed);
        warning.filter(|_| !self.warned.swap(true, Ordering::Relaxed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_numbers_are_fixed_length_digits_and_differ() {
        let numbers: Vec<String> = (0..2000).map(|_| generate().unwrap()).collect();
        for n in &numbers {
            assert_eq!(n.len(), GENERATED_LEN);
            assert!(n.bytes().all(|b| b.is_ascii_digit()), "{n}");
            assert_ne!(n.as_bytes()[0], b'0');
        }
        let distinct: HashSet<&String> = numbers.iter().collect();
        assert_eq!(distinct.len(), numbers.len());
        assert_eq!(prefix_risk(&numbers), None);
        // Every digit shows up in every position after the first (2000 draws of 10 values).
        for pos in 1..GENERATED_LEN {
            let seen: HashSet<u8> = numbers.iter().map(|n| n.as_bytes()[pos]).collect();
            assert_eq!(seen.len(), 10, "position {pos}");
        }
    }

    #[test]
    fn prefix_risk_finds_pairs_and_variable_lengths() {
        let pair = prefix_risk(&["1000", "10002", "20000"]).unwrap();
        assert!(pair.contains("\"1000\" and \"10002\""), "{pair}");
        assert!(prefix_risk(&["999", "1000"]).is_some(), "lengths 3 and 4");
        assert_eq!(prefix_risk(&["1000", "2000", "3000"]), None);
        // The longer must end in a status digit; the shorter may be anything.
        assert_eq!(prefix_risk(&["ORDER-1", "ORDER-1X"]), None);
        assert!(prefix_risk(&["ORDER-X", "ORDER-X2"]).is_some());
        assert_eq!(prefix_risk::<&str>(&[]), None);
    }

    #[test]
    fn the_client_watch_warns_once() {
        let watch = PrefixWatch::default();
        assert_eq!(watch.record("1000"), None);
        assert_eq!(watch.record("2000"), None);
        assert!(watch.record("10002").is_some());
        assert_eq!(watch.record("100021"), None, "already warned");
    }
}
