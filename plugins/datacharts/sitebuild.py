"""Build the site into a staging folder, swap it in only when the build passes.

``invoke build`` calls ``build_site``. Pelican's own CLI logs a failing build
with a traceback; editors get their mistakes as sentences instead, and the
previously built ``output/`` stays as it was.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
from pathlib import Path

from .errors import BuildFailed


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


def build_site(settings_file: str = "pelicanconf.py", output: str | None = None, overrides: dict | None = None) -> int:
    """Return the exit status: 0 built, 1 failed, 2 editor mistakes."""
    from pelican import Pelican
    from pelican.log import init as init_logging
    from pelican.settings import read_settings

    # A plain handler: rich would wrap long sentences at 80 columns when piped.
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    init_logging(level=logging.WARNING, fatal="errors", handler=handler)
    settings = read_settings(settings_file, override=dict(overrides or {}))
    final = Path(output or settings["OUTPUT_PATH"]).resolve()
    try:
        check_output_path(final, Path(settings["PATH"]))
    except UnsafeOutput as exc:
        print(exc, file=sys.stderr)
        return 1
    recover(final)
    # Per-process names: two builds at once never write into each other's.
    staging = final.with_name(f".{final.name}.staging-{os.getpid()}")
    previous = final.with_name(f".{final.name}.previous-{os.getpid()}")
    settings["OUTPUT_PATH"] = str(staging)
    settings["DELETE_OUTPUT_DIRECTORY"] = False
    try:
        Pelican(settings).run()
    except BuildFailed:
        shutil.rmtree(staging, ignore_errors=True)
        return 2  # the plugin printed every mistake already
    except Exception as exc:  # noqa: BLE001 - any failure must leave output/ alone
        shutil.rmtree(staging, ignore_errors=True)
        if getattr(exc, "problems", None):  # broken links, already printed one per line
            return 2
        print(f"La construction a échoué : {exc.__class__.__name__}: {exc}", file=sys.stderr)
        return 1
    if final.exists():
        os.replace(final, previous)
    os.replace(staging, final)
    shutil.rmtree(previous, ignore_errors=True)
    return 0
