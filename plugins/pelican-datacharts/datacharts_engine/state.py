"""Per-build state: datasets loaded once, charts rendered, mistakes collected.

One ``BuildState`` is created when each build starts (Pelican's
``get_generators`` signal fires once per run, autoreload included), so
nothing leaks from one build into the next.
"""

from __future__ import annotations

import os
from pathlib import Path

from .blocks import ChartBlock
from .cache import ChartCache, environment_fingerprint
from .errors import EditorError
from .figure import template_environment
from .keys import InputKeys
from .project import Project
from .settings import read_settings

STATE_KEY = "DATACHARTS_STATE"
# Set by a host that builds into a folder it throws away on failure (a staged
# build): editors' mistakes do not stop the build before pages are written, so
# the host can check the written pages too (their links) and report every
# mistake of the run together. The host must then fail the build itself
# (``deferred_errors``); plain ``pelican`` never sets it.
DEFER_KEY = "DATACHARTS_DEFER_ERRORS"
# The host's settings a worker needs to make the same state.
WORKER_KEYS = (
    "PATH", "SITEURL", "FEED_DOMAIN", "THEME", "CACHE_PATH", "DATACHARTS", "DATACHARTS_CACHE", "SUMMARY_MAX_LENGTH",
    "CSP", "SITENAME",
)  # fmt: skip


class BuildState:
    """What one build knows (its settings, where things are, its keys and
    cache) and what it collects (editors' mistakes, files to write, charts)."""

    def __init__(self, host_settings: dict):
        self.settings = read_settings(host_settings)
        self.pelican_settings = host_settings
        self.project = Project.of(host_settings, self.settings)
        self.workers = self.settings["workers"] or os.cpu_count() or 1
        self.fingerprint = environment_fingerprint(host_settings.get("THEME"))
        self.keys = InputKeys(self.project, self.fingerprint, self.settings, host_settings.get("CSP"))
        self.cache = ChartCache(self.project.cache_dir)
        self.env = template_environment(host_settings.get("THEME"))
        self.build_id = os.urandom(8).hex()
        self._datasets: dict = {}
        self._updates: dict = {}
        # What the build collects.
        self.errors: list[EditorError] = []
        self.files: dict[str, bytes | Path] = {}  # output-relative path -> content, or a cached file
        self.charts: list = []  # every chart of the build (ChartRecord), for pages and feeds
        self.describe_jobs: list[tuple[str, str]] = []  # (cache key, dataset) for the catalogue
        self.catalogue: list[dict] = []  # the catalogue's datasets, described
        self.needs_runtime = False
        self.rendered = 0
        self.reused = 0

    def worker_settings(self) -> dict:
        """What a render worker needs to make the same state (JSON-able). The
        build's own id: a worker kept from one build to the next (livereload)
        makes a fresh state, so no dataset of the last build is reused."""
        chosen = {key: self.pelican_settings[key] for key in WORKER_KEYS if key in self.pelican_settings}
        return {**chosen, "DATACHARTS_BUILD": self.build_id}

    def dataset(self, name: str):
        """Load a dataset once per build; its error is raised again each time."""
        from .datasets import load_dataset

        key = str(name)
        if key not in self._datasets:
            try:
                self._datasets[key] = load_dataset(key, self.project.data_dir)
            except EditorError as exc:
                self._datasets[key] = exc
        found = self._datasets[key]
        if isinstance(found, EditorError):
            raise found
        return found

    def dataset_for(self, block: ChartBlock, key: str, default=None):
        """The block's dataset; its error is located at the block's line."""
        try:
            return self.dataset(block.get("dataset") or default)
        except EditorError as exc:
            raise EditorError(exc.message, exc.path or block.path, exc.line or block.line_of(key)) from None

    def updates(self, name: str):
        """A dataset's corrections log (``updates:`` of its descriptor), read
        once per build without its data; a mistake in it is raised each time."""
        from .descriptor import dataset_updates

        if name not in self._updates:
            try:
                self._updates[name] = dataset_updates(name, self.project.data_dir, self.keys.real_data_dir)
            except EditorError as exc:
                self._updates[name] = exc
        found = self._updates[name]
        if isinstance(found, EditorError):
            raise found
        return found

    def report(self, error: EditorError) -> None:
        if str(error) not in {str(e) for e in self.errors}:
            self.errors.append(error)

    def inline_value(self, inner: str, path: str, lineno: int) -> str:
        """A value quoted in the prose, cached on the dataset's files."""
        from .yamlsrc import load_yaml

        query = load_yaml("{" + inner + "}", path, first_line=lineno)
        key = self.keys.inline_value(inner, query.get("dataset") if isinstance(query, dict) else None)
        cached = self.cache.get(key) if key else None
        if cached is None:
            from .inline_values import inline_value

            cached = inline_value(inner, path, lineno, self.dataset)
            if key:
                self.cache.put(key, cached)
        return cached


def get_state(settings: dict) -> BuildState:
    state = settings.get(STATE_KEY)
    if state is None:  # a reader used outside a Pelican run (tests, tools)
        state = settings[STATE_KEY] = BuildState(settings)
    return state


def deferred_errors(settings: dict) -> list[EditorError]:
    """The mistakes a build left for its host to report (``DEFER_KEY``)."""
    state = settings.get(STATE_KEY)
    return list(state.errors) if state is not None and settings.get(DEFER_KEY) else []
