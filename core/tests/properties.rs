//! Property tests: codecs round-trip what they write, and no input bytes make a decoder,
//! the notification parser or the amount parser panic.

use faspay::codec::{self, Format};
use faspay::{Amount, AmountUnit, Client, Config, ErrorCode, Fields, WireValue};
use proptest::prelude::*;

/// Printable text (XML 1.0 cannot carry most control characters; bills refuse them anyway).
fn text() -> impl Strategy<Value = String> {
    "[ -~\u{a0}-\u{2fff}]{0,24}"
}

/// Messages shaped like Faspay's: unique keys with text values, plus an `item` list of 2+
/// objects (one object and a one-element list look alike in XML by design).
fn message() -> impl Strategy<Value = Fields> {
    let scalars = proptest::collection::btree_map("[a-z][a-z_]{0,11}", text(), 0..8);
    let item = proptest::collection::btree_map("[a-z][a-z_]{0,7}", text(), 1..4);
    let items = proptest::collection::vec(item, 2..4);
    (scalars, items).prop_map(|(scalars, items)| {
        let mut f = Fields::new();
        for (k, v) in scalars {
            if k != "item" {
                f.push_text(k, v);
            }
        }
        let list = items
            .into_iter()
            .map(|m| {
                let mut o = Fields::new();
                for (k, v) in m {
                    o.push_text(k, v);
                }
                WireValue::Object(o)
            })
            .collect();
        f.push("item", WireValue::List(list));
        f
    })
}

fn client() -> Client {
    Client::new(Config::new("99999", "Sophia Store", "bot99999", "p@ssw0rd")).unwrap()
}

proptest! {
    #[test]
    fn json_round_trips(f in message()) {
        prop_assert_eq!(codec::decode(&codec::encode(&f, Format::Json), Format::Json).unwrap(), f);
    }

    #[test]
    fn xml_round_trips(f in message()) {
        prop_assert_eq!(codec::decode(&codec::encode(&f, Format::Xml), Format::Xml).unwrap(), f);
    }

    #[test]
    fn decoders_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        let _ = codec::decode(&bytes, Format::Json);
        let _ = codec::decode(&bytes, Format::Xml);
    }

    #[test]
    fn xml_like_garbage_never_panics(s in "(<[a-z/!?]{0,3}|[a-z&;#0-9 ]{0,5}|>|\\]\\]>|<!\\[CDATA\\[){0,20}") {
        let _ = codec::decode(s.as_bytes(), Format::Xml);
        let err = client().parse_notification(s.as_bytes()).unwrap_err();
        prop_assert!(matches!(err.code(), ErrorCode::InvalidArgument | ErrorCode::InvalidSignature));
    }

    #[test]
    fn notification_parser_only_returns_coded_errors(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        let err = client().parse_notification(&bytes).unwrap_err();
        prop_assert!(matches!(err.code(), ErrorCode::InvalidArgument | ErrorCode::InvalidSignature));
    }

    #[test]
    fn decimal_amounts_scale_exactly(whole in 0u64..10_000_000_000, frac in 0u64..100, two_digits in any::<bool>()) {
        let text = if two_digits || frac % 10 != 0 {
            format!("{whole}.{frac:02}")
        } else {
            format!("{whole}.{}", frac / 10)
        };
        let a = Amount::parse(&text).unwrap();
        prop_assert_eq!(a.to_wire(AmountUnit::Sen).unwrap(), (whole * 100 + frac).to_string());
        prop_assert_eq!(Amount::from_wire(&a.to_wire(AmountUnit::Sen).unwrap(), AmountUnit::Sen).unwrap(), a);
    }

    #[test]
    fn amount_parser_never_panics(s in "\\PC{0,24}") {
        let _ = Amount::parse(&s);
    }

    #[test]
    fn a_changed_signature_never_verifies(suffix in "[ -~]{0,20}", flip in 0usize..40) {
        let good = faspay::sign("bot99999", "p@ssw0rd", &suffix);
        prop_assert!(faspay::verify(&good, &good));
        let mut bad: Vec<u8> = good.clone().into_bytes();
        bad[flip] = if bad[flip] == b'0' { b'1' } else { b'0' };
        prop_assert!(!faspay::verify(&good, std::str::from_utf8(&bad).unwrap()));
    }
}
