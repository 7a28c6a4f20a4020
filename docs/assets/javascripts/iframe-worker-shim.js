/* Around the theme's search worker (`Worker`), three jobs:
 *
 * 1. Search starts only when the reader opens it. The theme starts its search
 *    worker and downloads the whole search index on every page load; on a
 *    slow or metered phone that is most of the page's weight, spent whether
 *    or not the reader searches. Here the worker is created, and the index
 *    request sent, only when the search box opens or takes focus (a click or
 *    tap, or the theme's keyboard shortcut). Until then messages wait in order.
 *
 * 2. Queries as readers type them. The theme makes every word of a query a
 *    prefix ("i" finds every word that starts with i), so small words such
 *    as "i", "he", "my" or "is" match almost every page and push the answer
 *    down. Those words are left out of the query (unless it has no other
 *    word: the list the index leaves out, and the same short forms typed
 *    without an apostrophe, like "dont"). A word of one to three letters
 *    ("ex", "bf", "uk") matches only itself; a word of six letters or more
 *    also matches words one letter away, for typing mistakes. A partner word
 *    ("husband", "gf") also looks for "partner", the pages' word for all.
 *
 * 3. Search works from file://. Browsers will not start a Web Worker from a
 *    file:// page, so search would stay blank in the offline download. There
 *    the worker script runs inside a hidden frame of the same page instead,
 *    passing messages both ways.
 *
 * Written for this site; the path holds "iframe-worker" so that Material's
 * offline plugin adds no outside copy.
 */
(function () {
  "use strict";

  /* 1. Wait until the reader opens search. */
  var opened = false;
  var waiting = [];
  function whenOpened(start) {
    if (opened) start();
    else waiting.push(start);
  }
  function open() {
    if (opened) return;
    opened = true;
    waiting.splice(0).forEach(function (start) { start(); });
  }
  document.addEventListener("change", function (event) {
    if (event.target.id === "__search" && event.target.checked) open();
  }, true);
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("input[name=query]")) open();
  }, true);

  /* The index request: the theme sends it at once; it waits here instead. */
  var openRequest = XMLHttpRequest.prototype.open;
  var sendRequest = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.searchIndex = /search\/search_index\.json$/.test(String(url));
    return openRequest.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this;
    var args = arguments;
    if (!request.searchIndex) return sendRequest.apply(request, args);
    whenOpened(function () { sendRequest.apply(request, args); });
  };

  /* 2. The query message (type 2 in the theme's search protocol). */
  var STOP = {};
  ("a able about across after all almost also am among an and any are as at be because been but by " +
   "can cannot could dear did do does either else ever every for from get got had has have he her " +
   "hers him his how however i if in into is it its just least let like likely may me might most " +
   "must my neither no nor not of off often on only or other our own rather said say says she " +
   "should since so some than that the their them then there these they this tis to too twas us " +
   "wants was we were what when where which while who whom why will with would yet you your")
    .split(" ").concat("im ive dont doesnt didnt cant wont isnt hes shes youre theyre".split(" "))
    .forEach(function (word) { STOP[word] = true; });
  /* The pages say "partner" for every kind of partner; readers say more. */
  var PARTNER = {};
  ("husband wife boyfriend girlfriend spouse bf gf hubby fiance fiancee").split(" ")
    .forEach(function (word) { PARTNER[word] = true; });
  function prepare(message) {
    if (!message || message.type !== 2 || typeof message.data !== "string") return message;
    var words = message.data.toLowerCase().split(/\s+/).filter(Boolean);
    var kept = words.filter(function (word) { return !STOP[word.replace(/['\u2019]/g, "")]; });
    var query = (kept.length ? kept : words).map(function (word) {
      var also = PARTNER[word] ? " partner" : "";
      if (/^[\p{L}\p{N}]{1,3}$/u.test(word)) return word + "^1" + also;
      return (/^[\p{L}\p{N}'\u2019]{6,}$/u.test(word) ? word + " " + word + "~1" : word) + also;
    });
    return { type: 2, data: query.join(" ") };
  }

  /* The worker: created on opening; messages sent before then wait. */
  function LaterWorker(url) {
    var self = this;
    this.listeners = [];
    this.queue = [];
    this.worker = null;
    this.ended = false;
    whenOpened(function () {
      if (self.ended) return;
      var worker = new StartWorker(url);
      self.listeners.forEach(function (args) { worker.addEventListener.apply(worker, args); });
      self.queue.forEach(function (data) { worker.postMessage(prepare(data)); });
      self.listeners = self.queue = null;
      self.worker = worker;
    });
  }
  LaterWorker.prototype.addEventListener = function () {
    if (this.worker) this.worker.addEventListener.apply(this.worker, arguments);
    else this.listeners.push(arguments);
  };
  LaterWorker.prototype.removeEventListener = function (type, listener) {
    if (this.worker) this.worker.removeEventListener.apply(this.worker, arguments);
    else this.listeners = this.listeners.filter(function (args) {
      return args[0] !== type || args[1] !== listener;
    });
  };
  LaterWorker.prototype.postMessage = function (data) {
    if (this.worker) this.worker.postMessage(prepare(data));
    else this.queue.push(data);
  };
  LaterWorker.prototype.terminate = function () {
    if (this.worker) this.worker.terminate();
    else this.ended = true;
  };

  /* 3. From file://, a frame instead of a worker; online, the browser's own. */
  var StartWorker = window.Worker;
  window.Worker = LaterWorker;
  if (location.protocol !== "file:") return;

  function FrameWorker(url) {
    var self = this;
    var target = document.createDocumentFragment();
    ["addEventListener", "removeEventListener", "dispatchEvent"].forEach(function (name) {
      self[name] = target[name].bind(target);
    });
    this.onmessage = null;
    this.queue = [];

    var frame = document.createElement("iframe");
    frame.hidden = true;
    frame.tabIndex = -1;
    frame.title = "Search helper";
    frame.setAttribute("aria-hidden", "true");
    (document.body || document.documentElement).appendChild(frame);
    this.frame = frame;

    var scope = frame.contentWindow;
    this.scope = scope;
    /* The worker's own postMessage() sends to this page. */
    scope.postMessage = function (data) {
      var event = new MessageEvent("message", { data: data });
      self.dispatchEvent(event);
      if (typeof self.onmessage === "function") self.onmessage(event);
    };
    scope.importScripts = function () {
      throw new Error("importScripts is not available in the offline search helper");
    };

    var script = scope.document.createElement("script");
    script.src = new URL(url, location.href).href;
    script.onload = function () {
      var waiting = self.queue;
      self.queue = null;
      waiting.forEach(function (data) { self.deliver(data); });
    };
    script.onerror = function () { self.dispatchEvent(new Event("error")); };
    scope.document.head.appendChild(script);
  }

  FrameWorker.prototype.deliver = function (data) {
    this.scope.dispatchEvent(new this.scope.MessageEvent("message", { data: data }));
  };
  FrameWorker.prototype.postMessage = function (data) {
    if (this.queue) this.queue.push(data);
    else this.deliver(data);
  };
  FrameWorker.prototype.terminate = function () {
    this.frame.remove();
  };

  StartWorker = FrameWorker;
})();
