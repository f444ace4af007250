/* global CKEDITOR */
"use strict";
// CKEditor 4's configuration file of our own (CKEDITOR_CONFIGS "customConfig"): the settings
// themselves are in CKEDITOR_CONFIGS; this adds what settings cannot say. The editor and its
// dialogs speak Korean, a link is a web address, an e-mail or an anchor (no "Phone"), and a
// photo's caption starts empty: CKEditor's image2 wrote its placeholder "설명" into the caption
// as real text, so typing into it gave "설영등포구 …명".

// What CKEditor 4.22's Korean language pack leaves in English, in the parts we use.
const KOREAN = {
  application: "리치 텍스트 편집기",
  clipboard: {
    pasteNotification:
      "%1 키를 눌러 붙여 넣으세요. 이 브라우저에서는 도구 모음 단추나 메뉴로 붙여 넣을 수 없습니다.",
    pasteMsg: "아래 칸에 붙여 넣은 뒤 확인을 누르세요.",
    fileFormatNotSupportedNotification: "${formats} 형식의 파일은 넣을 수 없습니다.",
    fileWithoutFormatNotSupportedNotification: "넣을 수 없는 형식의 파일입니다.",
  },
  pastetext: {
    pasteNotification:
      "%1 키를 눌러 붙여 넣으세요. 이 브라우저에서는 도구 모음 단추나 메뉴로 붙여 넣을 수 없습니다.",
  },
  link: {
    popupDependent: "종속 창",
    popupFullScreen: "전체 화면",
    toPhone: "전화번호",
    phoneNumber: "전화번호",
    noTel: "전화번호를 입력하세요.",
    anchor: { errorWhitespace: "책갈피 이름에는 빈칸을 쓸 수 없습니다." },
  },
  table: {
    heightUnit: "높이 단위",
    cell: { columnHeader: "열 머리글", rowHeader: "행 머리글" },
  },
  image2: {
    // The caption is a field: empty until one types (the hint below is not text).
    captionPlaceholder: "",
  },
};

function merge(target, source) {
  for (const [key, value] of Object.entries(source)) {
    if (value && typeof value === "object") {
      target[key] = target[key] || {};
      merge(target[key], value);
    } else {
      target[key] = value;
    }
  }
}

// The hint in an empty caption, drawn by CSS: never part of the article's text.
CKEDITOR.addCss(
  "figure.photo figcaption { position: relative; min-height: 1.5em; }" +
    "figure.photo figcaption:empty::before, " +
    "figure.photo figcaption:has(> br:only-child):not(:has(> :not(br)))::before {" +
    ' content: "사진 설명을 입력하세요"; color: #8a8a8a; position: absolute; left: 0; right: 0;' +
    " pointer-events: none; }"
);

if (!CKEDITOR.newsroomDialogs) {
  CKEDITOR.newsroomDialogs = true;
  CKEDITOR.on("dialogDefinition", (event) => {
    if (event.data.name !== "link") return;
    const linkType = event.data.definition.getContents("info").get("linkType");
    linkType.items = linkType.items.filter(([, value]) => value !== "tel");
  });
}

CKEDITOR.editorConfig = function (config) {
  const editor = this;
  // static/js/paste.js, beside this file: the plugin "newsroompaste" (CKEDITOR_CONFIGS
  // "extraPlugins") for what is pasted from Word, 한글 or a web page.
  const folder = config.customConfig.replace(/[^/]*$/, "");
  CKEDITOR.plugins.addExternal("newsroompaste", folder, "paste.js");
  // The link dialog's 고급 tab (ids, classes, styles, access keys: the body's cleaning drops
  // them anyway, articles/sanitize.py) and its 업로드 tab (our upload takes photos only).
  config.removeDialogTabs = "link:advanced;link:upload";
  editor.on("pluginsLoaded", () => merge(editor.lang, KOREAN));
};
