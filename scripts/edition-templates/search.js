/* Search for the one-file copy: the website's own search, in the file.
 *
 * The file carries the offline website's search index (#edition-search-index)
 * and the theme's search worker (#edition-search-worker) as data blocks, and
 * the site's worker shim runs just before this script. So a query goes the
 * same way as on the website and in the zip: the shim rewrites it, the
 * theme's worker ranks the pages, and the same pages come back in the same
 * order. From file:// the shim runs the worker inside a hidden frame of this
 * page; elsewhere (a phone's content:// address) it is a real worker. The
 * worker's script is a data: address, so nothing is fetched and nothing is
 * stored. Nothing starts until the search box takes focus.
 *
 * Each result is one page, best first (the worker's groups, at most MAX):
 * its best section's title and opening, linked to that section in this file.
 * A page's address (abuse/tech-abuse.html#section) becomes the id that
 * mkdocs-print-site-plugin and scripts/one_file.py give it here
 * (abuse-tech-abuse-section, or abuse-tech-abuse for the page itself).
 */
(function () {
  "use strict";

  var form = document.querySelector("[data-edition-search]");
  var indexBlock = document.getElementById("edition-search-index");
  var workerBlock = document.getElementById("edition-search-worker");
  if (!form || !indexBlock || !workerBlock || typeof Worker === "undefined") return;
  var input = form.querySelector("input");
  var panel = form.querySelector("[data-edition-results]");
  var status = form.querySelector("[data-edition-status]");
  var list = form.querySelector("[data-edition-list]");
  var MAX = 25;
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;  /* the theme's worker messages */

  var worker = null;
  var ready = false;
  var sent = 0;
  var answered = 0;
  var focusFirst = false;

  /* The page's id in this file, as mkdocs-print-site-plugin makes it. */
  function pageKey(page) {
    return page.toLowerCase().trim().replace(/\/+$/, "").replace(/\.html/g, "")
      .replace(/\//g, "-").replace(/^-+/, "") || "index";
  }

  /* A result's address (page.html#section) as an id in this file. */
  function target(location) {
    var parts = location.split("#");
    var key = pageKey(parts[0]);
    if (parts[1]) {
      var id = key + "-" + decodeURIComponent(parts[1]);
      if (document.getElementById(id)) return id;
    }
    return key;
  }

  /* The worker's title or text, with its <mark> highlights and nothing else. */
  function marked(htmlText, into) {
    var holder = document.createElement("template");
    holder.innerHTML = htmlText;
    (function copy(from) {
      Array.prototype.forEach.call(from.childNodes, function (node) {
        if (node.nodeType === 3) {
          into.appendChild(document.createTextNode(node.nodeValue.replace(/\u00b6/g, "")));
        } else if (node.nodeType === 1 && node.tagName === "MARK") {
          var mark = document.createElement("mark");
          mark.textContent = node.textContent;
          into.appendChild(mark);
        } else if (node.nodeType === 1) {
          copy(node);
        }
      });
    })(holder.content);
    return into;
  }

  function show(groups) {
    list.textContent = "";
    panel.hidden = false;
    var total = groups.length;
    status.textContent = total ? (total === 1 ? "1 result" : total + " results") +
      (total > MAX ? ", showing the first " + MAX : "") : "No results. Try another word.";
    groups.slice(0, MAX).forEach(function (group) {
      var best = group[0];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "#" + target(best.location);
      a.className = "edition-search__link";
      a.appendChild(marked(best.title, document.createElement("strong")));
      if (best.parent) {
        var where = document.createElement("span");
        where.className = "edition-search__page";
        where.textContent = best.parent.title;
        a.appendChild(where);
      }
      var p = marked(best.text, document.createElement("span"));
      p.className = "edition-search__snippet";
      a.appendChild(p);
      li.appendChild(a);
      list.appendChild(li);
    });
    if (focusFirst && list.querySelector("a")) list.querySelector("a").focus();
    focusFirst = false;
  }

  /* aria-busy: a query is waiting for its answer. */
  function ask() {
    var query = input.value;
    if (!query.trim()) {
      list.textContent = "";
      panel.hidden = true;
      status.textContent = "";
      if (answered === sent) form.removeAttribute("aria-busy");
      return;
    }
    form.setAttribute("aria-busy", "true");
    if (!ready) {  /* asked again when the worker is ready */
      list.textContent = "";
      panel.hidden = false;
      status.textContent = "Getting search ready\u2026";
      return;
    }
    sent++;
    worker.postMessage({ type: QUERY, data: query });
  }

  function answer(event) {
    var message = event.data || {};
    if (message.type === READY) {
      ready = true;
      ask();
    } else if (message.type === RESULT) {
      answered++;
      /* Answers come in the order asked: show only the one for the latest query. */
      if (answered < sent) return;
      form.removeAttribute("aria-busy");
      if (input.value.trim()) show(message.data && message.data.items || []);
    }
  }

  /* The shim holds the worker back until the search box takes focus. */
  function start() {
    if (worker) return;
    var index = JSON.parse(indexBlock.textContent);
    worker = new Worker("data:text/javascript;charset=utf-8," + encodeURIComponent(workerBlock.textContent));
    worker.addEventListener("message", answer);
    worker.addEventListener("error", function () {
      panel.hidden = false;
      status.textContent = "Search does not work in this browser. Use the contents list.";
    });
    worker.postMessage({ type: SETUP, data: { config: index.config, docs: index.docs, options: {} } });
  }

  function close() {
    panel.hidden = true;
  }

  form.hidden = false;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!input.value.trim()) return;
    if (!ready || form.getAttribute("aria-busy") === "true") {
      focusFirst = true;  /* when the answer comes */
      return;
    }
    var first = list.querySelector("a");
    if (first) first.focus();
  });
  input.addEventListener("focus", function () {
    start();
    if (input.value.trim() && list.firstChild) panel.hidden = false;
  });
  input.addEventListener("input", function () {
    start();
    ask();
  });
  list.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("a")) close();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !panel.hidden) {
      close();
      input.focus();
    }
  });
  document.addEventListener("click", function (event) {
    if (!form.contains(event.target)) close();
  });
})();
