//! Faspay signatures: `sha1(md5(user_id + password + suffix))` as lowercase hex, a named helper
//! per message (docs/protocol.md) and constant-time verification.

use md5::Md5;
use sha1::{Digest, Sha1};
use subtle::{Choice, ConstantTimeEq};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// The signature primitive: lowercase hex SHA-1 of the lowercase hex MD5 of the UTF-8
/// concatenation `user_id + password + suffix`.
///
/// The pre-image is never copied into one buffer (the parts are fed to MD5 in turn) and the
/// intermediate MD5 hex is wiped from memory when done.
pub fn sign(user_id: &str, password: &str, suffix: &str) -> String {
    signature_text(&sign_parts(user_id, password, &[suffix]))
}

/// [`sign`] of `user_id + password + parts[0] + parts[1] + …`, as hex bytes on the stack: the
/// hot paths (post data, notification checks) sign with no allocation and no joined suffix.
pub(crate) fn sign_parts(user_id: &str, password: &str, parts: &[&str]) -> [u8; 40] {
    let mut md5 = Md5::new();
    md5.update(user_id.as_bytes());
    md5.update(password.as_bytes());
    for part in parts {
        md5.update(part.as_bytes());
    }
    // Faspay hashes the MD5 *hex string*, not the raw digest (docs/protocol.md).
    let md5_hex: Zeroizing<[u8; 32]> = Zeroizing::new(lower_hex(&md5.finalize()));
    lower_hex(&Sha1::digest(md5_hex.as_slice()))
}

/// The hex bytes of [`sign_parts`] as text.
pub(crate) fn signature_text(hex: &[u8; 40]) -> String {
    hex_str(hex).to_owned()
}

/// The hex bytes of [`sign_parts`] as a borrowed `str`.
pub(crate) fn hex_str(hex: &[u8; 40]) -> &str {
    // Lowercase hex digits are ASCII, so this never falls back.
    std::str::from_utf8(hex).unwrap_or_default()
}

fn lower_hex<const N: usize>(bytes: &[u8]) -> [u8; N] {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0u8; N];
    for (pair, b) in out.chunks_exact_mut(2).zip(bytes) {
        pair[0] = DIGITS[(b >> 4) as usize];
        pair[1] = DIGITS[(b & 0x0f) as usize];
    }
    out
}

/// Constant-time comparison of a computed signature with a received one. Case-insensitive on
/// the received value (hex digits only); lengths are compared without leaking content.
pub fn verify(expected: &str, received: &str) -> bool {
    verify_bytes(expected.as_bytes(), received)
}

/// [`verify`] against computed hex bytes. The received value is lowercased byte by byte inside
/// the comparison (no copy); every byte is compared whatever the earlier ones were.
pub(crate) fn verify_bytes(expected: &[u8], received: &str) -> bool {
    let received = received.trim().as_bytes();
    if expected.len() != received.len() {
        return false;
    }
    let mut same = Choice::from(1);
    for (e, r) in expected.iter().zip(received) {
        same &= e.ct_eq(&r.to_ascii_lowercase());
    }
    same.into()
}

/// Payment Channel Inquiry: `sha1(md5(user_id + password))`.
pub fn channel_inquiry_signature(user_id: &str, password: &str) -> String {
    sign(user_id, password, "")
}

/// Post Data Transaction: `sha1(md5(user_id + password + bill_no))`.
pub fn post_data_signature(user_id: &str, password: &str, bill_no: &str) -> String {
    signature_text(&post_data_signature_hex(user_id, password, bill_no))
}

/// [`post_data_signature`] as hex bytes on the stack.
pub(crate) fn post_data_signature_hex(user_id: &str, password: &str, bill_no: &str) -> [u8; 40] {
    sign_parts(user_id, password, &[bill_no])
}

/// Inquiry Payment Status: `sha1(md5(user_id + password + bill_no))` (no `trx_id`).
pub fn inquiry_signature(user_id: &str, password: &str, bill_no: &str) -> String {
    sign(user_id, password, bill_no)
}

/// Cancel Transaction: `sha1(md5(user_id + password + bill_no))` (the reason is not signed).
pub fn cancel_signature(user_id: &str, password: &str, bill_no: &str) -> String {
    sign(user_id, password, bill_no)
}

/// Redirect URL path segment: the post-data signature, visible in the customer's browser.
pub fn redirect_signature(user_id: &str, password: &str, bill_no: &str) -> String {
    sign(user_id, password, bill_no)
}

/// OVO push-to-pay: `sha1(md5(user_id + password + trx_id))` (Faspay's `trx_id`, not `bill_no`).
pub fn ovo_push_signature(user_id: &str, password: &str, trx_id: &str) -> String {
    sign(user_id, password, trx_id)
}

