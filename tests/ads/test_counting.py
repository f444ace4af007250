"""Impressions (the beacon ads.js sends) and clicks (our redirect) per banner per day, filtered
as article views are: no staff, no bots, one per reader within the dedupe window, an hourly cap.
The redirect only ever goes to the banner's stored link."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.cache import caches
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from ads.models import DailyStat
from tests.factories import make_banner, make_editor

pytestmark = pytest.mark.django_db
BROWSER = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Safari/604.1"
# Redis expires the dedupe keys on its own clock, which time_machine does not move: tests that
# travel past the window keep the counters in memory, on the test's clock.
LOCAL_COUNTERS = {
    **settings.CACHES,
    "counters": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ads"},
}


def reader(address="203.0.113.7", agent=BROWSER):
    return Client(REMOTE_ADDR=address, HTTP_USER_AGENT=agent)


def counts(banner):
    row = DailyStat.objects.filter(banner=banner, day=timezone.localdate()).first()
    return (row.impressions, row.clicks) if row else (0, 0)


def seen(client, *ids, **extra):
    return client.post(reverse("ads:seen"), {"ids": ",".join(map(str, ids))}, **extra)


def test_the_redirect_goes_to_the_stored_link_and_counts_a_click():
    banner = make_banner(link="https://example.com/구청/행사?a=1&b=2")
    response = reader().get(reverse("ads:go", args=[banner.pk]))
    assert response.status_code == 302
    assert (
        response["Location"] == "https://example.com/%EA%B5%AC%EC%B2%AD/%ED%96%89%EC%82%AC?a=1&b=2"
    )
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert counts(banner) == (0, 1)


def test_the_redirect_never_goes_where_the_request_says():
    banner = make_banner()
    url = reverse("ads:go", args=[banner.pk])
    for query in ("?next=https://evil.example", "?url=//evil.example", "?link=javascript:x"):
        response = reader().get(url + query)
        assert response["Location"] == banner.link


def test_a_banner_not_live_sends_the_reader_home_uncounted():
    now = timezone.now()
    ended = make_banner(ends_at=now - timedelta(minutes=1), starts_at=now - timedelta(days=1))
    later = make_banner(starts_at=now + timedelta(hours=1))
    for banner in (ended, later):
        response = reader().get(reverse("ads:go", args=[banner.pk]))
        assert response.status_code == 302 and response["Location"] == reverse("articles:home")
        assert counts(banner) == (0, 0)
    assert reader().get(reverse("ads:go", args=[999_999])).status_code == 302


@time_machine.travel("2026-12-01 03:00Z")  # noon in Seoul: the half hour stays in one day
@override_settings(CACHES=LOCAL_COUNTERS)
def test_a_click_counts_once_per_reader_within_the_dedupe_window():
    caches["counters"].clear()
    banner = make_banner()
    url = reverse("ads:go", args=[banner.pk])
    reader().get(url)
    reader().get(url)  # the same address, a repeat
    reader("198.51.100.2").get(url)
    assert counts(banner) == (0, 2)
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        reader().get(url)  # past the window: counted again
        assert counts(banner) == (0, 3)


def test_bots_staff_and_head_requests_click_uncounted_but_still_go():
    banner = make_banner()
    url = reverse("ads:go", args=[banner.pk])
    for agent in ("Googlebot/2.1", "curl/8.0", "Mozilla/5.0 (compatible; Yeti/1.1)", ""):
        assert reader(agent=agent).get(url)["Location"] == banner.link
    assert reader().head(url)["Location"] == banner.link  # a link checker's look
    staff = reader("198.51.100.9")
    staff.force_login(make_editor())
    assert staff.get(url)["Location"] == banner.link
    assert counts(banner) == (0, 0)


def test_the_beacon_counts_live_banners_once_per_reader():
    first, second = make_banner(), make_banner(code="bottom")
    ended = make_banner(
        starts_at=timezone.now() - timedelta(days=2), ends_at=timezone.now() - timedelta(days=1)
    )
    response = seen(reader(), first.pk, second.pk, ended.pk, 999_999)
    assert response.status_code == 204
    assert counts(first) == counts(second) == (1, 0)
    assert counts(ended) == (0, 0)
    seen(reader(), first.pk)  # a repeat
    seen(reader("198.51.100.2"), first.pk)
    assert counts(first) == (2, 0)


def test_the_beacon_needs_no_csrf_token_and_counts_no_bot_or_staff():
    banner = make_banner()
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT=BROWSER)
    assert seen(client, banner.pk).status_code == 204
    assert counts(banner) == (1, 0)
    seen(reader("198.51.100.3", agent="python-requests/2.32"), banner.pk)
    staff = reader("198.51.100.4")
    staff.force_login(make_editor())
    seen(staff, banner.pk)
    assert counts(banner) == (1, 0)


def test_the_beacon_from_another_site_is_refused():
    banner = make_banner()
    for site in ("cross-site", "same-site"):
        assert seen(reader(), banner.pk, HTTP_SEC_FETCH_SITE=site).status_code == 403
    assert counts(banner) == (0, 0)
    assert seen(reader(), banner.pk, HTTP_SEC_FETCH_SITE="same-origin").status_code == 204
    assert counts(banner) == (1, 0)


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"ids": ""},
        {"ids": "abc,-1,1e9,%00"},
        {"ids": "9" * 5000},
        {"ids": "１,２"},  # full-width digits
        {"ids": ["1"] * 500},
    ],
)
def test_the_beacon_is_harmless_on_bad_input(body):
    make_banner()
    response = reader().post(reverse("ads:seen"), body)
    assert response.status_code == 204
    assert not DailyStat.objects.exists() or body.get("ids") == ["1"] * 500


def test_the_beacon_takes_no_get():
    assert reader().get(reverse("ads:seen")).status_code == 405


def test_one_beacon_counts_a_few_banners_at_most():
    banners = [make_banner() for _ in range(12)]
    seen(reader(), *[banner.pk for banner in banners])
    assert DailyStat.objects.count() == 10


@override_settings(VIEW_COUNT_MAX_PER_HOUR=2)
def test_a_reader_counts_for_at_most_the_hourly_cap():
    banners = [make_banner() for _ in range(3)]
    for banner in banners:
        seen(reader(), banner.pk)
    assert sum(counts(banner)[0] for banner in banners) == 2
    # Clicks have a cap of their own: the impressions did not use it up.
    reader().get(reverse("ads:go", args=[banners[2].pk]))
    assert counts(banners[2])[1] == 1


@override_settings(CACHES=LOCAL_COUNTERS)
def test_counts_are_per_day():
    caches["counters"].clear()
    banner = make_banner(ends_at=timezone.now() + timedelta(days=3))
    seen(reader(), banner.pk)
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        seen(reader(), banner.pk)
    assert sorted(DailyStat.objects.values_list("impressions", flat=True)) == [1, 1]
