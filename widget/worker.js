// The checker's worker: loads self-hosted Pyodide and the policy_core wheel once, then each policy a
// page asks for, and answers checks. One worker serves every check page of a visit (the page keeps
// it across the theme's instant navigation). This is the only seam between JavaScript and Python;
// policy_core itself never sees `js`.
//
// Protocol (every request carries an `id`; every reply echoes it; `policy` is a loaded policy's hash):
//   {id, type: "load", policyUrl, hash}          -> {id, result: {policy, title, hash}}
//   {id, type: "check", policy, answers, today}  -> {id, result: {verdict, fragment, ...} | {error}}   (the checker's reply)
//   {id, type: "check", policy, link, today}     -> {id, result: {link, verdict, today, fragment} | {error, link}}
//   any failure                          -> {id, error: {kind, message}}
// While loading, unprompted: {progress: {received, total}} as bytes arrive, and {phase: "starting"}
// once every download is in.

import { loadPyodide } from "./pyodide.mjs";

const here = new URL("./", import.meta.url).href;
// A download counts as failed when no byte has arrived for this long, never because it is slow.
const STALL_MS = 20000;
const REPORT_EVERY_MS = 200;
const realFetch = self.fetch.bind(self);
let pyodide = null;
let loadPolicy = null; // (policy hash, policy JSON) -> nothing
let checkRequest = null; // (policy hash, request JSON) -> reply JSON
let addVersion = null; // (policy hash, version JSON) -> nothing
// Each loaded policy, by its hash: the HTML the build rendered for quoting, the released versions
// policy.json lists, and the HTML of each version a share link has loaded (by content hash).
const loaded = new Map();

class WidgetError extends Error {
  constructor(kind, message) {
    super(message);
    this.kind = kind;
  }
}

// Progress: loadPyodide reports none, so every fetch of this worker (Pyodide's included) is
// counted here, against the sizes the build recorded in runtime.json.
const downloads = { received: 0, total: 0, lastReport: 0, started: false };
let failDownload = () => {};
const downloadFailure = new Promise((_, reject) => (failDownload = reject));
downloadFailure.catch(() => {}); // observed by the race in load(); never unhandled

function report(force = false) {
  const now = performance.now();
  if (!force && now - downloads.lastReport < REPORT_EVERY_MS) return;
  downloads.lastReport = now;
  self.postMessage({ progress: { received: downloads.received, total: downloads.total } });
  if (!downloads.started && downloads.total && downloads.received >= downloads.total) {
    downloads.started = true;
    self.postMessage({ phase: "starting" });
  }
}

function fileName(resource) {
  return new URL(typeof resource === "string" ? resource : resource.url, here).pathname.split("/").pop();
}

async function watchedFetch(resource, init = {}) {
  const name = fileName(resource);
  const controller = new AbortController();
  let timer;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      controller.abort();
      failDownload(new WidgetError("Stalled", `The download of ${name} stopped: no data arrived for ${STALL_MS / 1000} seconds.`));
    }, STALL_MS);
  };
  arm();
  let response;
  try {
    response = await realFetch(resource, { ...init, signal: controller.signal });
  } catch (error) {
    clearTimeout(timer);
    const failure = new WidgetError("DownloadFailed", `${name} could not be downloaded (${error.message}).`);
    failDownload(failure);
    throw failure;
  }
  if (!response.ok || !response.body) {
    clearTimeout(timer);
    if (!response.ok) failDownload(new WidgetError("DownloadFailed", `${name} could not be downloaded (HTTP ${response.status}).`));
    return response;
  }
  const counter = new TransformStream(
    {
      transform(chunk, stream) {
        downloads.received += chunk.byteLength;
        arm();
        report();
        stream.enqueue(chunk);
      },
      flush() {
        clearTimeout(timer);
        report(true);
      },
    },
    undefined,
    // Pull the bytes as they come, even while Pyodide is not reading yet: a consumer's pause is not a stall.
    { highWaterMark: 256 * 1024 * 1024, size: (chunk) => chunk.byteLength },
  );
  return new Response(response.body.pipeThrough(counter), { status: response.status, statusText: response.statusText, headers: response.headers });
}
self.fetch = watchedFetch;

