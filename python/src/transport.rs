//! An exact request built offline by the core (`Client.prepare_*`), for callers that send it
//! with their own HTTP stack (asyncio, say) and decode the answer with `decode_response`.

use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::model::{quoted, repr_of};

/// Method, URL, content type and body bytes of one request.
#[pyclass(frozen, module = "faspay._native")]
pub struct PreparedRequest {
    #[pyo3(get)]
    method: &'static str,
    #[pyo3(get)]
    url: String,
    #[pyo3(get)]
    content_type: &'static str,
    #[pyo3(get)]
    body: Py<PyBytes>,
}

impl PreparedRequest {
    pub fn new(py: Python<'_>, r: faspay::PreparedRequest) -> PreparedRequest {
        PreparedRequest {
            method: r.method,
            url: r.url,
            content_type: r.content_type,
            body: PyBytes::new(py, &r.body).unbind(),
        }
    }
}

#[pymethods]
impl PreparedRequest {
    /// The body is left out: it carries a signature.
    fn __repr__(&self) -> String {
        repr_of(
            "PreparedRequest",
            &[
                ("method", quoted(self.method)),
                ("url", quoted(&self.url)),
                ("content_type", quoted(self.content_type)),
            ],
        )
    }
}
