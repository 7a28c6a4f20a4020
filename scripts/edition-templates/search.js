/* Search for the one-file copy: no worker, no fetch, no frame, nothing stored.
 *
 * The index is the file itself: on first use, every page is split at its
 * headings into blocks of text, and each block links to its heading's id.
 * A query matches words that start like its own words (so "boundar" finds
 * "boundaries"); common small words are ignored. Results come first by how
 * many of the query's words they hold, then by where the words are (the
 * block's heading, the headings above it, the page title, the text).
 */
(function () {
  "use strict";

  var form = document.querySelector("[data-edition-search]");
  if (!form) return;
  var input = form.querySelector("input");
  var panel = form.querySelector("[data-edition-results]");
  var status = form.querySelector("[data-edition-status]");
  var list = form.querySelector("[data-edition-list]");
  var MAX = 25;
  var STOP = ("a about also am an and any are as at be been but by can did do does for from get got " +
    "had has have he her his how i if in into is it its just me my not of on or our she so some " +
    "than that the their them then there they this to too was we were what when where which who " +
    "why will with would you your").split(" ");
  var stop = {};
  STOP.forEach(function (w) { stop[w] = true; });
  var blocks = null;

  function words(text) {
    return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  /* A rough stem, so that "checks", "checking" and "checked" meet. */
  function stem(word) {
    if (word.length > 5 && /ies$/.test(word)) return word.slice(0, -3) + "y";
    if (word.length > 5 && /ing$/.test(word)) return word.slice(0, -3);
    if (word.length > 4 && /ed$/.test(word)) return word.slice(0, -2);
    if (word.length > 4 && /es$/.test(word)) return word.slice(0, -2);
    if (word.length > 3 && /s$/.test(word) && !/ss$/.test(word)) return word.slice(0, -1);
    return word;
  }

  function text(node) {
    return (node.textContent || "").replace(/\u00b6/g, "").replace(/\s+/g, " ").trim();
  }

  function build() {
    blocks = [];
    document.querySelectorAll("article.edition-page").forEach(function (article) {
      var title = article.querySelector("h1, h2, h3, h4, h5, h6");
      var pageTitle = title ? text(title) : "";
      var current = null;
      var above = [];  /* the headings above this one, by level */
      Array.prototype.forEach.call(article.children, function (child) {
        if (/^H[1-6]$/.test(child.tagName) && child.id) {
          var level = +child.tagName[1];
          above = above.filter(function (h) { return h.level < level; });
          current = { id: child.id, page: pageTitle, heading: text(child), body: [],
                      trail: above.map(function (h) { return h.text; }).join(" ") };
          current.isTitle = child === title;
          above.push({ level: level, text: current.heading });
          blocks.push(current);
        } else if (current && !child.classList.contains("edition-back")) {
          current.body.push(text(child));
        }
      });
    });
    blocks.forEach(function (b) {
      b.text = b.body.join(" ");
      b.headWords = words(b.heading).map(stem);
      b.pageWords = words(b.page).map(stem);
      b.trailWords = words(b.trail).map(stem);
      b.textWords = words(b.text).map(stem);
    });
  }

  function has(list, term) {
    for (var i = 0; i < list.length; i++) if (list[i].lastIndexOf(term, 0) === 0) return true;
    return false;
  }

  function count(list, term) {
    var n = 0;
    for (var i = 0; i < list.length; i++) if (list[i].lastIndexOf(term, 0) === 0) n++;
    return n;
  }

  function search(query) {
    if (!blocks) build();
    var terms = words(query).filter(function (w) { return !stop[w]; }).map(stem);
    if (!terms.length) terms = words(query).map(stem);
    var found = [];
    blocks.forEach(function (b) {
      var matched = 0, score = 0;
      terms.forEach(function (t) {
        var inHead = has(b.headWords, t), inTrail = has(b.trailWords, t), inPage = has(b.pageWords, t);
        var n = count(b.textWords, t);
        if (inHead || inTrail || inPage || n) matched++;
        score += (inHead ? 6 : 0) + (inTrail ? 3 : 0) + (inPage ? 2 : 0) + Math.min(n, 5);
      });
      if (matched) found.push({ block: b, matched: matched, score: score + (b.isTitle ? 1 : 0) });
    });
    found.sort(function (a, b) { return b.matched - a.matched || b.score - a.score; });
    return { terms: terms, results: found.slice(0, MAX), total: found.length };
  }

  function snippet(b, terms) {
    var sentences = b.text.match(/[^.!?]+[.!?]*/g) || [];
    for (var i = 0; i < sentences.length; i++) {
      var w = words(sentences[i]).map(stem);
      for (var j = 0; j < terms.length; j++) if (has(w, terms[j])) return sentences[i];
    }
    return sentences[0] || "";
  }

  function clip(s, n) {
    return s.length > n ? s.slice(0, n - 1).replace(/\s+\S*$/, "") + " \u2026" : s;
  }

  function show(query) {
    list.textContent = "";
    if (!query.trim()) {
      panel.hidden = true;
      status.textContent = "";
      return;
    }
    var r = search(query);
    panel.hidden = false;
    status.textContent = r.total ? (r.total === 1 ? "1 result" : r.total + " results") +
      (r.total > MAX ? ", showing the first " + MAX : "") : "No results. Try another word.";
    r.results.forEach(function (hit) {
      var b = hit.block;
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "#" + b.id;
      a.className = "edition-search__link";
      var strong = document.createElement("strong");
      strong.textContent = b.heading;
      a.appendChild(strong);
      if (!b.isTitle) {
        var where = document.createElement("span");
        where.className = "edition-search__page";
        where.textContent = b.page;
        a.appendChild(where);
      }
      var p = document.createElement("span");
      p.className = "edition-search__snippet";
      p.textContent = clip(snippet(b, r.terms).trim(), 160);
      a.appendChild(p);
      li.appendChild(a);
      list.appendChild(li);
    });
  }

  function close() {
    panel.hidden = true;
  }

  form.hidden = false;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    show(input.value);
    var first = list.querySelector("a");
    if (first) first.focus();
  });
  input.addEventListener("input", function () { show(input.value); });
  input.addEventListener("focus", function () { if (input.value.trim()) panel.hidden = false; });
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
