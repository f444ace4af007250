// select2 (the admin's autocomplete) names its box after the chosen option only: an empty box
// has no name at all. Each box is named by its field's label (or the select's own aria-label),
// then the option it shows; the option's text inside it is plain text, not a second, nameless
// text box.
"use strict";
{
    function nameBox(select) {
        const label = document.querySelector(`label[for="${select.id}"]`);
        const box = select.parentElement.querySelector(".select2-selection[aria-labelledby]");
        if (!box || !(label || select.hasAttribute("aria-label"))) {
            return;
        }
        // A select named by aria-label (an inline row's) lends that name through a hidden
        // element: browsers read a select referenced by aria-labelledby as its chosen option.
        let names = `${select.id}-name`;
        if (label) {
            label.id ||= `${select.id}-label`;
            names = label.id;
        } else if (!document.getElementById(names)) {
            const name = document.createElement("span");
            name.id = names;
            name.hidden = true;
            name.textContent = select.getAttribute("aria-label");
            box.append(name);
        }
        const shown = box.getAttribute("aria-labelledby").split(" ").pop();
        box.setAttribute("aria-labelledby", `${names} ${shown}`);
        const text = document.getElementById(shown);
        text?.removeAttribute("role");
        text?.removeAttribute("aria-readonly");
    }

    function nameAll() {
        document.querySelectorAll("select.admin-autocomplete").forEach(nameBox);
    }

    // After Django's autocomplete.js has made the boxes: its jQuery ready callback runs before
    // ours (same queue, registered first: this script is deferred), its formset listener too.
    const jQuery = window.django?.jQuery;
    if (jQuery) {
        jQuery(nameAll);
        document.addEventListener("formset:added", nameAll);
    }
}
