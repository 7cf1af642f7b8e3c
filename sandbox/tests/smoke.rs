mod common;

use faspay::{Format, PaymentStatusCode};

#[test]
fn create_push_and_inquire_in_both_formats() {
    let sandbox = common::sandbox();
    for format in [Format::Json, Format::Xml] {
        let client = common::client(&sandbox, format);
        let bill_no = format!("SMOKE-{}", format.as_str());
        let created = client
            .create_transaction(&common::bill(&bill_no, "812"))
            .unwrap();
        assert_eq!(created.trx_id.len(), 16);
        client.ovo_push(&created.trx_id, "081234567890").unwrap();
        let status = client.payment_status(&created.trx_id, &bill_no).unwrap();
        assert_eq!(status.payment_status_code, PaymentStatusCode::Success);
    }
}
