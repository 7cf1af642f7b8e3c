//! Node.js binding of the faspay core (napi-rs), published on npm as `faspay-rs`. Modules mirror
//! the core's; they convert types and map errors, and decide nothing about Faspay. The public
//! API is `faspay.js` (over the generated `index.js`), `testing.js` and `express.js`.

#[macro_use]
extern crate napi_derive;

pub mod amount;
pub mod args;
pub mod bill;
pub mod bill_de;
pub mod bill_no;
pub mod brand;
pub mod client;
pub mod codes;
pub mod config;
pub mod errors;
pub mod log;
pub mod model;
pub mod notification;
pub mod sandbox;
pub mod sandbox_views;
pub mod settings;
pub mod signature;
pub mod tasks;
pub mod value;
pub mod wire;

/// This release's version (the workspace version in Cargo.toml), as in `package.json`.
#[napi]
pub const VERSION: &str = faspay::VERSION;
