//! Byte codecs for Faspay messages in both formats and both directions: the client encodes
//! requests and decodes responses; the sandbox does the reverse with the same code.

mod json;
mod xml;

use crate::error::{Error, Result};
use crate::wire::Fields;

/// The wire format of a merchant integration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Format {
    /// `application/json`, the `cvr/` endpoints.
    #[default]
    Json,
    /// `text/xml` under a `<faspay>` root, the `pws/` endpoints.
    Xml,
}

impl Format {
    /// Parses `"json"` or `"xml"`.
    pub fn parse(text: &str) -> Result<Format> {
        match text.to_ascii_lowercase().as_str() {
            "json" => Ok(Format::Json),
            "xml" => Ok(Format::Xml),
            other => Err(Error::invalid_field(
                "format",
                format!(
                    "expected \"json\" or \"xml\", got {}",
                    crate::error::quoted(other)
                ),
            )),
        }
    }

    /// `"json"` or `"xml"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Xml => "xml",
        }
    }

    /// The `Content-Type` to send.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::Xml => "text/xml; charset=UTF-8",
        }
    }

    /// Guesses the format of a body from its first non-blank byte (`{` or `<`), skipping a
    /// UTF-8 byte-order mark.
    pub fn sniff(body: &[u8]) -> Option<Format> {
        let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
        match body.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => Some(Format::Json),
            Some(b'<') => Some(Format::Xml),
            _ => None,
        }
    }
}

/// Deeper nesting than this is not a Faspay message (theirs are at most 3 levels deep);
/// refusing it bounds the decoders' stack and memory.
pub const MAX_DEPTH: usize = 16;

/// More distinct field names than this in one object is not a Faspay message (theirs have
/// fewer than 60). The cap keeps decoding linear in the input: each new name is compared with
/// at most this many, so `<k0/><k1/>…` cannot make the work grow with the square of the size.
pub const MAX_FIELDS_PER_OBJECT: usize = 256;

/// Why bytes could not be decoded; callers turn it into the error code that fits the
/// direction (`MALFORMED_RESPONSE` for responses, `INVALID_ARGUMENT` for inbound requests).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError(pub String);

/// Encodes a message. JSON: one object, every scalar a string. XML: a `<faspay>` root, one
/// element per field, lists as repeated elements (one `<item>` block per item).
pub fn encode(fields: &Fields, format: Format) -> Vec<u8> {
    match format {
        Format::Json => json::encode(fields),
        Format::Xml => xml::encode(fields),
    }
}

/// Receives a message field by field, in wire order: the JSON and XML writers put each field
/// straight into the body's bytes (the same spelling as [`encode`]), a [`Fields`] builder
/// keeps it. The bill is written through this, so its text is never copied into a field list
/// on the way to the wire.
pub(crate) trait FieldSink {
    /// A text field under one of the SDK's own names.
    fn text(&mut self, key: &'static str, value: &str);
    /// A text field under a name given by the caller (a bill's `extra` fields).
    fn named_text(&mut self, key: &str, value: &str);
    /// Starts a list of objects under `key`.
    fn begin_list(&mut self, key: &'static str);
    /// Starts the next object of the open list.
    fn begin_item(&mut self);
    /// Ends the open object of the list.
    fn end_item(&mut self);
    /// Ends the open list.
    fn end_list(&mut self);
}

/// Writes one message through `write` into bytes of `format`, reserving `capacity` bytes up
/// front. An error from `write` discards what was written.
pub(crate) fn encode_with<E>(
    format: Format,
    capacity: usize,
    write: impl FnOnce(&mut dyn FieldSink) -> std::result::Result<(), E>,
) -> std::result::Result<Vec<u8>, E> {
    match format {
        Format::Json => {
            let mut writer = json::Writer::with_capacity(capacity);
            write(&mut writer)?;
            Ok(writer.finish())
        }
        Format::Xml => {
            let mut writer = xml::Writer::with_capacity(capacity);
            write(&mut writer)?;
            Ok(writer.finish())
        }
    }
}

/// For the fuzz targets in `core/fuzz` and the scaling test only; not part of the API (hidden,
/// may change). The differential target needs each XML reader alone, which [`decode`] never
/// exposes: this is the smallest opening that lets it (a cargo feature or `cfg(fuzzing)` would
/// leave the code unchecked by the ordinary build, clippy and tests).
#[doc(hidden)]
pub mod fuzzing {
    use super::{DecodeError, xml};
    use crate::wire::Fields;

    /// An XML document's root element name and content, or why it was refused.
    pub type XmlReading = Result<(String, Fields), DecodeError>;

    /// The plain reader's reading of an XML body (`None` where it hands the body to
    /// quick-xml), and quick-xml's; [`super::decode`] returns the first when there is one,
    /// else the second, so both must agree whenever the plain reader reads.
    pub fn xml_readers(body: &[u8]) -> (Option<(String, Fields)>, XmlReading) {
        xml::each_reader(body)
    }
}

/// Decodes a message. The XML root is unwrapped when it is `<faspay>`; any other root (such
/// as `<response_error>`) is kept as the single field of the result.
pub fn decode(body: &[u8], format: Format) -> std::result::Result<Fields, DecodeError> {
    let (root, fields) = decode_document(body, format)?;
    Ok(match root {
        Some(root) if root != "faspay" => {
            let mut wrapped = Fields::new();
            wrapped.push(root, crate::wire::WireValue::Object(fields));
            wrapped
        }
        _ => fields,
    })
}

/// Decodes a message and reports the XML root element's name (`None` for JSON), so callers
/// can refuse documents that are not Faspay messages (an HTML page parses as XML too).
pub fn decode_document(
    body: &[u8],
    format: Format,
) -> std::result::Result<(Option<String>, Fields), DecodeError> {
    match format {
        Format::Json => json::decode(body).map(|f| (None, f)),
        Format::Xml => xml::decode(body).map(|(root, f)| (Some(root), f)),
    }
}
