"""How many tips one client address may send: TIPS_PER_HOUR in each clock hour.

The address (newsroom.client) is kept only as a hash, in the counters cache, for the hour.
"""

import time

from django.conf import settings
from django.core.cache import caches

from newsroom.client import count_this_hour, hour_key, reader_id

NAME = "tips-per-hour"


def reached(request) -> bool:
    """This address has sent its tips for this hour (a look only; nothing is counted)."""
    key = hour_key(NAME, reader_id(request))
    return (caches["counters"].get(key) or 0) >= settings.TIPS_PER_HOUR


def count(request) -> bool:
    """Count one tip; False when it is one too many (counted at once, so two at the same moment
    cannot both be the last one allowed)."""
    return count_this_hour(NAME, reader_id(request)) <= settings.TIPS_PER_HOUR


def seconds_left() -> int:
    """Until the next clock hour, when the address may send again."""
    return 3600 - int(time.time()) % 3600
