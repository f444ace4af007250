// The masthead's weather ticker: as many stations as fit, the next ones every few seconds
// (one at a time on a phone). Without JavaScript, or with reduced motion, the stations stay
// a row you can swipe.
(function () {
  "use strict";
  var ticker = document.querySelector("[data-weather-ticker]");
  var list = ticker ? ticker.querySelector(".weather-list") : null;
  var items = list ? Array.prototype.slice.call(list.querySelectorAll(".weather-item")) : [];
  if (items.length < 2 || window.matchMedia("(prefers-reduced-motion: reduce)").matches) {
    return;
  }
  var GAP = 20; // px between stations, as .weather-list's gap
  var widest = Math.max.apply(null, items.map(function (item) { return item.offsetWidth; }));
  var first = 0;
  var stopped = false;
  var holding = false;
  var button = document.createElement("button");
  button.type = "button";
  button.className = "weather-toggle";

  function perPage() {
    return Math.max(1, Math.floor((list.clientWidth + GAP) / (widest + GAP)));
  }

  function show() {
    var count = perPage();
    items.forEach(function (item, index) {
      item.classList.toggle("is-current", index >= first && index < first + count);
    });
  }

  function next() {
    var count = perPage();
    first = first + count >= items.length ? 0 : first + count;
    show();
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
  window.addEventListener("resize", function () {
    first = 0;
    show();
  });

  label();
  ticker.insertBefore(button, ticker.querySelector(".weather-meta"));
  ticker.classList.add("is-rotating");
  show();
  window.setInterval(function () {
    if (!stopped && !holding && !document.hidden) {
      next();
    }
  }, 4000);
})();
