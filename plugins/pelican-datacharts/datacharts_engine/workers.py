"""Render worker processes, as one object that a build (or a tool running
several builds) owns: ``RenderPool``.

Workers are spawned, not forked: a fork would copy a vl-convert engine a
previous build started in this process. A worker that dies (killed, out of
memory, a script that builds again when imported) breaks the pool, which
raises BrokenProcessPool instead of waiting for it: the caller then draws the
remaining charts itself. Output is the same whatever the number of workers.

A worker starts without the build's settings (they come with each job), so a
tool can start one before it even imports Pelican: its start-up (importing
pandas and Altair, starting vl-convert's engine, about 0.8 s) then overlaps
Pelican's reading. Workers import this engine only, never Pelican or Markdown.
"""

from __future__ import annotations

import functools
import hashlib
import json
import multiprocessing
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

__all__ = ["POOL_KEY", "BrokenProcessPool", "RenderPool", "code_tag"]

# The host setting through which a tool hands a build a RenderPool it started
# early (before Pelican was even imported) and owns: the build uses it and
# leaves it to its owner.
POOL_KEY = "DATACHARTS_POOL"


class RenderPool:
    """Worker processes drawing charts, started on demand and resized as asked.

    ``keep``: the owner builds again and again (livereload); a build that is
    done with the pool leaves it running, idle and warm, for the next one.
    """

    def __init__(self, keep: bool = False):
        self.keep = keep
        self.code: str | None = None  # the code the workers were started with
        self._executor: ProcessPoolExecutor | None = None
        self.size = 0

    def __reduce__(self):
        # Pelican pickles settings with its content cache (a Category keeps
        # them): a pool is saved as a new, empty one, never as processes.
        return (RenderPool, (self.keep,))

    def start(self, workers: int, code: str | None = None) -> None:
        """Start ``workers`` workers now, in place of any running."""
        self.stop()
        context = multiprocessing.get_context("spawn")
        try:
            self._executor = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker)
        except OSError:  # no processes to be had here: charts are drawn by the caller
            self._executor = None
            return
        self.size = workers
        self.code = code
        for _ in range(workers):  # a task per worker makes the pool start them all now
            self._executor.submit(_ready)

    @property
    def running(self) -> bool:
        """True while the pool has workers that take work (none died)."""
        return self._executor is not None and not getattr(self._executor, "_broken", False)

    def serve(self, code: str) -> None:
        """A pool serves a build only with the code it started with: a worker
        never draws with code edited since, under a key made from the new code."""
        if self.code is None:  # started before the build's settings were read
            self.code = code
        elif self.code != code:
            self.stop()

    def ensure(self, workers: int, code: str | None = None) -> None:
        """At least ``workers`` running workers (more are kept: they are warm)."""
        if not self.running or self.size < workers:
            self.start(workers, code)

    def map(self, function: Callable, jobs: list, chunksize: int = 1) -> Iterable:
        """Results in order; raises BrokenProcessPool when a worker died."""
        if not self.running:
            raise BrokenProcessPool("the render pool has no running worker")
        return self._executor.map(function, jobs, chunksize=chunksize)

    def done(self, idle: bool = True) -> None:
        """A build has no more work: kept warm if the owner keeps it and every
        job finished (``idle``), stopped otherwise."""
        if not (self.keep and idle and self.running):
            self.stop()

    def stop(self) -> None:
        """Stop at once, work in progress included. The executor's own thread
        reaps its processes too: it is waited for, or a process it reaped
        first could still be listed as running (multiprocessing.active_children)."""
        executor, self._executor, self.size = self._executor, None, 0
        if executor is None:
            return
        processes = list((getattr(executor, "_processes", None) or {}).values())
        manager = getattr(executor, "_executor_manager_thread", None)
        executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.terminate()
        if manager is not None:
            manager.join(timeout=10)
        for process in processes:
            process.join(timeout=5)


def code_tag(charts_dir: Path | None) -> str:
    """What a worker draws with besides a build's own data: the engine's code
    and libraries as they are now, and the modules under charts/ (a chart
    script may import its neighbours, which then stay loaded)."""
    from .cache import digest, environment_fingerprint

    scripts = sorted(charts_dir.glob("*.py")) if charts_dir is not None and charts_dir.is_dir() else []
    sources = [(path.name, hashlib.sha256(path.read_bytes()).hexdigest()) for path in scripts]
    return digest(environment_fingerprint(None), sources)


def _start_worker() -> None:
    import altair  # noqa: F401 - imported now, while the main process reads
    import pandas  # noqa: F401

    from .render import render_svg
    from .settings import read_settings

    spec = {"mark": "point", "data": {"values": [{"a": 1}]}, "encoding": {"x": {"field": "a", "type": "quantitative"}}}
    render_svg(spec, read_settings({}))  # starts vl-convert's engine


def _ready() -> bool:
    return True


@functools.lru_cache(maxsize=1)
def _state_for(settings_json: str):
    """The build state of the settings last seen, in this worker process (one
    build at a time; each build's settings carry its own id, so a worker kept
    between builds never reuses a dataset loaded for the last one)."""
    from .state import BuildState

    return BuildState(json.loads(settings_json))


def producer(settings: dict) -> Callable:
    """What a pool maps over jobs to draw them with these settings."""
    return functools.partial(run_in_worker, json.dumps(settings, sort_keys=True, default=str))


def run_in_worker(settings_json: str, job):
    from .draw import run_job

    return run_job(_state_for(settings_json), job)
