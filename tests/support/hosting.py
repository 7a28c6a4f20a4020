"""A loopback web server that behaves like a static host: it sends the headers
from the site's _headers file (Netlify / Cloudflare Pages format) and answers a
missing path with 404.html and status 404. Standard library only."""
from __future__ import annotations

import contextlib
import functools
import http.server
import re
import threading
from pathlib import Path


def parse_headers_file(text: str) -> list[tuple[re.Pattern, list[tuple[str, str]]]]:
    """Rules from a _headers file: a path pattern at the start of a line, then
    indented "Name: value" lines. `*` matches anything, `:name` one segment."""
    rules: list[tuple[re.Pattern, list[tuple[str, str]]]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            parts = re.split(r"(\*|:[A-Za-z]\w*)", line.strip())
            regex = "".join(".*" if p == "*" else "[^/]+" if p.startswith(":") else re.escape(p)
                            for p in parts)
            rules.append((re.compile(regex + r"\Z"), []))
        elif rules and ":" in line:
            name, value = line.strip().split(":", 1)
            rules[-1][1].append((name.strip(), value.strip()))
        else:
            raise ValueError(f"_headers line {number} is neither a path nor a header: {line!r}")
    return rules


def headers_for(rules, path: str) -> list[tuple[str, str]]:
    """Every header of every rule whose pattern matches the path, in file order."""
    return [h for pattern, values in rules if pattern.match(path) for h in values]


class _Handler(http.server.SimpleHTTPRequestHandler):
    rules: list = []
    prefix = "/"

    def log_message(self, *args):
        pass

    def translate_path(self, path):
        path = path.split("?", 1)[0].split("#", 1)[0]
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / ".outside-the-site")
        return super().translate_path("/" + path[len(self.prefix):])

    def send_head(self):
        self._sent_site_headers = False
        target = Path(self.translate_path(self.path))
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            page = Path(self.directory) / "404.html"
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self._site_headers()
            self.end_headers()
            return _Bytes(body)
        return super().send_head()

    def end_headers(self):
        if not getattr(self, "_sent_site_headers", False):
            self._site_headers()
        super().end_headers()

    def _site_headers(self):
        self._sent_site_headers = True
        local = "/" + self.path.split("?", 1)[0][len(self.prefix):]
        for name, value in headers_for(self.rules, local):
            self.send_header(name, value)


class _Bytes:
    def __init__(self, body: bytes):
        self.body = body

    def read(self, *args):
        body, self.body = self.body, b""
        return body

    def close(self):
        pass


@contextlib.contextmanager
def host(site_dir: Path, *, prefix: str = "/", use_headers: bool = True):
    """Serve site_dir at http://127.0.0.1:PORT{prefix}. Yields that base URL."""
    rules = parse_headers_file((site_dir / "_headers").read_text(encoding="utf-8")) if use_headers else []
    handler = type("Handler", (_Handler,), {"rules": rules, "prefix": prefix})
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(site_dir)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}{prefix}"
    finally:
        httpd.shutdown()
        httpd.server_close()
