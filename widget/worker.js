// The checker's worker: loads self-hosted Pyodide, the policy_core wheel and one policy, then answers
// checks. This is the only seam between JavaScript and Python; policy_core itself never sees `js`.
//
// Protocol (every request carries an `id`; every reply echoes it):
//   {id, type: "load", policyUrl, hash}  -> {id, result: {policy, title, hash}}
//   {id, type: "check", answers, today}  -> {id, result: {verdict, fragment} | {error}}   (the checker's reply)
//   {id, type: "check", link, today}     -> {id, result: {link, verdict, today, fragment} | {error, link}}
//   any failure                          -> {id, error: {kind, message}}

import { loadPyodide } from "./pyodide.mjs";

const here = new URL("./", import.meta.url).href;
let pyodide = null;
let checkRequest = null;
let html = { clauses: {}, steps: {}, actions: {} };

class WidgetError extends Error {
  constructor(kind, message) {
    super(message);
    this.kind = kind;
  }
}

async function load({ policyUrl, hash }) {
  // Everything is fetched at once: the policy, and the engine wheel while Pyodide boots
  // (`packages`); the wheel is checked against the sha256 in the self-hosted lock file.
  const policyResponse = fetch(policyUrl);
  pyodide ??= await loadPyodide({ indexURL: here, packages: ["policy-core"], stdout: () => {}, stderr: () => {} });
  const response = await policyResponse;
  if (!response.ok) {
    throw new WidgetError("MissingPolicy", `The policy could not be loaded (${response.status}).`);
  }
  const text = await response.text();
  const compiled = JSON.parse(text);
  if (compiled.hash !== hash) {
    throw new WidgetError("StalePolicy", "The policy has changed since this page was loaded. Reload the page to check against the current policy.");
  }
  html = compiled.html ?? html;
  pyodide.globals.set("POLICY_JSON", text);
  checkRequest = pyodide.runPython(
    "import policy_core\n" +
      "_policy = policy_core.load_compiled(POLICY_JSON)\n" +
      "lambda request: policy_core.check_request(_policy, request)\n",
  );
  const clauses = {};
  for (const section of compiled.policy.sections) {
    for (const clause of section.clauses) clauses[`${section.id}.${clause.id}`] = { id: `${section.id}.${clause.id}`, section: section.title };
  }
  return { policy: compiled.policy.id, title: compiled.policy.title, hash: compiled.hash, clauses };
}

// Attach the build's sanitised HTML for quoting; the text stays the checker's.
function withHtml(verdict) {
  if (!verdict?.clauses) return verdict;
  verdict.clauses = verdict.clauses.map((clause) => ({ ...clause, html: html.clauses[clause.id] ?? null }));
  verdict.steps = verdict.steps.map((step) => ({ text: step, html: html.steps[step] ?? null }));
  verdict.actions = verdict.actions.map((action) => ({ ...action, html: html.actions?.[action.id] ?? null }));
  return verdict;
}

function check(request) {
  if (!checkRequest) throw new WidgetError("NotReady", "The checker has not loaded yet.");
  const reply = JSON.parse(checkRequest(JSON.stringify(request)));
  withHtml(reply.verdict);
  withHtml(reply.today);
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
