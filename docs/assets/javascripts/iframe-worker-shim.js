/* Lets site search work when pages are opened from file://.
 *
 * Browsers will not start a Web Worker from a file:// page, so search would
 * stay blank in the offline download. This runs the worker script inside a
 * hidden frame of the same page instead, passing messages both ways. Online
 * (http and https) it does nothing. Written for this site; the path holds
 * "iframe-worker" so that Material's offline plugin adds no outside copy.
 */
(function () {
  "use strict";
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

  window.Worker = FrameWorker;
})();
