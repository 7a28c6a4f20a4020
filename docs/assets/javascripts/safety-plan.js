/* Safety plan (help/safety-plan.md). Printing is the only way out: nothing
 * is stored or sent. Typing is cleared on reset, pagehide, pageshow and by
 * the quick exit. A text box prints only what fits, so each has a copy below
 * it that only print shows. While printing, the title is "Notes". */
(function () {
  "use strict";

  var form = document.querySelector("form[data-plan]");
  if (!form) return;
  var status = form.querySelector("[data-plan-status]");
  var printButton = form.querySelector("[data-plan-print]");
  var boxes = form.querySelectorAll("textarea");
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  var copy = function (box) { box.nextElementSibling.textContent = box.value; };
  var title = null;

  function neutral() {
    if (title === null) title = document.title;
    document.title = "Notes";
    each(boxes, copy);
  }
  function restore() {
    if (title !== null) document.title = title;
    title = null;
  }
  function clearAll() {
    form.reset();
    status.textContent = "";
  }

  form.classList.add("plan--ready");
  printButton.hidden = false;
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("input", function (event) { copy(event.target); });
  /* Runs before the boxes are emptied: empty their print copies here. */
  form.addEventListener("reset", function () {
    each(boxes, function (box) { box.nextElementSibling.textContent = ""; });
    status.textContent = "Everything is cleared.";
  });
  printButton.addEventListener("click", function () {
    neutral();
    window.print();
    restore();
  });
  window.addEventListener("beforeprint", neutral);
  window.addEventListener("afterprint", restore);
  window.addEventListener("pagehide", clearAll);
  window.addEventListener("pageshow", clearAll);
})();
