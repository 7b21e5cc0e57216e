// Progressive enhancement only: every page works without this file.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
  }
});

// A long form (workbook check or import) shows its busy box and disables its buttons.
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-busy]");
  if (!form) return;
  const box = document.getElementById(form.dataset.busy);
  if (box) box.hidden = false;
  form.querySelectorAll("button[type=submit]").forEach((b) => { b.disabled = true; });
});
