"""« Données mises à jour le … »: what an article and its charts say when a
dataset they show was corrected after the article's date.

The dates and notes are the editor's, from the ``updates:`` list of the
dataset's descriptor (``descriptor.read_updates``): the same input always
gives the same pages. An article with such an update gets the notices near
its header (``article.datacharts_updates``, for the theme), each chart of
that dataset gets its own in its caption, and the article's ``modified``
date follows the latest one, so the feeds' ``<updated>`` and the sitemap's
``lastmod`` do too. An item without a date (most pages) has nothing to
compare with: its charts say nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from datacharts_engine.errors import EditorError
from datacharts_engine.figure import UPDATES_SLOT
from datacharts_engine.frenchdate import date_fr
from datacharts_engine.yamlsrc import load_yaml


@dataclass(frozen=True)
class Notice:
    """One update of a dataset an article shows, dated after the article."""

    date: datetime.date
    note: str
    dataset_name: str
    dataset_title: str
    dataset_path: str  # the dataset's page, output-relative

    @property
    def date_fr(self) -> str:
        return date_fr(self.date)


def notices_for(state, item, records, quoted=()) -> list[Notice]:
    """The updates dated after the item of the datasets it uses (its charts',
    and those its text quotes values from), latest first."""
    published = getattr(item, "date", None)
    names = {record.dataset_name for record in records} | set(quoted)
    if not isinstance(published, datetime.datetime) or not names:
        return []
    notices = []
    for name in sorted(names):
        try:
            log = state.updates(name)
        except EditorError as exc:
            state.report(exc)
            continue
        for update in log.updates:
            if update.date > published.date():
                path = f"{state.project.datasets_dir}/{name}.html"
                notices.append(Notice(update.date, update.note, name, log.title, path))
    return sorted(notices, key=lambda n: (n.date, n.dataset_name), reverse=True)


def quoted_dataset(job: dict) -> str | None:
    """The dataset a quoted value ({{ … }}) reads (None: it names none, or
    cannot be read: its own error is reported where it is quoted)."""
    try:
        query = load_yaml("{" + job["inner"] + "}", job["path"], first_line=job["line"])
    except EditorError:
        return None
    name = query.get("dataset") if isinstance(query, dict) else None
    return str(name) if name else None


def with_notices(state, figure: str, dataset_name: str, notices: list[Notice]) -> str:
    """The figure with the notices of its own dataset written in its caption."""
    own = [n for n in notices if n.dataset_name == dataset_name]
    text = state.env.get_template("datachart-updates.html").render(notices=own).strip() if own else ""
    return figure.replace(UPDATES_SLOT, text)


def follow_latest(item, notices: list[Notice]) -> None:
    """The item's ``modified`` date becomes the latest update's, when later:
    Pelican's feeds write it as ``<updated>``, the sitemap as ``lastmod``.
    The editor's own ``Modified`` stays in ``datacharts_own_modified``."""
    own = getattr(item, "modified", None)
    item.datacharts_own_modified = own
    if not notices:
        return
    latest = datetime.datetime.combine(max(n.date for n in notices), datetime.time(), tzinfo=item.date.tzinfo)
    if own is None or own < latest:
        item.modified = latest
        item.locale_modified = latest.strftime(getattr(item, "date_format", "%Y-%m-%d"))
