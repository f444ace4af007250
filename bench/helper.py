"""The Python half of bench/run: the benchmark database, what to request, and the report.

    helper.py db-ensure            create the database in DATABASE_URL if it is missing
    helper.py db-drop              drop it (a half-seeded database is seeded again from scratch)
    helper.py db-count             how many articles it holds (after migrate)
    helper.py db-analyze           VACUUM ANALYZE after seeding, so the planner knows the sizes
    helper.py targets DIR          choose the pages to request; write DIR/scenarios.tsv and the
                                   path lists for the cache-cold walk and the memory walk
    helper.py rss PID              resident memory of each worker of the gunicorn master PID
    helper.py nginx-conf DIR PORT UPSTREAM
                                   deploy/nginx/newsroom.conf laid out under DIR as
                                   tests/deploy/nginx.py does (listening on PORT, passing to
                                   gunicorn on UPSTREAM, serving DJANGO_STATIC_ROOT), checked
                                   with nginx -t; prints the nginx.conf to start it with
    helper.py writer KIND SECONDS OUT READY
                                   while readers walk: every SECONDS a reporter's draft save
                                   (KIND drafts) or a new article the desk publishes (KIND
                                   publish), through the model and the services as the admin
                                   does; touches READY once set up, writes OUT (JSON) on SIGTERM
    helper.py writes-cleanup       delete the articles the writers made (after the last drive)
    helper.py report DIR           the table, the ratios of issues 7, 14 and 19 as PASS/FAIL,
                                   worker memory

Each command reads the same environment as the site (DATABASE_URL, DJANGO_* …), set by bench/run.
"""

import json
import math
import os
import random
import signal
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

# The targets of issue 7, as ratios measured in the same run.
WARM_VS_STATIC = 0.40
COLD_VS_STATIC = 0.07
DEEP_VS_FIRST = 1.5
P99_VS_P50 = 4.0
MEMORY_DRIFT = 0.10
# The targets of issue 14: the same cached walk while reporters save drafts, and while the desk
# publishes, against the walk with no writes.
DRAFTS_VS_QUIET = 0.90
PUBLISH_VS_QUIET = 0.70
# The target of issue 19: the article page answered by the shipped nginx cache, against nginx
# serving a static file.
PROXIED_VS_STATIC = 0.75
WALK_ARTICLES = 1000
WRITERS = {"drafts": "bench-reporter", "publish": "bench-desk"}  # accounts the writers use

DEEP_PAGE = 500
MEMORY_ARTICLES = 30
MEMORY_REPORTERS = 10
SEARCH_WORDS = ["영등포", "주민센터", "여의도 공원", "도서관", "주차장"]


def out(line=""):
    sys.stdout.write(f"{line}\n")


def _server_and_name():
    import dj_database_url

    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    if "postgresql" not in config["ENGINE"]:
        raise SystemExit("bench: DATABASE_URL must point at PostgreSQL")
    conninfo = {
        "host": config.get("HOST") or "127.0.0.1",
        "port": config.get("PORT") or 5432,
        "user": config.get("USER") or "postgres",
        "password": config.get("PASSWORD") or None,
        "dbname": "postgres",
    }
    return {key: value for key, value in conninfo.items() if value is not None}, config["NAME"]


