//! Money: rupiah at the API, scaled to Faspay's wire unit (`sen` = rupiah x 100 by default,
//! docs/protocol.md). Never rounds: inexact, negative or over-precise values are rejected.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, Result, quoted};

/// The largest wire value: amounts are `N(15)` on the wire.
const MAX_WIRE_DIGITS: usize = 15;

/// 2^53 - 1 (JavaScript's `Number.MAX_SAFE_INTEGER`): every integer up to it is exactly an
/// `f64`, beyond it floats skip integers, so a float amount's sen must not exceed it.
const MAX_SAFE_SEN: f64 = 9_007_199_254_740_991.0;

/// How amounts are written on the wire (docs/protocol.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AmountUnit {
    /// The wire value is rupiah x 100 (`Rp 10.000,00` → `1000000`): Faspay's documented rule.
    #[default]
    Sen,
    /// The wire value is whole rupiah; an amount with a fractional part is rejected.
    Rupiah,
}

impl AmountUnit {
    /// Parses `"sen"` or `"rupiah"` (the `amount_unit` setting).
    pub fn parse(text: &str) -> Result<AmountUnit> {
        AmountUnit::parse_field(text, "amount_unit")
    }

    /// Parses `"sen"` or `"rupiah"` given as `field` (e.g. `amount_to_wire`'s `unit` argument),
    /// which an error names.
    pub fn parse_field(text: &str, field: &str) -> Result<AmountUnit> {
        match text {
            "sen" => Ok(AmountUnit::Sen),
            "rupiah" => Ok(AmountUnit::Rupiah),
            other => Err(Error::invalid_field(
                field,
                format!("expected \"sen\" or \"rupiah\", got {}", quoted(other)),
            )),
        }
    }

    /// `"sen"` or `"rupiah"`.
    pub fn as_str(self) -> &'static str {
        match self {
            AmountUnit::Sen => "sen",
            AmountUnit::Rupiah => "rupiah",
        }
    }
}

/// A non-negative amount of rupiah with at most two decimals, held exactly as sen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Amount {
    sen: i64,
}

impl Amount {
    /// Whole rupiah; infallible for the common case.
    pub const fn rupiah(rupiah: u32) -> Amount {
        Amount {
            sen: rupiah as i64 * 100,
        }
    }

    /// Whole rupiah from any integer; negative or overflowing values are rejected.
    pub fn try_from_rupiah(rupiah: i64) -> Result<Amount> {
        // Checked here, not by `from_sen`, so the message is in the unit the caller wrote.
        if rupiah < 0 {
            return Err(Error::invalid_field(
                "amount",
                format!("negative amount: Rp {rupiah}"),
            ));
        }
        rupiah
            .checked_mul(100)
            .ok_or_else(|| Error::invalid_field("amount", "too large"))
            .and_then(Amount::from_sen)
    }

    /// An amount in sen (1/100 rupiah); negative values are rejected.
    pub fn from_sen(sen: i64) -> Result<Amount> {
        if sen < 0 {
            return Err(Error::invalid_field(
                "amount",
                format!("negative amount {sen} sen"),
            ));
        }
        Ok(Amount { sen })
    }

    /// Parses a decimal rupiah string: digits, optionally `.` and one or two decimals.
    /// No sign, separators, exponent or spaces: `"10000"`, `"10000.5"`, `"10000.50"`.
    pub fn parse(text: &str) -> Result<Amount> {
        let bad = |why: &str| Error::invalid_field("amount", format!("{why}: {}", quoted(text)));
        if text.starts_with('-') {
            return Err(bad("negative amount"));
        }
        let (whole, frac) = match text.split_once('.') {
            Some((w, f)) => (w, f),
            None => (text, ""),
        };
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !all_digits(whole) || !all_digits(frac) {
            return Err(bad("not a decimal number of rupiah"));
        }
        if text.contains('.') && frac.is_empty() {
            return Err(bad("not a decimal number of rupiah"));
        }
        if frac.len() > 2 {
            return Err(bad("more than 2 decimal places"));
        }
        let whole: i64 = whole.parse().map_err(|_| bad("too large"))?;
        let frac_sen: i64 = format!("{frac:0<2}").parse().unwrap_or(0);
        whole
            .checked_mul(100)
            .and_then(|s| s.checked_add(frac_sen))
            .ok_or_else(|| bad("too large"))
            .map(|sen| Amount { sen })
    }

