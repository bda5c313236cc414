"""What a Markdown document holds between reading and the end of the build.

A chart block or a quoted value becomes an HTML comment carrying its whole
job (the block's text, file, line): nothing else is needed to render it
later. So an article kept in Pelican's content cache still renders its charts
against today's data, and a mistake found while reading stays in the cached
content, to be reported again on every build until it is fixed.
"""

from __future__ import annotations

import base64
import json
import re

JOB_RE = re.compile(r"<!--datacharts:([a-z]+):([A-Za-z0-9_=-]+)-->")


def placeholder(kind: str, job: dict) -> str:
    """kind: chart, value or error."""
    payload = json.dumps(job, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return f"<!--datacharts:{kind}:{base64.urlsafe_b64encode(payload).decode('ascii')}-->"


def jobs_in(html: str):
    for match in JOB_RE.finditer(html or ""):
        yield match.group(0), match.group(1), json.loads(base64.urlsafe_b64decode(match.group(2)))


def substitute(html: str, replacements: dict[str, str]) -> str:
    return JOB_RE.sub(lambda m: replacements.get(m.group(0), ""), html)
