"""`_headers` as the hosts that read it apply it: no page gets two
Content-Security-Policy headers, whichever way the host merges its rules, and
chart embed pages can be framed by other sites while the rest cannot."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.slow


def parse(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    rules = []
    for block in text.strip().split("\n\n"):
        path, *lines = block.splitlines()
        rules.append((path.strip(), [tuple(part.strip() for part in line.split(":", 1)) for line in lines]))
    return rules


def matches(pattern: str, path: str) -> bool:
    # Netlify and Cloudflare Pages: * matches any characters, slashes included.
    return re.fullmatch(".*".join(re.escape(part) for part in pattern.split("*")), path) is not None


def headers_for(rules, path: str, how: str) -> dict[str, list[str]]:
    """``first``: the first matching rule only; ``all``: every matching rule,
    a header named by several of them joined (as Netlify and Cloudflare do)."""
    found: dict[str, list[str]] = {}
    for pattern, headers in rules:
        if matches(pattern, path):
            for name, value in headers:
                found.setdefault(name, []).append(value)
            if how == "first":
                break
    return found


@pytest.mark.parametrize("how", ["first", "all"])
def test_every_path_gets_one_policy_and_embeds_can_be_framed(usages_site, how):
    assert usages_site.build() == 0
    output = usages_site.output
    rules = parse((output / "_headers").read_text(encoding="utf-8"))
    pages = ["/", "/essai.html", "/essai", "/categorie/essais.html", "/donnees/usages.html", "/feeds/all.atom.xml"]
    embeds = ["/" + p.relative_to(output).as_posix() for p in (output / "graphiques").rglob("*.html")]
    assert embeds
    for path in pages + embeds:
        policies = headers_for(rules, path, how).get("Content-Security-Policy", [])
        if how == "all":
            assert len(policies) == 1, f"{path}: {len(policies)} policies"
        assert policies, f"{path} has no policy"
        expected = "frame-ancestors *" if path in embeds else "frame-ancestors 'self'"
        assert policies[0].endswith(expected), (path, policies[0])
    # Every file of the output is under some policy.
    for file in output.rglob("*"):
        if file.is_file() and file.name != "_headers":
            path = "/" + file.relative_to(output).as_posix()
            assert headers_for(rules, path, "all").get("Content-Security-Policy"), path
