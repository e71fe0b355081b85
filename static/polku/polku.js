// Small progressive enhancement: move focus to an error summary so screen-reader and
// keyboard users hear at once what to correct. Everything works without this script.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-autofocus]");
  if (summary) summary.focus();
  document.querySelectorAll("[data-toggle-target]").forEach((toggle) => {
    const target = document.getElementById(toggle.dataset.toggleTarget);
    const sync = () => { if (target) target.hidden = !toggle.checked; };
    toggle.addEventListener("change", sync);
    sync();
  });
});
