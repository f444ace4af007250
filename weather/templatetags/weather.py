from django import template

register = template.Library()


@register.inclusion_tag("weather/tags/ticker.html")
def weather_ticker():
    """The masthead's weather ticker. Filled by the weather app's stored observations."""
    return {"observations": []}
