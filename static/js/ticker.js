// The masthead's weather ticker: show one station at a time, the next every few seconds.
// Without JavaScript (or with reduced motion) the stations stay a row you can swipe.
(function () {
  "use strict";
  var ticker = document.querySelector("[data-weather-ticker]");
  var items = ticker ? ticker.querySelectorAll(".weather-item") : [];
  if (items.length < 2 || window.matchMedia("(prefers-reduced-motion: reduce)").matches) {
    return;
  }
  var current = 0;
  var stopped = false;
  var holding = false;
  var button = document.createElement("button");
  button.type = "button";
  button.className = "weather-toggle";

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

  label();
  ticker.insertBefore(button, ticker.querySelector(".weather-meta"));
  items[current].classList.add("is-current");
  ticker.classList.add("is-rotating");
  window.setInterval(function () {
    if (stopped || holding || document.hidden) {
      return;
    }
    items[current].classList.remove("is-current");
    current = (current + 1) % items.length;
    items[current].classList.add("is-current");
  }, 3500);
})();