    /// From a float: the one rule of every binding's float (Python `float`, a JS `number`, a
    /// PHP `float`, a C `double`). Accepted only when it exactly represents a rupiah amount
    /// with at most two decimals: its shortest decimal form (what the caller wrote, `10000.5`
    /// or `0.07`) has at most two, its sen value is a safe integer (at most 2^53 - 1), and no
    /// amount a sen away is the same float. `0.1 + 0.2` is refused, not rounded; so are `1e16`
    /// and, near the safe limit where floats are 1/64 rupiah apart, a fraction two amounts share.
    pub fn from_f64(value: f64) -> Result<Amount> {
        if !value.is_finite() {
            return Err(Error::invalid_field(
                "amount",
                format!("not a finite number: {value}"),
            ));
        }
        // -0.0 equals 0, so it is Rp 0 as 0 is, not a negative amount: `0 * -1` gives it, and
        // JavaScript cannot tell it from 0. `+ 0.0` turns it into 0.0 (whose text is "0").
        let value = value + 0.0;
        let inexact = |why: &str| {
            Error::invalid_field(
                "amount",
                format!("{value} is not an exact amount ({why}); pass a decimal string"),
            )
        };
        if value.abs() * 100.0 > MAX_SAFE_SEN {
            return Err(inexact(
                "its sen are beyond 2^53 - 1, where floats skip integers",
            ));
        }
        // Rust's `Display` for f64 prints the shortest text that round-trips, never exponents.
        let amount = Amount::parse(&format!("{value}")).map_err(|e| {
            // The reason without the parser's own `amount: ` prefix: the message has one already.
            inexact(e.message().strip_prefix("amount: ").unwrap_or(e.message()))
        })?;
        // Within the safe range a sen count is an exact f64 and the division is correctly
        // rounded, so this is the float each neighbouring amount's text would give.
        let sen = amount.sen;
        if [sen - 1, sen + 1]
            .into_iter()
            .any(|near| near >= 0 && near as f64 / 100.0 == value)
        {
            return Err(inexact("an amount a sen away is the same float"));
        }
        Ok(amount)
    }

    /// The amount in sen.
    pub fn sen(self) -> i64 {
        self.sen
    }

    /// Whether the amount has no fractional rupiah.
    pub fn is_whole_rupiah(self) -> bool {
        self.sen % 100 == 0
    }

    /// The wire text for `unit`: digits only, no separators or decimal point.
    pub fn to_wire(self, unit: AmountUnit) -> Result<String> {
        self.wire_digits(unit).map(|d| d.as_str().to_owned())
    }

    /// [`Amount::to_wire`] on the stack, for writers that copy it into a body.
    pub(crate) fn wire_digits(self, unit: AmountUnit) -> Result<WireDigits> {
        let value = match unit {
            AmountUnit::Sen => self.sen,
            AmountUnit::Rupiah if self.is_whole_rupiah() => self.sen / 100,
            AmountUnit::Rupiah => {
                return Err(Error::invalid_field(
                    "amount",
                    format!("{self} has a fractional part but amount_unit is rupiah"),
                ));
            }
        };
        let digits = WireDigits::of(value);
        if digits.as_str().len() > MAX_WIRE_DIGITS {
            return Err(Error::invalid_field(
                "amount",
                format!("{self} is more than {MAX_WIRE_DIGITS} digits on the wire"),
            ));
        }
        Ok(digits)
    }

    /// Reads a wire value written in `unit` (digits; a decimal point is tolerated for
    /// rupiah-unit inputs that carry `.00`).
    pub fn from_wire(text: &str, unit: AmountUnit) -> Result<Amount> {
        let text = text.trim();
        match unit {
            AmountUnit::Sen => {
                if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(Error::invalid_field(
                        "amount",
                        format!("wire amount is not digits: {}", quoted(text)),
                    ));
                }
                text.parse::<i64>()
                    .map_err(|_| Error::invalid_field("amount", "too large"))
                    .and_then(Amount::from_sen)
            }
            AmountUnit::Rupiah => Amount::parse(text),
        }
    }
}

