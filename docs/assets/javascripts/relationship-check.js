/* "Is this OK?" check (abuse/is-this-ok.md). Each fieldset's data-yes,
 * data-sometimes and data-no name the group an answer goes in; the result
 * lists it there with the page's own line on why. A danger answer puts the
 * page's danger box in the live region at once. Nothing is stored or sent;
 * answers are cleared on reset, pagehide, pageshow and by the quick exit. */
(function () {
  "use strict";

  var forms = document.querySelectorAll("form[data-check]");
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  var resultOf = function (form) { return form.querySelector(".check-result"); };

  function say(form, text) {
    form.querySelector("[data-check-status]").textContent = text;
  }

  function clear(result) {
    each(result.querySelectorAll("[data-group]"), function (group) {
      group.hidden = true;
      group.querySelector("ul").textContent = "";
    });
  }

  /* Lists every answered statement under its group. False if none. */
  function render(form) {
    var result = resultOf(form);
    var any = false;
    clear(result);
    each(form.querySelectorAll(".check-item"), function (item) {
      var picked = item.querySelector("input:checked");
      if (!picked) return;
      any = true;
      var group = result.querySelector('[data-group="' + item.getAttribute("data-" + picked.value) + '"]');
      if (!group) return;
      var li = document.createElement("li");
      var said = li.appendChild(document.createElement("p"));
      said.appendChild(document.createElement("strong")).textContent = item.querySelector("legend").textContent;
      said.appendChild(document.createTextNode(" You answered: " + picked.parentNode.textContent.trim() + "."));
      li.appendChild(item.querySelector(".check-why").cloneNode(true)).className = "";
      group.querySelector("ul").appendChild(li);
      group.hidden = false;
    });
    result.hidden = !any;
    return any;
  }

  function showDanger(form) {
    var alert = form.querySelector("[data-check-alert]");
    var box = (form.closest("article") || document).querySelector(".admonition.help-now");
    if (!alert || alert.firstChild) return;
    if (box) alert.appendChild(box.cloneNode(true));
    each(form.querySelector(".check-alert-text").children, function (child) {
      alert.appendChild(child.cloneNode(true));
    });
  }

  each(forms, function (form) {
    var show = form.querySelector("[data-check-show]");
    form.classList.add("check--ready");
    show.hidden = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("change", function (event) {
      var item = event.target.closest(".check-item");
      if (!item) return;
      if (item.getAttribute("data-" + event.target.value) === "danger") showDanger(form);
      if (!resultOf(form).hidden) render(form);
    });
    show.addEventListener("click", function () {
      if (!render(form)) return say(form, "Answer at least one statement first.");
      say(form, "Your result is below.");
      resultOf(form).querySelector(".check-title").focus();
    });
    form.addEventListener("reset", function () {
      clear(resultOf(form));
      resultOf(form).hidden = true;
      var alert = form.querySelector("[data-check-alert]");
      if (alert) alert.textContent = "";
      say(form, "Your answers are cleared.");
    });
  });

  function clearAll() {
    each(forms, function (form) { form.reset(); say(form, ""); });
  }
  window.addEventListener("pagehide", clearAll);
  window.addEventListener("pageshow", clearAll);

  var title = null;
  window.addEventListener("beforeprint", function () {
    if (title === null) title = document.title;
    document.title = "Notes";
  });
  window.addEventListener("afterprint", function () {
    if (title !== null) document.title = title;
    title = null;
  });
})();
