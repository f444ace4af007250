"""Browser tests: Debian's Chromium driven by Playwright, against pytest-django's live_server."""

import os
from pathlib import Path

import pytest

from tests.factories import restore_roles

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-results"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


# Playwright's sync API runs an event loop in this thread; the ORM calls made by the
# tests themselves (creating rows) are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(
        reason="browser tests need Chromium: `apt-get install chromium` (.ci/run installs it)"
    )
    for item in items:
        if item.path.is_relative_to(Path(__file__).parent):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": FLAGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """The newsroom's browsers: Korean, on Seoul time (as the admin's date and time widgets
    assume; another zone gets a warning about the difference from the server)."""
    return {**browser_context_args, "locale": "ko-KR", "timezone_id": "Asia/Seoul"}


@pytest.fixture
def screenshot():
    """Save what the browser saw under test-results/, for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name):
        page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)

    return take


@pytest.fixture
def watch_page(page):
    """Collect dialogs and console errors: a page that runs injected script shows up here."""
    events = {"dialogs": [], "errors": []}

    def on_dialog(dialog):
        events["dialogs"].append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("console", lambda msg: msg.type == "error" and events["errors"].append(msg.text))
    page.on("pageerror", lambda error: events["errors"].append(str(error)))
    return events


@pytest.fixture
def newsroom_roles(transactional_db):
    """The groups 기자 and 데스크: live_server tests use a transactional database, which is
    flushed (groups and all) after each test."""
    restore_roles()


@pytest.fixture
def weather_stations(transactional_db):
    """The reference ticker's 16 stations, each with a fresh observation. They come from a data
    migration, which a live_server test's flush takes away: made again the same way."""
    from importlib import import_module

    from django.apps import apps

    from tests.factories import make_observation
    from weather.models import Station

    import_module("weather.migrations.0002_reference_stations").create_stations(apps, None)
    stations = list(Station.objects.order_by("position"))
    for station in stations:
        make_observation(station)
    return stations
