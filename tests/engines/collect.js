/* Everything the cross-engine checks read from one loaded page, in one call.
 *
 * Shared by the Firefox driver (firefox.mjs, puppeteer-core over WebDriver
 * BiDi) and the WebKit driver (webkit.py, Selenium and WebKitWebDriver). It is
 * run by the driver after the page's load event; nothing here is part of the
 * site. The file is one async arrow function: drivers wrap it as
 * `(<this file>)()` and wait for the promise.
 *
 * What it cannot see, because it runs after load: errors and CSP violations
 * that happened earlier. Those come from the engine (Firefox: a listener the
 * driver registers before any page script, and the BiDi log; WebKit: the
 * CSP reports the engine sends to the test host). `window.__enginesCsp` is
 * that early listener's record, when the driver could install one.
 */
async () => {
  const out = {
    url: location.href,
    title: document.title,
    // Material puts the page's one <h1> in the article.
    h1: document.querySelectorAll("article h1").length,
    // Material's bundle defines document$ when it has run to the end.
    material: typeof window.document$ !== "undefined",
    // The one-file edition's search script shows its form as its last step
    // (null: not the one-file edition).
    editionSearch: (() => {
      const form = document.querySelector("[data-edition-search]");
      return form ? !form.hidden : null;
    })(),
    quickExit: null,
    resources: [],
    storage: {},
    csp: Array.isArray(window.__enginesCsp) ? window.__enginesCsp.slice() : null,
  };

  // The quick-exit button: there, in view, and nothing covers its centre.
  const button = document.querySelector(".quick-exit__button");
  if (button) {
    const r = button.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    out.quickExit = {
      href: button.href,
      clear: r.width > 0 && r.top >= 0 && r.bottom <= innerHeight && r.right <= innerWidth
        && !!hit && button.contains(hit),
    };
  }

  // Every resource the page fetched, as the Resource Timing API lists them.
  for (const entry of performance.getEntriesByType("navigation")) out.resources.push(entry.name);
  for (const entry of performance.getEntriesByType("resource")) out.resources.push(entry.name);

  // Storage: each kind is either a list of names or "unavailable: why".
  async function names(label, read) {
    try {
      out.storage[label] = await read();
    } catch (error) {
      out.storage[label] = "unavailable: " + (error && error.name ? error.name : String(error));
    }
  }
  await names("localStorage", () => Object.keys(window.localStorage));
  await names("sessionStorage", () => Object.keys(window.sessionStorage));
  await names("cookie", () => (document.cookie ? document.cookie.split("; ") : []));
  await names("indexedDB", async () => {
    if (!window.indexedDB || !indexedDB.databases) throw new Error("no indexedDB.databases()");
    return (await indexedDB.databases()).map((db) => db.name);
  });
  await names("caches", async () => {
    // Cache Storage exists only in secure contexts (loopback http is one).
    if (!window.caches) throw new Error("no Cache Storage here");
    return await caches.keys();
  });
  return out;
}
