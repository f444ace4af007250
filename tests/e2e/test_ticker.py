"""The weather ticker turns its stations without making the browser lay the page out again."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db(transaction=True)

# Counts every read of layout made from the page's own scripts (offsetWidth and the like force
# a synchronous reflow when anything changed since the last frame).
COUNT_LAYOUT_READS = """
(() => {
  window.layoutReads = [];
  const note = (name) => window.layoutReads.push(name);
  for (const name of ["offsetWidth", "offsetHeight", "offsetTop", "offsetLeft"]) {
    const own = Object.getOwnPropertyDescriptor(HTMLElement.prototype, name);
    Object.defineProperty(HTMLElement.prototype, name, {
      get() { note(name); return own.get.call(this); }, configurable: true,
    });
  }
  for (const name of ["clientWidth", "clientHeight", "scrollWidth", "scrollHeight"]) {
    const own = Object.getOwnPropertyDescriptor(Element.prototype, name);
    Object.defineProperty(Element.prototype, name, {
      get() { note(name); return own.get.call(this); }, configurable: true,
    });
  }
  for (const name of ["getBoundingClientRect", "getClientRects"]) {
    const own = Element.prototype[name];
    Element.prototype[name] = function () { note(name); return own.apply(this, arguments); };
  }
  const style = window.getComputedStyle;
  window.getComputedStyle = function () {
    note("getComputedStyle");
    return style.apply(this, arguments);
  };
})();
"""
SHOWN = """() => [...document.querySelectorAll(".weather-item.is-current")]
    .map(item => item.textContent.trim())"""


def test_the_ticker_turns_one_station_at_a_time_on_a_phone_without_reading_layout(
    live_server, browser, weather_stations
):
    stations = weather_stations
    context = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True)
    page = context.new_page()
    page.clock.install()  # the ticker's timer and frames run when the test says
    page.add_init_script(COUNT_LAYOUT_READS)
    page.goto(live_server.url + reverse("articles:home"))
    # The first frames: the browser reports the sizes (on a real frame), the ticker starts (on
    # the next frame of the test's clock).
    for _ in range(100):
        page.clock.run_for(20)
        first = page.evaluate(SHOWN)
        if first:
            break
    assert len(first) == 1 and stations[0].name in first[0]
    page.clock.run_for(4000)
    second = page.evaluate(SHOWN)
    assert len(second) == 1 and stations[1].name in second[0]
    page.clock.run_for(4000 * (len(stations) - 1))  # once round, back to the first
    assert page.evaluate(SHOWN) == first
    assert page.evaluate("window.layoutReads") == []
    context.close()
