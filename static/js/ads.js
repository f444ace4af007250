// Banners (ads/place.html): each place lists its live banners with their weight; for every page
// view this picks which to show, by weight, counts a banner once it is half in view (a beacon to
// our own /ads/seen/), and opens the pop-up unless the reader chose 오늘 하루 보지 않기 today.
(function () {
  "use strict";

  var HIDE_KEY = "newsroom-ad-popup-hidden-on";
  var pending = {};
  var timer = null;

  function pick(items, count) {
    var left = items.slice();
    var chosen = [];
    while (chosen.length < count && left.length) {
      var total = left.reduce(function (sum, item) {
        return sum + (Number(item.dataset.weight) || 1);
      }, 0);
      var roll = Math.random() * total;
      var index = 0;
      for (; index < left.length - 1; index++) {
        roll -= Number(left[index].dataset.weight) || 1;
        if (roll < 0) break;
      }
      chosen.push(left.splice(index, 1)[0]);
    }
    return chosen;
  }

  function send() {
    timer = null;
    Object.keys(pending).forEach(function (url) {
      var body = new URLSearchParams({ ids: pending[url].join(",") });
      if (!(navigator.sendBeacon && navigator.sendBeacon(url, body))) {
        fetch(url, { method: "POST", body: body, keepalive: true, credentials: "same-origin" });
      }
    });
    pending = {};
  }

  function seen(url, id) {
    (pending[url] = pending[url] || []).push(id);
    if (!timer) timer = setTimeout(send, 1000);
  }

  var observer =
    "IntersectionObserver" in window
      ? new IntersectionObserver(
          function (entries) {
            entries.forEach(function (entry) {
              if (!entry.isIntersecting) return;
              observer.unobserve(entry.target);
              seen(entry.target.dataset.seenUrl, entry.target.dataset.ad);
            });
          },
          { threshold: 0.5 }
        )
      : null;

  document.querySelectorAll("[data-ad-place]").forEach(function (place) {
    var items = Array.prototype.slice.call(place.querySelectorAll("[data-ad]"));
    var chosen = pick(items, Number(place.dataset.shown) || 1);
    items.forEach(function (item) {
      var hidden = chosen.indexOf(item) < 0;
      if (item.hidden !== hidden) item.hidden = hidden; // the page's own choice: no new style work
    });
    chosen.forEach(function (item) {
      item.dataset.seenUrl = place.dataset.seen;
      if (observer) observer.observe(item);
    });
  });

  function today() {
    var now = new Date();
    return [now.getFullYear(), now.getMonth() + 1, now.getDate()].join("-");
  }

  // The place's device, as the .ad-on-pc and .ad-on-mobile rules in site.css have it.
  var SCREENS = { pc: "(min-width: 720px)", mobile: "(max-width: 719px)" };

  var popup = document.querySelector("[data-ad-popup]");
  function open() {
    if (!popup.open) popup.showModal();
  }
  var screen = popup && SCREENS[popup.dataset.device];
  if (popup && typeof popup.showModal === "function" && (!screen || matchMedia(screen).matches)) {
    var hiddenOn = null;
    try {
      hiddenOn = localStorage.getItem(HIDE_KEY);
    } catch (error) {
      // Storage refused (private mode): the pop-up shows, and closes as usual.
    }
    if (hiddenOn !== today()) {
      popup.querySelector("[data-ad-close]").addEventListener("click", function () {
        popup.close();
      });
      popup.querySelector("[data-ad-today]").addEventListener("click", function () {
        try {
          localStorage.setItem(HIDE_KEY, today());
        } catch (error) {
          // Not remembered; closed all the same.
        }
        popup.close();
      });
      // Opened once its picture is here (lazy until now), so it never shows as an empty box.
      var picture = popup.querySelector("img");
      if (picture && !picture.complete) {
        picture.loading = "eager";
        picture.addEventListener("load", open, { once: true });
        picture.addEventListener("error", open, { once: true });
      } else {
        open();
      }
    }
  }

  addEventListener("pagehide", function () {
    if (timer) {
      clearTimeout(timer);
      send();
    }
  });
})();
