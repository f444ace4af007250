// The masthead's weather ticker: as many stations as fit, the next ones every few seconds
// (one at a time on a phone). Without JavaScript, or with reduced motion, the stations stay
// a row you can swipe. Widths come from a ResizeObserver, after the browser's own layout: the
// rotation only reads numbers it was given, so it never forces a reflow.
(function () {
  "use strict";
  var ticker = document.querySelector("[data-weather-ticker]");
  var list = ticker ? ticker.querySelector(".weather-list") : null;
  var items = list ? Array.prototype.slice.call(list.querySelectorAll(".weather-item")) : [];
  if (items.length < 2 || !window.ResizeObserver ||
      window.matchMedia("(prefers-reduced-motion: reduce)").matches) {
    return;
  }
  var GAP = 20; // px between stations, as .weather-list's gap
  var widest = 0; // the widest station, measured in the row before it rotates
  var room = 0; // the list's width
  var count = 0; // stations shown at once
  var first = 0;
  var started = false;
  var pending = false;
  var stopped = false;
  var holding = false;
  var button = document.createElement("button");
  button.type = "button";
  button.className = "weather-toggle";

  function show() {
    items.forEach(function (item, index) {
      item.classList.toggle("is-current", index >= first && index < first + count);
    });
  }

  function next() {
    first = first + count >= items.length ? 0 : first + count;
    ticker.classList.add("is-turning");
    show();
  }

  // Changes go in the next frame, never inside the observer's callback (which would make it
  // report again in the same frame).
  function fit() {
    pending = false;
    if (!started) {
      start();
    }
    var fits = Math.max(1, Math.floor((room + GAP) / (widest + GAP)));
    if (fits !== count) {
      count = fits;
      first = 0;
      show();
    }
  }

  var sizes = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.target === list) {
        room = entry.contentRect.width;
      } else {
        widest = Math.max(widest, entry.contentRect.width); // a hidden station measures 0
      }
    });
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(fit);
    }
  });
  // It starts once the page has loaded, when the browser is idle: the row is there to read
  // meanwhile, and the first paint and the page's own work never wait on the ticker's.
  function begin() {
    sizes.observe(list);
    items.forEach(function (item) { sizes.observe(item); });
  }
  function later() {
    if (window.requestIdleCallback) {
      window.requestIdleCallback(begin, { timeout: 1000 });
    } else {
      window.setTimeout(begin, 0);
    }
  }
  if (document.readyState === "complete") {
    later();
  } else {
    window.addEventListener("load", later, { once: true });
  }

  function label() {
    button.textContent = stopped ? "▶" : "❚❚";
    button.setAttribute("aria-label", stopped ? "날씨 넘기기 재생" : "날씨 넘기기 멈춤");
  }

  button.addEventListener("click", function () {
    stopped = !stopped;
    label();
  });
  ["mouseenter", "focusin"].forEach(function (name) {
    ticker.addEventListener(name, function () { holding = true; });
  });
  ["mouseleave", "focusout"].forEach(function (name) {
    ticker.addEventListener(name, function () { holding = false; });
  });

  function start() {
    started = true;
    label();
    ticker.insertBefore(button, ticker.querySelector(".weather-meta"));
    ticker.classList.add("is-rotating");
    window.setInterval(function () {
      if (!stopped && !holding && !document.hidden) {
        next();
      }
    }, 4000);
  }
})();
