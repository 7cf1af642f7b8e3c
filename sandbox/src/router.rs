//! Sends each request to its door: the admin API (`/__sandbox/...`), the browser redirect
//! page (`/pws/100003/...`) or a Debit API endpoint, where it is counted and faults apply.
//! Every request but the admin API's is recorded with its answer in the received log.

use faspay::{Fields, Format, Operation};

use crate::admin;
use crate::app::App;
use crate::faults::{Applied, FaultKind, Taken};
use crate::handlers;
use crate::html;
use crate::http::{Delivery, Request, Response};
use crate::received::ReceivedRequest;

/// The prefix reserved for the admin API.
pub const ADMIN_PREFIX: &str = "/__sandbox";

/// Size of the oversized-body fault: past the client's 1 MiB cap.
const OVERSIZED_BYTES: usize = 1024 * 1024 + 64 * 1024;

/// Answers one request (on a thread that may sleep: a latency fault, the OVO push's customer,
/// an admin call waiting for notifications).
pub fn route(app: &App, request: &Request) -> Delivery {
    let path = request.path.as_str();
    if is_admin(path) {
        return Delivery::Normal(admin::handle(app, request));
    }
    let delivery = route_outside_admin(app, request);
    record(app, request, &delivery);
    delivery
}

/// Answers a request to a Debit API endpoint that needs no sleep (every one but the OVO push,
/// when no latency fault is armed for it), as [`route`] would; `None`, having done nothing,
/// for any other request. The server calls it on its own thread, saving the hand-off to a
/// handler thread and back for most requests.
pub fn route_without_blocking(app: &App, request: &Request) -> Option<Delivery> {
    let path = request.path.as_str();
    if is_admin(path) || path.starts_with(faspay::endpoint::REDIRECT_PATH_PREFIX) {
        return None;
    }
    let (op, format) = Operation::from_path(path)?;
    if op == Operation::OvoPush || request.method != "POST" {
        return None;
    }
    let fault = app.faults.take_without_latency(op);
    if fault == Taken::Latency {
        return None;
    }
    app.count(op);
    let delivery = match fault {
        Taken::Fault(fault) => with_fault(app, op, format, request, fault),
        Taken::None | Taken::Latency => Delivery::Normal(handlers::api(app, op, format, request)),
    };
    record(app, request, &delivery);
    Some(delivery)
}

fn is_admin(path: &str) -> bool {
    path == ADMIN_PREFIX || path.starts_with("/__sandbox/")
}

/// Adds a request and its answer to the received log.
fn record(app: &App, request: &Request, delivery: &Delivery) {
    let (response_status, response_body) = match delivery {
        Delivery::Normal(r) | Delivery::Truncated(r) => (Some(r.status), r.body.clone()),
        Delivery::Reset => (None, Vec::new()),
    };
    app.received.record(ReceivedRequest {
        seq: 0,
        method: request.method.clone(),
        path: request.path.clone(),
        query: request.query.clone(),
        body: request.body.clone(),
        response_status,
        response_body,
    });
}

fn route_outside_admin(app: &App, request: &Request) -> Delivery {
    let path = request.path.as_str();
    if path.starts_with(faspay::endpoint::REDIRECT_PATH_PREFIX) {
        return Delivery::Normal(handlers::redirect::handle(app, request));
    }
    let Some((op, format)) = Operation::from_path(path) else {
        return Delivery::Normal(if path == "/" {
            Response::text(200, &app.banner())
        } else {
            Response::text(404, "not found")
        });
    };
    if request.method != "POST" {
        return Delivery::Normal(Response::text(405, "use POST"));
    }
    app.count(op);
    match app.faults.take(op) {
        Some(fault) => with_fault(app, op, format, request, fault),
        None => Delivery::Normal(handlers::api(app, op, format, request)),
    }
}

/// Answers a request that a fault strikes. Before the effect (the default), the request is
/// not processed: latency delays it, any other fault replaces its answer. After the effect,
/// the request is processed first (a bill created, a cancel or push done), then its answer is
/// delayed (latency) or lost to the fault.
fn with_fault(
    app: &App,
    op: Operation,
    format: Format,
    request: &Request,
    fault: Applied,
) -> Delivery {
    let answer = fault
        .after_effect
        .then(|| handlers::api(app, op, format, request));
    match fault.kind {
        FaultKind::Latency(delay) => {
            std::thread::sleep(delay);
            Delivery::Normal(answer.unwrap_or_else(|| handlers::api(app, op, format, request)))
        }
        other => fault_delivery(&other, format),
    }
}

fn fault_delivery(kind: &FaultKind, format: Format) -> Delivery {
    match kind {
        FaultKind::Latency(_) => Delivery::Normal(Response::text(500, "latency is not a reply")),
        FaultKind::ServerError(status) => {
            Delivery::Normal(Response::text(*status, "Internal Server Error"))
        }
        FaultKind::HtmlPage => Delivery::Normal(Response::html(200, html::fault_page())),
        FaultKind::Reset => Delivery::Reset,
        FaultKind::Truncated => {
            let mut f = Fields::new();
            f.push_text("response", "Inquiry Payment Status");
            f.push_text("response_code", "00");
            let body = faspay::codec::encode(&f, format);
            // Cut the message in the middle, so it cannot parse either.
            let cut = body[..body.len() / 2].to_vec();
            Delivery::Truncated(Response::new(200, format.content_type(), cut))
        }
        FaultKind::OversizedBody => {
            let mut body = Vec::with_capacity(OVERSIZED_BYTES + 16);
            body.extend_from_slice(b"{\"padding\":\"");
            body.resize(OVERSIZED_BYTES, b'x');
            body.extend_from_slice(b"\"}");
            Delivery::Normal(Response::new(200, "application/json", body))
        }
        FaultKind::ResponseError { code, desc } => {
            let mut inner = Fields::new();
            inner.push_text("response_code", code);
            inner.push_text("response_desc", desc);
            let body = match format {
                Format::Json => {
                    let mut f = Fields::new();
                    f.push("response_error", faspay::WireValue::Object(inner));
                    faspay::codec::encode(&f, Format::Json)
                }
                Format::Xml => {
                    // `encode` always writes a <faspay> root; the envelope has its own root.
                    let mut xml = String::from(
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<response_error>\n",
                    );
                    for (k, v) in inner.texts() {
                        xml.push_str(&format!("  <{k}>{}</{k}>\n", faspay::ovo::html_escape(v)));
                    }
                    xml.push_str("</response_error>\n");
                    xml.into_bytes()
                }
            };
            Delivery::Normal(Response::new(200, format.content_type(), body))
        }
    }
}
