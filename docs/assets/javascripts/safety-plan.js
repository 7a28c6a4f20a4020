/* Safety plan builder (help/safety-plan.md). Loaded by that page only.
 *
 * Printing (or the browser's "Save as PDF") is the only way out: nothing is
 * stored or sent. What is typed lives only in the page and is cleared by
 * "Clear everything", on leaving (pagehide), on coming back or reloading
 * (pageshow) and by the quick exit, which resets every form.
 *
 * Each box has a copy below it that only print shows, so long answers print
 * in full (a text box prints only what fits in it). While printing, the
 * page's title is "Notes", so the printout and a saved PDF do not name it.
 * Without scripts the boxes print empty, as a form to fill in by hand.
 */
(function () {
  "use strict";

  var PRINT_TITLE = "Notes";
  var form = document.querySelector("form[data-plan]");
  if (!form) return;
  var status = form.querySelector("[data-plan-status]");
  var printButton = form.querySelector("[data-plan-print]");
  var boxes = form.querySelectorAll("textarea");
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };

  function copyOf(box) {
    var next = box.nextElementSibling;
    return next && next.classList.contains("plan-write") ? next : null;
  }

  function copy(box) {
    var to = copyOf(box);
    if (to) to.textContent = box.value;
  }

  function say(text) {
    if (status) status.textContent = text;
  }

  form.classList.add("plan--ready");
  if (printButton) printButton.hidden = false;

  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA") copy(event.target);
  });

  /* Runs before the boxes are emptied, so the print copies are emptied here. */
  form.addEventListener("reset", function () {
    each(boxes, function (box) {
      var to = copyOf(box);
      if (to) to.textContent = "";
    });
    say("Everything is cleared.");
  });

  var title = null;
  function neutral() {
    if (title === null) title = document.title;
    document.title = PRINT_TITLE;
    each(boxes, copy);
  }
  function restore() {
    if (title !== null) document.title = title;
    title = null;
  }
  window.addEventListener("beforeprint", neutral);
  window.addEventListener("afterprint", restore);

  if (printButton) {
    printButton.addEventListener("click", function () {
      neutral();
      window.print();
      restore();
    });
  }

  /* Nothing comes back: not after a reload, not with Back or Forward (the
     browser may restore form fields, or keep the whole page in its cache). */
  function clearAll() {
    form.reset();
    say("");
  }
  window.addEventListener("pagehide", clearAll);
  window.addEventListener("pageshow", clearAll);
})();
