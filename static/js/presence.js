/* "○○○ 님이 편집 중" on the article's change form (articles/admin/presence.py): the form says it
   is open when it loads and every 30 seconds, and shows who else has it open. */
(function () {
  "use strict";
  const region = document.querySelector("[data-presence-url]");
  const form = region && region.closest("form");
  const token = form && form.querySelector("input[name=csrfmiddlewaretoken]");
  if (!token) {
    return;
  }
  const url = region.dataset.presenceUrl;
  let timer = null;

  function show(names) {
    const text = names.length ? names.join(", ") + " 님이 편집 중" : "";
    if (region.textContent !== text) {
      region.textContent = text;
    }
  }

  function beat() {
    fetch(url, {
      method: "POST",
      headers: {"X-CSRFToken": token.value},
      credentials: "same-origin",
    })
      .then(function (response) {
        if (response.status === 403 || response.status === 404) {
          clearInterval(timer);  // not this person's to edit (any more)
          return null;
        }
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data) {
          show(data.others);
        }
      })
      .catch(function () {});  // offline for a moment: the next beat tries again
  }

  function start() {
    beat();
    clearInterval(timer);
    timer = setInterval(beat, Number(region.dataset.presenceEvery) * 1000);
  }

  start();
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      start();  // back from the browser's page cache
    }
  });
  window.addEventListener("pagehide", function () {
    clearInterval(timer);
    const data = new FormData();
    data.append("csrfmiddlewaretoken", token.value);
    data.append("leaving", "1");
    navigator.sendBeacon(url, data);
  });
})();
