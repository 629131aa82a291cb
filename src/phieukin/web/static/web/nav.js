// Folds the header menu behind one button on phones (CSS decides the width; see app.css "phones").
// A file and not an inline script because the CSP has no 'unsafe-inline'. Without it the menu is simply shown.
(function () {
  "use strict";
  const header = document.querySelector(".site-header");
  const toggle = header && header.querySelector(".site-menu-toggle");
  if (!toggle) return;
  const set = (open) => {
    header.dataset.menu = open ? "open" : "closed";
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  };
  set(false);
  toggle.hidden = false;
  toggle.addEventListener("click", () => set(header.dataset.menu !== "open"));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && header.dataset.menu === "open") {
      set(false);
      toggle.focus();
    }
  });
})();

// Irreversible actions ask first: a form with data-confirm="…" is sent only after the person
// agrees (opening and closing a ballot, freezing it, cancelling, re-rating). A file, not inline
// code, for the CSP; the question is the template's translated text.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.dataset.confirm) return;
  if (!window.confirm(form.dataset.confirm)) event.preventDefault();
});
