"""The Python half of bench/frontend: which pages to load, and Lighthouse's figures.

    frontend_helper.py targets OUT   choose the pages (home, a section, an article) and write
                                     OUT (tab-separated: key, label, path, the article's photo)
    frontend_helper.py one FILE      one line on one Lighthouse JSON report (after each run);
                                     exit 1 when it holds no figures
    frontend_helper.py report DIR    the table of medians, the targets of issue 16 as PASS/FAIL,
                                     and the audits that lost points; exit 1 when a page and form
                                     factor has no usable run (nothing to report)

`targets` reads the same environment as the site (DATABASE_URL, DJANGO_* …), set by
bench/frontend; `one` and `report` read only the JSON files.
"""

import json
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

CATEGORIES = [
    ("performance", "성능"),
    ("accessibility", "접근성"),
    ("best-practices", "권장"),
    ("seo", "SEO"),
]
FORMS = [("mobile", "모바일"), ("desktop", "데스크톱")]
# The targets of issue 16, on the mobile runs.
MOBILE_PERFORMANCE = 98
PERFECT = 100  # accessibility, best practices, SEO
LCP_SECONDS = 1.5
PAGE_KIB = {"home": 150, "article": 200}  # total transfer, strictly under


def out(line=""):
    sys.stdout.write(f"{line}\n")


def targets(path):
    import django

    django.setup()
    from django.db.models import Count, Q

    from articles.models import Article, Section

    live = Article.objects.published()
    # The newest live article with a lead photo: the page whose weight the photos decide.
    article = live.exclude(photo="").order_by("-publish_at", "-id").first()
    if article is None:
        raise SystemExit("bench/frontend: no published article with a photo; try --reseed")
    # The section with the most live articles: its first page is the fullest list.
    section = (
        Section.objects.annotate(live=Count("articles", filter=Q(articles__in=live.values("pk"))))
        .order_by("-live", "position")
        .first()
    )
    rows = [
        ("home", "첫 화면", "/"),
        ("section", f"섹션 {section.name}", section.get_absolute_url()),
        ("article", "기사", article.get_absolute_url()),
    ]
    with open(path, "w") as f:
        for key, label, url in rows:
            f.write(f"{key}\t{label}\t{url}\t{article.photo.url}\n")


def _load(path):
    """The parts of one report that the table uses, or None if the run gave no figures."""
    try:
        lhr = json.loads(Path(path).read_text())
    except (OSError, ValueError):
        return None
    scores = {cat: (lhr.get("categories", {}).get(cat) or {}).get("score") for cat, _ in CATEGORIES}
    if lhr.get("runtimeError") or None in scores.values():
        return None
    audits = lhr["audits"]
    return {
        "scores": {cat: round(score * 100) for cat, score in scores.items()},
        "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "kib": audits["total-byte-weight"]["numericValue"] / 1024,
        "lost": _lost(lhr),
        # Requests answered with an error: a photo that 404s makes the page lighter, not better.
        "failed": [
            f"{item['statusCode']} {item['url']}"
            for item in audits.get("network-requests", {}).get("details", {}).get("items", [])
            if item.get("statusCode", 0) >= 400
        ],
        # Lighthouse's measure of the machine's speed in this run: the load lowers it, and a
        # slower machine gets a worse mobile performance score (4x CPU slowdown on top of it).
        "cpu": lhr.get("environment", {}).get("benchmarkIndex", 0),
        "version": lhr.get("lighthouseVersion", "?"),
        "warnings": lhr.get("runWarnings", []),
    }


def _lost(lhr):
    """Audits that cost points, by id, with what Lighthouse shows for them.

    Accessibility, best practices and SEO: every weighted audit under a full score. Performance:
    its metrics scored under 0.9, and the diagnostics it fails (weight 0, score under 0.9), which
    say where the bytes and the time go.
    """
    lost = {}
    for cat, label in CATEGORIES:
        for ref in lhr["categories"][cat]["auditRefs"]:
            audit = lhr["audits"].get(ref["id"], {})
            score = audit.get("score")
            # The "hidden" group: the newer insights, which repeat the diagnostics, and audits
            # the report does not show.
            if score is None or ref.get("group") == "hidden":
                continue
            if cat == "performance":
                failing = score < 0.9
            else:
                failing = ref["weight"] > 0 and score < 1
            if failing:
                lost[ref["id"]] = (label, audit.get("title", ""), audit.get("displayValue", ""))
    return lost


