"""geo/meeting/render.py: the server's export browser reaches nothing (security review, point 14)."""

from __future__ import annotations

import socket
import threading

import pytest

from geo.meeting.render import CHROMIUM_ARGS, NO_SANDBOX, availability, render_png, sandbox_possible

pytestmark = pytest.mark.skipif(availability() is not None, reason=str(availability()))


class Listener:
    """A local TCP server that counts the connections it gets (HTTP, WebSocket, anything)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self):
        self._stop.set()
        self._thread.join()
        self.sock.close()


def test_an_exported_page_opens_no_connection_of_any_kind():
    """Before: requests were refused by Playwright's routing, which does not see WebSockets, prefetch
    or pings; a page could still reach the server's network."""
    listener = Listener()
    base = f"127.0.0.1:{listener.port}"
    page = f"""<!doctype html><html><head>
      <link rel="prefetch" href="http://{base}/prefetch"><link rel="preconnect" href="http://{base}">
      <link rel="dns-prefetch" href="http://{base}"><link rel="stylesheet" href="http://{base}/a.css">
    </head><body>
      <img src="http://{base}/i.png"><iframe src="http://{base}/frame"></iframe>
      <a ping="http://{base}/ping" href="#" id="a">x</a>
      <script>
        try {{ new WebSocket("ws://{base}/ws"); }} catch (e) {{}}
        try {{ fetch("http://{base}/fetch").catch(() => 0); }} catch (e) {{}}
        try {{ navigator.sendBeacon("http://{base}/beacon", "x"); }} catch (e) {{}}
        try {{ new EventSource("http://{base}/events"); }} catch (e) {{}}
        document.getElementById("a").click();
      </script>
      <p>离线 offline</p></body></html>"""
    try:
        png = render_png(page, 400, 300)
    finally:
        listener.close()
    assert png.startswith(b"\x89PNG")
    assert listener.connections == 0


def test_the_sandbox_is_used_where_the_platform_allows_it():
    assert NO_SANDBOX not in CHROMIUM_ARGS  # added only when the sandbox cannot start (root, no namespaces)
    assert any(arg.startswith("--proxy-server=") for arg in CHROMIUM_ARGS)
    assert sandbox_possible() is not (__import__("os").geteuid() == 0)
