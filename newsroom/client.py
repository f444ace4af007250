"""Who is asking: the one place the site decides a request's client address, and what the
per-reader counters (view counting, the tip limit) keep of it: a hash, never the address."""

import hashlib
import time
from functools import cache
from ipaddress import ip_address, ip_network

from django.conf import settings
from django.core.cache import caches


@cache
def _trusted(addresses: tuple[str, ...]):
    return tuple(ip_network(address, strict=False) for address in addresses)


def _is_trusted(address: str) -> bool:
    try:
        ip = ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _trusted(tuple(settings.TRUSTED_PROXIES)))


def client_address(request) -> str:
    """The address of the browser behind this request.

    Without DJANGO_BEHIND_PROXY it is REMOTE_ADDR. Behind a proxy, and only when the request
    really comes from one of TRUSTED_PROXIES, it is the last address in X-Forwarded-For that is
    not itself a trusted proxy: our proxy appends the address it saw, and everything to its left
    was written by the client and can be anything. Used for the login lockout (django-axes),
    view counting and every per-address limit.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    if not settings.BEHIND_PROXY or not _is_trusted(remote):
        return remote
    hops = request.headers.get("X-Forwarded-For", "").split(",")
    for hop in reversed(hops):
        hop = hop.strip()
        if _is_trusted(hop):
            continue
        try:
            return str(ip_address(hop))
        except ValueError:
            return remote  # our proxy always appends an address; this header is not its work
    return remote


def reader_id(request) -> str:
    """The client address as a short hash, the name of a reader in the counters cache."""
    return hashlib.blake2b(client_address(request).encode(), digest_size=12).hexdigest()


def hour_key(name: str, reader: str) -> str:
    """The counters' key of this reader's `name` count in the current clock hour."""
    return f"{name}:{reader}:{int(time.time() // 3600)}"


def count_this_hour(name: str, reader: str) -> int:
    """Add one to this reader's `name` count for the current clock hour and return it, this one
    included; 0 when the counters cache cannot be reached (nothing to hold to)."""
    counters = caches["counters"]
    key = hour_key(name, reader)
    counters.add(key, 0, 3600)
    try:
        return counters.incr(key) or 0
    except ValueError:  # expired between add() and incr()
        return 1
