"""Logs: every request has an id, on its response and on every record logged while it runs;
LOG_FORMAT=json writes one JSON object a line."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsroom.logs import JsonLines, RequestContext

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


@pytest.fixture
def json_lines():
    """What the loggers the site uses write during the test, as JsonLines makes it."""
    lines = []

    class Keep(logging.Handler):
        def emit(self, record):
            lines.append(json.loads(self.format(record)))

    handler = Keep()
    handler.addFilter(RequestContext())
    handler.setFormatter(JsonLines())
    names = ("newsroom.access", "django.request")
    levels = {name: logging.getLogger(name).level for name in names}
    for name in names:
        logging.getLogger(name).addHandler(handler)
        logging.getLogger(name).setLevel(logging.INFO)
    yield lines
    for name in names:
        logging.getLogger(name).removeHandler(handler)
        logging.getLogger(name).setLevel(levels[name])


def test_a_request_gets_an_id_on_its_response(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert len(first) == 32 and int(first, 16) and first != second


def test_a_sane_id_from_the_proxy_is_kept_and_anything_else_replaced(client):
    given = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
    assert client.get("/healthz", HTTP_X_REQUEST_ID=given)["X-Request-ID"] == given
    for bad in ("a b", "<script>", "x" * 200, "줄바꿈"):
        answered = client.get("/healthz", HTTP_X_REQUEST_ID=bad)["X-Request-ID"]
        assert answered != bad and len(answered) == 32


def test_every_record_a_request_logs_carries_its_id(client, json_lines):
    response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="req-42")
    assert response.status_code == 404
    by_logger = {line["logger"]: line for line in json_lines}
    not_found, line = by_logger["django.request"], by_logger["newsroom.access"]
    assert not_found["logger"] == "django.request" and not_found["level"] == "WARNING"
    assert (not_found["request_id"], not_found["status"]) == ("req-42", 404)
    assert not_found["path"] == "/no-such-page/" and not_found["method"] == "GET"
    assert line["logger"] == "newsroom.access" and line["message"] == "GET /no-such-page/ 404"
    assert (line["request_id"], line["status"], line["method"]) == ("req-42", 404, "GET")
    assert line["duration_ms"] >= 0 and line["time"].endswith("+00:00")


def test_records_outside_a_request_have_no_id(json_lines):
    logging.getLogger("newsroom.access").info("밖에서")
    (line,) = json_lines
    assert line["message"] == "밖에서" and "request_id" not in line and "path" not in line


def run_settings(log_format: str, code: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "LOG_FORMAT": log_format, "DJANGO_SETTINGS_MODULE": "newsroom.settings"}
    script = f"import django, logging; django.setup(); {code}"
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_log_format_json_writes_one_object_a_line():
    done = run_settings("json", "logging.getLogger('weather').warning('기상청 %s', '응답 없음')")
    (line,) = done.stderr.splitlines()
    record = json.loads(line)
    assert record["message"] == "기상청 응답 없음" and record["level"] == "WARNING"
    assert record["logger"] == "weather" and record["time"]


def test_an_unknown_log_format_refuses_to_start():
    done = run_settings("xml", "")
    assert done.returncode != 0 and "LOG_FORMAT must be text or json" in done.stderr
