//! Bill numbers (core `bill_no.rs`): the generator and the numbering-risk check.

use napi::bindgen_prelude::*;

use crate::args::{Arg, call};
use crate::errors::{ResultExt, guarded};

/// A new bill number: 16 decimal digits, the first never `0`, from the operating system's
/// secure random source (cannot be guessed or enumerated).
#[napi(catch_unwind)]
pub fn generate_bill_no(env: Env) -> Result<String> {
    guarded(faspay::bill_no::generate).js(&env)
}

/// The length of `generateBillNo()`'s numbers (16).
#[napi]
pub const GENERATED_BILL_NO_LENGTH: u32 = faspay::bill_no::GENERATED_LEN as u32;

/// Checks a sample of bill numbers: a warning when their format lets one number be another
/// plus a status digit (`1000` and `10002`; the notification signature covers bill_no and
/// status together, so such pairs collide), or `null` when the sample shows no such risk.
#[napi(catch_unwind, ts_args_type = "billNos: Array<string>")]
pub fn bill_no_prefix_risk(env: Env, bill_nos: Arg<Vec<String>>) -> Result<Option<String>> {
    call(&env, || {
        Ok(faspay::bill_no::prefix_risk(&bill_nos.get("bill_nos")?))
    })
}
