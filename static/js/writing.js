"use strict";
// The writing screen (the article's change form): a title's length against its limit as one
// types, and a lead photo shown the moment it is chosen, before the article is saved.
document.addEventListener("DOMContentLoaded", () => {
  for (const count of document.querySelectorAll("[data-count-for]")) {
    const input = document.getElementById(count.dataset.countFor);
    const update = () => {
      const length = [...input.value].length; // characters, as the server counts them
      count.textContent = `${length}/${input.maxLength}자`;
      count.classList.toggle("near-limit", length > input.maxLength * 0.9);
    };
    input.addEventListener("input", update);
    update();
  }
  for (const box of document.querySelectorAll(".lead-photo")) {
    const input = box.querySelector("input[type=file]");
    const figure = box.querySelector(".lead-photo-preview");
    input.addEventListener("change", () => {
      const file = input.files[0];
      if (!file) return;
      figure.querySelector("img").src = URL.createObjectURL(file);
      const note = figure.querySelector("figcaption");
      note.replaceChildren();
      const strong = document.createElement("strong");
      strong.textContent = "아직 저장되지 않은 사진";
      note.append(strong, ` ${file.name}: 기사를 저장하면 함께 저장됩니다.`);
      figure.hidden = false;
    });
  }
});
