// The pages the site's search ranks first for each query, with no browser:
// the built site's own search code (the worker shim, then Material's search
// worker and index), run in Node.
//
//   node tests/search_rank.cjs SITE_DIR QUERIES.json   -> JSON {query: [page, ...]}
//
// Each result group is one page (its address without the #section), in the
// order the search box shows them. tests/test_search_queries.py compares every
// edition's search box with this.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const [site, queryFile] = process.argv.slice(2);
const home = fs.readFileSync(path.join(site, "index.html"), "utf8");
const config = JSON.parse(home.match(/<script id="__config"[^>]*>(.*?)<\/script>/s)[1]);
const shim = home.match(/<script src="([^"]*iframe-worker[^"]*)"/)[1];
const local = url => path.join(site, url.replace(/^(\.\.?\/)+/, ""));

// Material's search worker, as a Worker the shim can start.
function NodeWorker(url) {
  const listeners = [];
  const scope = { console, addEventListener: (type, fn) => { scope.onMessage = fn; } };
  scope.postMessage = data => listeners.forEach(fn => fn({ data }));
  scope.self = scope;
  vm.createContext(scope);
  vm.runInContext(fs.readFileSync(local(url), "utf8"), scope);
  this.addEventListener = (type, fn) => listeners.push(fn);
  this.postMessage = data => scope.onMessage({ data });
}

// The page around it: just what the shim touches.
const events = {};
const page = {
  document: { addEventListener: (type, fn) => { events[type] = fn; } },
  location: { protocol: "http:" },
  XMLHttpRequest: function () {},
  Worker: NodeWorker,
};
page.window = page;
vm.createContext(page);
vm.runInContext(fs.readFileSync(local(shim), "utf8"), page);

let sent = [];
const worker = new page.Worker(config.search);
worker.addEventListener("message", event => sent.push(event.data));
events.focusin({ target: { matches: () => true } });  // the reader opens search

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
const index = JSON.parse(fs.readFileSync(path.join(site, "search", "search_index.json"), "utf8"));
const until = async type => { while (!sent.some(m => m.type === type)) await new Promise(r => setTimeout(r, 0)); };

(async () => {
  worker.postMessage({ type: SETUP, data: { config: index.config, docs: index.docs, options: {} } });
  await until(READY);
  const ranked = {};
  for (const query of JSON.parse(fs.readFileSync(queryFile, "utf8"))) {
    sent = [];
    worker.postMessage({ type: QUERY, data: query });
    await until(RESULT);
    ranked[query] = sent.find(m => m.type === RESULT).data.items.map(group => group[0].location.split("#")[0]);
  }
  process.stdout.write(JSON.stringify(ranked));
})();
