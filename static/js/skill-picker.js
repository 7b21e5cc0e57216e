// Type-ahead for skill inputs (input[data-skill-picker][data-search-url]).
// Progressive enhancement: without this file the input is a plain text field the server resolves.
(() => {
  "use strict";
  let counter = 0;

  function attach(input) {
    const url = input.dataset.searchUrl;
    if (!url) return;
    const id = `skill-options-${++counter}`;
    const list = document.createElement("ul");
    list.id = id;
    list.className = "skill-picker__options";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Matching skills");
    list.hidden = true;
    const status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    const wrapper = document.createElement("div");
    wrapper.className = "skill-picker";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.append(input, list, status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id);

    let active = -1;
    let timer = null;
    let lastQuery = "";

    const options = () => Array.from(list.querySelectorAll("[role=option]"));
    const close = () => {
      list.hidden = true;
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    };
    const highlight = (index) => {
      const items = options();
      items.forEach((item, i) => item.setAttribute("aria-selected", String(i === index)));
      active = index;
      if (items[index]) {
        input.setAttribute("aria-activedescendant", items[index].id);
        items[index].scrollIntoView({ block: "nearest" });
      }
    };
    const choose = (item) => {
      input.value = item.dataset.label;
      close();
      input.dispatchEvent(new Event("change", { bubbles: true }));
    };

    async function search(query) {
      lastQuery = query;
      if (query.trim().length < 2) { close(); return; }
      let skills = [];
      try {
        const response = await fetch(`${url}?q=${encodeURIComponent(query)}`, {
          headers: { Accept: "application/json" }, credentials: "same-origin",
        });
        if (!response.ok) return;
        skills = await response.json();
      } catch (error) {
        return; // offline or server error: the plain text input still works
      }
      if (query !== lastQuery) return; // a newer query is on its way
      list.replaceChildren(...skills.map((skill, i) => {
        const item = document.createElement("li");
        item.id = `${id}-${i}`;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.dataset.label = skill.label;
        item.textContent = skill.label;
        if (skill.kind !== "skill") {
          const kind = document.createElement("span");
          kind.className = "skill-picker__kind";
          kind.textContent = ` · ${skill.kind}`;
          item.append(kind);
        }
        item.addEventListener("mousedown", (event) => { event.preventDefault(); choose(item); });
        return item;
      }));
      list.hidden = skills.length === 0;
      input.setAttribute("aria-expanded", String(skills.length > 0));
      status.textContent = skills.length ? `${skills.length} matching skills` : "No matching skill";
      active = -1;
    }

    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => search(input.value), 150);
    });
    input.addEventListener("keydown", (event) => {
      const items = options();
      if (event.key === "ArrowDown" && items.length) {
        event.preventDefault();
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        highlight((active + 1) % items.length);
      } else if (event.key === "ArrowUp" && items.length) {
        event.preventDefault();
        highlight((active - 1 + items.length) % items.length);
      } else if (event.key === "Enter" && !list.hidden && items[active]) {
        event.preventDefault();
        choose(items[active]);
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", () => setTimeout(close, 100));
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("input[data-skill-picker]").forEach(attach);
  });
})();