/// Payment notification: `sha1(md5(user_id + password + bill_no + payment_status_code))`.
pub fn notification_signature(
    user_id: &str,
    password: &str,
    bill_no: &str,
    payment_status_code: &str,
) -> String {
    signature_text(&sign_parts(
        user_id,
        password,
        &[bill_no, payment_status_code],
    ))
}

/// Return URL: `sha1(md5(user_id + password + bill_no + status))`.
pub fn return_url_signature(user_id: &str, password: &str, bill_no: &str, status: &str) -> String {
    signature_text(&sign_parts(user_id, password, &[bill_no, status]))
}

/// The signed messages (docs/protocol.md), by name, for tools (CLI `faspay sign`, vectors).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignedMessage {
    ChannelInquiry,
    PostData,
    Inquiry,
    Cancel,
    Redirect,
    OvoPush,
    Notification,
    ReturnUrl,
}

impl SignedMessage {
    /// Every message, in the order of docs/protocol.md.
    pub const ALL: [SignedMessage; 8] = [
        SignedMessage::ChannelInquiry,
        SignedMessage::PostData,
        SignedMessage::Inquiry,
        SignedMessage::Cancel,
        SignedMessage::Redirect,
        SignedMessage::OvoPush,
        SignedMessage::Notification,
        SignedMessage::ReturnUrl,
    ];

    /// The name used by tools: `channel_inquiry`, `post_data`, ...
    pub fn name(self) -> &'static str {
        match self {
            SignedMessage::ChannelInquiry => "channel_inquiry",
            SignedMessage::PostData => "post_data",
            SignedMessage::Inquiry => "inquiry",
            SignedMessage::Cancel => "cancel",
            SignedMessage::Redirect => "redirect",
            SignedMessage::OvoPush => "ovo_push",
            SignedMessage::Notification => "notification",
            SignedMessage::ReturnUrl => "return_url",
        }
    }

    /// Looks a message up by [`SignedMessage::name`].
    pub fn from_name(name: &str) -> Result<SignedMessage> {
        SignedMessage::ALL
            .into_iter()
            .find(|m| m.name() == name)
            .ok_or_else(|| {
                let names: Vec<_> = SignedMessage::ALL.iter().map(|m| m.name()).collect();
                Error::invalid_field(
                    "message",
                    format!(
                        "unknown message {name:?}; expected one of {}",
                        names.join(", ")
                    ),
                )
            })
    }

    /// The values appended after `user_id + password`, in order.
    pub fn params(self) -> &'static [&'static str] {
        match self {
            SignedMessage::ChannelInquiry => &[],
            SignedMessage::PostData
            | SignedMessage::Inquiry
            | SignedMessage::Cancel
            | SignedMessage::Redirect => &["bill_no"],
            SignedMessage::OvoPush => &["trx_id"],
            SignedMessage::Notification => &["bill_no", "payment_status_code"],
            SignedMessage::ReturnUrl => &["bill_no", "status"],
        }
    }

    /// Signs this message; `values` must match [`SignedMessage::params`] one to one.
    pub fn sign(self, user_id: &str, password: &str, values: &[&str]) -> Result<String> {
        let params = self.params();
        if values.len() != params.len() {
            return Err(Error::invalid(format!(
                "message {} takes {} value(s) ({}), got {}",
                self.name(),
                params.len(),
                params.join(", "),
                values.len()
            )));
        }
        Ok(signature_text(&sign_parts(user_id, password, values)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_ovo_post_data_example() {
        assert_eq!(
            post_data_signature("bot99999", "p@ssw0rd", "20201222024304"),
            "92c41cf28825f8065530f09726b3c6f0bd2e218e"
        );
    }

    #[test]
    fn verify_is_case_insensitive_and_exact() {
        let s = channel_inquiry_signature("bot99999", "p@ssw0rd");
        assert!(verify(&s, &s.to_uppercase()));
        assert!(!verify(&s, &s[..39]));
        assert!(!verify(&s, ""));
    }

    #[test]
    fn parts_sign_as_their_concatenation_and_verify_bytes_is_exact() {
        let joined = sign("bot99999", "p@ssw0rd", "80321492716503942");
        let parts = sign_parts("bot99999", "p@ssw0rd", &["8032149271650394", "2"]);
        assert_eq!(signature_text(&parts), joined);
        assert!(verify_bytes(
            &parts,
            &format!(" {} ", joined.to_uppercase())
        ));
        let mut other = joined.into_bytes();
        other[39] = if other[39] == b'0' { b'1' } else { b'0' };
        assert!(!verify_bytes(&parts, std::str::from_utf8(&other).unwrap()));
        assert!(!verify_bytes(&parts, ""));
    }

    #[test]
    fn named_message_checks_arity() {
        let err = SignedMessage::Notification
            .sign("u", "p", &["1"])
            .unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::InvalidArgument);
        assert_eq!(
            SignedMessage::from_name("nope").unwrap_err().field(),
            Some("message")
        );
    }
}
