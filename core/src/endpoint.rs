//! Hosts and paths of the Debit API (docs/protocol.md), shared by the client and the sandbox.

use crate::codec::Format;

/// Faspay's public sandbox host.
pub const SANDBOX_BASE_URL: &str = "https://debit-sandbox.faspay.co.id";
/// Faspay's production host.
pub const PRODUCTION_BASE_URL: &str = "https://web.faspay.co.id";
/// The OVO push-to-pay path (form POST, both formats).
pub const OVO_PUSH_PATH: &str = "/pws/ovo_direct";
/// The browser redirect path prefix; `/{code}/{signature}?...` follows.
pub const REDIRECT_PATH_PREFIX: &str = "/pws/100003/";

/// Which Faspay environment a client talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Environment {
    /// `debit-sandbox.faspay.co.id` and the sandbox XML / redirect codes.
    #[default]
    Sandbox,
    /// `web.faspay.co.id` and the production XML / redirect codes.
    Production,
}

impl Environment {
    /// Parses `"sandbox"` or `"production"`.
    pub fn parse(text: &str) -> crate::Result<Environment> {
        match text {
            "sandbox" => Ok(Environment::Sandbox),
            "production" => Ok(Environment::Production),
            other => Err(crate::Error::invalid_field(
                "environment",
                format!(
                    "expected \"sandbox\" or \"production\", got {}",
                    crate::error::quoted(other)
                ),
            )),
        }
    }

    /// `"sandbox"` or `"production"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Environment::Sandbox => "sandbox",
            Environment::Production => "production",
        }
    }

    /// The default host.
    pub fn base_url(self) -> &'static str {
        match self {
            Environment::Sandbox => SANDBOX_BASE_URL,
            Environment::Production => PRODUCTION_BASE_URL,
        }
    }

    /// The redirect path code (`0830000010100000` sandbox, `2830000010100000` production).
    pub fn redirect_code(self) -> &'static str {
        match self {
            Environment::Sandbox => "0830000010100000",
            Environment::Production => "2830000010100000",
        }
    }

    /// The XML path codes of this environment. Production channel inquiry and cancel are not
    /// documented; they follow the production pattern and can be overridden.
    pub fn xml_codes(self) -> XmlCodes {
        let (channels, others) = match self {
            Environment::Sandbox => ("182xx00010100000", "183xx00010100000"),
            Environment::Production => ("383xx00010100000", "383xx00010100000"),
        };
        XmlCodes {
            payment_channels: channels.into(),
            create_transaction: others.into(),
            payment_status: others.into(),
            cancel_transaction: others.into(),
        }
    }
}

/// The last path segment of each XML (`/pws/...`) endpoint; configurable because Faspay's
/// codes differ between environments and are partly undocumented (docs/protocol.md).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct XmlCodes {
    pub payment_channels: String,
    pub create_transaction: String,
    pub payment_status: String,
    pub cancel_transaction: String,
}

impl XmlCodes {
    /// The operation names that have an XML code, as bindings accept them in an `xml_codes`
    /// mapping (OVO push has no XML twin).
    pub const NAMES: [&'static str; 4] = [
        "payment_channels",
        "create_transaction",
        "payment_status",
        "cancel_transaction",
    ];

    /// Replaces the code of the operation named `operation` (one of [`XmlCodes::NAMES`]), so
    /// a binding can apply a host mapping of overrides; an unknown name is `INVALID_ARGUMENT`
    /// on `xml_codes`. The code itself is checked by [`crate::Config::validate`].
    pub fn set(&mut self, operation: &str, code: impl Into<String>) -> crate::Result<()> {
        let slot = match operation {
            "payment_channels" => &mut self.payment_channels,
            "create_transaction" => &mut self.create_transaction,
            "payment_status" => &mut self.payment_status,
            "cancel_transaction" => &mut self.cancel_transaction,
            _ => {
                return Err(crate::Error::invalid_field(
                    "xml_codes",
                    format!(
                        "unknown operation {operation:?}; expected one of: {}",
                        XmlCodes::NAMES.join(", ")
                    ),
                ));
            }
        };
        *slot = code.into();
        Ok(())
    }
}

/// A server-to-server operation of the Debit API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    PaymentChannels,
    CreateTransaction,
    PaymentStatus,
    CancelTransaction,
    OvoPush,
}

impl Operation {
    /// Every operation.
    pub const ALL: [Operation; 5] = [
        Operation::PaymentChannels,
        Operation::CreateTransaction,
        Operation::PaymentStatus,
        Operation::CancelTransaction,
        Operation::OvoPush,
    ];