// Under a Content-Security-Policy without 'wasm-unsafe-eval', loadPyodide never settles: find out
// first, by compiling the smallest module there is.
function webAssemblyRefusal() {
  if (typeof WebAssembly !== "object") return new WidgetError("NoWebAssembly", "WebAssembly is not available.");
  try {
    new WebAssembly.Module(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
    return null;
  } catch (error) {
    return new WidgetError("Blocked", String(error.message ?? error));
  }
}

async function readSizes() {
  try {
    const response = await realFetch(new URL("runtime.json", here));
    const sizes = (await response.json()).bytes;
    downloads.total = Object.values(sizes).reduce((sum, n) => sum + n, 0);
  } catch {
    downloads.total = 0; // progress without a total: the bytes alone are still shown
  }
}

async function load({ policyUrl, hash }) {
  if (loaded.has(hash)) return loaded.get(hash).summary; // back on a check page of this visit
  const refusal = webAssemblyRefusal();
  if (refusal) throw refusal;
  if (!pyodide) await readSizes();
  report(true);
  // Everything is fetched at once: the policy, and the engine wheel while Pyodide boots
  // (`packages`); the wheel is checked against the sha256 in the self-hosted lock file.
  const policyResponse = watchedFetch(policyUrl);
  policyResponse.catch(() => {}); // a failure reaches the race below through downloadFailure
  pyodide ??= await Promise.race([
    loadPyodide({ indexURL: here, packages: ["policy-core"], stdout: () => {}, stderr: () => {} }),
    downloadFailure,
  ]);
  const response = await Promise.race([policyResponse, downloadFailure]);
  if (!response.ok) {
    throw new WidgetError("MissingPolicy", `The policy could not be loaded (${response.status}).`);
  }
  const text = await response.text();
  const compiled = JSON.parse(text);
  if (compiled.hash !== hash) {
    throw new WidgetError("StalePolicy", "The policy has changed since this page was loaded. Reload the page to check against the current policy.");
  }
  const entry = { html: compiled.html ?? { clauses: {}, steps: {}, actions: {} }, versions: { url: policyUrl, listed: compiled.versions ?? [] }, archivedHtml: {} };
  if (!checkRequest) {
    // Each policy by its hash, with its archive: the released versions share links have named, by content hash.
    pyodide.runPython(
      "from policy_core import engine\n" +
        "_policies = {}\n" +
        "def _load(key, text):\n    _policies[key] = (engine.load_compiled(text), {})\n" +
        "def _check(key, request):\n    policy, archive = _policies[key]\n    return engine.check_request(policy, request, archive)\n" +
        "def _add_version(key, text):\n    version = engine.load_compiled(text)\n    _policies[key][1][engine.content_hash(version)] = version\n",
    );
    loadPolicy = pyodide.globals.get("_load");
    checkRequest = pyodide.globals.get("_check");
    addVersion = pyodide.globals.get("_add_version");
  }
  loadPolicy(compiled.hash, text);
  entry.summary = { policy: compiled.policy.id, title: compiled.policy.title, hash: compiled.hash, versions: entry.versions.listed };
  loaded.set(compiled.hash, entry);
  return entry.summary;
}

// Attach the build's sanitised HTML for quoting (of the version the verdict is under); the text stays the checker's.
function withHtml(verdict, quoted) {
  if (!verdict?.clauses) return verdict;
  verdict.clauses = verdict.clauses.map((clause) => ({ ...clause, html: quoted.clauses[clause.id] ?? null }));
  verdict.steps = verdict.steps.map((step) => ({ text: step, html: quoted.steps[step] ?? null }));
  verdict.actions = verdict.actions.map((action) => ({ ...action, html: quoted.actions?.[action.id] ?? null }));
  return verdict;
}

// A share link made under a released version is judged under it: its JSON is fetched the first
// time a link names it. Without it (not published, or not reachable) the checker's reply says
// that the link is judged under today's policy.
async function loadVersion(key, entry, hash) {
  const listed = entry.versions.listed.find((version) => version.hash === hash);
  if (!listed || hash in entry.archivedHtml) return false;
  try {
    const response = await realFetch(new URL(listed.json, entry.versions.url));
    if (!response.ok) return false;
    const text = await response.text();
    addVersion(key, text);
    entry.archivedHtml[hash] = JSON.parse(text).html ?? entry.html;
    return true;
  } catch {
    return false;
  }
}

async function check({ policy: key, ...request }) {
  const entry = loaded.get(key);
  if (!checkRequest || !entry) throw new WidgetError("NotReady", "The checker has not loaded yet.");
  let reply = JSON.parse(checkRequest(key, JSON.stringify(request)));
  const named = reply.link?.version_hash;
  if (named && reply.link.under !== named && (await loadVersion(key, entry, named))) {
    reply = JSON.parse(checkRequest(key, JSON.stringify(request)));
  }
  withHtml(reply.verdict, entry.archivedHtml[reply.link?.under] ?? entry.html);
  withHtml(reply.today, entry.html);
  return reply;
}

const handlers = { load, check };

self.addEventListener("message", async (event) => {
  const { id, type, ...params } = event.data ?? {};
  try {
    if (!(type in handlers)) throw new WidgetError("UnknownRequest", `Unknown request type ${type}.`);
    self.postMessage({ id, result: await handlers[type](params) });
  } catch (error) {
    self.postMessage({ id, error: { kind: error.kind ?? error.name ?? "Error", message: String(error.message ?? error) } });
  }
});
