"""Render worker processes, started before Pelican reads when a build is
likely to render charts, so their start-up (importing pandas and Altair,
starting vl-convert's engine: about 0.8 s) overlaps Pelican's reading.

Workers are spawned, not forked: a fork would copy a vl-convert engine a
previous build started in this process. Output is the same whatever their
number (tested).
"""

from __future__ import annotations

import multiprocessing

WORKER_KEYS = ("PATH", "SITEURL", "FEED_DOMAIN", "THEME", "CACHE_PATH", "DATACHARTS", "SUMMARY_MAX_LENGTH", "CSP")

_early = None  # (settings, pool) started by start_early()


def worker_settings(pelican_settings: dict) -> dict:
    """What a worker needs to make the same build state (picklable)."""
    return {key: pelican_settings.get(key) for key in WORKER_KEYS}


def new_pool(settings: dict, workers: int):
    context = multiprocessing.get_context("spawn")
    return context.Pool(workers, initializer=_start_worker, initargs=(settings,))


def pool_size(pool) -> int:
    return pool._processes  # multiprocessing.Pool has no public size


def start_early(pelican_settings: dict, workers: int) -> None:
    global _early
    stop_early()
    settings = worker_settings(pelican_settings)
    try:
        _early = (settings, new_pool(settings, workers))
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
        pool.terminate()
        return None
    return pool


def stop_early() -> None:
    """Unused workers are stopped at once, not waited for."""
    global _early
    if _early is not None:
        _early[1].terminate()
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


def produce_in_worker(task):
    from .finalize import run_task

    return run_task(_worker_state, task)
