"""Loopback helpers for the cross-engine checks: the public site with its real
headers plus a CSP report address, a recording proxy that refuses every other
host, and an X server for WebKitGTK. Standard library only."""
from __future__ import annotations

import contextlib
import functools
import html
import http.server
import json
import os
import re
import select
import shutil
import socketserver
import subprocess
import threading
from pathlib import Path
from urllib.parse import urlsplit

from support.hosting import _Handler, parse_headers_file

REPORT_PATH = "/__csp-reports"
META_POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"')


def meta_policy(page: Path) -> str | None:
    """The policy a built page carries in its own <meta> tag, if any."""
    if page.suffix != ".html" or not page.is_file():
        return None
    found = META_POLICY.search(page.read_text(encoding="utf-8", errors="replace"))
    return html.unescape(found.group(1)) if found else None


class _ReportingHandler(_Handler):
    """The test host of tests/support/hosting.py, with two additions, so that the
    browser sends each CSP violation it finds to REPORT_PATH. That is the
    browser's own record of a violation, so it holds the ones a page script
    could never see (before any script ran, or with none at all).

    - The policy header gets report-uri.
    - Each page also carries its own policy in a <meta> tag (for hosts that
      send no headers); a <meta> policy cannot report, so the same policy is
      sent again as Content-Security-Policy-Report-Only with report-uri.
      A report-only policy blocks nothing.

    The directives that decide what loads are untouched."""

    reports: list = []

    def send_header(self, keyword, value):
        if keyword.lower() == "content-security-policy":
            value = f"{value}; report-uri {REPORT_PATH}"
        super().send_header(keyword, value)

    def _site_headers(self):
        super()._site_headers()
        target = Path(self.translate_path(self.path))
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            target = Path(self.directory) / "404.html"
        policy = meta_policy(target)
        if policy:
            super().send_header("Content-Security-Policy-Report-Only", f"{policy}; report-uri {REPORT_PATH}")

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if self.path.split("?", 1)[0] == REPORT_PATH:
            try:
                report = json.loads(body or b"{}")
            except ValueError:
                report = {"unreadable": body.decode("utf-8", "replace")}
            self.reports.append(report.get("csp-report", report))
            self.send_response(204)
        else:
            self.send_response(405)
        self.send_header("Content-Length", "0")
        self.end_headers()


@contextlib.contextmanager
def reporting_host(site_dir: Path):
    """Serve site_dir at http://127.0.0.1:PORT/ with the site's _headers.
    Yields (base_url, reports): reports fills with the CSP reports received."""
    reports: list = []
    rules = parse_headers_file((site_dir / "_headers").read_text(encoding="utf-8"))
    handler = type("Handler", (_ReportingHandler,), {"rules": rules, "prefix": "/", "reports": reports})
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(site_dir)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/", reports
    finally:
        httpd.shutdown()
        httpd.server_close()


class _ProxyHandler(socketserver.StreamRequestHandler):
    """Records the target of every request sent to it and refuses it: 403 for
    plain HTTP, and for HTTPS (CONNECT) a 403 before any TLS, so the browser
    never reaches the host. Only what the browser sends here is seen."""

    seen: list = []

    def handle(self):
        line = self.rfile.readline(65537).decode("latin-1").strip()
        while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
            pass
        parts = line.split()
        if len(parts) >= 2:
            method, target = parts[0], parts[1]
            if method == "CONNECT":
                host, _, port = target.rpartition(":")
                url = f"https://{host}/" if port == "443" else f"https://{target}/"
            else:
                url = target
            self.seen.append(url)
        self.wfile.write(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")


@contextlib.contextmanager
def recording_proxy():
    """A proxy on 127.0.0.1 that refuses everything. Yields (address, seen)."""
    seen: list = []
    handler = type("Handler", (_ProxyHandler,), {"seen": seen})
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def xvfb(width: int = 1600, height: int = 1200):
    """A private X display for WebKitGTK. Yields its DISPLAY value; stops it after."""
    binary = shutil.which("Xvfb")
    if not binary:
        raise RuntimeError("Xvfb not found: run the tests with scripts/test (it installs xvfb)")
    read, write = os.pipe()
    # -displayfd: Xvfb picks a free display number and writes it to the pipe.
    proc = subprocess.Popen(
        [binary, "-displayfd", str(write), "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
        pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        ready, _, _ = select.select([read], [], [], 20)
        number = os.read(read, 64).decode().strip() if ready else ""
        if not number:
            raise RuntimeError("Xvfb did not start within 20 seconds")
        yield f":{number}"
    finally:
        os.close(read)
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


NETWORK_SCHEMES = {"http", "https", "ws", "wss", "ftp"}


def is_local(url: str) -> bool:
    """True unless the URL names a network host other than loopback. Firefox
    names a file:// page's navigation entry "document", which is no URL."""
    parts = urlsplit(url)
    if parts.scheme not in NETWORK_SCHEMES and not url.startswith("//"):
        return True
    return parts.hostname in {"127.0.0.1", "localhost", "::1"}
