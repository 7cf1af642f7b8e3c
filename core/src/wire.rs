//! The format-neutral shape of a Faspay message: ordered text fields, nested objects and lists.
//! JSON and XML codecs translate between bytes and this tree; the typed model reads it.

use std::borrow::Cow;

/// One value on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WireValue {
    /// A scalar; numbers, booleans and text all arrive as text.
    Text(String),
    /// A nested object (`<item>` block, `{...}`).
    Object(Fields),
    /// Repeated values (a JSON array, or repeated XML elements of one name).
    List(Vec<WireValue>),
}

impl WireValue {
    /// The value as JSON: text as a string, an object as [`Fields::to_json_value`], a list as
    /// an array.
    pub fn to_json_value(&self) -> serde_json::Value {
        match self {
            WireValue::Text(text) => serde_json::Value::String(text.clone()),
            WireValue::Object(fields) => fields.to_json_value(),
            WireValue::List(items) => {
                serde_json::Value::Array(items.iter().map(WireValue::to_json_value).collect())
            }
        }
    }
}

/// An ordered set of named wire values (the body of `<faspay>` or a JSON object).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
// Keys are `Cow`: the names the SDK writes are `&'static str` and cost no allocation; names
// read from the wire are owned.
pub struct Fields(Vec<(Cow<'static, str>, WireValue)>);

impl Fields {
    /// An empty set.
    pub fn new() -> Fields {
        Fields(Vec::new())
    }

    /// Appends a value (keeps order; does not replace).
    pub fn push(&mut self, key: impl Into<String>, value: WireValue) {
        self.0.push((Cow::Owned(key.into()), value));
    }

    /// An empty set with room for `capacity` entries.
    pub(crate) fn with_capacity(capacity: usize) -> Fields {
        Fields(Vec::with_capacity(capacity))
    }

    /// Appends a text value under one of the SDK's own field names (no copy of the name).
    pub(crate) fn push_known(&mut self, key: &'static str, text: impl Into<String>) {
        self.0
            .push((Cow::Borrowed(key), WireValue::Text(text.into())));
    }

    /// Appends a nested value under one of the SDK's own field names.
    pub(crate) fn push_known_value(&mut self, key: &'static str, value: WireValue) {
        self.0.push((Cow::Borrowed(key), value));
    }

    /// Appends a text value.
    pub fn push_text(&mut self, key: impl Into<String>, text: impl Into<String>) {
        self.push(key, WireValue::Text(text.into()));
    }

    /// Appends a text value when there is one.
    pub fn push_opt(&mut self, key: &str, text: Option<&str>) {
        if let Some(text) = text {
            self.push_text(key, text);
        }
    }

    /// Appends a value under a name read from the wire: one of [`known_name`]'s costs no
    /// allocation.
    pub(crate) fn push_name(&mut self, key: Cow<'static, str>, value: WireValue) {
        self.0.push((key, value));
    }

    /// Sets a value: replaces the first one of that key, or appends.
    pub fn set(&mut self, key: &str, value: WireValue) {
        match self.0.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = value,
            None => self.push(key, value),
        }
    }

    /// Adds a value under `key`, turning a repeated key into a list (the XML reading of
    /// repeated elements).
    pub fn append_repeated(&mut self, key: String, value: WireValue) {
        self.append_repeated_name(Cow::Owned(key), value);
    }

    /// [`Fields::append_repeated`] with a name that may be one of [`known_name`]'s.
    pub(crate) fn append_repeated_name(&mut self, key: Cow<'static, str>, value: WireValue) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some((_, WireValue::List(items))) => items.push(value),
            Some((_, existing)) => {
                let first = std::mem::replace(existing, WireValue::List(Vec::new()));
                *existing = WireValue::List(vec![first, value]);
            }
            None => self.0.push((key, value)),
        }
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&WireValue> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The text of `key`, when it is a scalar.
    pub fn text(&self, key: &str) -> Option<&str> {
        match self.get(key) {
            Some(WireValue::Text(t)) => Some(t),
            _ => None,
        }
    }

    /// The text of `key`, or `""` when absent.
    pub fn text_or_empty(&self, key: &str) -> &str {
        self.text(key).unwrap_or("")
    }

    /// The text of `key`, trimmed, or `None` when absent or blank.
    pub fn non_empty(&self, key: &str) -> Option<&str> {
        self.text(key).map(str::trim).filter(|t| !t.is_empty())
    }

    /// The nested object of `key`.
    pub fn object(&self, key: &str) -> Option<&Fields> {
        match self.get(key) {
            Some(WireValue::Object(f)) => Some(f),
            _ => None,
        }
    }

    /// The objects under `key`, whether the wire had one object or a list of them
    /// (docs/protocol.md: `item` / `bill_items` come both ways).
    pub fn objects(&self, key: &str) -> Vec<&Fields> {
        match self.get(key) {
            Some(WireValue::Object(f)) => vec![f],
            Some(WireValue::List(items)) => items
                .iter()
                .filter_map(|v| match v {
                    WireValue::Object(f) => Some(f),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Iterates over the entries in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &WireValue)> {
        self.0.iter().map(|(k, v)| (k.as_ref(), v))
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The fields as a JSON object in their order, every scalar a string, lists as arrays: the
    /// `raw` view the CLI, the C ABI and the test vectors show. A repeated key keeps its first
    /// place and its last value.
    pub fn to_json_value(&self) -> serde_json::Value {
        serde_json::Value::Object(
            self.iter()
                .map(|(key, value)| (key.to_string(), value.to_json_value()))
                .collect(),
        )
    }

    /// The scalar entries as `(key, text)` pairs, for flat views such as `raw` in bindings.
    pub fn texts(&self) -> impl Iterator<Item = (&str, &str)> {
        self.iter().filter_map(|(k, v)| match v {
            WireValue::Text(t) => Some((k, t.as_str())),
            _ => None,
        })
    }
}

/// Field names of Faspay's messages that are not bill or item fields: notifications, responses,
/// channel lists, errors.
const OTHER_NAMES: &[&str] = &[
    "trx_id",
    "payment_reff",
    "payment_date",
    "payment_status_code",
    "payment_status_desc",
    "payment_total",
    "payment_channel_uid",
    "payment_cancel",
    "bill_items",
    "response",
    "response_code",
    "response_desc",
    "response_date",
    "response_error",
    "redirect_url",
    "web_url",
    "alt_url",
    "qr_content",
    "trx_source",
    "trx_status_code",
    "trx_status_desc",
    "pg_code",
    "pg_name",
    "payment_channel_name",
    "status",
];

/// The longest name [`known_name`] knows.
const KNOWN_NAME_MAX: usize = 32;
/// How many known names of one length there may be (checked when compiling).
const KNOWN_NAME_SLOTS: usize = 12;

/// The known names by length, so a lookup compares a name with a handful of others.
static KNOWN_BY_LEN: [[&str; KNOWN_NAME_SLOTS]; KNOWN_NAME_MAX + 1] = {
    let lists: [&[&str]; 3] = [
        crate::validate::KNOWN_BILL_FIELDS,
        crate::validate::KNOWN_ITEM_FIELDS,
        OTHER_NAMES,
    ];
    let mut table = [[""; KNOWN_NAME_SLOTS]; KNOWN_NAME_MAX + 1];
    let mut filled = [0usize; KNOWN_NAME_MAX + 1];
    let mut l = 0;
    while l < lists.len() {
        let mut i = 0;
        while i < lists[l].len() {
            let name = lists[l][i];
            let len = name.len();
            assert!(len > 0 && len <= KNOWN_NAME_MAX, "raise KNOWN_NAME_MAX");
            // A name in two lists (`merchant_id`) takes two slots; lookups find the first.
            assert!(filled[len] < KNOWN_NAME_SLOTS, "raise KNOWN_NAME_SLOTS");
            table[len][filled[len]] = name;
            filled[len] += 1;
            i += 1;
        }
        l += 1;
    }
    table
};

/// The SDK's own copy of a field name Faspay's messages use, so decoders keep known names
/// without allocating; `None` for any other name.
pub(crate) fn known_name(name: &str) -> Option<&'static str> {
    known_name_bytes(name.as_bytes())
}

/// [`known_name`] of raw bytes (an XML element name before it is checked as UTF-8).
pub(crate) fn known_name_bytes(name: &[u8]) -> Option<&'static str> {
    let (&first, &last) = (name.first()?, name.last()?);
    KNOWN_BY_LEN
        .get(name.len())?
        .iter()
        .copied()
        .take_while(|known| !known.is_empty())
        // The end bytes rule out most candidates before a full comparison.
        .find(|known| {
            let known = known.as_bytes();
            known[0] == first && known[known.len() - 1] == last && known == name
        })
}

/// `name` as a [`Fields`] key: borrowed when it is a [`known_name`], else copied.
pub(crate) fn name_key(name: &str) -> Cow<'static, str> {
    match known_name(name) {
        Some(known) => Cow::Borrowed(known),
        None => Cow::Owned(name.to_owned()),
    }
}

impl FromIterator<(String, WireValue)> for Fields {
    fn from_iter<T: IntoIterator<Item = (String, WireValue)>>(iter: T) -> Self {
        Fields(iter.into_iter().map(|(k, v)| (Cow::Owned(k), v)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_keys_become_lists_and_objects_read_both_ways() {
        let mut f = Fields::new();
        let mut a = Fields::new();
        a.push_text("product", "a");
        f.append_repeated("item".into(), WireValue::Object(a.clone()));
        assert_eq!(f.objects("item").len(), 1);
        f.append_repeated("item".into(), WireValue::Object(a));
        assert_eq!(f.objects("item").len(), 2);
        assert!(matches!(f.get("item"), Some(WireValue::List(_))));
        f.push_text("a", "1");
        f.push_text("a", "2");
        assert_eq!(
            f.to_json_value(),
            serde_json::json!({"item": [{"product": "a"}, {"product": "a"}], "a": "2"})
        );
    }

    #[test]
    fn known_names_are_found_and_others_are_not() {
        for name in crate::validate::KNOWN_BILL_FIELDS
            .iter()
            .chain(crate::validate::KNOWN_ITEM_FIELDS)
            .chain(OTHER_NAMES)
        {
            assert_eq!(known_name(name), Some(*name));
        }
        for other in [
            "",
            "bill_nO",
            "bill_no ",
            "x",
            &"a".repeat(KNOWN_NAME_MAX + 1),
        ] {
            assert_eq!(known_name(other), None, "{other:?}");
        }
        assert!(matches!(name_key("bill_no"), Cow::Borrowed("bill_no")));
        assert!(matches!(name_key("reserve9"), Cow::Owned(ref n) if n == "reserve9"));
    }
}
