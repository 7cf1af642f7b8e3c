//! Faspay's status and response codes (docs/protocol.md): the typed payment status and
//! the meaning of each `response_code`.

use std::fmt;

/// `payment_status_code` (docs/protocol.md). An unknown value is kept, never dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaymentStatusCode {
    /// 0: the bill exists and nothing was paid yet.
    Unprocessed,
    /// 1: the payment is being processed.
    InProcess,
    /// 2: paid.
    Success,
    /// 3: the payment failed.
    Failed,
    /// 4: a reversal after a success.
    Reversal,
    /// 5: Faspay has no such bill.
    NoBillsFound,
    /// 7: the bill expired unpaid.
    Expired,
    /// 8: the bill was cancelled.
    Cancelled,
    /// 9: unknown to Faspay for now; ask again.
    Unknown,
    /// Any other value Faspay may send (code 6 is undefined, for example).
    Other(u8),
}

impl PaymentStatusCode {
    /// Every defined code, in numeric order.
    pub const DEFINED: [PaymentStatusCode; 9] = [
        PaymentStatusCode::Unprocessed,
        PaymentStatusCode::InProcess,
        PaymentStatusCode::Success,
        PaymentStatusCode::Failed,
        PaymentStatusCode::Reversal,
        PaymentStatusCode::NoBillsFound,
        PaymentStatusCode::Expired,
        PaymentStatusCode::Cancelled,
        PaymentStatusCode::Unknown,
    ];

    /// The numeric value on the wire.
    pub fn value(self) -> u8 {
        match self {
            PaymentStatusCode::Unprocessed => 0,
            PaymentStatusCode::InProcess => 1,
            PaymentStatusCode::Success => 2,
            PaymentStatusCode::Failed => 3,
            PaymentStatusCode::Reversal => 4,
            PaymentStatusCode::NoBillsFound => 5,
            PaymentStatusCode::Expired => 7,
            PaymentStatusCode::Cancelled => 8,
            PaymentStatusCode::Unknown => 9,
            PaymentStatusCode::Other(v) => v,
        }
    }

    /// The code for a numeric value; undefined values become [`PaymentStatusCode::Other`].
    pub fn from_value(value: u8) -> PaymentStatusCode {
        PaymentStatusCode::DEFINED
            .into_iter()
            .find(|c| c.value() == value)
            .unwrap_or(PaymentStatusCode::Other(value))
    }

    /// Parses the wire text: exactly one ASCII digit (surrounding blanks ignored); `None`
    /// otherwise. Strictness matters: the status is appended to `bill_no` in the signed text,
    /// so accepting `"02"` would let the public redirect signature of bill `B + "0"` pass as
    /// a "paid" notification for bill `B`.
    pub fn parse(text: &str) -> Option<PaymentStatusCode> {
        match text.trim().as_bytes() {
            [digit @ b'0'..=b'9'] => Some(PaymentStatusCode::from_value(digit - b'0')),
            _ => None,
        }
    }

    /// Whether the money arrived (status 2). A reversal (4) is final but not paid.
    pub fn is_paid(self) -> bool {
        self == PaymentStatusCode::Success
    }

    /// Whether the status will not change any more (2, 3, 4, 5, 7, 8).
    pub fn is_final(self) -> bool {
        matches!(
            self,
            PaymentStatusCode::Success
                | PaymentStatusCode::Failed
                | PaymentStatusCode::Reversal
                | PaymentStatusCode::NoBillsFound
                | PaymentStatusCode::Expired
                | PaymentStatusCode::Cancelled
        )
    }

    /// The English meaning from Faspay's docs.
    pub fn description(self) -> &'static str {
        match self {
            PaymentStatusCode::Unprocessed => "Unprocessed",
            PaymentStatusCode::InProcess => "In Process",
            PaymentStatusCode::Success => "Payment Success",
            PaymentStatusCode::Failed => "Payment Failed",
            PaymentStatusCode::Reversal => "Payment Reversal",
            PaymentStatusCode::NoBillsFound => "No bills found",
            PaymentStatusCode::Expired => "Payment Expired",
            PaymentStatusCode::Cancelled => "Payment Cancelled",
            PaymentStatusCode::Unknown => "Unknown",
            PaymentStatusCode::Other(_) => "Undefined status",
        }
    }

    /// The symbolic name used by the bindings' enums (`SUCCESS`, `EXPIRED`, ...).
    pub fn name(self) -> &'static str {
        match self {
            PaymentStatusCode::Unprocessed => "UNPROCESSED",
            PaymentStatusCode::InProcess => "IN_PROCESS",
            PaymentStatusCode::Success => "SUCCESS",
            PaymentStatusCode::Failed => "FAILED",
            PaymentStatusCode::Reversal => "REVERSAL",
            PaymentStatusCode::NoBillsFound => "NO_BILLS_FOUND",
            PaymentStatusCode::Expired => "EXPIRED",
            PaymentStatusCode::Cancelled => "CANCELLED",
            PaymentStatusCode::Unknown => "UNKNOWN",
            PaymentStatusCode::Other(_) => "OTHER",
        }
    }
}

impl fmt::Display for PaymentStatusCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.value())
    }
}

/// The meaning of a Debit API `response_code` (docs/protocol.md); `None` when undocumented.
///
/// 56 and 63 are documented with swapped meanings on different Faspay pages, so both are
/// described as the generic "access refused" they certainly are.
pub fn response_code_description(code: &str) -> Option<&'static str> {
    Some(match code.trim() {
        "00" => "Success",
        "03" => "Invalid Merchant",
        "13" => "Invalid Amount",
        "14" => "Invalid Order",
        "17" => "Order Cancelled by Merchant/Customer",
        "18" => "Invalid Customer or MSISDN not found",
        "21" => "Subscription is Expired",
        "30" => "Format Error",
        "40" => "Requested Function not Supported",
        "54" => "Order is Expired",
        "55" => "Incorrect User/Password",
        "56" | "63" => "Access refused: security violation (unknown IP) or merchant suspended",
        "66" => "Internal Error",
        "80" => "Payment Was Reversal",
        "81" => "Already Been Paid",
        "82" => "Unregistered Entity",
        "83" => "Parameter is mandatory",
        "84" => "Unregistered Parameters",
        "85" => "Insufficient Parameters",
        "96" => "System Malfunction",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_status_is_kept() {
        let s = PaymentStatusCode::parse("6").unwrap();
        assert_eq!(s, PaymentStatusCode::Other(6));
        assert_eq!(s.value(), 6);
        assert!(!s.is_final() && !s.is_paid());
        assert_eq!(PaymentStatusCode::parse("x"), None);
        for not_one_digit in ["02", "0002", "+2", "", "22", "2.0"] {
            assert_eq!(
                PaymentStatusCode::parse(not_one_digit),
                None,
                "{not_one_digit}"
            );
        }
    }

    #[test]
    fn finality() {
        let finals: Vec<u8> = PaymentStatusCode::DEFINED
            .iter()
            .filter(|c| c.is_final())
            .map(|c| c.value())
            .collect();
        assert_eq!(finals, vec![2, 3, 4, 5, 7, 8]);
        assert!(PaymentStatusCode::Success.is_paid());
        assert!(!PaymentStatusCode::Reversal.is_paid());
    }
}
