"""Build the site into a staging folder, swap it in only when the build passes.

The site's own tooling, not part of the plugin: ``invoke build`` calls
``build_site``, ``invoke livereload`` a ``SiteBuilder`` that it keeps.
Pelican's own CLI logs a failing build with a traceback; editors get their
mistakes as sentences instead, and the previously built ``output/`` stays as
it was. Pelican itself is imported only once the first render worker starts.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
from pathlib import Path

from datacharts_engine.errors import BuildFailed, EditorError
from datacharts_engine.settings import read_settings as plugin_settings
from datacharts_engine.state import DEFER_KEY, deferred_errors
from datacharts_engine.workers import POOL_KEY, RenderPool, code_tag

from . import uptodate


class UnsafeOutput(Exception):
    pass


def check_output_path(output: Path, content: Path) -> None:
    output, content = output.resolve(), content.resolve()
    if output == Path.cwd().resolve() or output == content or content.is_relative_to(output):
        raise UnsafeOutput(
            f"OUTPUT_PATH « {output} » contient les sources (content/) : choisissez un dossier à part, "
            "par exemple output"
        )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(final: Path) -> None:
    """Tidy after builds that were killed: a swap cut between its two renames
    is completed backwards (the previous site comes back); staging folders of
    dead builds are removed."""
    for leftover in sorted(final.parent.glob(f".{final.name}.*-*")):
        kind, _, pid = leftover.name.rpartition("-")
        if not pid.isdigit() or _alive(int(pid)):
            continue
        if kind.endswith(".previous") and not final.exists():
            os.replace(leftover, final)
        else:
            shutil.rmtree(leftover, ignore_errors=True)


class SiteBuilder:
    """Builds the site, once (``invoke build``) or again and again in one
    process (``invoke livereload``, ``keep_workers=True``: render workers stay
    warm from one build to the next). It owns the render pool and, for a
    long-lived process, the watch over its own code."""

    def __init__(
        self,
        settings_file: str = "pelicanconf.py",
        output: str | None = None,
        overrides: dict | None = None,
        keep_workers: bool = False,
        publish: bool = True,
    ):
        self.settings_file = settings_file
        self.output = output
        self.overrides = dict(overrides or {})
        self.pool = RenderPool(keep=keep_workers)
        self.code_watch = uptodate.CodeWatch()
        # False (``invoke check``): build in full, then throw the result away;
        # output/ and the up-to-date stamp are never touched.
        self.publish = publish
        # The mistakes of the last build, as the terminal showed them (empty
        # when it passed): ``invoke livereload`` shows them in the browser.
        self.errors: list[EditorError] = []

    def build(self, force: bool = False) -> int:
        """Return the exit status: 0 built (or already up to date), 1 failed, 2 editor mistakes.

        ``force`` runs the whole build even when nothing changed since the last one.
        """
        if (os.cpu_count() or 1) > 1 and not self.pool.running:
            # Before Pelican is even imported: a build that draws charts has its
            # first worker starting (about 0.8 s); one with nothing to do stops it.
            self.pool.start(1)
        self.errors = []
        try:
            return self._build(force)
        finally:
            self.pool.done()

    def close(self) -> None:
        self.pool.stop()

    def _build(self, force: bool) -> int:
        from pelican import Pelican
        from pelican.log import init as init_logging
        from pelican.settings import read_settings

        # A plain handler: rich would wrap long sentences at 80 columns when piped.
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        init_logging(level=logging.WARNING, fatal="errors", handler=handler)
        _forget_logged_warnings()
        settings = read_settings(self.settings_file, override=dict(self.overrides))
        final = Path(self.output or settings["OUTPUT_PATH"]).resolve()
        try:
            check_output_path(final, Path(settings["PATH"]))
        except UnsafeOutput as exc:
            return self._failed(str(exc))
        recover(final)
        if settings.get("CACHE_PATH") and not Path(settings["CACHE_PATH"]).is_absolute():
            # Pelican reads it from the working folder: anchor it to the project,
            # as the plugin does, so two projects never share a cache.
            settings["CACHE_PATH"] = str(Path(settings["PATH"]).resolve().parent / settings["CACHE_PATH"])
        stamp = inputs = None
        early = "all"
        cache_root = _cache_root(settings)
        try:
            ours = plugin_settings(settings)
        except ValueError as exc:  # an unknown DATACHARTS key
            return self._failed(f"La construction a échoué : {exc}")
        count = ours["workers"] or os.cpu_count() or 1
        if self.code_watch.stale(self.settings_file):
            # livereload and the like: this process runs code edited since it
            # started. Build, but leave no stamp a later build would trust.
            print("datacharts: plugin code changed since this process started; restart it to use it", file=sys.stderr)
            cache_root = None
        if cache_root is not None and self.publish:
            stamp = uptodate.stamp_path(cache_root / "datacharts", final)
            inputs = uptodate.inputs_digest(settings, self.settings_file, final, cache_root)
            if not force and uptodate.is_up_to_date(stamp, inputs, final):
                print(f"datacharts: nothing changed since the last build; {final.name}/ is up to date", flush=True)
                return 0
            early = uptodate.charts_may_change(stamp, inputs)
        # Per-process names: two builds at once never write into each other's.
        staging = final.with_name(f".{final.name}.staging-{os.getpid()}")
        previous = final.with_name(f".{final.name}.previous-{os.getpid()}")
        settings["OUTPUT_PATH"] = str(staging)
        settings["DELETE_OUTPUT_DIRECTORY"] = False
        root = Path(settings["PATH"]).resolve().parent
        charts = Path(ours["charts_path"])
        self.pool.serve(code_tag(charts if charts.is_absolute() else root / charts))
        blocks = _chart_blocks(Path(settings["PATH"])) if early and count > 1 else 0
        if blocks:
            # One worker when only sources changed (a dataset, an article: few
            # charts to render); else about one per 8 chart blocks, up to count.
            wanted = 1 if stamp is not None and early == "sources" else min(count, -(-blocks // 8))
            if not (self.pool.running and wanted <= self.pool.size <= count):
                self.pool.start(wanted)
        elif count <= 1:
            self.pool.stop()  # workers: 1 draws in this process, kept pool or not
        else:
            self.pool.done()
        settings[POOL_KEY] = self.pool
        # The staging folder is thrown away on failure: pages are written
        # despite editors' mistakes, so their links are checked in the same run.
        settings[DEFER_KEY] = True
        status, self.errors = _run(Pelican, settings, staging, previous, final if self.publish else None, stamp, inputs)
        return status

    def _failed(self, message: str) -> int:
        print(message, file=sys.stderr)
        self.errors = [EditorError(message)]
        return 1


def build_site(
    settings_file: str = "pelicanconf.py",
    output: str | None = None,
    overrides: dict | None = None,
    force: bool = False,
) -> int:
    """Build once (``invoke build``); see ``SiteBuilder.build`` for the status."""
    builder = SiteBuilder(settings_file, output, overrides)
    try:
        return builder.build(force)
    finally:
        builder.close()


def _run(pelican_class, settings, staging, previous, final, stamp, inputs) -> tuple[int, list[EditorError]]:
    """Run Pelican into ``staging``, swap it into ``final`` if it passed (or
    throw it away when ``final`` is None); return the status and the mistakes."""
    for attempt in (1, 2):
        try:
            pelican_class(settings).run()
            if deferred_errors(settings):  # no plugin reported them once the pages were written
                raise _report(deferred_errors(settings))
            break
        except BuildFailed as exc:
            shutil.rmtree(staging, ignore_errors=True)
            return 2, list(exc.errors)  # the plugins printed every mistake already (broken links included)
        except Exception as exc:  # noqa: BLE001 - any failure must leave output/ alone
            shutil.rmtree(staging, ignore_errors=True)
            if deferred_errors(settings):
                # Pages written despite editors' mistakes may break Pelican's
                # writing: the mistakes are the cause to report.
                return 2, list(_report(deferred_errors(settings)).errors)
            if attempt == 1 and _from_pelican_cache(exc) and _forget_pelican_cache(settings):
                print(
                    "Le cache de Pelican était illisible (construction interrompue ou code changé) : "
                    "il est reconstruit.",
                    file=sys.stderr,
                )
                continue
            message = f"La construction a échoué : {exc.__class__.__name__}: {exc}"
            print(message, file=sys.stderr)
            return 1, [EditorError(message)]
    if final is None:
        shutil.rmtree(staging, ignore_errors=True)
        return 0, []
    if final.exists():
        os.replace(final, previous)
    os.replace(staging, final)
    shutil.rmtree(previous, ignore_errors=True)
    if stamp is not None:
        uptodate.write_stamp(stamp, inputs, final)
    return 0, []


def _report(errors: list[EditorError]) -> BuildFailed:
    failure = BuildFailed(sorted(errors, key=lambda e: (e.path or "", e.line or 0, e.message)))
    print(failure.report(), file=sys.stderr, flush=True)
    return failure


def _forget_logged_warnings() -> None:
    """Pelican's log filter prints a warning once per process (class-level
    sets, Pelican 4.12): in livereload a warning still true at the next build
    would never be printed again. Each build starts with none seen."""
    from pelican.log import LimitFilter

    for name in ("_raised_messages", "_group_count"):
        seen = getattr(LimitFilter, name, None)
        if seen is not None:
            seen.clear()


def _chart_blocks(content: Path) -> int:
    """How many chart blocks the articles hold (a quick count, for planning)."""
    count = 0
    for path in content.rglob("*"):
        if path.suffix in (".md", ".markdown", ".mkd", ".mdown") and path.is_file():
            count += path.read_text(encoding="utf-8", errors="replace").count("```chart")
    return count


def _from_pelican_cache(exc: Exception) -> bool:
    """Raised while Pelican loaded its content cache: Pelican writes it in place,
    so a build killed at that moment leaves it cut short (EOFError, zlib.error),
    which Pelican does not catch."""
    trace = exc.__traceback__
    while trace is not None:
        if Path(trace.tb_frame.f_code.co_filename).as_posix().endswith("pelican/cache.py"):
            return True
        trace = trace.tb_next
    return False


def _forget_pelican_cache(settings: dict) -> bool:
    folder = Path(settings["CACHE_PATH"])
    damaged = [p for p in folder.glob("*") if p.is_file() and p.name.endswith(("Generator", "Readers"))]
    for path in damaged:
        path.unlink(missing_ok=True)
    return bool(damaged)


def _cache_root(settings: dict) -> Path | None:
    """The project's cache folder, anchored already (None: no cache)."""
    if not settings.get("CACHE_PATH") or not settings.get("DATACHARTS_CACHE", True):
        return None
    return Path(settings["CACHE_PATH"])
