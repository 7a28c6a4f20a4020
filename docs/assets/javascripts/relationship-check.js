/* "Is this OK?" relationship check (abuse/is-this-ok.md). Loaded by that page only.
 *
 * Each statement is a fieldset whose data-yes, data-sometimes and data-no say
 * which group an answer belongs to (healthy, worrying, abuse, danger). The
 * button lists each answered statement under its group in the result, with the
 * line on why and the link that the page's own markup holds. No score.
 *
 * A danger answer shows the "If you are in danger now" box at once, in a live
 * region. Nothing is stored or sent: the answers live only in the page, and
 * are cleared on reset, on leaving (pagehide), on coming back (pageshow) and
 * by the quick exit, which resets every form. The printout has a neutral title.
 * Without scripts the page stays a plain list, with each line on why shown.
 */
(function () {
  "use strict";

  var WORDS = { yes: "Yes", sometimes: "Sometimes", no: "No" };
  var PRINT_TITLE = "Notes";
  var forms = document.querySelectorAll("form[data-check]");
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };

  function resultOf(form) {
    return document.getElementById(form.getAttribute("data-check"));
  }

  function say(form, text) {
    var status = form.querySelector("[data-check-status]");
    if (status) status.textContent = text;
  }

  function clearResult(form) {
    var result = resultOf(form);
    clearGroups(result);
    result.hidden = true;
    var alert = form.querySelector("[data-check-alert]");
    if (alert) alert.textContent = "";
  }

  /* Lists every answered statement under its group. Returns false if none. */
  function render(form) {
    var result = resultOf(form);
    var any = false;
    clearGroups(result);
    each(form.querySelectorAll(".check-item"), function (item) {
      var picked = item.querySelector("input:checked");
      if (!picked) return;
      any = true;
      var group = result.querySelector('[data-group="' + item.getAttribute("data-" + picked.value) + '"]');
      if (!group) return;
      var li = document.createElement("li");
      var said = document.createElement("p");
      var statement = document.createElement("strong");
      statement.textContent = item.querySelector("legend").textContent;
      said.appendChild(statement);
      said.appendChild(document.createTextNode(" You answered: " + WORDS[picked.value] + "."));
      var why = item.querySelector(".check-why").cloneNode(true);
      why.className = "";
      li.appendChild(said);
      li.appendChild(why);
      group.querySelector("ul").appendChild(li);
      group.hidden = false;
    });
    result.hidden = !any;
    return any;
  }

  function clearGroups(result) {
    each(result.querySelectorAll("[data-group]"), function (group) {
      group.hidden = true;
      group.querySelector("ul").textContent = "";
    });
  }

  /* The danger box from the top of the page, and a line naming the danger
     signs page, put into the live region so that it is read out at once. */
  function showDanger(form) {
    var alert = form.querySelector("[data-check-alert]");
    if (!alert || alert.childNodes.length) return;
    var box = document.querySelector(".md-content .admonition.help-now");
    var text = form.querySelector(".check-alert-text");
    if (box) alert.appendChild(box.cloneNode(true));
    if (text) {
      each(text.children, function (child) { alert.appendChild(child.cloneNode(true)); });
    }
  }

  each(forms, function (form) {
    var show = form.querySelector("[data-check-show]");
    form.classList.add("check--ready");
    if (show) show.hidden = false;

    form.addEventListener("submit", function (event) { event.preventDefault(); });

    form.addEventListener("change", function (event) {
      var item = event.target.closest(".check-item");
      if (!item || !event.target.checked) return;
      if (item.getAttribute("data-" + event.target.value) === "danger") showDanger(form);
      if (!resultOf(form).hidden) render(form);
    });

    if (show) {
      show.addEventListener("click", function () {
        if (!render(form)) {
          say(form, "Answer at least one statement first.");
          return;
        }
        say(form, "Your result is below.");
        var heading = resultOf(form).querySelector(".check-title");
        if (heading) heading.focus();
      });
    }

    form.addEventListener("reset", function () {
      clearResult(form);
      say(form, "Your answers are cleared.");
    });
  });

  function clearAll() {
    each(forms, function (form) {
      form.reset();
      say(form, "");
    });
  }

  /* Nothing comes back: not after a reload, not with Back or Forward (the
     browser may restore form fields, or keep the whole page in its cache). */
  window.addEventListener("pagehide", clearAll);
  window.addEventListener("pageshow", clearAll);

  var title = null;
  window.addEventListener("beforeprint", function () {
    if (title === null) title = document.title;
    document.title = PRINT_TITLE;
  });
  window.addEventListener("afterprint", function () {
    if (title !== null) document.title = title;
    title = null;
  });
})();
