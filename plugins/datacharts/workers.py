"""Render worker processes, started as a build begins (stopped at once if it
has nothing to draw), so their start-up (importing pandas and Altair, starting
vl-convert's engine: about 0.8 s) overlaps Pelican's reading.

Workers are spawned, not forked: a fork would copy a vl-convert engine a
previous build started in this process. A worker that dies (killed, out of
memory, a script that builds again when imported) breaks the pool, which
raises BrokenProcessPool instead of waiting for it: the charts are then drawn
in the main process. Output is the same whatever the number of workers
(tested).

A worker starts without the build's settings (they come with each task), so
the build can start its first worker before it even imports Pelican. In a
long-lived process (livereload), workers are kept, warm, from one build to
the next (each build makes a fresh state in them).
"""

from __future__ import annotations

import functools
import hashlib
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

WORKER_KEYS = (
    "PATH", "SITEURL", "FEED_DOMAIN", "THEME", "CACHE_PATH", "DATACHARTS", "DATACHARTS_CACHE", "SUMMARY_MAX_LENGTH",
    "CSP",
)  # fmt: skip

_early = None  # the pool start_early() started, or the last build kept
_keep = False  # workers outlive a build (keep_between_builds)
_code = None  # code_tag() of this build, given to the pools it starts


def worker_settings(pelican_settings: dict) -> dict:
    """What a worker needs to make the same build state (picklable)."""
    return {key: pelican_settings[key] for key in WORKER_KEYS if key in pelican_settings}


def new_pool(workers: int, warm: bool = False) -> ProcessPoolExecutor:
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker)
    pool.size = workers
    pool.code = _code
    if warm:  # a task per worker makes the pool start them all now
        for _ in range(workers):
            pool.submit(_ready)
    return pool


def stop(pool: ProcessPoolExecutor) -> None:
    """Stop a pool at once, work in progress included. The pool's own thread
    reaps its processes too: it is waited for, or a process it reaped first
    could still be listed as running (multiprocessing.active_children)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    manager = getattr(pool, "_executor_manager_thread", None)
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    if manager is not None:
        manager.join(timeout=10)
    for process in processes:
        process.join(timeout=5)


def keep_between_builds(keep: bool) -> None:
    """In a process that builds again and again (livereload), workers are kept
    for the next build instead of being stopped; stop_all() ends them."""
    global _keep, _code
    _keep, _code = keep, None


def keeping() -> bool:
    return _keep


def code_tag(charts_dir: Path | None) -> str:
    """What a worker draws with besides a build's own data: the plugin's code
    and libraries as they are now, and the modules under charts/ (a chart
    script may import its neighbours, which then stay loaded)."""
    from .cache import digest, environment_fingerprint

    scripts = sorted(charts_dir.glob("*.py")) if charts_dir is not None and charts_dir.is_dir() else []
    sources = [(path.name, hashlib.sha256(path.read_bytes()).hexdigest()) for path in scripts]
    return digest(environment_fingerprint(None), sources)


def check_kept(code: str) -> None:
    """A pool kept from the last build serves this one only if it started
    with the same code: a worker never draws with code edited since, under
    a cache key made from the new code."""
    global _code
    _code = code
    if _early is None:
        return
    if _early.code is None:  # started by this build, before its settings were read
        _early.code = code
    elif _early.code != code:
        stop_all()


def start_early(workers: int) -> None:
    """A pool of ``workers`` workers, starting now (in place of any other)."""
    global _early
    stop_all()
    try:
        _early = new_pool(workers, warm=True)
    except OSError:  # no processes to be had here: charts render in this one
        _early = None


def usable(pool: ProcessPoolExecutor) -> bool:
    """False once a worker died: the pool takes no more work."""
    return not getattr(pool, "_broken", False)


def early_size() -> int:
    """How many workers the early pool has (0: none, or one died)."""
    return _early.size if _early is not None and usable(_early) else 0


def take_early():
    """The pool started early, if any: the caller hands it to done_with()."""
    global _early
    pool, _early = _early, None
    return pool


def done_with(pool: ProcessPoolExecutor, idle: bool) -> None:
    """A build has no more work for this pool: kept for the next build if all
    its work is done (``idle``), else stopped."""
    global _early
    if _keep and idle and usable(pool) and _early is None:
        _early = pool
    else:
        stop(pool)


def stop_early() -> None:
    """This build needs no workers: they are stopped at once, not waited for
    (or kept, idle, for the next build)."""
    if not _keep:
        stop_all()


def stop_all() -> None:
    global _early
    if _early is not None:
        stop(_early)
        _early = None


# The build state of the settings last seen (one build per worker, in practice).
_worker_state = None


def _start_worker() -> None:
    import altair  # noqa: F401 - imported now, while the main process reads
    import pandas  # noqa: F401

    from .render import render_svg
    from .settings import read_settings

    spec = {"mark": "point", "data": {"values": [{"a": 1}]}, "encoding": {"x": {"field": "a", "type": "quantitative"}}}
    render_svg(spec, read_settings({}))  # starts vl-convert's engine


def _ready() -> bool:
    return True


def state_for(settings: dict):
    global _worker_state
    if _worker_state is None or _worker_state[0] != settings:
        from .state import BuildState

        _worker_state = (settings, BuildState(settings))
    return _worker_state[1]


def producer(settings: dict):
    """What a pool maps over tasks to draw them with these settings."""
    return functools.partial(produce_in_worker, settings)


def produce_in_worker(settings: dict, task):
    from .finalize import run_task

    return run_task(state_for(settings), task)
