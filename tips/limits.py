"""How many tips one client address may send: TIPS_PER_HOUR in each clock hour.

The address (newsroom.client) is kept only as a hash, in the counters cache, for the hour.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import caches

from newsroom.client import client_address


def _key(request) -> str:
    reader = hashlib.blake2b(client_address(request).encode(), digest_size=12).hexdigest()
    return f"tips-per-hour:{reader}:{int(time.time() // 3600)}"


def reached(request) -> bool:
    """This address has sent its tips for this hour (a look only; nothing is counted)."""
    return (caches["counters"].get(_key(request)) or 0) >= settings.TIPS_PER_HOUR


def count(request) -> bool:
    """Count one tip; False when it is one too many (counted at once, so two at the same moment
    cannot both be the last one allowed)."""
    counters = caches["counters"]
    key = _key(request)
    counters.add(key, 0, 3600)
    try:
        sent = counters.incr(key)
    except ValueError:  # expired between add() and incr()
        sent = 1
    return sent is None or sent <= settings.TIPS_PER_HOUR


def seconds_left() -> int:
    """Until the next clock hour, when the address may send again."""
    return 3600 - int(time.time()) % 3600
