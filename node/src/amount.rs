//! Amounts from JS (rupiah: a `number`, a safe integer or a fraction the core's float rule
//! takes, a decimal `string` or a `bigint`) → core `Amount`; anything inexact or unsafe is
//! refused, never rounded.

use faspay::{Amount, AmountUnit};
use napi::bindgen_prelude::*;

use crate::args::Arg;
use crate::errors::{ResultExt, guarded, invalid_field};
use crate::value::{bigint_i64, safe_integer};

/// A JS amount in rupiah → `Amount` (the core decides what text is acceptable).
pub fn amount_from_js(value: Either3<f64, String, BigInt>) -> faspay::Result<Amount> {
    match value {
        // A whole number is an integer (JavaScript has no other), exact when safe (at most
        // 2^53 - 1), as in a bill (`bill_de`, `value::to_json`): Rp 999,999,999,999,999 reaches
        // the wire limit the core checks. -0 is 0.
        Either3::A(number) if number.fract() == 0.0 => {
            Amount::try_from_rupiah(safe_integer(number, "amount")?)
        }
        // A fraction is a float: the core's one float rule (exact to 2 places, sen a safe
        // integer), as for Python's and PHP's floats. 0.1 + 0.2 is refused.
        Either3::A(number) => Amount::from_f64(number),
        Either3::B(text) => Amount::parse(&text),
        Either3::C(big) => Amount::try_from_rupiah(bigint_i64(&big, "amount")?),
    }
}

/// A JS amount taken as any value, so a wrong type (`null`, an object) is the package's own
/// `INVALID_ARGUMENT` naming `field`, not napi's raw argument error.
pub fn amount_from_value(value: &Unknown<'_>, field: &str) -> faspay::Result<Amount> {
    let napi = |e: napi::Error| invalid_field(field, e.reason.clone());
    let amount = match value.get_type().map_err(napi)? {
        ValueType::Number => Either3::A(unsafe { value.cast::<f64>() }.map_err(napi)?),
        ValueType::String => Either3::B(unsafe { value.cast::<String>() }.map_err(napi)?),
        ValueType::BigInt => Either3::C(unsafe { value.cast::<BigInt>() }.map_err(napi)?),
        other => {
            return Err(invalid_field(
                field,
                format!(
                    "must be an amount in rupiah (a number, a decimal string or a bigint), got {}",
                    crate::args::js_type(other)
                ),
            ));
        }
    };
    // The core's errors name its generic `amount`; the caller's argument is `field`.
    amount_from_js(amount).map_err(|e| e.for_field(field))
}

/// The wire text of a rupiah amount in `unit` (`"sen"`: rupiah x 100, the default, or
/// `"rupiah"`).
#[napi(
    catch_unwind,
    ts_args_type = "amount: number | string | bigint, unit?: 'sen' | 'rupiah'"
)]
pub fn amount_to_wire(
    env: Env,
    amount: Arg<Either3<f64, String, BigInt>>,
    unit: Arg<Option<String>>,
) -> Result<String> {
    guarded(|| {
        let amount = amount.get("amount")?;
        let unit = AmountUnit::parse_field(unit.get("unit")?.as_deref().unwrap_or("sen"), "unit")?;
        amount_from_js(amount)?.to_wire(unit)
    })
    .js(&env)
}
