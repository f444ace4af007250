"""A local KMA: a server on 127.0.0.1 serving recorded payloads, so the real client code runs."""

import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
SECRET = "test-KEY+/with=odd&chars"
CONTENT_TYPES = {
    ".txt": "text/plain; charset=euc-kr",
    ".json": "application/json;charset=UTF-8",
    ".xml": "text/xml;charset=UTF-8",
    ".html": "text/html; charset=utf-8",
}


def payload(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@dataclass
class Reply:
    body: bytes
    status: int = 200
    content_type: str = "text/plain; charset=euc-kr"
    delay: float = 0  # seconds before anything is sent
    trickle: float = 0  # seconds between 1-byte pieces of the body
    claimed_length: int | None = None  # a Content-Length that differs from the body


class KmaServer:
    """Replies are queued per endpoint (the last path segment); the last one repeats."""

    def __init__(self):
        self.replies = defaultdict(list)
        self.requests = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                url = urlsplit(self.path)
                endpoint = url.path.rstrip("/").rsplit("/", 1)[-1]
                server.requests.append((endpoint, parse_qs(url.query)))
                queue = server.replies.get(endpoint)
                if not queue:
                    self.send_error(404)
                    return
                reply = queue.pop(0) if len(queue) > 1 else queue[0]
                # Real sleeps, on purpose: a slow KMA in this server's own thread, so the client's
                # real socket timeout and deadline run; the test waits only WEATHER_TIMEOUT.
                time.sleep(reply.delay)
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", reply.content_type)
                    length = reply.claimed_length or len(reply.body)
                    self.send_header("Content-Length", str(length))
                    self.end_headers()
                    if reply.trickle:
                        for byte in reply.body:
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                            time.sleep(reply.trickle)
                    else:
                        self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up first, as it should on a slow server

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        self.thread.start()

    def reply(self, endpoint: str, *replies: Reply | str, **options) -> None:
        """Queue replies; a string names a fixture file (status and options apply to it)."""
        for item in replies:
            if isinstance(item, str):
                suffix = Path(item).suffix
                options.setdefault("content_type", CONTENT_TYPES[suffix])
                item = Reply(body=payload(item), **options)
            self.replies[endpoint].append(item)

    def calls(self, endpoint: str) -> list[dict]:
        return [query for name, query in self.requests if name == endpoint]

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def kma_server(settings):
    """The local KMA, with settings pointing at it: short timeout, no backoff, a test key."""
    server = KmaServer()
    settings.WEATHER_API_URL = f"{server.url}/api/typ01/url"
    settings.KMA_SERVICE_KEY = SECRET
    settings.KMA_FALLBACK_API_URL = f"{server.url}/1360000/VilageFcstInfoService_2.0"
    settings.KMA_FALLBACK_SERVICE_KEY = ""
    settings.KMA_CLOUD_SCHEME = "3step"
    settings.WEATHER_TIMEOUT = 0.5
    settings.WEATHER_RETRY_BACKOFF = 0
    yield server
    server.close()
