"""Two desk editors acting on the same article at the same instant, in real threads on
PostgreSQL: one goes through, the other is refused where they can see it; nothing is lost."""

import threading
import time
from datetime import timedelta
from functools import partial
from unittest import mock

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client, TransactionTestCase
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article
from tests.factories import make_article, make_editor, restore_roles
from tests.forms import form_data

TRIALS = 10
PATIENCE = 30  # seconds before a stuck race fails the test instead of hanging it


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def someone_waits_for_my_lock() -> bool:
    """Another transaction is waiting for a lock this thread's transaction holds."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_locks"
            " WHERE NOT granted AND pg_backend_pid() = ANY(pg_blocking_pids(pid)))"
        )
        return cursor.fetchone()[0]


class HoldTheFirst:
    """Wraps a step that runs inside a transaction, just before it writes. Whoever gets here first
    waits until the other one has either got here too (nothing stopped it: both passed their
    checks) or is waiting for a lock the first one holds. So both are always in flight at once,
    and a row lock, not timing, decides who goes first."""

    def __init__(self, step):
        self.step = step
        self.arrived = 0
        self.changed = threading.Condition()

    def __call__(self, *args, **kwargs):
        with self.changed:
            self.arrived += 1
            first = self.arrived == 1
            self.changed.notify_all()
        deadline = time.monotonic() + PATIENCE
        while first and not self.other_arrived() and not someone_waits_for_my_lock():
            if time.monotonic() > deadline:
                raise AssertionError("the other one neither arrived nor waited for the lock")
        return self.step(*args, **kwargs)

    def other_arrived(self) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: self.arrived > 1, timeout=0.01)


def at_once(*calls):
    """Run each call in its own thread, released together; their results (or errors), in order."""
    start = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(n, call):
        try:
            start.wait(timeout=PATIENCE)
            results[n] = call()
        except Exception as error:
            results[n] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n, call)) for n, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(PATIENCE * 2)
        assert not thread.is_alive(), "a request never finished"
    return results


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL (row locks)"
)
class SimultaneousSavesTests(TransactionTestCase):
    def setUp(self):
        restore_roles()  # the groups come from data migrations; each test's flush drops them
        self.desks = [make_editor("desk1"), make_editor("desk2")]
        self.browsers = []
        for desk in self.desks:
            browser = Client()
            browser.force_login(desk)
            self.browsers.append(browser)
        self.model_admin = admin.site.get_model_admin(Article)

    def test_two_saves_of_the_same_version_never_lose_one_silently(self):
        # The second desk editor saves an edit, publishes with an edit, or restores an older
        # version; the first saves an edit. Whoever loses sees the conflict and keeps their text.
        for trial in range(TRIALS):
            kind = ["edit", "publish", "restore"][trial % 3]
            with self.subTest(trial=trial, kind=kind):
                self.race_two_saves(trial, kind)

    def race_two_saves(self, trial, kind):
        article = make_article(
            status=Article.Status.DRAFT, publish_at=None, title="첫 판", body="<p>본문</p>"
        )
        first_version = article.history.get()
        article.title = "둘째 판"
        article.save()
        revisions = article.history.count()

        urls = [change_url(article), change_url(article)]
        if kind == "restore":
            urls[1] += f"?restore={first_version.history_id}"
        pages = [browser.get(url) for browser, url in zip(self.browsers, urls, strict=True)]
        forms = [form_data(page, "article_form") for page in pages]
        self.assertEqual(forms[0]["edit_token"], forms[1]["edit_token"])
        forms[0]["title"] = f"{trial}회 데스크1이 고친 제목"
        if kind == "restore":
            self.assertEqual(forms[1]["title"], "첫 판")
        else:
            forms[1]["title"] = f"{trial}회 데스크2가 고친 제목"
        if kind == "publish":
            forms[1]["_publish"] = "지금 게재"
        typed = [form["title"] for form in forms]

        with mock.patch.object(
            self.model_admin, "save_model", HoldTheFirst(self.model_admin.save_model)
        ):
            responses = at_once(
                *[
                    partial(browser.post, url, form)
                    for browser, url, form in zip(self.browsers, urls, forms, strict=True)
                ]
            )

        for response in responses:
            self.assertNotIsInstance(response, Exception)
        codes = [response.status_code for response in responses]
        self.assertEqual(sorted(codes), [200, 302], codes)
        winner, loser = (0, 1) if codes[0] == 302 else (1, 0)
        refused = responses[loser]
        self.assertContains(refused, f"{self.desks[winner].username}님이")
        self.assertContains(refused, "먼저 저장했습니다")
        self.assertEqual(form_data(refused, "article_form")["title"], typed[loser])

        article.refresh_from_db()
        self.assertEqual(article.title, typed[winner])
        self.assertEqual(article.history.count(), revisions + 1)
        self.assertEqual(article.history.latest().history_user, self.desks[winner])
        published = kind == "publish" and winner == 1
        self.assertEqual(article.status == Article.Status.PUBLISHED, published)

    def test_publishing_and_unpublishing_at_once_one_is_refused(self):
        # A scheduled article: one desk editor publishes it now, the other cancels the schedule,
        # each from what they loaded a moment before.
        for trial in range(TRIALS):
            with self.subTest(trial=trial):
                article = make_article(publish_at=timezone.now() + timedelta(days=1))
                revisions = article.history.count()
                copies = [Article.objects.get(pk=article.pk) for _ in self.desks]
                with mock.patch.object(services, "_save", HoldTheFirst(services._save)):
                    results = at_once(
                        partial(services.article_publish, article=copies[0], by=self.desks[0]),
                        partial(services.article_unpublish, article=copies[1], by=self.desks[1]),
                    )
                refused = [r for r in results if isinstance(r, ValidationError)]
                done = [n for n, r in enumerate(results) if isinstance(r, Article)]
                self.assertEqual((len(done), len(refused)), (1, 1), results)
                self.assertIn("먼저 바꾸었습니다", refused[0].messages[0])
                article.refresh_from_db()
                self.assertEqual(article.history.count(), revisions + 1)
                self.assertEqual(article.history.latest().history_user, self.desks[done[0]])
                expected = [Article.Status.PUBLISHED, Article.Status.DRAFT][done[0]]
                self.assertEqual(article.status, expected)
