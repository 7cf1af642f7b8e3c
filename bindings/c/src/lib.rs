//! # faspay-capi
//!
//! The C ABI of the faspay core, shipped as `libfaspay` with the generated `include/faspay.h`,
//! and loaded by PHP through FFI. Modules mirror the core's; they convert types, manage
//! ownership and map errors, and decide nothing about Faspay.
//!
//! Conventions of every function: a `faspay_status` return (0 = OK), results through `*_out`
//! parameters (set to NULL first, filled only on success), an optional `faspay_error **err_out`,
//! strings in as NUL-terminated UTF-8, strings out owned by the caller and freed with
//! `faspay_string_free`. Every body runs inside a panic boundary.

#![allow(non_camel_case_types)]

mod amount;
mod bill_no;
mod boundary;
mod client;
mod codes;
mod config;
mod error;
mod json_arg;
mod log;
mod model;
mod notification;
mod php_serialize;
mod return_url;
mod sandbox;
mod sandbox_views;
mod signature;
mod status;
mod transport;
mod version;

pub use amount::*;
pub use bill_no::*;
pub use client::*;
pub use codes::*;
pub use error::*;
pub use log::*;
pub use notification::*;
pub use return_url::*;
pub use sandbox::*;
pub use sandbox_views::*;
pub use signature::*;
pub use status::*;
pub use transport::*;
pub use version::*;