/// The decimal text of a wire amount, written into a stack buffer (no allocation).
pub(crate) struct WireDigits {
    buf: [u8; 20],
    start: usize,
}

impl WireDigits {
    /// `value` as `i64`'s `to_string` writes it (amounts are never negative; the sign is kept
    /// anyway so the text is always the number's).
    fn of(value: i64) -> WireDigits {
        let mut buf = [0u8; 20];
        let mut start = buf.len();
        let mut rest = value.unsigned_abs();
        loop {
            start -= 1;
            buf[start] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        if value < 0 {
            start -= 1;
            buf[start] = b'-';
        }
        WireDigits { buf, start }
    }

    pub(crate) fn as_str(&self) -> &str {
        // Only ASCII digits and '-' are written.
        std::str::from_utf8(&self.buf[self.start..]).unwrap_or_default()
    }
}

impl fmt::Display for Amount {
    /// Rupiah as a plain decimal: `10000`, `10000.50`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, frac) = (self.sen / 100, self.sen % 100);
        if frac == 0 {
            write!(f, "{whole}")
        } else {
            write!(f, "{whole}.{frac:02}")
        }
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Amount {
    /// An integer (rupiah), a float with at most 2 exact decimals, or a decimal string.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Amount;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an amount in rupiah: an integer or a decimal string")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> std::result::Result<Amount, E> {
                Amount::try_from_rupiah(v).map_err(|e| E::custom(e.message()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> std::result::Result<Amount, E> {
                i64::try_from(v)
                    .map_err(|_| E::custom("amount: too large"))
                    .and_then(|v| self.visit_i64(v))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> std::result::Result<Amount, E> {
                Amount::from_f64(v).map_err(|e| E::custom(e.message()))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<Amount, E> {
                Amount::parse(v).map_err(|e| E::custom(e.message()))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_digits_are_to_string() {
        for v in [
            0,
            7,
            10,
            99,
            2_500_000,
            999_999_999_999_999,
            i64::MAX,
            -5,
            i64::MIN,
        ] {
            assert_eq!(WireDigits::of(v).as_str(), v.to_string());
        }
    }

    #[test]
    fn parses_and_scales() {
        assert_eq!(
            Amount::parse("10000")
                .unwrap()
                .to_wire(AmountUnit::Sen)
                .unwrap(),
            "1000000"
        );
        assert_eq!(Amount::parse("10000.5").unwrap().sen(), 1_000_050);
        assert_eq!(Amount::parse("0.07").unwrap().sen(), 7);
        assert_eq!(Amount::from_f64(0.07).unwrap().sen(), 7);
        assert_eq!(
            Amount::rupiah(25).to_wire(AmountUnit::Rupiah).unwrap(),
            "25"
        );
        assert_eq!(Amount::parse("12.30").unwrap().to_string(), "12.30");
    }

    /// The error every refused amount gives: `INVALID_ARGUMENT` on field `amount`, with a
    /// message saying why.
    fn refused<T: fmt::Debug>(result: Result<T>, why: &str) {
        let err = result.expect_err(why);
        assert_eq!(err.code(), crate::ErrorCode::InvalidArgument, "{why}");
        assert_eq!(err.field(), Some("amount"), "{why}");
        assert!(
            err.message().contains(why),
            "{:?} lacks {why:?}",
            err.message()
        );
    }

    #[test]
    fn rejects_inexact() {
        for (bad, why) in [
            ("-1", "negative"),
            ("1.234", "more than 2 decimal places"),
            ("1,000", "not a decimal number"),
            ("1e3", "not a decimal number"),
            ("", "not a decimal number"),
            (".5", "not a decimal number"),
            ("5.", "not a decimal number"),
            (" 5", "not a decimal number"),
            ("99999999999999999999", "too large"),
        ] {
            refused(Amount::parse(bad), why);
        }
        refused(Amount::from_f64(0.1 + 0.2), "not an exact amount");
        refused(
            Amount::from_f64(0.125),
            "amount: 0.125 is not an exact amount (more than 2 decimal places: \"0.125\"); pass",
        );
        refused(Amount::from_f64(-0.5), "negative");
        refused(Amount::from_f64(1e16), "beyond 2^53 - 1");
        refused(Amount::from_f64(f64::INFINITY), "not a finite number");
        refused(Amount::from_f64(f64::NAN), "not a finite number");
        refused(Amount::try_from_rupiah(-5), "negative amount: Rp -5");
        refused(Amount::try_from_rupiah(i64::MAX), "too large");
        refused(
            Amount::parse("1.5").unwrap().to_wire(AmountUnit::Rupiah),
            "fractional part",
        );
        refused(
            Amount::try_from_rupiah(10_000_000_000_000)
                .unwrap()
                .to_wire(AmountUnit::Sen),
            "more than 15 digits",
        );
        refused(Amount::from_wire("12.5", AmountUnit::Sen), "not digits");
        refused(Amount::from_wire("", AmountUnit::Sen), "not digits");
        refused(
            Amount::from_wire("99999999999999999999", AmountUnit::Sen),
            "too large",
        );
    }

    #[test]
    fn a_float_is_accepted_only_as_one_exact_safe_amount() {
        // -0.0 is 0, as 0 is.
        assert_eq!(Amount::from_f64(-0.0).unwrap(), Amount::default());
        assert_eq!(Amount::from_f64(0.0).unwrap(), Amount::default());
        // The largest whole rupiah whose sen are a safe integer, and the next one.
        assert_eq!(
            Amount::from_f64(90_071_992_547_409.0).unwrap().to_string(),
            "90071992547409"
        );
        refused(Amount::from_f64(90_071_992_547_410.0), "beyond 2^53 - 1");
        // Floats are 1/64 rupiah apart there: .01 and .02 are one float, so neither is taken.
        refused(
            Amount::from_f64(80_000_000_000_000.01),
            "an amount a sen away is the same float",
        );
        refused(
            Amount::from_f64(80_000_000_000_000.02),
            "an amount a sen away is the same float",
        );
        // Where floats are finer than a sen every 2-decimal amount is its own float.
        assert_eq!(
            Amount::from_f64(1e12 + 0.07).unwrap().sen(),
            100_000_000_000_007
        );
        assert_eq!(
            Amount::from_f64(9_999_999_999_999.99).unwrap().sen(),
            999_999_999_999_999
        );
    }

    #[test]
    fn from_sen_holds_sen_exactly_and_refuses_negatives() {
        let amount = Amount::from_sen(1_234_567).unwrap();
        assert_eq!(amount.sen(), 1_234_567);
        assert_eq!(amount.to_string(), "12345.67");
        assert_eq!(amount.to_wire(AmountUnit::Sen).unwrap(), "1234567");
        assert_eq!(Amount::from_sen(0).unwrap(), Amount::default());
        assert_eq!(Amount::from_sen(150_000).unwrap(), Amount::rupiah(1_500));
        refused(Amount::from_sen(-1), "negative amount -1 sen");
    }

    #[test]
    fn is_whole_rupiah_is_about_the_sen_only() {
        for (sen, whole) in [
            (0, true),
            (100, true),
            (1_500_000, true),
            (1, false),
            (99, false),
            (1_050, false),
        ] {
            assert_eq!(
                Amount::from_sen(sen).unwrap().is_whole_rupiah(),
                whole,
                "{sen}"
            );
        }
    }

    #[test]
    fn unit_names_round_trip_and_others_are_refused() {
        for unit in [AmountUnit::Sen, AmountUnit::Rupiah] {
            assert_eq!(AmountUnit::parse(unit.as_str()).unwrap(), unit);
        }
        let err = AmountUnit::parse("cents").unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::InvalidArgument);
        assert_eq!(err.field(), Some("amount_unit"));
    }
}
