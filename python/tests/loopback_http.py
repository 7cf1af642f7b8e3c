"""A small threaded HTTP/1.1 server on 127.0.0.1 for tests that need something between the
client (or browser) and the sandbox: a shop's return page, a proxy that counts or rewrites."""

from __future__ import annotations

import http.client
import http.server
import threading
import urllib.parse
from types import TracebackType
from typing import Any, Callable, Optional, Tuple, Type

# (status, content type, body)
Answer = Tuple[int, str, bytes]
# (method, raw request path with its query, content type or None, body) -> Answer
Responder = Callable[[str, str, Optional[str], bytes], Answer]


class LoopbackServer:
    """Serves ``respond`` on a free loopback port, one thread per connection, keep-alive."""

    def __init__(self, respond: Responder) -> None:
        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as the faspay client's pool expects

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                status, content_type, answer = respond(
                    self.command, self.path, self.headers.get("Content-Type"), body
                )
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            do_GET = do_POST

            def log_message(self, format: str, *args: Any) -> None:
                pass

        class Server(http.server.ThreadingHTTPServer):
            daemon_threads = True
            request_queue_size = 256  # many connections may arrive at once

        self.server = Server(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()

    def __enter__(self) -> LoopbackServer:
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close()


def forward(
    base_url: str, method: str, path: str, content_type: Optional[str], body: bytes
) -> Answer:
    """Sends the request on to ``base_url`` (the sandbox) and returns its answer."""
    target = urllib.parse.urlsplit(base_url)
    connection = http.client.HTTPConnection(target.hostname or "127.0.0.1", target.port, timeout=30)
    try:
        headers = {"Content-Type": content_type} if content_type else {}
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        answer = response.read()
        return response.status, response.getheader("Content-Type") or "text/plain", answer
    finally:
        connection.close()
