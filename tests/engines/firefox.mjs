// Firefox ESR pass of the cross-engine checks (tests/test_engines.py runs it).
//
//   node tests/engines/firefox.mjs PLAN.json  > results.json
//
// Drives Debian's firefox-esr over WebDriver BiDi with puppeteer-core (no
// geckodriver, no browser download). The plan and the result have the shape
// described in tests/engines/plan.py; progress goes to stderr.
//
// What Firefox lets us see, and how:
//   requests      every request of the page goes through puppeteer's request
//                 interception: loopback, file:, data: and blob: go on; any
//                 other host is recorded and aborted (the quick-exit page is
//                 answered with a stand-in page in the exit scenarios only)
//   page errors   puppeteer's "pageerror" (the BiDi log, type javascript),
//                 from the first script on
//   CSP           a securitypolicyviolation listener registered before any
//                 page script (BiDi preload script), and Firefox's own CSP
//                 messages in the BiDi log
//   storage       collect.js, plus the browser's cookie jar over BiDi
//
// The one-file edition (plan.one_file) is opened, searched and left by a
// click in the same browser, with the same records.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import puppeteer from "puppeteer-core";

const HERE = dirname(fileURLToPath(import.meta.url));
const COLLECT = readFileSync(join(HERE, "collect.js"), "utf8");
const plan = JSON.parse(readFileSync(process.argv[2], "utf8"));
const LOCAL_SCHEMES = new Set(["file:", "data:", "blob:", "about:"]);
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);
const CSP_LOG = /^Content-Security-Policy:/;

function log(...args) {
  console.error("[firefox]", ...args);
}

function isLocal(url) {
  try {
    const u = new URL(url);
    return LOCAL_SCHEMES.has(u.protocol) || LOOPBACK.has(u.hostname);
  } catch {
    return false;
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// What happens on the current page is filed under `current`.
let current = null;
let exitAllowed = false;

function freshRecord() {
  return { outside: [], errors: [], cspLog: [] };
}

async function newPage(browser) {
  const page = await browser.newPage();
  page.setDefaultTimeout(60000);
  page.setDefaultNavigationTimeout(60000);
  await page.setViewport(plan.viewport);
  // Before any page script: record every CSP violation the page raises.
  await page.evaluateOnNewDocument(() => {
    window.__enginesCsp = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__enginesCsp.push({
        directive: e.effectiveDirective || e.violatedDirective,
        blocked: e.blockedURI,
        source: e.sourceFile,
        line: e.lineNumber,
      });
    }, true);
  });
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    const url = request.url();
    if (isLocal(url)) {
      request.continue();
    } else if (exitAllowed && url.startsWith(plan.exit_url)) {
      current.outside.push(url);
      request.respond({ status: 200, contentType: "text/html", body: plan.exit_page_html });
    } else {
      if (current) current.outside.push(url);
      request.abort("blockedbyclient");
    }
  });
  page.on("pageerror", (error) => {
    const text = String(error && error.message ? error.message : error);
    if (!current) return;
    (CSP_LOG.test(text) ? current.cspLog : current.errors).push(text);
  });
  return page;
}

async function collect(page) {
  return page.evaluate(`(${COLLECT})()`);
}

async function cookieJar(browser) {
  try {
    return (await browser.cookies()).map((c) => `${c.domain} ${c.name}`);
  } catch (error) {
    return [`unavailable: ${error.message}`];
  }
}

// What a page that never loaded reports, so that every check fails on it.
const FAILED_LOAD = {
  title: "", h1: 0, material: false, editionSearch: false, quickExit: null, resources: [], storage: {}, csp: null,
};

async function visitEveryPage(page, site) {
  const pages = {};
  for (const path of site.pages) {
    current = freshRecord();
    const started = Date.now();
    let seen;
    for (const attempt of [1, 2]) { // a load that hangs on a busy machine gets one more try
      try {
        await page.goto(site.base + path, { waitUntil: "load" });
        await sleep(plan.settle_ms);
        seen = await collect(page);
        break;
      } catch (error) {
        seen = { ...FAILED_LOAD, url: site.base + path, failed: `${error} (try ${attempt})` };
      }
    }
    pages[path] = { ...seen, ...current, seconds: (Date.now() - started) / 1000 };
  }
  return pages;
}

async function search(page, site) {
  current = freshRecord();
  await page.goto(site.base + plan.search.page, { waitUntil: "load" });
  const box = "input.md-search__input";
  await page.click(box);
  // Search builds its index when first opened; type once it is ready.
  await page.waitForFunction(() => {
    const meta = document.querySelector(".md-search-result__meta");
    return meta && !/Initializing/i.test(meta.textContent);
  }, { timeout: 15000 });
  await page.type(box, plan.search.word);
  // Results update as each letter arrives: wait for the page we expect.
  await page.waitForFunction((finds) => [...document.querySelectorAll(".md-search-result__link")]
    .some((a) => a.href.includes(finds)), { timeout: 15000 }, plan.search.finds).catch(() => {});
  const hrefs = await page.$$eval(".md-search-result__link", (links) => links.map((a) => a.href));
  await sleep(plan.settle_ms);
  const seen = await collect(page);
  return { hrefs, after: { ...seen, ...current } };
}

