"""Cold article pages in-process, for bench/instructions: WARMUP articles, then N more, each
requested once through the whole middleware stack (page cache included, so each is a miss).

    cold_walk.py WARMUP N      prints the CPU time per request of the N

The articles are the live ones from id 30,000 up, in id order, so two runs request the same.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402

from articles.models import Article  # noqa: E402

warmup, count = (int(arg) for arg in sys.argv[1:3])
live = Article.objects.published().filter(pk__gte=30_000).order_by("pk")
paths = [f"/articles/{pk}/" for pk in live.values_list("pk", flat=True)[: warmup + count]]
client = Client(HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) newsroom-bench/1")
for number, path in enumerate(paths):
    if number == warmup:
        started = time.process_time()
    # A different reader each time, so every view is counted (its upsert is part of the page).
    address = f"10.{number // 62500}.{number // 250 % 250}.{number % 250}"
    if client.get(path, REMOTE_ADDR=address).status_code != 200:
        raise SystemExit(f"cold_walk: {path} did not answer 200")
if count:
    each = (time.process_time() - started) / count * 1000
    sys.stdout.write(f"{each:.2f} ms CPU per cold article\n")
