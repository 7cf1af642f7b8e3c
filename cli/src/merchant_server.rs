//! The demo's merchant endpoint on 127.0.0.1: receives Faspay's payment notifications over the
//! sandbox's HTTP server (the same limits and strict framing), verifies them with
//! `Client::parse_notification`, answers with `Client::notification_reply`, and reports each
//! step to the demo over a channel.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::mpsc::Sender;

use faspay::{Client, Format, Notification};
use faspay_sandbox::{HttpEndpoint, HttpLimits, HttpRequest, HttpResponse};

/// The path notifications are posted to.
pub const NOTIFY_PATH: &str = "/faspay/notify";

/// Notifications are answered one at a time, in order.
const WORKERS: usize = 1;

/// What happened to one inbound notification, in order.
#[derive(Debug)]
pub enum MerchantEvent {
    /// A POST arrived at the notify path.
    Received {
        format: Option<Format>,
        bytes: usize,
    },
    /// The notification verified.
    Verified(Box<Notification>),
    /// Verification failed (answered with HTTP 400).
    Rejected(faspay::Error),
    /// The reply was handed to the server to send back (HTTP 200).
    Replied { body: Vec<u8> },
}

/// A running merchant endpoint; stops when dropped.
pub struct MerchantServer {
    endpoint: HttpEndpoint,
}

impl MerchantServer {
    /// Binds a free port on 127.0.0.1 and serves notifications with `client`'s credentials.
    pub fn start(client: Arc<Client>, events: Sender<MerchantEvent>) -> std::io::Result<Self> {
        let endpoint = HttpEndpoint::start(
            "127.0.0.1",
            0,
            WORKERS,
            HttpLimits::default(),
            move |request| handle(request, &client, &events),
        )?;
        Ok(MerchantServer { endpoint })
    }

    /// The address the endpoint listens on.
    pub fn addr(&self) -> SocketAddr {
        self.endpoint.addr()
    }

    /// The notification URL to register with Faspay (here: the sandbox).
    pub fn notify_url(&self) -> String {
        format!("http://{}{NOTIFY_PATH}", self.addr())
    }
}

fn handle(request: &HttpRequest, client: &Client, events: &Sender<MerchantEvent>) -> HttpResponse {
    if request.method != "POST" || request.path != NOTIFY_PATH {
        return HttpResponse::text(404, "not found\n");
    }
    let _ = events.send(MerchantEvent::Received {
        format: Format::sniff(&request.body),
        bytes: request.body.len(),
    });
    // What a merchant's handler does: verify first, answer only a verified notification.
    match client.parse_notification(&request.body) {
        Ok(notification) => {
            let reply = client.notification_reply(&notification, true);
            let content_type = notification.format.content_type();
            let _ = events.send(MerchantEvent::Verified(Box::new(notification)));
            let _ = events.send(MerchantEvent::Replied {
                body: reply.clone(),
            });
            HttpResponse::new(200, content_type, reply)
        }
        Err(e) => {
            let _ = events.send(MerchantEvent::Rejected(e));
            HttpResponse::text(400, "notification refused\n")
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};
    use std::net::TcpStream;

    use super::*;

    fn exchange(server: &MerchantServer, raw: &[u8]) -> String {
        let mut s = TcpStream::connect(server.addr()).unwrap();
        s.set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .unwrap();
        s.write_all(raw).unwrap();
        let mut answer = String::new();
        let _ = s.read_to_string(&mut answer);
        answer
    }

    #[test]
    fn refuses_unverified_notifications_and_other_paths() {
        let config = faspay::Config::new("99999", "Sophia Store", "bot99999", "p@ssw0rd");
        let client = Arc::new(Client::new(config).unwrap());
        let (tx, rx) = std::sync::mpsc::channel();
        let server = MerchantServer::start(client, tx).unwrap();
        let forged = br#"{"request":"Payment Notification","bill_no":"1","signature":"x"}"#;
        let mut raw = format!(
            "POST {NOTIFY_PATH} HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            forged.len()
        )
        .into_bytes();
        raw.extend_from_slice(forged);
        assert!(exchange(&server, &raw).starts_with("HTTP/1.1 400"));
        assert!(matches!(
            rx.recv().unwrap(),
            MerchantEvent::Received {
                format: Some(Format::Json),
                ..
            }
        ));
        assert!(matches!(rx.recv().unwrap(), MerchantEvent::Rejected(_)));
        let other = exchange(
            &server,
            b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        );
        assert!(other.starts_with("HTTP/1.1 404"), "{other}");
        // Ambiguous framing never reaches the handler.
        let smuggle = b"POST /faspay/notify HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\
            Content-Length: 2\r\n\r\n{}";
        assert!(exchange(&server, smuggle).starts_with("HTTP/1.1 400"));
        assert!(rx.try_recv().is_err());
    }
}
