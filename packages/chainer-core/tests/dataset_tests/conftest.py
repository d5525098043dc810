"""A real HTTP server on 127.0.0.1 for the download tests (no test touches the network)."""

import collections
import http.server
import threading
import time

import pytest

from chainer.dataset import download


class FileServer:
    """Serves registered byte strings; counts the requests for each path."""

    def __init__(self):
        self.files = {}
        self.requests = collections.Counter()
        handler = _make_handler(self)
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self.thread.start()

    def add(self, name, data, *, send=None, delay=0.0):
        """Serves ``data`` at ``/name``; ``send`` bytes of it only (a truncated body)."""
        self.files["/" + name] = (data, send, delay)
        return self.url(name)

    def url(self, name):
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/{name}"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def _make_handler(server):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server API
            server.requests[self.path] += 1
            entry = server.files.get(self.path)
            if entry is None:
                self.send_error(404)
                return
            data, send, delay = entry
            body = data if send is None else data[:send]
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            half = len(body) // 2
            self.wfile.write(body[:half])
            self.wfile.flush()
            time.sleep(delay)
            self.wfile.write(body[half:])
            self.wfile.flush()
            self.close_connection = True

        def log_message(self, format, *args):
            pass

    return Handler


@pytest.fixture
def file_server():
    server = FileServer()
    yield server
    server.close()


@pytest.fixture
def dataset_root(tmp_path, monkeypatch):
    """A fresh dataset root for the test; the previous root comes back afterwards."""
    root = tmp_path / "dataset_root"
    previous = download.get_dataset_root()
    download.set_dataset_root(root)
    monkeypatch.delenv("CHAINER_DATASET_SKIP_CHECKSUM", raising=False)
    yield root
    download.set_dataset_root(previous)
