"""`invoke livereload`: pages served with the reload client, a failed build's
mistakes shown in the page, the output as a plain build writes it.

Each test runs the real task in a project of its own (the tests' Site, with
the project's tasks.py, settings, theme, plugins and sitebuild), on a free port.
"""

from __future__ import annotations

import http.client
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import BAR_BLOCK, PROJECT
from test_build import snapshot

pytestmark = pytest.mark.slow  # builds sites

CLIENT_TAG = re.compile(rb'<script src="/_dev/recharge.js" data-generation="(\d+)" defer></script>\n')
INVOKE = Path(sys.executable).parent / "invoke"


def as_project(site) -> Path:
    """The site's folder, made a project as the repository is one."""
    root = site.root
    for name in ("plugins", "theme", "sitebuild"):
        (root / name).symlink_to(PROJECT / name)
    shutil.copy(PROJECT / "tasks.py", root / "tasks.py")
    shutil.copy(PROJECT / "pelicanconf.py", root / "pelicanconf.py")
    return root


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveReload:
    """`invoke livereload --port N` running in a project, until stopped."""

    def __init__(self, root: Path, port: int | None = None):
        self.root, self.port = root, port or free_port()
        self.url = f"http://localhost:{self.port}"
        self.out, self.err = root / "livereload.out", root / "livereload.err"
        with self.out.open("w") as out, self.err.open("w") as err:
            self.process = subprocess.Popen(
                [str(INVOKE), "livereload", "--port", str(self.port)], cwd=root, stdout=out, stderr=err
            )
        self.wait_for(lambda: "Aperçu : " in self.stdout(), "the first build and the server")

    def stdout(self) -> str:
        return self.out.read_text(encoding="utf-8")

    def stderr(self) -> str:
        return self.err.read_text(encoding="utf-8")

    def wait_for(self, condition, what: str, timeout: float = 120):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"livereload stopped ({self.process.returncode}): {self.stderr()}")
            found = condition()
            if found:
                return found
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for {what}; stderr: {self.stderr()}")

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def generation(self, path: str = "/essai.html") -> int:
        status, body = self.get(path)
        match = CLIENT_TAG.search(body)
        assert match, f"no reload client in {path} ({status})"
        return int(match.group(1))

    def after_build(self, before: int, path: str = "/essai.html") -> tuple[int, bytes]:
        """The page once a build later than generation ``before`` has finished."""
        self.wait_for(lambda: self.generation(path) > before, "the next build")
        return self.get(path)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


@pytest.fixture
def project(usages_site):
    as_project(usages_site)
    return usages_site


def test_pages_are_served_with_the_reload_client_and_output_is_a_plain_build(project, tmp_path):
    with LiveReload(project.root) as live:
        status, body = live.get("/essai.html")
        assert status == 200 and len(CLIENT_TAG.findall(body)) == 1
        # In <head>, and the only change to the page as built.
        assert body.index(b"/_dev/recharge.js") < body.index(b"</head>")
        assert CLIENT_TAG.sub(b"", body) == (project.output / "essai.html").read_bytes()
        status, client = live.get("/_dev/recharge.js")
        assert status == 200 and client == (PROJECT / "sitebuild" / "dev" / "recharge.js").read_bytes()
        status, feed = live.get("/feeds/all.atom.xml")  # not a page: as it is
        assert status == 200 and feed == (project.output / "feeds" / "all.atom.xml").read_bytes()
    built = snapshot(project.output)
    assert not [p.name for p in project.output.rglob("*") if p.is_file() and b"_dev/" in p.read_bytes()]
    # The production build is unchanged: the same bytes as `invoke build` writes.
    from sitebuild import build_site

    assert build_site(str(project.root / "pelicanconf.py"), str(tmp_path / "plain"), force=True) == 0
    assert snapshot(tmp_path / "plain") == built


