"""Per-build state: datasets loaded once, charts rendered, mistakes collected.

One ``BuildState`` is created when each build starts (Pelican's
``get_generators`` signal fires once per run, autoreload included), so
nothing leaks from one build into the next.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from .blocks import ChartBlock
from .cache import ChartCache, digest, environment_fingerprint
from .errors import EditorError
from .figure import template_environment
from .settings import read_settings

STATE_KEY = "DATACHARTS_STATE"
# The host's settings a worker needs to make the same state.
WORKER_KEYS = (
    "PATH", "SITEURL", "FEED_DOMAIN", "THEME", "CACHE_PATH", "DATACHARTS", "DATACHARTS_CACHE", "SUMMARY_MAX_LENGTH",
    "CSP",
)  # fmt: skip


class BuildState:
    def __init__(self, pelican_settings: dict):
        self.settings = read_settings(pelican_settings)
        self.pelican_settings = pelican_settings
        self.workers = self.settings["workers"] or os.cpu_count() or 1
        content = Path(pelican_settings["PATH"]).resolve()
        self.root = content.parent
        self.data_dir = self._path(self.settings["data_path"])
        self.charts_dir = self._path(self.settings["charts_path"])
        self.siteurl = pelican_settings.get("SITEURL", "")
        self.output_dir = self.settings["output_dir"]
        self.datasets_dir = self.settings["datasets_dir"]
        self.env = template_environment(pelican_settings.get("THEME"))
        self.errors: list[EditorError] = []
        self.files: dict[str, bytes | Path] = {}  # output-relative path -> content, or a cached file
        self.needs_runtime = False
        self.charts: list[dict] = []  # every chart of the build, for pages and feeds
        self.describe_jobs: list[tuple[str, str]] = []  # (cache key, dataset) for the catalogue
        self.catalogue: list[dict] = []  # the catalogue's datasets, described
        self._datasets: dict = {}
        self._digests: dict = {}
        self.feed_domain = (pelican_settings.get("FEED_DOMAIN") or pelican_settings.get("SITEURL") or "").rstrip("/")
        self.fingerprint = environment_fingerprint(pelican_settings.get("THEME"))
        cache_path = pelican_settings.get("CACHE_PATH")
        use_cache = pelican_settings.get("DATACHARTS_CACHE", True) and cache_path
        # Pelican leaves CACHE_PATH relative to the working folder: anchor it
        # to the project, so two projects never share a cache.
        self.cache = ChartCache(self._path(cache_path) / "datacharts" if use_cache else None)
        self.rendered = 0
        self.reused = 0
        self.build_id = os.urandom(8).hex()

    def worker_settings(self) -> dict:
        """What a render worker needs to make the same state (JSON-able). The
        build's own id: a worker kept from one build to the next (livereload)
        makes a fresh state, so no dataset of the last build is reused."""
        chosen = {key: self.pelican_settings[key] for key in WORKER_KEYS if key in self.pelican_settings}
        return {**chosen, "DATACHARTS_BUILD": self.build_id}

    def _path(self, value: str) -> Path:
        path = Path(value)
        return path if path.is_absolute() else self.root / path

    def url(self, relative: str) -> str:
        return f"{self.siteurl}/{relative}"

    @property
    def runtime_url(self) -> str:
        return self.url(f"{self.output_dir}/vega-runtime.js")

    def dataset(self, name: str):
        """Load a dataset once per build; its error is raised again each time."""
        from .datasets import load_dataset

        key = str(name)
        if key not in self._datasets:
            try:
                self._datasets[key] = load_dataset(key, self.data_dir)
            except EditorError as exc:
                self._datasets[key] = exc
        found = self._datasets[key]
        if isinstance(found, EditorError):
            raise found
        return found

    def report(self, error: EditorError) -> None:
        if str(error) not in {str(e) for e in self.errors}:
            self.errors.append(error)

    def absolute_url(self, relative: str) -> str:
        """For what leaves the site (embed snippets, feeds, cards)."""
        return f"{self.feed_domain}/{relative}" if self.feed_domain else f"/{relative}"

    def dataset_for(self, block: ChartBlock, key: str, default=None):
        """The block's dataset; its error is located at the block's line."""
        try:
            return self.dataset(block.get("dataset") or default)
        except EditorError as exc:
            raise EditorError(exc.message, exc.path or block.path, exc.line or block.line_of(key)) from None

    def file_digest(self, name) -> str | None:
        """SHA-256 of a dataset's files, without pandas (None: let loading explain)."""
        from .datapaths import resolve_dataset

        key = str(name)
        if key not in self._digests:
            try:
                csv = resolve_dataset(key, self.data_dir)
            except EditorError:
                self._digests[key] = None
            else:
                h = hashlib.sha256(csv.read_bytes())
                descriptor = csv.with_name(f"{csv.stem}.resource.yaml")
                if descriptor.exists():
                    h.update(b"\0" + descriptor.read_bytes())
                self._digests[key] = h.hexdigest()
        return self._digests[key]

    def chart_key(self, block: ChartBlock, first: bool) -> str | None:
        if block.get("chart"):
            from .produce import python_chart_path

            try:
                module = python_chart_path(self, block)
            except EditorError:
                return None
            code = module.read_text(encoding="utf-8")
            named = block.get("dataset") or _declared_dataset(code)
            names = [named] if named else sorted(p.stem for p in self.data_dir.glob("*.csv"))
            deps = [code, *[(n, self.file_digest(n)) for n in names]]
        else:
            deps = [(block.get("dataset"), self.file_digest(block.get("dataset")))]
        if any(isinstance(d, tuple) and d[1] is None for d in deps):
            return None
        site = (self.siteurl, self.feed_domain, self.pelican_settings.get("CSP"))
        return digest("chart", self.fingerprint, self.settings, site, dict(block.options), block.anchor, first, deps)

    def inline_value(self, inner: str, path: str, lineno: int) -> str:
        """A value quoted in the prose, cached on the dataset's files."""
        from .yamlsrc import load_yaml

        query = load_yaml("{" + inner + "}", path, first_line=lineno)
        name = query.get("dataset") if isinstance(query, dict) else None
        file_digest = self.file_digest(name) if name else None
        key = digest("inline", self.fingerprint, inner.strip(), file_digest) if file_digest else None
        cached = self.cache.get(key) if key else None
        if cached is None:
            from .inline_values import inline_value

            cached = inline_value(inner, path, lineno, self.dataset)
            if key:
                self.cache.put(key, cached)
        return cached


def _declared_dataset(code: str) -> str | None:
    match = re.search(r"""^DATASET\s*=\s*["']([a-z0-9-]+)["']""", code, re.M)
    return match.group(1) if match else None


def get_state(settings: dict) -> BuildState:
    state = settings.get(STATE_KEY)
    if state is None:  # a reader used outside a Pelican run (tests, tools)
        state = settings[STATE_KEY] = BuildState(settings)
    return state
