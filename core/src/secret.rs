//! A redacting holder for the API password: it never prints, and is wiped on drop.

use std::fmt;
use zeroize::Zeroizing;

/// The Faspay password. `Debug` prints `Secret(***)`; there is no `Display`.
#[derive(Clone, Default)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    /// Wraps a password.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(Zeroizing::new(value.into()))
    }

    /// The password itself; only the signing code calls this.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }

    /// Whether no password was given.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret::new(value)
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret::new(value)
    }
}
