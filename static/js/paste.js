/* global CKEDITOR */
"use strict";
// What a reporter pastes or drops into the editor from Word, 한글 (HWP) or a web page (issue 15),
// as the CKEditor plugin "newsroompaste" (CKEDITOR_CONFIGS "extraPlugins"; editor-config.js
// says where this file is).
//
// Photos: a data: photo is left to CKEditor's uploadimage, which sends it through our upload
// (articles/uploads.py, articles/images.py) after this listener; a blob: photo is read here and
// handed on as a data: photo the same way. A photo we cannot take — a remote http(s) address,
// which we must not fetch, or a file on the reporter's computer (file:///, what Word and 한글
// paste) — is taken out at once, and a notice names it, so nothing is lost silently at saving.
//
// Formatting: Word and 한글 paste bold, italics and centring as inline style, which the editor
// and the body's cleaning (articles/sanitize.py) drop; they become <strong>, <em> and the class
// "align-center" on the paragraph.

(function () {
  const PLUGIN = "newsroompaste";
  const BLOCKS = "p, div, h1, h2, h3, h4, h5, h6, ul, ol, table, figure, blockquote";

  function isBold(weight) {
    return weight === "bold" || weight === "bolder" || Number.parseInt(weight, 10) >= 600;
  }

  function wrapChildren(element, tagName) {
    const wrapper = element.ownerDocument.createElement(tagName);
    while (element.firstChild) wrapper.appendChild(element.firstChild);
    element.appendChild(wrapper);
  }

  function mapStyles(root) {
    let changed = false;
    for (const element of root.querySelectorAll("[style]")) {
      const style = element.style;
      if (element.tagName === "IMG") continue;
      if (isBold(style.fontWeight)) {
        wrapChildren(element, "strong");
        changed = true;
      }
      if (style.fontStyle === "italic" || style.fontStyle === "oblique") {
        wrapChildren(element, "em");
        changed = true;
      }
      style.removeProperty("font-weight");
      style.removeProperty("font-style");
      if (style.textAlign !== "center") continue;
      style.removeProperty("text-align");
      changed = true;
      if (element.tagName === "P") {
        element.classList.add("align-center");
      } else if (element.tagName === "DIV") {
        const paragraphs = element.querySelectorAll("p");
        if (paragraphs.length) {
          for (const paragraph of paragraphs) paragraph.classList.add("align-center");
        } else if (!element.querySelector(BLOCKS)) {
          const paragraph = element.ownerDocument.createElement("p");
          paragraph.className = "align-center";
          while (element.firstChild) paragraph.appendChild(element.firstChild);
          element.replaceWith(paragraph);
        }
      }
    }
    return changed;
  }

  function ownPath(src, mediaUrl) {
    // Our own photo (copied from another article): its address under MEDIA_URL, else null. That
    // is a path on this site (/media/…), or the bucket's or CDN's address when the media is on
    // object storage (https://cdn.example/…), kept whole.
    let url;
    let media;
    try {
      url = new URL(src, window.location.href);
      media = new URL(mediaUrl, window.location.href);
    } catch {
      return null;
    }
    if (url.origin !== media.origin || !url.pathname.startsWith(media.pathname)) return null;
    return media.origin === window.location.origin ? url.pathname + url.search : url.href;
  }

  function nameOf(img, src, number) {
    const alt = (img.getAttribute("alt") || "").trim();
    if (alt) return alt;
    const last = src.split(/[?#]/)[0].split(/[/\\]/).pop();
    if (last && !src.startsWith("data:") && !src.startsWith("blob:")) {
      try {
        return decodeURIComponent(last);
      } catch {
        return last;
      }
    }
    return `${number}번째 사진`;
  }

  function removePhoto(img) {
    const figure = img.closest("figure");
    const paragraph = img.closest("p");
    img.remove();
    if (figure && !figure.querySelector("img")) figure.remove();
    // A paragraph that held only the photo goes too (한글 gives each photo its own).
    if (paragraph && !paragraph.textContent.trim() && !paragraph.querySelector("img, br")) {
      paragraph.remove();
    }
  }

  function readAsDataUrl(src) {
    return fetch(src)
      .then((response) => (response.ok ? response.blob() : null))
      .then((blob) => {
        if (!blob || !/^image\//.test(blob.type)) return null;
        return new Promise((resolve) => {
          const reader = new FileReader();
          reader.onload = () => resolve(reader.result);
          reader.onerror = () => resolve(null);
          reader.readAsDataURL(blob);
        });
      })
      .catch(() => null);
  }

  function tell(editor, dropped) {
    if (!dropped.length) return;
    editor.showNotification(
      `붙여 넣은 사진 ${dropped.length}장은 넣지 못했습니다: ${dropped.join(", ")}. ` +
        "다른 사이트나 내 컴퓨터 문서 속의 사진은 가져올 수 없습니다. " +
        "사진 파일을 [이미지] 단추로 올려 주세요.",
      "warning"
    );
  }

  CKEDITOR.plugins.add(PLUGIN, {
    requires: "clipboard,notification,uploadimage",
    init(editor) {
      // The centring class passes the editor's own filter, as it passes the body's cleaning.
      editor.addFeature({ name: PLUGIN, allowedContent: "p(align-center)" });
      const mediaUrl = editor.config.newsroomMediaUrl || "/media/";

      // After pastetools (priority 3: Word's cleanup); before the clipboard's paste filter (6),
      // which in Chrome strips every style and class of a paste from a web page or 한글, and
      // before uploadimage (10).
      editor.on(
        "paste",
        (event) => {
          const data = event.data;
          if (data.type === "text" || !/<img|style\s*=/i.test(data.dataValue || "")) return;
          const doc = document.implementation.createHTMLDocument("");
          const root = doc.body;
          root.innerHTML = data.dataValue;
          if (mapStyles(root)) {
            // Bold, italics and centring are tags and a class now: the paste filter would take
            // the class. The editor's own filter (the toolbar's features) still applies.
            data.dontFilter = true;
          }

          const dropped = [];
          const blobs = [];
          root.querySelectorAll("img").forEach((img, index) => {
            const src = (img.getAttribute("src") || "").trim();
            if (/^data:image\//i.test(src)) return; // uploadimage uploads it
            if (/^blob:/i.test(src)) {
              blobs.push([img, src, index + 1]);
              return;
            }
            const own = src && ownPath(src, mediaUrl);
            if (own) {
              img.setAttribute("src", own);
              return;
            }
            dropped.push(nameOf(img, src, index + 1));
            removePhoto(img);
          });

          if (!blobs.length) {
            data.dataValue = root.innerHTML;
            tell(editor, dropped);
            return;
          }
          // A blob: photo is read first (only a page's own blobs can be), then the paste goes on.
          event.cancel();
          Promise.all(blobs.map(([, src]) => readAsDataUrl(src))).then((results) => {
            results.forEach((dataUrl, i) => {
              const [img, src, number] = blobs[i];
              if (dataUrl) {
                img.setAttribute("src", dataUrl);
              } else {
                dropped.push(nameOf(img, src, number));
                removePhoto(img);
              }
            });
            tell(editor, dropped);
            editor.fire("paste", {
              type: "html",
              method: data.method,
              dataValue: root.innerHTML,
              dataTransfer: CKEDITOR.plugins.clipboard.initPasteDataTransfer(),
            });
          });
        },
        null,
        null,
        5
      );

      // uploadimage puts the uploaded photo in without its description (alt); it is given back.
      editor.on(
        "paste",
        (event) => {
          const html = event.data.dataValue || "";
          if (!html.includes("data-cke-upload-id")) return;
          const doc = document.implementation.createHTMLDocument("");
          doc.body.innerHTML = html;
          for (const img of doc.body.querySelectorAll("img[data-cke-upload-id][alt]")) {
            const loader = editor.uploadRepository.loaders[img.getAttribute("data-cke-upload-id")];
            const alt = img.getAttribute("alt").trim();
            if (!loader || !alt) continue;
            loader.on("uploaded", () => {
              // After uploadimage's own listener has put the photo in.
              setTimeout(() => {
                const placed = editor.editable().findOne(`img[src="${CSS.escape(loader.url)}"]`);
                const widget = placed && editor.widgets.getByElement(placed);
                if (widget) widget.setData("alt", alt);
              });
            });
          }
        },
        null,
        null,
        11
      );
    },
  });
})();