def _error(path):
    """Why a run gave no figures: Lighthouse's error code, or what is wrong with the file."""
    try:
        error = json.loads(Path(path).read_text()).get("runtimeError") or {}
    except OSError:
        return "보고서 없음"
    except ValueError:
        return "보고서를 읽을 수 없음"
    return error.get("code", "점수 없음")


def one(path):
    run = _load(path)
    if run is None:
        out("결과 없음 (보고서의 runtimeError나 로그를 보세요)")
        raise SystemExit(1)
    scores = " ".join(f"{run['scores'][cat]:>3}" for cat, _ in CATEGORIES)
    failed = f"  실패한 요청 {len(run['failed'])}개" if run["failed"] else ""
    out(
        f"점수 {scores}  LCP {run['lcp']:.2f} s  CLS {run['cls']:.3f}  {run['kib']:.0f} KiB"
        f"  CPU {run['cpu']:.0f}{failed}"
    )


def _cell(text, width, right=False):
    """Pad to `width` terminal columns, counting each Hangul syllable as two."""
    shown = sum(2 if "\uac00" <= ch <= "\ud7a3" else 1 for ch in text)
    gap = " " * max(width - shown, 1)
    return gap + text if right else text + gap


def report(directory):
    directory = Path(directory)
    rows = [line.split("\t") for line in (directory / "targets.tsv").read_text().splitlines()]
    runs = int((directory / "runs").read_text())
    medians, missing, versions, warnings, errors = {}, [], set(), set(), []
    out()
    head = [_cell(label, 7, right=True) for _, label in CATEGORIES]
    head += [_cell("LCP s", 8, True), _cell("CLS", 8, True), _cell("전송 KiB", 10, True)]
    out(_cell("쪽", 22) + _cell("형태", 10) + "".join(head) + _cell("실행", 7, True))
    out("-" * 100)
    for key, label, path, _ in rows:
        for form, form_label in FORMS:
            reports = [directory / "reports" / f"{key}-{form}-{n}.json" for n in range(1, runs + 1)]
            found = [run for run in map(_load, reports) if run is not None]
            for n, report_path in enumerate(reports, 1):
                if not report_path.exists() or _load(report_path) is None:
                    errors.append(f"{label} {form_label} {n}번: {_error(report_path)}")
            if not found:
                missing.append(f"{label} {form_label}")
                out(_cell(label, 22) + _cell(form_label, 10) + "결과 없음: 로그를 보세요")
                continue
            versions.update(run["version"] for run in found)
            warnings.update(w for run in found for w in run["warnings"])
            m = {
                "scores": {
                    cat: statistics.median(run["scores"][cat] for run in found)
                    for cat, _ in CATEGORIES
                },
                "lcp": statistics.median(run["lcp"] for run in found),
                "cls": statistics.median(run["cls"] for run in found),
                "kib": statistics.median(run["kib"] for run in found),
                "runs": found,
            }
            medians[key, form] = m
            out(
                _cell(label, 22) + _cell(form_label, 10)
                + "".join(f"{m['scores'][cat]:>7g}" for cat, _ in CATEGORIES)
                + f"{m['lcp']:>8.2f}{m['cls']:>8.3f}{m['kib']:>10.0f}"
                + f"{len(found):>4}/{runs}  {path}"
            )  # fmt: skip
    out()
    out(f"각 칸은 {runs}번 실행의 중앙값 (Lighthouse {', '.join(sorted(versions)) or '?'}).")
    cpu = sorted(run["cpu"] for m in medians.values() for run in m["runs"])
    if cpu:
        out(
            f"Lighthouse의 CPU 지표 (benchmarkIndex, 부하에 내려감): 중앙값 "
            f"{statistics.median(cpu):.0f}, {cpu[0]:.0f}~{cpu[-1]:.0f}"
        )
    for warning in sorted(warnings):
        out(f"Lighthouse 경고: {warning}")
    for error in errors:
        out(f"실패한 실행 (다시 실행해도): {error}")
    _failed(rows, medians)
    out()
    _checks(rows, medians)
    _losses(rows, medians)
    if missing:
        out()
        out(f"측정하지 못한 쪽: {', '.join(missing)}")
        raise SystemExit(1)


