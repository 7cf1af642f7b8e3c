//! The two XML readers against each other: wherever the plain reader (Faspay's own shape)
//! reads a body, quick-xml must read the same root and the same fields, and the decoder's
//! answer must be quick-xml's, errors included. The plain reader reading a body quick-xml
//! refuses is a finding, as is any panic or hang.

#![no_main]

use faspay::Format;
use faspay::codec::{decode_document, fuzzing::xml_readers};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (plain, full) = xml_readers(data);
    if let Some(plain) = plain {
        match &full {
            Ok(full) => assert_eq!(&plain, full, "the readers disagree"),
            Err(e) => panic!("the plain reader read a body quick-xml refuses ({e:?}): {plain:?}"),
        }
    }
    // What callers get is quick-xml's reading (the plain one being equal to it), errors too.
    let decoded = decode_document(data, Format::Xml).map(|(root, fields)| (root.unwrap(), fields));
    assert_eq!(decoded, full, "decode differs from quick-xml's reading");
});
