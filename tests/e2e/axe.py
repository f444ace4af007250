"""axe-core in the browser tests: the WCAG 2.2 AA rules, run on the page as the user sees it.

axe-core is an npm package pinned in tests/e2e/node/package-lock.json; `.ci/run` installs it
with `npm ci --prefix tests/e2e/node`. Without it the tests that call `axe_violations` skip and
say how to install it (they never download anything themselves).

    from tests.e2e.axe import axe_violations, describe

    violations = axe_violations(page)
    assert violations == [], describe(violations)
"""

from pathlib import Path

import pytest

AXE_JS = Path(__file__).resolve().parent / "node" / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0, 2.1 and 2.2 at levels A and AA (axe has no level-A rule new in 2.2).
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page, *, exclude=(), rules=None):
    """The page's axe-core violations at WCAG 2.2 AA, as axe reports them (dicts with `id`,
    `impact`, `help`, `nodes`, ...). `exclude`: CSS selectors left out of the run; `rules`:
    {rule id: {"enabled": False}} and the like, for a documented exception."""
    if not AXE_JS.exists():
        pytest.skip(
            "axe-core is not installed: run `npm ci --prefix tests/e2e/node` (.ci/run does)"
        )
    # Into every frame (the rich-text editor's body is an iframe), so that axe sees them all.
    for frame in page.frames:
        if not frame.evaluate("() => typeof window.axe === 'object'"):
            frame.add_script_tag(path=str(AXE_JS))
    options = {"runOnly": {"type": "tag", "values": WCAG_AA}, "resultTypes": ["violations"]}
    if rules:
        options["rules"] = rules
    context = {"include": [["html"]], "exclude": [[selector] for selector in exclude]}
    result = page.evaluate("([context, options]) => axe.run(context, options)", [context, options])
    return result["violations"]


def violation_targets(violations):
    """{rule id: [CSS selector of each offending element]}: what a test compares against a
    known list."""
    return {
        violation["id"]: sorted(target(node) for node in violation["nodes"])
        for violation in violations
    }


def target(node):
    """An element's selector as one string; across frames (and shadow roots) joined by ' >> '."""
    return " >> ".join(
        " ".join(part) if isinstance(part, list) else part for part in node["target"]
    )


def describe(violations):
    """A readable account of violations for an assertion message."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:10]:
            lines.append(f"  {target(node)}: {node['failureSummary']}")
        if len(violation["nodes"]) > 10:
            lines.append(f"  … and {len(violation['nodes']) - 10} more")
    return "\n".join(lines) or "no violations"
