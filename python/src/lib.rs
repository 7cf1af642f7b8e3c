//! Python binding of the faspay core: the `faspay._native` extension module (PyO3, abi3-py39).
//! Modules mirror the core's; they convert types and map errors, and decide nothing about
//! Faspay. The public API is the `faspay` package in `py_src/faspay`.

mod amount;
mod args;
mod bill;
mod bill_de;
mod bill_no;
mod client;
mod codes;
mod config;
mod errors;
mod log;
mod model;
mod notification;
mod return_url;
mod sandbox;
mod sandbox_warning;
mod settings;
mod signature;
mod transport;
mod wire;

use pyo3::prelude::*;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<client::Client>()?;
    m.add_class::<settings::ClientSettings>()?;
    m.add_class::<model::PaymentChannel>()?;
    m.add_class::<model::ChannelList>()?;
    m.add_class::<model::BillItem>()?;
    m.add_class::<model::CreatedTransaction>()?;
    m.add_class::<model::PaymentStatus>()?;
    m.add_class::<model::Cancellation>()?;
    m.add_class::<model::OvoPushResult>()?;
    m.add_class::<notification::Notification>()?;
    m.add_class::<return_url::ReturnInfo>()?;
    m.add_class::<transport::PreparedRequest>()?;
    m.add_class::<sandbox::SandboxServer>()?;
    m.add_class::<sandbox::SandboxTransaction>()?;
    m.add_class::<sandbox::NotificationDelivery>()?;
    m.add_class::<sandbox_warning::SandboxWarning>()?;
    m.add_class::<sandbox::SandboxRequest>()?;
    m.add_function(wrap_pyfunction!(amount::amount_to_wire, m)?)?;
    m.add_function(wrap_pyfunction!(bill_no::generate_bill_no, m)?)?;
    m.add_function(wrap_pyfunction!(bill_no::bill_no_prefix_risk, m)?)?;
    // The core's `bill_no::GENERATED_LEN` under Node's and C's name; `BILL_NO_LENGTH` is the
    // earlier name, kept for code that uses it.
    m.add("GENERATED_BILL_NO_LENGTH", faspay::bill_no::GENERATED_LEN)?;
    m.add("BILL_NO_LENGTH", faspay::bill_no::GENERATED_LEN)?;
    m.add("__version__", faspay::VERSION)?;

    m.add_function(wrap_pyfunction!(signature::sign, m)?)?;
    m.add_function(wrap_pyfunction!(signature::verify, m)?)?;
    m.add_function(wrap_pyfunction!(signature::channel_inquiry_signature, m)?)?;
    m.add_function(wrap_pyfunction!(signature::post_data_signature, m)?)?;
    m.add_function(wrap_pyfunction!(signature::inquiry_signature, m)?)?;
    m.add_function(wrap_pyfunction!(signature::cancel_signature, m)?)?;
    m.add_function(wrap_pyfunction!(signature::redirect_signature, m)?)?;
    m.add_function(wrap_pyfunction!(signature::ovo_push_signature, m)?)?;
    m.add_function(wrap_pyfunction!(signature::notification_signature, m)?)?;
    m.add_function(wrap_pyfunction!(signature::return_url_signature, m)?)?;
    m.add_function(wrap_pyfunction!(signature::sign_message, m)?)?;
    m.add("SIGNED_MESSAGES", signature::signed_messages())?;

    m.add_function(wrap_pyfunction!(codes::payment_status_is_paid, m)?)?;
    m.add_function(wrap_pyfunction!(codes::payment_status_is_final, m)?)?;
    m.add_function(wrap_pyfunction!(codes::payment_status_description, m)?)?;
    m.add_function(wrap_pyfunction!(codes::response_code_description, m)?)?;
    m.add("PAYMENT_STATUS_CODES", codes::defined_statuses())?;

    m.add_function(wrap_pyfunction!(errors::error_for_code, m)?)?;
    m.add("ERROR_CODES", errors::error_codes())?;
    Ok(())
}
