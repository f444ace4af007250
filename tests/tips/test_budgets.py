"""The tip pages' queries: a fixed number, whatever the number of tips, articles or desk members."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import SiteSettings
from tests.conftest import _forget_everything
from tests.factories import make_article, make_editor
from tests.tips.helpers import pdf, phone_photo, tip_data
from tips.models import Tip

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.tips.urls")]

# The form page reads nothing of its own: only the frame every reader page has (base.html: the
# page cache's lookups of the next scheduled change, the settings, the masthead's sections, the
# ticker, the 속보 box, and whatever boxes base.html gains). The frame was 7 at 4e7e9a0.
FORM_OWN = 0
# A tip with three files: the tip, the files in one insert, a savepoint pair (the service's
# transaction inside the test's), and the desk's addresses after the commit. The redirect that
# answers it renders nothing.
SENT = 5


def frame_queries(client) -> int:
    """What a reader page costs with cold caches before it reads anything of its own."""
    _forget_everything()
    with CaptureQueriesContext(connection) as frame:
        assert client.get("/frame/").status_code == 200
    _forget_everything()
    return len(frame)


@pytest.mark.parametrize("rows", [0, 25])
def test_the_form_page_has_a_fixed_budget(client, django_assert_num_queries, rows):
    for n in range(rows):
        make_article()
        Tip.objects.create(text=f"제보 {n}")
    SiteSettings.load()
    frame = frame_queries(client)
    assert frame >= 7
    with django_assert_num_queries(frame + FORM_OWN):
        assert client.get(reverse("tips:report")).status_code == 200


@pytest.mark.parametrize("desk", [1, 12])
def test_sending_a_tip_has_a_fixed_budget(
    client, django_assert_num_queries, django_capture_on_commit_callbacks, desk
):
    for n in range(desk):
        make_editor(f"desk{n}")
    get_user_model().objects.update(email="desk@paper.example")
    files = [phone_photo(), pdf(), phone_photo("둘.jpg")]
    SiteSettings.load()  # in the cache, as on a running site: the tip's retention period
    with django_assert_num_queries(SENT):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = client.post(reverse("tips:report"), {**tip_data(), "files": files})
    assert response.status_code == 302 and len(callbacks) == 1
    assert Tip.objects.get().attachments.count() == 3
