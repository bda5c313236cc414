"""Render worker processes, started before Pelican reads when a build is
likely to render charts, so their start-up (importing pandas and Altair,
starting vl-convert's engine: about 0.8 s) overlaps Pelican's reading.

Workers are spawned, not forked: a fork would copy a vl-convert engine a
previous build started in this process. A worker that dies (killed, out of
memory, a script that builds again when imported) breaks the pool, which
raises BrokenProcessPool instead of waiting for it: the charts are then drawn
in the main process. Output is the same whatever the number of workers
(tested).
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

WORKER_KEYS = ("PATH", "SITEURL", "FEED_DOMAIN", "THEME", "CACHE_PATH", "DATACHARTS", "SUMMARY_MAX_LENGTH", "CSP")

_early = None  # (settings, pool) started by start_early()


def worker_settings(pelican_settings: dict) -> dict:
    """What a worker needs to make the same build state (picklable)."""
    return {key: pelican_settings.get(key) for key in WORKER_KEYS}


def new_pool(settings: dict, workers: int, warm: bool = False) -> ProcessPoolExecutor:
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(settings,))
    pool.size = workers
    if warm:  # a task per worker makes the pool start them all now
        for _ in range(workers):
            pool.submit(_ready)
    return pool


def stop(pool: ProcessPoolExecutor) -> None:
    """Stop a pool at once, work in progress included."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)


def start_early(pelican_settings: dict, workers: int) -> None:
    global _early
    stop_early()
    settings = worker_settings(pelican_settings)
    try:
        _early = (settings, new_pool(settings, workers, warm=True))
    except OSError:  # no processes to be had here: charts render in this one
        _early = None


def take_early(settings: dict):
    """The pool started early, if it was started for these settings."""
    global _early
    if _early is None:
        return None
    started_for, pool = _early
    _early = None
    if started_for != settings:
        stop(pool)
        return None
    return pool


def stop_early() -> None:
    """Unused workers are stopped at once, not waited for."""
    global _early
    if _early is not None:
        stop(_early[1])
        _early = None


# A worker process serves one build only: its state is made when it starts.
_worker_state = None


def _start_worker(settings: dict) -> None:
    global _worker_state
    from .render import render_svg
    from .state import BuildState

    _worker_state = BuildState(settings)
    import altair  # noqa: F401 - imported now, while the main process reads
    import pandas  # noqa: F401

    spec = {"mark": "point", "data": {"values": [{"a": 1}]}, "encoding": {"x": {"field": "a", "type": "quantitative"}}}
    render_svg(spec, _worker_state.settings)  # starts vl-convert's engine


def _ready() -> bool:
    return True


def produce_in_worker(task):
    from .finalize import run_task

    return run_task(_worker_state, task)