    /// The snake_case name used in logs, vectors and bindings.
    pub fn name(self) -> &'static str {
        match self {
            Operation::PaymentChannels => "payment_channels",
            Operation::CreateTransaction => "create_transaction",
            Operation::PaymentStatus => "payment_status",
            Operation::CancelTransaction => "cancel_transaction",
            Operation::OvoPush => "ovo_push",
        }
    }

    /// Looks an operation up by [`Operation::name`].
    pub fn from_name(name: &str) -> Option<Operation> {
        Operation::ALL.into_iter().find(|o| o.name() == name)
    }

    /// Whether repeating the call is harmless, so the client may retry it.
    pub fn is_idempotent(self) -> bool {
        matches!(self, Operation::PaymentChannels | Operation::PaymentStatus)
    }

    /// The Faspay service number in the path (`100001`, ...); `None` for OVO push.
    pub fn service(self) -> Option<&'static str> {
        match self {
            Operation::PaymentChannels => Some("100001"),
            Operation::CreateTransaction => Some("300011"),
            Operation::PaymentStatus => Some("100004"),
            Operation::CancelTransaction => Some("100005"),
            Operation::OvoPush => None,
        }
    }

    /// The path for `format`, with the XML codes of `xml_codes`.
    pub fn path(self, format: Format, xml_codes: &XmlCodes) -> String {
        let mut path = String::new();
        self.push_path(format, xml_codes, &mut path);
        path
    }

    /// Appends [`Operation::path`] to `out` (a URL built in one buffer).
    pub(crate) fn push_path(self, format: Format, xml_codes: &XmlCodes, out: &mut String) {
        let Some(service) = self.service() else {
            out.push_str(OVO_PUSH_PATH);
            return;
        };
        match format {
            Format::Json => {
                out.push_str("/cvr/");
                out.push_str(service);
                out.push_str("/10");
            }
            Format::Xml => {
                let code = match self {
                    Operation::PaymentChannels => &xml_codes.payment_channels,
                    Operation::CreateTransaction => &xml_codes.create_transaction,
                    Operation::PaymentStatus => &xml_codes.payment_status,
                    _ => &xml_codes.cancel_transaction,
                };
                out.push_str("/pws/");
                out.push_str(service);
                out.push('/');
                out.push_str(code);
            }
        }
    }

    /// The operation a request path belongs to, and its format (for the sandbox's router).
    pub fn from_path(path: &str) -> Option<(Operation, Format)> {
        let path = path.split('?').next().unwrap_or(path).trim_end_matches('/');
        if path == OVO_PUSH_PATH {
            return Some((Operation::OvoPush, Format::Json));
        }
        let mut parts = path.trim_start_matches('/').split('/');
        let (kind, service, code) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let op = Operation::ALL
            .into_iter()
            .find(|o| o.service() == Some(service))?;
        match (kind, code) {
            ("cvr", "10") => Some((op, Format::Json)),
            ("pws", _) => Some((op, Format::Xml)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_round_trip() {
        let codes = Environment::Sandbox.xml_codes();
        for op in Operation::ALL {
            for format in [Format::Json, Format::Xml] {
                let path = op.path(format, &codes);
                let (back, f) = Operation::from_path(&path).unwrap();
                assert_eq!(back, op);
                if op != Operation::OvoPush {
                    assert_eq!(f, format);
                }
            }
        }
        assert_eq!(
            Operation::CreateTransaction.path(Format::Json, &codes),
            "/cvr/300011/10"
        );
        assert_eq!(
            Operation::PaymentStatus.path(Format::Xml, &codes),
            "/pws/100004/183xx00010100000"
        );
        assert_eq!(Operation::from_path("/cvr/999999/10"), None);
    }

    #[test]
    fn xml_codes_set_by_name() {
        let mut codes = Environment::Sandbox.xml_codes();
        for (i, name) in XmlCodes::NAMES.into_iter().enumerate() {
            codes.set(name, format!("C{i}")).unwrap();
        }
        assert_eq!(codes.payment_channels, "C0");
        assert_eq!(codes.create_transaction, "C1");
        assert_eq!(codes.payment_status, "C2");
        assert_eq!(codes.cancel_transaction, "C3");
        let err = codes.set("ovo_push", "X").unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::InvalidArgument);
        assert_eq!(err.field(), Some("xml_codes"));
        assert_eq!(codes.cancel_transaction, "C3");
    }

    #[test]
    fn bad_codes_name_their_setting() {
        let mut config = crate::Config::new("99999", "Shop", "bot99999", "pw");
        config.redirect_code = "a/b".into();
        let err = config.validate().unwrap_err();
        assert_eq!(err.field(), Some("redirect_code"));
        let mut config = crate::Config::new("99999", "Shop", "bot99999", "pw");
        config.xml_codes.payment_status = "".into();
        let err = config.validate().unwrap_err();
        assert_eq!(err.field(), Some("xml_codes"));
    }
}
