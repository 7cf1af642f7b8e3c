//! The payment channels the sandbox merchant has enabled: what Payment Channel Inquiry lists
//! and which `payment_channel` codes Post Data accepts (docs/protocol.md).

/// `(pg_code, pg_name)`: the 2023 sandbox answer (docs/protocol.md) plus the e-money and QR
/// channels of the current guides.
pub const CHANNELS: &[(&str, &str)] = &[
    ("707", "ALFAGROUP"),
    ("702", "BCA Virtual Account"),
    ("801", "BNI Virtual Account"),
    ("401", "BRI E-PAY"),
    ("800", "BRI Virtual Account"),
    ("700", "CIMB Clicks"),
    ("819", "DANA"),
    ("701", "DANAMON ONLINE BANKING"),
    ("708", "Danamon VA"),
    ("302", "LinkAja"),
    ("802", "Mandiri Virtual Account"),
    ("408", "Maybank Virtual Account"),
    ("812", "OVO"),
    ("706", "Payment Point Indomaret"),
    ("402", "Permata"),
    ("711", "ShopeePay QRIS"),
    ("713", "ShopeePay App"),
    ("715", "LinkAja QRIS"),
    ("716", "LinkAja AppLink"),
    ("405", "BCA KlikPay"),
    ("704", "BCA Sakuku"),
    ("709", "Kredivo"),
    ("807", "Akulaku"),
    ("814", "Maybank2U"),
    ("820", "Indodana"),
    ("825", "CIMB Virtual Account"),
    ("836", "Paydia QRIS"),
];

/// The OVO channel code.
pub const OVO: &str = "812";

/// Channels that answer with a QR payload (`web_url`, `qr_content`) besides `redirect_url`.
pub const QR_CHANNELS: &[&str] = &["711", "715", "836"];

/// The name of an enabled channel.
pub fn name(code: &str) -> Option<&'static str> {
    CHANNELS.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}

#[cfg(test)]
mod tests {
    #[test]
    fn ovo_is_enabled() {
        assert_eq!(super::name(super::OVO), Some("OVO"));
        assert_eq!(super::name("999"), None);
    }
}
