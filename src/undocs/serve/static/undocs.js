// The pages' only script of our own, a file so that the Content-Security-Policy can forbid
// inline script: on a phone the search filters start folded so the results come first,
// on the first page and after each htmx swap of the results.
(function () {
  function fold(root) {
    if (!window.matchMedia("(max-width: 760px)").matches) return;
    root.querySelectorAll("details[data-fold-on-phone]").forEach(function (box) { box.open = false; });
  }
  document.addEventListener("DOMContentLoaded", function () { fold(document); });
  document.addEventListener("htmx:afterSwap", function (event) { fold(event.target); });
})();
