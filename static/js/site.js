/* newsroom reader pages: share (copy link, the phone's share sheet for KakaoTalk), print,
   type size remembered per browser, an article's view counted. No third-party script; the page
   carries this file itself, allowed by its hash (newsroom.inline, strict CSP). */
(function () {
  "use strict";

  var root = document.documentElement;
  var FONT_KEY = "newsroom:font-step";
  var MIN_STEP = -2;
  var MAX_STEP = 3;

  function clamp(step) {
    return Math.max(MIN_STEP, Math.min(MAX_STEP, step));
  }

  function storedStep() {
    try {
      var step = parseInt(window.localStorage.getItem(FONT_KEY), 10);
      return isNaN(step) ? 0 : clamp(step);
    } catch (error) {
      return 0; // storage blocked: the default size
    }
  }

  function applyStep(step) {
    if (step) {
      root.setAttribute("data-text-size", String(step));
    } else {
      root.removeAttribute("data-text-size");
    }
  }

  function saveStep(step) {
    try {
      if (step) {
        window.localStorage.setItem(FONT_KEY, String(step));
      } else {
        window.localStorage.removeItem(FONT_KEY);
      }
    } catch (error) {
      /* not remembered, still applied */
    }
  }

  function say(from, message) {
    var tools = from.closest(".article-tools");
    var status = tools && tools.querySelector(".tool-status");
    if (status) {
      status.textContent = "";
      window.setTimeout(function () {
        status.textContent = message;
      }, 50);
    }
  }

  function copyWithSelection(text) {
    var field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.className = "offscreen";
    document.body.appendChild(field);
    field.select();
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    document.body.removeChild(field);
    return copied;
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(
        function () {
          return true;
        },
        function () {
          return copyWithSelection(text);
        }
      );
    }
    return Promise.resolve(copyWithSelection(text));
  }

  function copyLink(button, url, done) {
    copyText(url).then(function (copied) {
      if (copied) {
        say(button, done);
      } else {
        window.prompt("이 주소를 복사해 주세요.", url);
      }
    });
  }

  // An article's view is counted by a beacon to its /seen/ address (articles.views.article_seen),
  // also when the page came from a cache; as ads.js sends the banners'. It goes once the page
  // has been painted (the frame after this one), so it never holds up the first paint.
  function countView() {
    var article = document.querySelector("[data-seen-url]");
    var url = article && article.getAttribute("data-seen-url");
    if (url && !(navigator.sendBeacon && navigator.sendBeacon(url))) {
      fetch(url, { method: "POST", keepalive: true, credentials: "same-origin" });
    }
  }

  // Only an article's text follows the step (--body-size): other pages skip the storage read,
  // the slowest thing this script does on load (tens of ms on a phone, the first time).
  if (document.querySelector(".article-body")) {
    applyStep(storedStep());
  }
  requestAnimationFrame(function () {
    setTimeout(countView, 0);
  });

  document.querySelectorAll("[data-needs-script]").forEach(function (element) {
    element.removeAttribute("data-needs-script");
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) {
      return;
    }
    if (button.hasAttribute("data-font-step")) {
      var step = clamp(storedStep() + parseInt(button.getAttribute("data-font-step"), 10));
      applyStep(step);
      saveStep(step);
      say(button, step === 0 ? "기본 글자 크기입니다." : "글자 크기 " + (step > 0 ? "+" : "") + step + "단계");
    } else if (button.hasAttribute("data-print")) {
      window.print();
    } else if (button.hasAttribute("data-copy-url")) {
      copyLink(button, button.getAttribute("data-copy-url"), "링크를 복사했습니다.");
    } else if (button.hasAttribute("data-share-url")) {
      var url = button.getAttribute("data-share-url");
      if (navigator.share) {
        // On phones the system share sheet lists KakaoTalk; cancelling is not an error.
        navigator.share({ title: button.getAttribute("data-share-title"), url: url }).catch(function () {});
      } else {
        copyLink(button, url, "링크를 복사했습니다. 카카오톡 대화창에 붙여 넣어 주세요.");
      }
    }
  });
})();
