"""``invoke livereload``: build, serve ``output/``, build again at every change
of an input, and reload the page open in the browser.

Development only, and nothing of it is written into ``output/``: the server
adds one ``<script src="/_dev/recharge.js">`` to each HTML page as it sends
it, so the site's Content-Security-Policy (scripts from the site itself, never
inline) holds as it is. The client listens to ``/_dev/evenements`` (server-sent
events, same origin: ``connect-src 'self'``) and reloads the page once a build
has finished since the page was served. While the last build failed, every
page is replaced by a French page listing its mistakes as the terminal shows
them (file:line, the sentence, the fix); the next good build brings the pages
back. Changes are watched with ``watchfiles`` (the library Pelican's own
``--autoreload`` uses).
"""

from __future__ import annotations

import os
import re
import signal
import sys
import threading
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from datacharts_engine.errors import EditorError

DEV_FILES = Path(__file__).resolve().parent / "dev"
PREFIX = "/_dev/"
CLIENT = PREFIX + "recharge.js"
STYLE = PREFIX + "erreurs.css"
EVENTS = PREFIX + "evenements"
ASSETS = {CLIENT: ("recharge.js", "text/javascript; charset=utf-8"), STYLE: ("erreurs.css", "text/css; charset=utf-8")}
HEAD_END = re.compile(rb"</head\s*>", re.IGNORECASE)
KEEPALIVE_SECONDS = 15


class BuildStatus:
    """The outcome of the latest build, shared by the builds and the server's
    threads: its number (the client reloads when it changes) and its mistakes."""

    def __init__(self):
        self._changed = threading.Condition()
        self.generation = 0
        self.errors: list[EditorError] = []

    def record(self, errors: list[EditorError]) -> None:
        with self._changed:
            self.generation += 1
            self.errors = list(errors)
            self._changed.notify_all()

    def current(self) -> tuple[int, list[EditorError]]:
        with self._changed:
            return self.generation, list(self.errors)

    def wait(self, seen: int | None, timeout: float) -> int:
        """The generation, once it differs from ``seen`` (or after ``timeout``)."""
        with self._changed:
            self._changed.wait_for(lambda: self.generation != seen, timeout)
            return self.generation


@dataclass(frozen=True)
class ShownError:
    location: str
    sentence: str
    fix: str

    @classmethod
    def of(cls, error: EditorError) -> ShownError:
        location = f"{error.path}:{error.line}" if error.path and error.line else (error.path or "")
        # The plugin's sentences name the fix after their first « ; ».
        sentence, _, fix = error.message.partition(" ; ")
        return cls(location, sentence, fix)


def error_page(errors: list[EditorError], generation: int, csp: str | None) -> bytes:
    from jinja2 import Environment, FileSystemLoader

    env = Environment(loader=FileSystemLoader(DEV_FILES), autoescape=True, trim_blocks=True, lstrip_blocks=True)
    html = env.get_template("erreurs.html").render(
        errors=[ShownError.of(e) for e in errors], generation=generation, csp=csp, style=STYLE, client=CLIENT
    )
    return html.encode("utf-8")


def with_client(html: bytes, generation: int) -> bytes:
    """The page as built, with the reload client added before ``</head>``."""
    tag = f'<script src="{CLIENT}" data-generation="{generation}" defer></script>\n'.encode()
    match = HEAD_END.search(html)
    at = match.start() if match else 0
    return html[:at] + tag + html[at:]


class DevRequestHandler(SimpleHTTPRequestHandler):
    """Serves output/ as a host would, plus the reload client and the error page."""

    status: BuildStatus
    csp: str | None

    def do_GET(self):
        path = urlsplit(self.path).path
        if path == EVENTS:
            return self._events()
        if path in ASSETS:
            name, kind = ASSETS[path]
            return self._send(200, kind, (DEV_FILES / name).read_bytes())
        page = self._page(path)
        if page is None:
            return super().do_GET()
        generation, errors = self.status.current()
        if errors:
            return self._send(500, "text/html; charset=utf-8", error_page(errors, generation, self.csp))
        if not page.is_file():
            return super().do_GET()  # its 404
        return self._send(200, "text/html; charset=utf-8", with_client(page.read_bytes(), generation))

    def _page(self, path: str) -> Path | None:
        """The HTML file a request asks for (it may not exist), else None."""
        target = Path(self.translate_path(path))
        if path.endswith("/"):
            return target / "index.html"
        if target.is_dir():
            return None  # the standard redirect to path + "/"
        return target if target.suffix in (".html", ".htm") else None

    def _send(self, code: int, kind: str, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        seen = None
        try:
            while True:
                generation = self.status.wait(seen, KEEPALIVE_SECONDS)
                # A comment line when nothing happened: finds closed connections.
                self.wfile.write(f"data: {generation}\n\n".encode() if generation != seen else b": \n\n")
                self.wfile.flush()
                seen = generation
        except OSError:  # the page went away
            return

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")  # a reload shows the latest build
        super().end_headers()

    def log_message(self, format, *args):
        pass  # the terminal is for the builds' messages


def start_server(output: Path, host: str, port: int, status: BuildStatus, csp: str | None) -> ThreadingHTTPServer:
    handler = partial(type("Handler", (DevRequestHandler,), {"status": status, "csp": csp}), directory=str(output))
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="livereload-http", daemon=True).start()
    return server


def watched_paths(settings: dict, settings_file: str) -> list[str]:
    """What a build reads: content, data, charts, theme, plugins, settings."""
    from datacharts_engine.settings import read_settings

    project = Path(settings["PATH"]).resolve().parent
    ours = read_settings(settings)
    paths = [settings["PATH"], project / ours["data_path"], project / ours["charts_path"], settings.get("THEME")]
    paths += [*(settings.get("PLUGIN_PATHS") or []), settings_file, project / "publishconf.py"]
    found = dict.fromkeys(str(Path(p).resolve()) for p in paths if p and Path(p).exists())
    return list(found)


def livereload(builder, host: str, port: int) -> int:
    """Build, serve at http://host:port/, build again at every change; until Ctrl+C."""
    import watchfiles
    from pelican.settings import read_settings

    settings = read_settings(builder.settings_file, override=dict(builder.overrides))
    output = Path(builder.output or settings["OUTPUT_PATH"]).resolve()
    output.mkdir(parents=True, exist_ok=True)  # served even before a first good build
    status = BuildStatus()
    try:
        server = start_server(output, host, port, status, settings.get("CSP"))
    except OSError as exc:
        print(
            f"Le port {port} n'est pas libre ({exc.strerror}) : lancez invoke livereload --port {port + 1}",
            file=sys.stderr,
        )
        return 1
    # Stopped as by Ctrl+C (the render workers end with it), also by a kill.
    signal.signal(signal.SIGTERM, _interrupt)
    builder.build()
    status.record(builder.errors)
    print(f"Aperçu : http://{host}:{port}/ (reconstruit à chaque modification ; Ctrl+C pour arrêter)", flush=True)
    try:
        for changes in watchfiles.watch(*watched_paths(settings, builder.settings_file)):
            names = sorted({os.path.relpath(path) for _, path in changes})
            print(f"Modifié : {', '.join(names)}", flush=True)
            builder.build()
            status.record(builder.errors)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
    return 0


def _interrupt(signum, frame):
    raise KeyboardInterrupt
