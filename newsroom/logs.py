"""Logs: a request id on every record a request makes, and JSON lines with LOG_FORMAT=json.

RequestIdMiddleware (first in MIDDLEWARE) takes the id from X-Request-ID when it is a sane token
(nginx sends its $request_id), or makes one; it answers with it in X-Request-ID and, while the
request runs, RequestContext puts it with the method and path on every log record. At the end
it logs one line per request to "newsroom.access" (method, path, status, milliseconds). The id
is forgotten when the response is closed, after Django's own line for a 4xx or 5xx.
"""

import json
import logging
import re
import time
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

from django.core.signals import request_finished

SANE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
HEADER = "X-Request-ID"

_current: ContextVar[dict | None] = ContextVar("newsroom_request", default=None)
access = logging.getLogger("newsroom.access")


def request_id() -> str | None:
    current = _current.get()
    return current["request_id"] if current else None


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(HEADER, "")
        rid = given if SANE_ID.fullmatch(given) else uuid.uuid4().hex
        request.request_id = rid
        # Kept until the response is closed (forget()): Django logs a 404 after the middleware.
        _current.set({"request_id": rid, "method": request.method, "path": request.path})
        started = time.monotonic()
        response = self.get_response(request)
        response[HEADER] = rid
        access.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "status": response.status_code,
                "duration_ms": round((time.monotonic() - started) * 1000, 1),
            },
        )
        return response


def forget(**kwargs):
    _current.set(None)


request_finished.connect(forget, dispatch_uid="newsroom.logs.forget")


class RequestContext(logging.Filter):
    """Puts the running request's id, method and path on each record (None outside one)."""

    def filter(self, record):
        current = _current.get() or {}
        for name in ("request_id", "method", "path"):
            if not hasattr(record, name):
                setattr(record, name, current.get(name))
        return True


class JsonLines(logging.Formatter):
    """One JSON object per line: time, level, logger, message, and the request's fields."""

    FIELDS = ("request_id", "method", "path", "status", "duration_ms")

    def format(self, record):
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in self.FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                line[name] = value
        status = getattr(record, "status_code", None)  # django.request's 4xx and 5xx
        if status is not None and "status" not in line:
            line["status"] = status
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def logging_config(log_format: str, level: str) -> dict:
    """LOGGING for settings: `text` (the message alone, as before) or `json`."""
    formatters = {"text": {"format": "%(message)s"}, "json": {"()": JsonLines}}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request": {"()": RequestContext}},
        "formatters": {"chosen": formatters[log_format]},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request"],
                "formatter": "chosen",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # axes announces itself on every start; cron jobs such as `fetch_weather -v 0` must
            # stay quiet.
            "axes.apps": {"level": "WARNING"},
            # A line per request only in JSON: in text, runserver and gunicorn log requests.
            "newsroom.access": {"level": "INFO" if log_format == "json" else "WARNING"},
        },
    }