def test_a_failed_build_shows_each_mistake_in_the_page_until_the_next_good_build(project):
    with LiveReload(project.root) as live:
        before = live.generation()
        published = (project.output / "essai.html").read_bytes()
        other = BAR_BLOCK.replace("mark: bar", "mark: bar\ncolour: annee").replace("doublé", "doublé (bis)")
        project.article("essai", "Intro.\n\n" + BAR_BLOCK.replace("x: part", "x: prat") + "\n" + other)
        status, body = live.after_build(before)
        assert status == 500
        page = BeautifulSoup(body, "html.parser")
        assert page.html["lang"] == "fr" and "La construction a échoué : 2 erreurs" in page.h1.get_text()
        shown = [
            (li.select_one(".lieu").get_text(), li.select_one(".phrase").get_text(), li.select_one(".correction"))
            for li in page.select(".erreurs li")
        ]
        terminal = [line for line in live.stderr().splitlines() if line.startswith("content/essai.md:")]
        assert len(shown) == len(terminal) == 2
        for (location, sentence, fix), line in zip(shown, terminal, strict=True):
            assert line == f"{location}: {sentence} ; {fix.get_text().removeprefix('Pour corriger : ')}"
        assert any("« prat »" in sentence for _, sentence, _ in shown)
        # Each line of the terminal once, the site as it was, every page replaced.
        assert all(live.stderr().count(line) == 1 for line in terminal)
        assert (project.output / "essai.html").read_bytes() == published
        assert live.get("/index.html")[0] == 500
        assert page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"] == project_csp()

        failed = live.generation()
        project.article("essai", "Intro corrigée.\n\n" + BAR_BLOCK)
        status, body = live.after_build(failed)
        assert status == 200 and "Intro corrigée." in body.decode("utf-8")
        assert live.get("/index.html")[0] == 200


def project_csp() -> str:
    import runpy

    return runpy.run_path(str(PROJECT / "pelicanconf.py"))["CSP"]


def test_the_event_stream_announces_every_build(project):
    with LiveReload(project.root) as live:
        connection = http.client.HTTPConnection("localhost", live.port, timeout=60)
        connection.request("GET", "/_dev/evenements")
        response = connection.getresponse()
        assert response.status == 200 and response.getheader("Content-Type") == "text/event-stream"

        def event() -> int:
            while True:
                line = response.fp.readline().decode()
                if line.startswith("data: "):
                    return int(line.removeprefix("data: "))

        first = event()
        assert first == live.generation()
        project.article("essai", "Autre intro.\n\n" + BAR_BLOCK)
        assert event() == first + 1
        connection.close()


def test_a_busy_port_is_one_sentence(project):
    with socket.socket() as taken:
        taken.bind(("localhost", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [str(INVOKE), "livereload", "--port", str(port)], cwd=project.root, capture_output=True, text=True
        )
    assert done.returncode == 1
    assert done.stderr.strip() == (
        f"Le port {port} n'est pas libre (Address already in use) : lancez invoke livereload --port {port + 1}"
    )


def test_a_warning_still_true_is_printed_again_at_each_build(site):
    """livereload builds again in one process; Pelican's log filter would print
    a warning in the first build only."""
    image = "![](data:image/gif;base64,R0lGODlhAQABAAAAACw=)"  # Pelican warns: empty alt
    site.article("essai", f"Intro.\n\n{image}\n")
    site.write_settings()
    script = site.root / "twice.py"
    script.write_text(
        "import pathlib, sys\n"
        f"sys.path.insert(0, {str(PROJECT)!r})\n"
        "from sitebuild import SiteBuilder\n"
        "if __name__ == '__main__':\n"
        "    builder = SiteBuilder('pelicanconf.py', 'output', keep_workers=True)\n"
        "    page = pathlib.Path('content/essai.md')\n"
        "    for intro in ('Intro.', 'Intro changée.'):\n"
        "        page.write_text(page.read_text().replace('Intro.', intro))\n"
        "        print('status', builder.build(), file=sys.stderr, flush=True)\n"
        "    builder.close()\n",
        encoding="utf-8",
    )
    done = subprocess.run([sys.executable, str(script)], cwd=site.root, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    builds = done.stderr.split("status 0\n")
    assert len(builds) == 3 and builds[2] == ""
    assert [part.count("WARNING: Empty alt attribute") for part in builds[:2]] == [1, 1], done.stderr
