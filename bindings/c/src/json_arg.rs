//! Settings objects given as JSON text (a client config, sandbox options): read whole, with
//! errors that name the setting at fault and never quote a password.

use faspay::Error;
use serde::Deserialize;
use serde::de::IgnoredAny;

/// Reads `json` as `T`, a struct of settings. Errors: text that is not JSON, not one JSON
/// object, or has anything after it, names `whole` (the argument); a missing setting names
/// that setting ("is required"); a value of the wrong type names its path, and for
/// `password` never shows the value.
pub fn read<'de, T: Deserialize<'de>>(json: &'de str, whole: &str) -> faspay::Result<T> {
    let mut de = serde_json::Deserializer::from_str(json);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        if path == "password" {
            // serde quotes the offending value, which here would be the password itself.
            return Error::invalid_field("password", "must be a string");
        }
        let message = e.into_inner().to_string();
        let message = message.split(" at line ").next().unwrap_or(&message);
        if !(path.is_empty() || path == "." || path == "?") {
            return Error::invalid_field(&path, message);
        }
        if let Some(name) = message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.strip_suffix('`'))
        {
            return Error::invalid_field(name, "is required");
        }
        whole_error(json, whole).unwrap_or_else(|| Error::invalid_field(whole, message))
    })?;
    // A second value or stray text after the object is not silently ignored.
    de.end()
        .map_err(|_| Error::invalid_field(whole, "has text after the JSON object"))?;
    Ok(value)
}

/// What is wrong with `json` as a whole, if it is no JSON object at all.
fn whole_error(json: &str, whole: &str) -> Option<Error> {
    if let Err(e) = serde_json::from_str::<IgnoredAny>(json) {
        let message = e.to_string();
        let message = message.split(" at line ").next().unwrap_or(&message);
        return Some(Error::invalid_field(
            whole,
            format!("is not JSON ({message})"),
        ));
    }
    (!json.trim_start().starts_with('{'))
        .then(|| Error::invalid_field(whole, "must be a JSON object of settings"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Example {
        name: String,
        password: String,
        count: Option<u32>,
    }

    fn field_and_message(json: &str) -> (String, String) {
        let e = read::<Example>(json, "config").unwrap_err();
        assert_eq!(e.code(), faspay::ErrorCode::InvalidArgument);
        (e.field().unwrap().to_string(), e.message().to_string())
    }

    #[test]
    fn errors_name_the_setting_or_the_argument() {
        let ok = r#"{"name":"a","password":"p"}"#;
        assert!(read::<Example>(ok, "config").is_ok());
        assert_eq!(
            field_and_message(r#"{"name":"a","password":"p"} {"#),
            (
                "config".into(),
                "config: has text after the JSON object".into()
            )
        );
        assert_eq!(
            field_and_message(r#"{"name":"a"}"#),
            ("password".into(), "password: is required".into())
        );
        assert_eq!(
            field_and_message("[]"),
            (
                "config".into(),
                "config: must be a JSON object of settings".into()
            )
        );
        assert_eq!(
            field_and_message("null").1,
            "config: must be a JSON object of settings"
        );
        let (field, message) = field_and_message("nope");
        assert_eq!(field, "config");
        assert!(message.starts_with("config: is not JSON ("), "{message}");
        let (field, message) = field_and_message(r#"{"name":"a","password":"p","count":"x"}"#);
        assert_eq!(field, "count");
        assert!(message.starts_with("count: invalid type"), "{message}");
        let (field, message) = field_and_message(r#"{"name":"a","password":12345}"#);
        assert_eq!(
            (field.as_str(), message.as_str()),
            ("password", "password: must be a string")
        );
        let (field, message) = field_and_message(r#"{"name":"a","name":"b","password":"p"}"#);
        assert_eq!(field, "config");
        assert!(message.contains("duplicate field `name`"), "{message}");
    }
}
