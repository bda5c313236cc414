"""Run one job, in a render worker or in the build's own process."""

from __future__ import annotations

import html
from pathlib import Path

from .autodescribe import AUTO
from .blocks import QUOTING_KEYS, TOKEN_RE, parse_block
from .errors import EditorError, Mistakes
from .jobs import ChartJob, DescribeJob, Failure, RenderedChart


def run_job(state, job) -> RenderedChart | dict | Failure:
    """Run one job in this process (a worker, or the build itself)."""
    if isinstance(job, DescribeJob):
        from .describe import describe  # pandas: on a cache miss only

        try:
            return describe(state, job.name)
        except EditorError as exc:
            return Failure.of(exc.located(f"data/{job.name}.csv"))
    return draw_chart(state, job)


def draw_chart(state, job: ChartJob) -> RenderedChart | Failure:
    """One chart job -> a rendered chart, stored in the cache when it has a key."""
    from .claims import CLAIM_KEYS, check_claims
    from .produce import assemble_chart, prepare_chart, render_pictures  # Altair: on a cache miss only

    try:
        block = parse_block(job.text, job.path, job.line, set_aside=True)
    except EditorError as exc:
        return Failure.of(exc)
    # Keys set aside by parse_block: the chart is built without them, for
    # its other mistakes to be listed with theirs, and never published.
    mistakes = Mistakes(block.problems)
    try:
        with mistakes.check():
            own_id = "id" in block.options
            block.options["id"] = job.anchor
            typed = {k: TOKEN_RE.sub(" ", typed_text(block.get(k))) for k in CLAIM_KEYS if block.get(k) is not None}
            quote_values(state, block)
            prepared = prepare_chart(state, block, job.first)
            check_claims(block, typed, claimed_data(block, prepared), None if own_id else job.anchor)
    except Exception as exc:  # noqa: BLE001 - a defect of ours: still named at the block that met it
        return Failure(crash_message(exc), job.path, job.line)
    if mistakes.found:
        return Failure.of(EditorError.together(mistakes.found))
    try:
        source = block.get("source") or " ; ".join(prepared.dataset.sources)
        pictures = render_pictures(
            prepared.spec,
            state.settings,
            job.anchor,
            block.title,
            block.description,
            job.first,
            str(source),
            prepared.phone,
        )
    except ValueError as exc:  # vl-convert could not draw this spec
        detail = str(exc).strip().splitlines()
        reason = next((d for d in detail[1:] if d.strip()), detail[0] if detail else "")
        message = f"vl-convert n'a pas pu dessiner ce graphique ({reason.strip()}) ; simplifiez-le ou signalez-le"
        return Failure(message, job.path, job.line)
    except Exception as exc:  # noqa: BLE001 - a defect of ours, named at its block as above
        return Failure(crash_message(exc), job.path, job.line)
    try:
        chart = assemble_chart(state, prepared, pictures)
    except EditorError as exc:
        return Failure.of(exc.located(job.path, job.line))
    except Exception as exc:  # noqa: BLE001 - a defect of ours, named at its block as above
        return Failure(crash_message(exc), job.path, job.line)
    if job.key and state.cache.folder is not None:
        # Stored here, in the worker: the main process gets hashes, not bytes.
        chart.files = state.cache.store_files(chart.files)
        chart.stored = True
        state.cache.put(job.key, chart)
    return chart


def crash_message(exc: Exception) -> str:
    """What an editor reads when the engine itself fails on a block (a
    defect of ours, not of the text): the block is named by its location,
    the cause is kept for the report, and the way round is to change it."""
    cause = " ".join(f"{exc.__class__.__name__}: {exc}".split())[:300]
    return (
        f"ce bloc chart a fait échouer datacharts ({cause}), une erreur du programme et non du texte ; "
        "signalez-la avec ce bloc, et d'ici là retirez ou changez la dernière clé ajoutée"
    )


def claimed_data(block, prepared):
    """What a chart's typed numbers are checked against: its dataset after
    ``filter`` (a Python chart: its whole dataset)."""
    if block.get("chart"):
        return prepared.dataset.frame
    from .build_chart import apply_filter

    return apply_filter(block, prepared.dataset.frame)


def quote_values(state, block) -> None:
    """The values a block's text quotes ({{ … }}), written in as plain text,
    French formatted as in the prose: what the title, the description a
    screen reader reads, the note and the source then say follows the data."""
    if not block.values:
        return
    from .inline_values import plain

    def written(match) -> str:
        quoted = block.values[match.group(0)]
        return html.unescape(state.inline_value(plain(quoted.inner), block.path, quoted.line))

    def filled(value):  # description: [auto, …]; reference and annotations: lists of mappings
        if isinstance(value, str):
            return TOKEN_RE.sub(written, value) if TOKEN_RE.search(value) else value
        if isinstance(value, list):
            return [filled(v) for v in value]
        if isinstance(value, dict):
            return {k: filled(v) for k, v in value.items()}
        return value

    for key in QUOTING_KEYS:
        if key in block.options:
            block.options[key] = filled(block.options[key])


def typed_text(value) -> str:
    """What the editor typed of a text (a drafted description's ``auto`` is the data's;
    of ``reference`` and ``annotations``, their labels and texts)."""
    if isinstance(value, list) and any(isinstance(v, dict) for v in value):
        return " ; ".join(str(v[k]) for v in value if isinstance(v, dict) for k in ("label", "text") if k in v)
    if isinstance(value, list):
        return " ".join(str(v) for v in value if str(v).strip() != AUTO)
    return "" if isinstance(value, str) and value.strip() == AUTO else str(value)


def linked_files(cache, chart: RenderedChart) -> dict[str, bytes | Path] | None:
    """A chart's files as the output writer takes them (None: the cache lost one)."""
    if not chart.stored:
        return chart.files
    return cache.blobs_of(chart.files)
