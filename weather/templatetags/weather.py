from django import template

from weather.services import ticker_entries

register = template.Library()


@register.inclusion_tag("weather/tags/ticker.html")
def weather_ticker() -> dict:
    """The masthead's weather ticker, from stored observations only (one query or a cache hit)."""
    entries = ticker_entries()
    fresh = [entry.observed_at for entry in entries if not entry.stale]
    return {"entries": entries, "observed_at": max(fresh, default=None)}
