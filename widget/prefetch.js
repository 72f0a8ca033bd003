// Ready when the customer is (README, "Fetched ahead, and offline"). A classic script, loaded with
// `defer` by the pages the build chooses; what it does is set on its own tag:
//   data-prefetch           the home page and a policy's pages other than its check page: once the
//                           page has loaded and the browser is idle, fetch what a check page will
//                           load (runtime.json lists it), one file at a time at low priority, from
//                           the same URLs, into the browser's HTTP cache;
//   data-policy-json="URL"  and that policy's JSON, which its check page loads too;
//   data-offline="URL"      (the plugin's `offline: true`) register the policy's service worker, at
//                           that URL in the policy's folder, and the runtime's own (offline-worker.js
//                           here): on a check page once its checker is ready, elsewhere after the
//                           prefetch. Empty on the site's other pages: they register nothing.
//   no data-offline         the site keeps no offline copy (any more): remove the workers and caches
//                           an earlier deployment with `offline: true` left in this browser.
// Nothing is fetched when the browser asks to save data, or says the connection is metered,
// cellular or 2G. What happened is left as performance marks (policy-check:prefetched,
// policy-check:prefetch-skipped, policy-check:offline-ready, policy-check:offline-removed), which the
// tests and bench/prefetch.py read.
(() => {
  const script = document.currentScript;
  if (!script) return;
  const runtime = new URL("./", script.src);
  const { prefetch, policyJson, offline } = script.dataset;
  const page = new URL(document.baseURI);

  // Why fetching ahead would cost the customer, or "" when it would not.
  function dataIsDear() {
    const connection = navigator.connection;
    if (!connection) return "";
    if (connection.saveData === true) return "save-data";
    if (connection.metered === true) return "metered";
    if (connection.type === "cellular") return "cellular";
    if (["2g", "slow-2g"].includes(connection.effectiveType)) return connection.effectiveType;
    return "";
  }

  function skip(reason) {
    performance.mark("policy-check:prefetch-skipped", { detail: reason });
  }

  function afterLoadWhenIdle() {
    return new Promise((resolve) => {
      const idle = () =>
        "requestIdleCallback" in window ? requestIdleCallback(() => resolve(), { timeout: 5000 }) : setTimeout(resolve, 1000);
      if (document.readyState === "complete") idle();
      else window.addEventListener("load", idle, { once: true });
    });
  }

  // Read a response to its end, keeping nothing: the bytes go to the HTTP cache, not to this page.
  async function drain(response) {
    if (!response.ok || !response.body) return false;
    const reader = response.body.getReader();
    while (!(await reader.read()).done);
    return true;
  }

  // `force-cache`: a file already in the cache, even one due for revalidation, is not asked for
  // again (the check page revalidates it as it would anyway).
  const ahead = (url) => fetch(url, { priority: "low", cache: "force-cache" });

  async function fetchAhead() {
    const listing = await ahead(new URL("runtime.json", runtime));
    if (!listing.ok) return 0;
    const urls = (await listing.json()).files.map((name) => new URL(name, runtime));
    if (policyJson) urls.unshift(new URL(policyJson, page));
    let fetched = 1;
    for (const url of urls) {
      if (dataIsDear()) return fetched; // the connection changed meanwhile
      if (await drain(await ahead(url))) fetched += 1;
    }
    return fetched;
  }

  function checkerSettled() {
    const widget = document.querySelector(".policy-check");
    const busy = () => widget && ["static", "loading"].includes(widget.dataset.state);
    if (!busy()) return Promise.resolve();
    return new Promise((resolve) => {
      const watch = new MutationObserver(() => {
        if (!busy()) {
          watch.disconnect();
          resolve();
        }
      });
      watch.observe(widget, { attributes: true, attributeFilter: ["data-state"] });
    });
  }

  async function keepOffline() {
    if (!("serviceWorker" in navigator)) return;
    const pages = await navigator.serviceWorker.register(new URL(offline, page)); // scope: the policy's folder
    const files = await navigator.serviceWorker.register(new URL("offline-worker.js", runtime)); // scope: this runtime's folder
    const runtimes = new URL("../policy-check-", runtime).href;
    for (const registration of await navigator.serviceWorker.getRegistrations()) {
      // The runtime of an earlier deployment: its folder is gone from the site.
      if (registration.scope.startsWith(runtimes) && registration.scope !== runtime.href) await registration.unregister();
    }
    await Promise.all([pages, files].map(installed));
    performance.mark("policy-check:offline-ready");
  }

  // Ours: the policies' workers and the runtime's, whatever deployment registered them.
  const OURS = /\/(policy-check-offline\.js|policy-check-[^/]+\/offline-worker\.js)$/;

  async function removeOffline() {
    if (!("serviceWorker" in navigator) || !("caches" in window)) return;
    const registrations = await navigator.serviceWorker.getRegistrations();
    const ours = registrations.filter((r) => OURS.test(new URL((r.active || r.waiting || r.installing)?.scriptURL ?? "", page).pathname));
    const kept = (await caches.keys()).filter((name) => name.startsWith("policy-check-"));
    if (!ours.length && !kept.length) return;
    await Promise.all([...ours.map((r) => r.unregister()), ...kept.map((name) => caches.delete(name))]);
    performance.mark("policy-check:offline-removed");
  }

  function installed(registration) {
    if (registration.active) return Promise.resolve();
    const worker = registration.installing || registration.waiting;
    return new Promise((resolve, reject) =>
      worker.addEventListener("statechange", () => {
        if (worker.state === "activated") resolve();
        else if (worker.state === "redundant") reject(new Error("the offline copy could not be made"));
      }),
    );
  }

  async function main() {
    if (offline && prefetch === undefined) await checkerSettled(); // a check page: its own downloads first
    await afterLoadWhenIdle();
    if (offline === undefined) await removeOffline().catch(() => {});
    const dear = dataIsDear();
    if (dear) return skip(dear);
    if (prefetch !== undefined) {
      try {
        performance.mark("policy-check:prefetched", { detail: await fetchAhead() });
      } catch {
        skip("failed"); // the network went away: the check page will fetch what is missing
      }
    }
    if (offline) await keepOffline();
  }

  main().catch(() => {}); // both are favours: a failure changes nothing for the page
})();