def _failed(rows, medians):
    """Requests that failed in any run: the figures above leave out what was not loaded."""
    for key, label, *_ in rows:
        runs = [
            run for form, _ in FORMS if (key, form) in medians for run in medians[key, form]["runs"]
        ]
        failed = sorted({f for run in runs for f in run["failed"]})
        if failed:
            out(f"주의: {label}에서 실패한 요청 {len(failed)}개 (못 받은 만큼 가벼움):")
            for line in failed[:5]:
                out(f"    {line}")
            if len(failed) > 5:
                out(f"    … {len(failed) - 5}개 더")


def _checks(rows, medians):
    labels = {key: label for key, label, *_ in rows}

    def line(text, field, ok, shown, keys=labels):
        values = [(labels[k], medians.get((k, "mobile"))) for k in keys]
        passed = all(m is not None and ok(field(m)) for _, m in values)
        figures = ", ".join(
            f"{label} {shown(field(m)) if m else '측정 안 됨'}" for label, m in values
        )
        if any(run["failed"] for _, m in values if m for run in m["runs"]):
            figures += " (실패한 요청 있음: 위의 주의)"
        out(f"{'PASS' if passed else 'FAIL'}  {text}: {figures}")

    out("목표 (issue 16, 모바일 중앙값):")
    line(
        f"성능 ≥ {MOBILE_PERFORMANCE}",
        lambda m: m["scores"]["performance"],
        lambda v: v >= MOBILE_PERFORMANCE,
        lambda v: f"{v:g}",
    )
    for cat, label in CATEGORIES[1:]:
        line(
            f"{label} {PERFECT}",
            lambda m, cat=cat: m["scores"][cat],
            lambda v: v >= PERFECT,
            lambda v: f"{v:g}",
        )
    line(
        f"LCP ≤ {LCP_SECONDS} s", lambda m: m["lcp"], lambda v: v <= LCP_SECONDS, "{:.2f} s".format
    )
    # CLS as Lighthouse shows it, to three decimals.
    line("CLS 0", lambda m: m["cls"], lambda v: round(v, 3) == 0, "{:.3f}".format)
    for key, limit in PAGE_KIB.items():
        line(
            f"전송 < {limit} KiB",
            lambda m: m["kib"],
            lambda v, limit=limit: v < limit,
            "{:.0f} KiB".format,
            keys=[key],
        )


def _losses(rows, medians):
    """What cost points in at least half of a row's runs, with the last run's figure."""
    out()
    out("점수를 깎은 항목 (실행의 절반 이상에서):")
    quiet = True
    for key, label, *_ in rows:
        for form, form_label in FORMS:
            m = medians.get((key, form))
            if m is None:
                continue
            runs = m["runs"]
            counts = {}
            for run in runs:
                for audit_id in run["lost"]:
                    counts[audit_id] = counts.get(audit_id, 0) + 1
            often = [a for a, n in counts.items() if n * 2 >= len(runs)]
            if not often:
                continue
            quiet = False
            out(f"  {label} {form_label}:")
            last = {}  # what the last run that lost each audit showed for it
            for run in runs:
                last.update(run["lost"])
            for audit_id in sorted(often, key=lambda a: (last[a][0], a)):
                category, title, shown = last[audit_id]
                shown = f" ({shown})" if shown else ""
                out(f"    [{category}] {audit_id}{shown} {counts[audit_id]}/{len(runs)}: {title}")
    if quiet:
        out("  없음")


if __name__ == "__main__":
    commands = {"targets": targets, "one": one, "report": report}
    if len(sys.argv) != 3 or sys.argv[1] not in commands:
        raise SystemExit(__doc__)
    commands[sys.argv[1]](sys.argv[2])