def db_ensure():
    import psycopg
    from psycopg import sql

    server, name = _server_and_name()
    with psycopg.connect(**server, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    out("exists" if exists else "created")


def db_drop():
    import psycopg
    from psycopg import sql

    server, name = _server_and_name()
    with psycopg.connect(**server, autocommit=True) as conn:
        drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        conn.execute(drop.format(sql.Identifier(name)))


def _django():
    import django

    django.setup()


def db_count():
    _django()
    from articles.models import Article

    out(str(Article.objects.count()))


def db_analyze():
    _django()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def targets(directory):
    """What each scenario requests. The deep section page is page 500 of the largest section,
    or that section's last page if it has fewer than 500."""
    _django()
    from django.conf import settings
    from django.db.models import Count
    from django.templatetags.static import static
    from django.urls import reverse

    from articles.models import Article, Reporter, Section
    from articles.sitemaps import SITEMAPS

    directory = Path(directory)
    live = Article.objects.published()
    warm = live.order_by("-publish_at", "-pk").values_list("pk", flat=True).first()
    if warm is None:
        raise SystemExit("bench: the database holds no published article")
    warm_path = reverse("articles:detail", kwargs={"pk": warm})

    sizes = (
        live.filter(section__active=True)
        .values("section")
        .annotate(n=Count("pk"))
        .order_by("-n", "section")
    )
    largest = sizes[0]
    section = Section.objects.get(pk=largest["section"])
    per_page = settings.ARTICLES_PER_PAGE
    pages = math.ceil(largest["n"] / per_page)
    deep = min(DEEP_PAGE, pages)
    section_path = section.get_absolute_url()

    rng = random.Random(7)
    ids = list(live.exclude(pk=warm).values_list("pk", flat=True))
    rng.shuffle(ids)
    (directory / "cold.txt").write_text(
        "".join(reverse("articles:detail", kwargs={"pk": pk}) + "\n" for pk in ids)
    )

    # The memory walk: a fixed set of URLs of every kind of reader page, shuffled and walked
    # round and round. The page cache serves most requests; each URL is built again whenever
    # its entry expires, so rendering keeps running too (and a slow page cannot make the walk
    # take hours, as a walk of ever-new URLs would before the pages are fast).
    walk = [reverse("articles:home"), reverse("articles:rss"), reverse("sitemap-index")]
    walk += [reverse("sitemap-section", kwargs={"section": name}) for name in SITEMAPS]
    walk += [f"{reverse('articles:most-read')}?window={w}" for w in ("day", "week", "month")]
    for row in sizes:
        path = Section.objects.get(pk=row["section"]).get_absolute_url()
        last = math.ceil(row["n"] / per_page)
        walk += [f"{path}?page={page}" for page in sorted({1, min(2, last), min(50, last)})]
    reporters = Reporter.objects.order_by("pk").values_list("pk", flat=True)[:MEMORY_REPORTERS]
    walk += [reverse("articles:reporter", kwargs={"pk": pk}) for pk in reporters]
    search = reverse("articles:search")
    walk += [f"{search}?q={quote(word)}" for word in SEARCH_WORDS]
    walk += [reverse("articles:detail", kwargs={"pk": pk}) for pk in ids[-MEMORY_ARTICLES:]]
    rng.shuffle(walk)
    (directory / "mixed.txt").write_text("".join(path + "\n" for path in walk))
    # The walk under writes: the same 1,000 articles, each cached by a first pass, round and round.
    readers = rng.sample(ids, min(WALK_ARTICLES, len(ids)))
    (directory / "walk.txt").write_text(
        "".join(reverse("articles:detail", kwargs={"pk": pk}) + "\n" for pk in readers)
    )

    scenarios = [
        ("static", "정적 파일 (whitenoise, 기준)", static("css/site.css"), "-", 1),
        ("home", "첫 화면", reverse("articles:home"), "-", 1),
        ("section1", f"섹션 {section.slug} 1쪽", section_path, "-", 1),
        ("sectiondeep", f"섹션 {section.slug} {deep}쪽", f"{section_path}?page={deep}", "-", 1),
        ("warm", "기사 (캐시 데움, 같은 기사)", warm_path, "-", 1),
        ("cold", "기사 (캐시 빔, 매번 다른 기사)", warm_path, str(directory / "cold.txt"), 0),
        ("mostread", "많이 본 기사", reverse("articles:most-read"), "-", 1),
    ]
    with open(directory / "scenarios.tsv", "w") as tsv:
        for row in scenarios:
            tsv.write("\t".join(str(value) for value in row) + "\n")
    # The same article and static file through nginx (bench/run starts it if it is installed).
    through_nginx = [
        ("nginxstatic", "nginx: 정적 파일 (기준)", static("css/site.css"), "-", 1),
        ("nginxarticle", "nginx: 기사 (프록시 캐시)", warm_path, "-", 1),
    ]
    with open(directory / "nginx.tsv", "w") as tsv:
        for row in through_nginx:
            tsv.write("\t".join(str(value) for value in row) + "\n")
    meta = {
        "articles": Article.objects.count(),
        "live": live.count(),
        "section": section.slug,
        "section_articles": largest["n"],
        "section_pages": pages,
        "deep_page": deep,
        "cold_paths": len(ids),
        "memory_paths": len(walk),
        "walk_articles": len(readers),
        "page_seconds": settings.PAGE_CACHE_SECONDS,
        "per_page": per_page,
    }
    (directory / "meta.json").write_text(json.dumps(meta))
    out(f"기사 {meta['articles']:,}건 (공개 {meta['live']:,}건)")
    note = "" if deep == DEEP_PAGE else f" — {DEEP_PAGE}쪽이 없어 마지막 쪽을 씁니다"
    out(
        f"가장 큰 섹션: {section.slug} ({section.name}) 기사 {largest['n']:,}건, "
        f"{per_page}건씩 {pages}쪽 → 깊은 쪽 {deep}쪽{note}"
    )
    out(f"캐시 데운 기사: {warm_path}; 캐시 빈 기사: {len(ids):,}개 주소를 차례로")


def worker_rss(master):
    """{pid: resident KiB} of the master's children (the workers), from /proc."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    rss = {}
    for pid in children:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except FileNotFoundError:  # a worker exiting right now
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                rss[int(pid)] = int(line.split()[1])
    return rss


def rss(master):
    for pid, kib in sorted(worker_rss(int(master)).items()):
        out(f"{pid} {kib}")


def nginx_conf(directory, port, upstream):
    """The site file run as tests/deploy/nginx.py runs it, its static files collectstatic's."""
    from tests.deploy import nginx

    folder = Path(directory)
    folder.mkdir(parents=True)
    main = nginx.lay_out(folder, port=int(port), upstream=int(upstream))
    static = folder / "srv" / "staticfiles"
    static.rmdir()
    static.symlink_to(Path(os.environ["DJANGO_STATIC_ROOT"]).resolve())
    done = nginx.check(main)
    if done.returncode:
        raise SystemExit(f"bench: nginx -t failed: {done.stderr}")
    out(str(main))


# --- Writes while readers walk (issue 14) -----------------------------------------------------


def _writer_accounts():
    """The reporter and desk accounts the writers save as (made once, no password). A Reporter
    row is not made: a change to one would retire every page, and the drive measures writes to
    articles only."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    accounts = {}
    for kind, username in WRITERS.items():
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"is_staff": True}
        )
        if created:
            user.set_unusable_password()
            user.save()
            user.groups.add(Group.objects.get(name="데스크" if kind == "publish" else "기자"))
        accounts[kind] = user
    return accounts


def _new_draft(number, user, template):
    """A draft as a reporter writes it in the admin: cleaned, then saved as that account."""
    from articles.models import Article

    article = Article(
        title=f"[벤치] 기사 {number}: {template.title}"[:200],
        subtitle=template.subtitle,
        section_id=template.section_id,
        reporter_id=template.reporter_id,
        body=template.body,
        status=Article.Status.DRAFT,
        created_by=user,
    )
    article.full_clean()
    article._history_user = user
    article._change_reason = "벤치 초고"
    article.save()
    return article


def writer(kind, interval, out_path, ready_path):
    """Every `interval` seconds (the first at half of it, so the writes sit evenly in the drive)
    one write, until SIGTERM: then the counts go to `out_path`.

    drafts: the reporter's draft, loaded again and saved with a changed body, as the admin's
    change form does (full_clean(), then Article.save()).
    publish: a new article, written as a draft, then put live by the desk through
    articles.services.article_publish (permission, row lock, transition, revision).

    Around each write it reads the "lists" version (newsroom.pagecache.versions), so the report
    can say which writes retired the shared lists."""
    _django()
    from articles.models import Article
    from articles.services import article_publish
    from newsroom import pagecache

    if kind not in WRITERS:
        raise SystemExit(f"bench writer: KIND is one of {', '.join(WRITERS)}")
    interval = float(interval)
    accounts = _writer_accounts()
    live = Article.objects.published().exclude(created_by__username__in=WRITERS.values())
    templates = list(live.order_by("-publish_at", "-pk")[:15])
    draft = _new_draft(0, accounts["drafts"], templates[0]) if kind == "drafts" else None

    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
    signal.signal(signal.SIGINT, lambda *_: stop.append(True))
    summary = {"kind": kind, "interval": interval, "writes": 0, "errors": [], "ms": []}
    summary.update({"lists_replaced": 0, "created": [draft.pk] if draft else []})
    Path(ready_path).touch()
    started = time.monotonic()
    cpu = time.process_time()
    number = 0
    while not stop:
        due = started + interval * (number + 0.5)
        while not stop and time.monotonic() < due:
            time.sleep(min(0.1, max(due - time.monotonic(), 0)))
        if stop:
            break
        number += 1
        before = (pagecache.versions(["lists"]) or {}).get("lists")
        began = time.perf_counter()
        try:
            if kind == "drafts":
                article = Article.objects.get(pk=draft.pk)
                article.body = f"{templates[0].body}<p>고쳐 쓴 {number}번째 문단입니다.</p>"
                article.full_clean()
                article._history_user = accounts["drafts"]
                article._change_reason = "벤치 초고 저장"
                article.save()
            else:
                template = templates[number % len(templates)]
                article = _new_draft(number, accounts["drafts"], template)
                summary["created"].append(article.pk)
                article_publish(article=article, by=accounts["publish"])
        except Exception as error:  # counted and reported; the walk goes on
            summary["errors"].append(f"{type(error).__name__}: {error}")
            continue
        summary["ms"].append((time.perf_counter() - began) * 1000)
        summary["writes"] += 1
        after = (pagecache.versions(["lists"]) or {}).get("lists")
        summary["lists_replaced"] += before != after
    summary["seconds"] = time.monotonic() - started
    summary["cpu_s"] = time.process_time() - cpu
    Path(out_path).write_text(json.dumps(summary))


def writes_cleanup():
    """Delete what the writers made (their articles and those articles' revisions), so the
    benchmark database holds what it was seeded with."""
    _django()
    from articles.models import Article

    made = Article.objects.filter(created_by__username__in=WRITERS.values())
    pks = list(made.values_list("pk", flat=True))
    for article in made:
        article.delete()
    Article.history.filter(id__in=pks).delete()
    if pks:
        out(f"쓰기가 만든 기사 {len(pks)}건을 지웠습니다.")


def _result(path):
    for line in Path(path).read_text().splitlines():
        if line.startswith("BENCH "):
            data = json.loads(line[len("BENCH ") :])
            data["errors"] = sum(data[k] for k in ("connect", "read", "write", "status", "timeout"))
            data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
            return data
    return None


def _ms(us):
    return f"{us / 1000:.1f}" if us >= 10_000 else f"{us / 1000:.2f}"


def _read_rss(path):
    rows = {}
    if path.exists():
        for line in path.read_text().splitlines():
            pid, kib = line.split()
            rows[int(pid)] = int(kib)
    return rows


def _mib(kib):
    return f"{kib / 1024:.1f} MiB"


def report(directory):
    directory = Path(directory)
    meta = json.loads((directory / "meta.json").read_text())
    rows = [line.split("\t") for line in (directory / "scenarios.tsv").read_text().splitlines()]
    results = {}
    out()
    out(
        _cell("쪽", 34) + _cell("요청/초", 9, right=True) + _cell("p50 ms", 10, right=True)
        + _cell("p99 ms", 10, right=True) + _cell("오류", 7, right=True) + "  주소"
    )  # fmt: skip
    out("-" * 100)
    for key, label, path, *_ in rows:
        result = _result(directory / "results" / f"{key}.txt")
        results[key] = result
        _row(label, result, path if key != "cold" else "/articles/<매번 다른 id>/")
    out()
    cold = results.get("cold")
    if cold and cold["requests"] > meta["cold_paths"]:
        out(
            f"주의: 캐시 빈 기사 요청 {cold['requests']:,}번이 주소 {meta['cold_paths']:,}개보다 "
            "많아 일부는 두 번째 요청(캐시 적중)이었습니다."
        )
    _checks(results, meta)
    _through_nginx(directory)
    _memory(directory)
    _writes(directory, meta)


def _row(label, result, shown):
    """One line of the table: a wrk result's rate, p50, p99 and errors, or that it is missing."""
    if result is None:
        missing = _cell("결과 없음: wrk 출력을 보세요", 36, right=True)
        out(f"{_cell(label, 34)}{missing}  {shown}")
        return
    out(
        _cell(label, 34) + f"{result['rps']:>9,.0f}{_ms(result['p50_us']):>10}"
        f"{_ms(result['p99_us']):>10}{result['errors']:>7}  {shown}"
    )


def _cell(text, width, right=False):
    """Pad to `width` terminal columns, counting each Hangul syllable as two."""
    shown = sum(2 if "\uac00" <= ch <= "\ud7a3" else 1 for ch in text)
    gap = " " * max(width - shown, 1)
    return gap + text if right else text + gap


def _checks(results, meta):
    def line(ok, text):
        out(f"{'PASS' if ok else 'FAIL'}  {text}")

    def ratio(key, other, field):
        if results.get(key) and results.get(other):
            return results[key][field] / max(results[other][field], 1)
        return None

    def check(value, target, text):
        if value is None:
            line(False, f"{text}: 측정 안 됨")
        else:
            line(target(value), text.format(value))

    out("목표 (issue 7, 같은 실행 안의 비율):")
    check(
        ratio("warm", "static", "rps"),
        lambda r: r >= WARM_VS_STATIC,
        "캐시 데운 기사 / 정적 파일 요청률 = {:.1%} (목표 ≥ 40%)",
    )
    check(
        ratio("cold", "static", "rps"),
        lambda r: r >= COLD_VS_STATIC,
        "캐시 빈 기사 / 정적 파일 요청률 = {:.1%} (목표 ≥ 7%)",
    )
    check(
        ratio("sectiondeep", "section1", "p50_us"),
        lambda r: r <= DEEP_VS_FIRST,
        f"섹션 {meta['deep_page']}쪽 p50 / 1쪽 p50 = {{:.2f}}배 (목표 ≤ 1.5배)",
    )
    pages = [key for key in results if key != "static"]
    spread = {
        key: results[key]["p99_us"] / max(results[key]["p50_us"], 1)
        for key in pages
        if results[key]
    }
    over = ", ".join(f"{key} {value:.1f}배" for key, value in spread.items() if value >= P99_VS_P50)
    missing = ", ".join(key for key in pages if not results[key])
    text = "모든 쪽에서 p99 < 4 × p50"
    text += f" — 넘은 쪽: {over}" if over else ""
    text += f" — 측정 안 된 쪽: {missing}" if missing else ""
    line(not over and not missing, text)
    errors = sum(result["errors"] for result in results.values() if result)
    line(
        errors == 0 and all(results.values()),
        f"오류 {errors}건 (목표 0건: 2xx/3xx 아닌 응답 + 소켓 오류)",
    )


def _through_nginx(directory):
    """The rows of nginx.tsv, what its cache did for the article (its access log), and the
    target of issue 19."""
    if not (directory / "nginx.tsv").exists():  # a run from before issue 19
        return
    rows = [line.split("\t") for line in (directory / "nginx.tsv").read_text().splitlines()]
    results = {key: _result(directory / "results" / f"{key}.txt") for key, *_ in rows}
    out()
    if not any(results.values()):
        out("FAIL  nginx 캐시 기사 / nginx 정적 파일 요청률: 측정 안 됨 (nginx 또는 wrk 결과 없음)")
        return
    out("deploy/nginx/newsroom.conf 앞에서 (같은 gunicorn, 같은 실행):")
    for key, label, path, *_ in rows:
        _row(label, results[key], path)
    article = next(path for key, _, path, *_ in rows if key == "nginxarticle")
    log = directory / "nginx" / "log" / "newsroom.access.log"
    if log.exists():
        statuses = {}
        with log.open(errors="replace") as lines:
            for line in lines:
                if f" {article} " in line and "cache=" in line:
                    status = line.rsplit("cache=", 1)[1].split()[0]
                    statuses[status] = statuses.get(status, 0) + 1
        total = sum(statuses.values())
        reached = total - statuses.get("HIT", 0)
        shown = ", ".join(f"{name} {count:,}" for name, count in sorted(statuses.items()))
        out(f"기사 요청 {total:,}번 중 앱까지 간 것 {reached:,}번 (nginx 로그의 cache=: {shown})")
    static, proxied = results.get("nginxstatic"), results.get("nginxarticle")
    if static and proxied:
        ratio = proxied["rps"] / max(static["rps"], 1)
        ok = ratio >= PROXIED_VS_STATIC
        out(
            f"{'PASS' if ok else 'FAIL'}  nginx 캐시 기사 / nginx 정적 파일 요청률 = {ratio:.1%} "
            "(목표 ≥ 75%, issue 19)"
        )
    else:
        out("FAIL  nginx 캐시 기사 / nginx 정적 파일 요청률: 측정 안 됨")
    errors = sum(result["errors"] for result in results.values() if result)
    complete = all(results.values())
    out(f"{'PASS' if errors == 0 and complete else 'FAIL'}  nginx 행의 오류 {errors}건 (목표 0건)")


def _memory(directory):
    after = _read_rss(directory / "rss-table.txt")
    if after:
        out()
        out("표를 잰 뒤 gunicorn 워커 상주 메모리(RSS):")
        for pid, kib in sorted(after.items()):
            out(f"  워커 {pid}: {_mib(kib)}")
    small = _read_rss(directory / "rss-small.txt")
    large = _read_rss(directory / "rss-large.txt")
    if not (small and large):
        return
    counts = json.loads((directory / "memory.json").read_text())
    out()
    out(
        f"메모리 평탄성: 여러 쪽을 섞은 걸음 {counts['small']:,}번 뒤와 이어서 "
        f"{counts['large']:,}번 더 요청한 뒤의 워커 RSS"
    )
    out(f"  (주소 {counts['paths']}개를 섞어 돌고, 실행마다 {counts['limit']}초 제한)")
    flat = True
    for key in ("small", "large"):
        result = _result(directory / "results" / f"memory-{key}.txt")
        if result is None:
            out(f"  {counts[key]:,}번 실행: 결과 없음")
            flat = False
            continue
        short = result["requests"] < counts[key]
        flat = flat and not short
        note = " — 시간 제한에 걸려 다 채우지 못함" if short else ""
        out(
            f"  {counts[key]:,}번 실행: 실제 요청 {result['requests']:,}번, "
            f"{result['rps']:,.0f}/초, 오류 {result['errors']}건{note}"
        )
    for pid in sorted(small.keys() | large.keys()):
        if pid not in small or pid not in large:
            out(f"  워커 {pid}: 도중에 새로 뜨거나 사라짐 (재시작)")
            flat = False
            continue
        drift = (large[pid] - small[pid]) / small[pid]
        flat = flat and abs(drift) <= MEMORY_DRIFT
        note = "  (줄어듦)" if drift < -MEMORY_DRIFT else ""
        out(f"  워커 {pid}: {_mib(small[pid])} → {_mib(large[pid])} ({drift:+.1%}){note}")
    out(f"{'PASS' if flat else 'FAIL'}  워커 메모리가 10% 안에서 평탄 (늘든 줄든)")


WRITE_DRIVES = [
    ("quiet", "쓰기 없음"),
    ("drafts", "기자 초고 저장"),
    ("publish", "데스크 게재"),
]


def _writes(directory, meta):
    """Each kind of walk over its rounds: requests per second of them all together, the median
    p50, the highest p99; the ratios of issue 14 from those totals, and round by round."""
    if not (directory / "writes.json").exists():  # bench/run --no-writes
        return
    plan = json.loads((directory / "writes.json").read_text())
    rounds = range(1, plan["rounds"] + 1)
    drives = {}
    for key, _ in WRITE_DRIVES:
        drives[key] = []
        for number in rounds:
            base = directory / "results" / f"writes-{key}-{number}"
            txt, load, wrote, cpu = (
                base.with_suffix(ext) for ext in (".txt", ".load", ".json", ".cpu")
            )
            drive = {
                "result": _result(txt) if txt.exists() else None,
                "load": load.read_text().split()[0] if load.exists() else "?",
                "writer": json.loads(wrote.read_text()) if wrote.exists() else None,
                "cpu_s": None,
            }
            if cpu.exists():
                before, after, ticks = (int(n) for n in cpu.read_text().split())
                drive["cpu_s"] = (after - before) / ticks
            drives[key].append(drive)
    out()
    out(
        f"쓰기 중의 읽기 (issue 14): 캐시에 담은 기사 {meta.get('walk_articles', 0):,}개를 도는 "
        f"걸음, {plan['rounds']}바퀴 × {plan['duration']}초씩 (바퀴마다 차례를 돌림)"
    )
    out(
        _cell("걸음", 24) + _cell("요청/초", 9, right=True) + _cell("p50 ms", 10, right=True)
        + _cell("p99 ms", 10, right=True) + _cell("오류", 7, right=True)
        + _cell("CPU ms", 8, right=True) + "  바퀴별 요청/초 (그때 부하)"
    )  # fmt: skip
    out("-" * 100)
    totals = {}
    for key, label in WRITE_DRIVES:
        measured = [d["result"] for d in drives[key] if d["result"]]
        every = plan["writers"].get(key)
        label = f"{label} {every}초마다" if every else label
        per_round = "  ".join(
            f"{d['result']['rps']:,.0f} ({d['load']})" if d["result"] else "결과 없음"
            for d in drives[key]
        )
        if not measured:
            out(f"{_cell(label, 24)}{_cell('결과 없음: wrk 출력을 보세요', 36, right=True)}")
            continue
        total = {
            "rps": sum(r["requests"] for r in measured)
            / (sum(r["duration_us"] for r in measured) / 1e6),
            "p50_us": statistics.median(r["p50_us"] for r in measured),
            "p99_us": max(r["p99_us"] for r in measured),
            "errors": sum(r["errors"] for r in measured),
            "complete": len(measured) == len(drives[key]),
        }
        cpu = [d["cpu_s"] for d in drives[key] if d["result"] and d["cpu_s"] is not None]
        requests = sum(d["result"]["requests"] for d in drives[key] if d["cpu_s"] is not None)
        total["cpu_ms"] = sum(cpu) * 1000 / requests if cpu and requests else None
        cpu_text = f"{total['cpu_ms']:.2f}" if total["cpu_ms"] else "?"
        totals[key] = total
        out(
            _cell(label, 24) + f"{total['rps']:>9,.0f}{_ms(total['p50_us']):>10}"
            f"{_ms(total['p99_us']):>10}{total['errors']:>7}{cpu_text:>8}  {per_round}"
        )
    out(
        "(요청/초는 바퀴들을 합친 것, p50은 바퀴들의 중앙값, p99는 가장 나쁜 바퀴의 것, CPU ms는 "
        "gunicorn 워커들이 요청 하나에 쓴 CPU 시간)"
    )
    lifetime = meta.get("page_seconds")
    if lifetime and plan["duration"] % lifetime:
        out(
            f"주의: 걸음 하나({plan['duration']}초)가 쪽의 수명({lifetime}초)의 배수가 아니라, "
            "쪽을 다시 만드는 때가 어느 걸음에 몰릴 수 있습니다: 비율은 참고만 하세요."
        )
    wrote = {}
    for key, label in WRITE_DRIVES:
        if key not in plan["writers"]:
            continue
        runs = [d["writer"] for d in drives[key]]
        done = [w for w in runs if w]
        ms = [m for w in done for m in w["ms"]]
        errors = [e for w in done for e in w["errors"]]
        count = sum(w["writes"] for w in done)
        wrote[key] = count > 0 and not errors and len(done) == len(runs)
        mean = ""
        if ms:
            mean = f", 한 번 평균 {statistics.mean(ms):.0f} ms, 가장 길게 {max(ms):.0f} ms"
            mean += f", 쓰는 프로세스 CPU {sum(w.get('cpu_s', 0) for w in done):.1f}초"
        missing = ""
        if len(done) < len(runs):
            missing = f", 쓰기 결과 없는 바퀴 {len(runs) - len(done)}개"
        out(
            f"쓰기: {label} {count}번{mean}, 실패 {len(errors)}번{missing}; "
            f'"lists" 버전이 바뀐 쓰기 {sum(w["lists_replaced"] for w in done)}번'
        )
        for error in errors[:3]:
            out(f"  실패: {error}")
        logged = [directory / "results" / f"writes-{key}-{n}.log" for n in rounds]
        lines = sum(len(f.read_text().splitlines()) for f in logged if f.exists())
        if lines:
            out(f"  쓰는 프로세스의 로그 {lines}줄: {directory / 'results'}/writes-{key}-*.log")
    out()
    out(
        "목표 (issue 14): 같은 바퀴의 쓰기 없는 걸음에 대한 요청률, 바퀴들의 중앙값 "
        "(한 바퀴가 부하에 휩쓸려도 흔들리지 않게)"
    )
    quiet = totals.get("quiet")
    for key, target, text in [
        ("drafts", DRAFTS_VS_QUIET, "초고를 저장하는 동안 = {:.1%} (목표 ≥ 90%)"),
        ("publish", PUBLISH_VS_QUIET, "게재하는 동안 = {:.1%} (목표 ≥ 70%)"),
    ]:
        by_round = [
            w["result"]["rps"] / q["result"]["rps"]
            for w, q in zip(drives[key], drives["quiet"], strict=True)
            if w["result"] and q["result"]
        ]
        if not by_round:
            out(f"FAIL  {text.split(' = ')[0]}: 측정 안 됨")
            continue
        ratio = statistics.median(by_round)
        note = ""
        if len(by_round) > 1:
            total = totals[key]["rps"] / quiet["rps"]
            rounds_text = ", ".join(f"{r:.0%}" for r in by_round)
            note = f"; 바퀴별 {rounds_text}, 합친 요청률로는 {total:.0%}"
        ok = ratio >= target and wrote.get(key) and len(by_round) == len(drives[key])
        if not wrote.get(key):
            note += " — 쓰기가 일어나지 않았거나 실패함"
        out(f"{'PASS' if ok else 'FAIL'}  {text.format(ratio)}{note}")
    if quiet and quiet.get("cpu_ms"):
        by_cpu = [
            f"{label} {quiet['cpu_ms'] / totals[key]['cpu_ms']:.0%}"
            for key, label in (("drafts", "초고 저장"), ("publish", "게재"))
            if totals.get(key) and totals[key].get("cpu_ms")
        ]
        out(
            f"(워커의 요청당 CPU로 본 비율, 참고: {', '.join(by_cpu)}: 부하에 덜 흔들리지만 "
            "목표는 요청률로 잽니다)"
        )
    quiet_rounds = [d["result"]["rps"] for d in drives["quiet"] if d["result"]]
    if len(quiet_rounds) > 1:
        spread = max(quiet_rounds) / min(quiet_rounds) - 1
        out(
            f"(쓰기 없는 걸음끼리도 바퀴마다 {min(quiet_rounds):,.0f}–{max(quiet_rounds):,.0f}/초, "
            f"{spread:.0%} 차이: 그만큼은 기계의 부하입니다)"
        )
    errors = sum(total["errors"] for total in totals.values())
    complete = len(totals) == len(WRITE_DRIVES)
    out(f"{'PASS' if errors == 0 and complete else 'FAIL'}  걸음의 오류 {errors}건 (목표 0건)")


COMMANDS = {
    "db-ensure": db_ensure,
    "db-drop": db_drop,
    "db-count": db_count,
    "db-analyze": db_analyze,
    "targets": targets,
    "rss": rss,
    "nginx-conf": nginx_conf,
    "writer": writer,
    "writes-cleanup": writes_cleanup,
    "report": report,
}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        raise SystemExit(__doc__)
    COMMANDS[sys.argv[1]](*sys.argv[2:])