async function quickExit(page, from, how) {
  current = freshRecord();
  exitAllowed = true;
  const result = { how };
  try {
    await page.goto(from, { waitUntil: "load" });
    const status = () => page.$eval("[data-quick-exit-status]", (el) => el.textContent);
    const left = () => page.waitForNavigation({ waitUntil: "load", timeout: 10000 });
    if (how === "click") {
      await Promise.all([left(), page.click(".quick-exit__button")]);
    } else if (how === "shift-three-times") {
      const nav = left();
      for (let i = 0; i < 3; i += 1) await page.keyboard.press("Shift");
      await nav;
    } else if (how === "typing-in-search") {
      await page.click("input.md-search__input");
      for (const key of plan.typing) await page.keyboard.press(key);
      await sleep(300);
      result.url_after_typing = page.url();
      result.status_after_typing = await status().catch(() => "(no status: the page is gone)");
      result.typed = await page.$eval("input.md-search__input", (el) => el.value).catch(() => null);
      // Two more lone Shifts still leave: the keys did reach the page.
      const nav = left();
      await page.keyboard.press("Shift");
      await page.keyboard.press("Shift");
      await nav;
    }
    result.url = page.url();
    return { ...result, ...current };
  } catch (error) {
    return { ...result, failed: String(error), url: page.url(), ...current };
  } finally {
    exitAllowed = false;
  }
}

// The one-file edition (plan.one_file): open it, then search its own text
// and follow the result that should be there.
async function openOneFile(page, one) {
  current = freshRecord();
  try {
    await page.goto(one.url, { waitUntil: "load" });
    await sleep(plan.settle_ms);
    return { ...(await collect(page)), ...current };
  } catch (error) {
    return { ...FAILED_LOAD, url: one.url, failed: String(error), ...current };
  }
}

async function searchOneFile(page, one) {
  current = freshRecord();
  await page.goto(one.url, { waitUntil: "load" });
  const box = "#edition-search-input";
  await page.click(box);
  await page.type(box, one.word);
  const links = ".edition-search__link";
  await page.waitForFunction((selector, finds) => [...document.querySelectorAll(selector)]
    .some((a) => a.getAttribute("href").startsWith(finds)), { timeout: 15000 }, links, one.finds)
    .catch(() => {});
  const hrefs = await page.$$eval(links, (all) => all.map((a) => a.getAttribute("href")));
  const hit = hrefs.find((href) => href.startsWith(one.finds));
  let hash = null;
  if (hit) {
    for (const link of await page.$$(links)) {
      if ((await link.evaluate((a) => a.getAttribute("href"))) === hit) {
        await link.click();
        break;
      }
    }
    await page.waitForFunction((want) => location.hash === want, { timeout: 5000 }, hit).catch(() => {});
    hash = await page.evaluate(() => location.hash);
  }
  await sleep(plan.settle_ms);
  const seen = await collect(page);
  return { hrefs, hash, after: { ...seen, ...current } };
}

async function main() {
  const started = Date.now();
  const browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: plan.firefox,
    headless: true,
    // No update checks, studies or other background traffic from the browser itself.
    extraPrefsFirefox: {
      "app.normandy.enabled": false,
      "app.update.auto": false,
      "browser.region.network.url": "",
      "messaging-system.rsexperimentloader.enabled": false,
    },
  });
  const result = { engine: `firefox ${await browser.version()}`, sites: {}, timings: {} };
  result.timings.launch_s = (Date.now() - started) / 1000;
  try {
    const page = await newPage(browser);
    for (const site of plan.sites) {
      const t0 = Date.now();
      const pages = await visitEveryPage(page, site);
      log(`${site.name}: ${site.pages.length} pages in ${(Date.now() - t0) / 1000}s`);
      let searched;
      try {
        searched = await search(page, site);
      } catch (error) {
        searched = { failed: String(error) };
      }
      const cookies = await cookieJar(browser);
      result.sites[site.name] = { pages, search: searched, cookies, quick_exit: {} };
      result.timings[`${site.name}_s`] = (Date.now() - t0) / 1000;
    }
    if (plan.one_file) {
      const t0 = Date.now();
      const load = await openOneFile(page, plan.one_file);
      let searched;
      try {
        searched = await searchOneFile(page, plan.one_file);
      } catch (error) {
        searched = { failed: String(error) };
      }
      result.one_file = { load, search: searched, cookies: await cookieJar(browser), quick_exit: {} };
      result.timings.one_file_s = (Date.now() - t0) / 1000;
    }
    // Leaving comes last, once every page has been seen: nothing the exit
    // page asks for can be filed under a page of the site.
    const t1 = Date.now();
    for (const site of plan.sites) {
      for (const how of ["click", "shift-three-times", "typing-in-search"]) {
        result.sites[site.name].quick_exit[how] = await quickExit(page, site.base + plan.exit_from, how);
      }
    }
    if (plan.one_file) result.one_file.quick_exit.click = await quickExit(page, plan.one_file.url, "click");
    result.timings.exits_s = (Date.now() - t1) / 1000;
  } finally {
    await browser.close();
  }
  result.timings.total_s = (Date.now() - started) / 1000;
  process.stdout.write(JSON.stringify(result));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
