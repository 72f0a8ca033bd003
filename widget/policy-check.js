// The self-check widget: enhances the static questionnaire form of a `/// policy-check` block.
//
// It only renders and routes. Which questions still matter, and the verdict, come from policy_core
// running in a worker (worker.js). Everything inserted is text, except clause and step HTML that
// the build sanitised. Answers never leave the browser: share links keep them in the URL fragment.

const HERE = new URL("./", import.meta.url);
const SITE_ROOT = new URL("../../", import.meta.url);
// Downloads that stall fail in the worker after 20 s of silence. This covers the rest: a worker that
// says nothing at all for a minute (not a byte, not a step) is stuck, however slow the link.
const QUIET_LIMIT_MS = 60000;
const SHARE_PREFIX = "#check:";
// By the verdict's tone (its outcome, or "conditional": supported once the customer acts), as the site's pages show it.
const ICONS = {
  supported: "M12 2C6.5 2 2 6.5 2 12s4.5 10 10 10 10-4.5 10-10S17.5 2 12 2m-2 15-5-5 1.41-1.41L10 14.17l7.59-7.59L19 8z",
  conditional: "M22 12a10 10 0 0 1-10 10A10 10 0 0 1 2 12 10 10 0 0 1 12 2a10 10 0 0 1 10 10M6 13h8l-3.5 3.5 1.42 1.42L17.84 12l-5.92-5.92L10.5 7.5 14 11H6z",
  "not-supported":
    "M12 2c5.53 0 10 4.47 10 10s-4.47 10-10 10S2 17.53 2 12 6.47 2 12 2m3.59 5L12 10.59 8.41 7 7 8.41 10.59 12 7 15.59 8.41 17 12 13.41 15.59 17 17 15.59 13.41 12 17 8.41z",
  // What can be bought: available (a plus), later (a clock), closed (a minus).
  "offer-available": "M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20m5 11h-4v4h-2v-4H7v-2h4V7h2v4h4z",
  "offer-later": "M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20m4.2 14.2L11 13V7h1.5v5.2l4.5 2.7z",
  "offer-closed": "M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20m5 11H7v-2h10z",
  review:
    "M15.07 11.25l-.9.92C13.45 12.89 13 13.5 13 15h-2v-.5c0-1.11.45-2.11 1.17-2.83l1.24-1.26c.37-.36.59-.86.59-1.41a2 2 0 0 0-2-2 2 2 0 0 0-2 2H8a4 4 0 0 1 4-4 4 4 0 0 1 4 4 3.2 3.2 0 0 1-.93 2.25M13 19h-2v-2h2M12 2A10 10 0 0 0 2 12a10 10 0 0 0 10 10 10 10 0 0 0 10-10c0-5.53-4.5-10-10-10",
};

const controllers = new Map();

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  for (const child of children) node.append(child);
  return node;
}

function icon(name) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("class", `policy-icon policy-icon--${name}`);
  const path = document.createElementNS(ns, "path");
  path.setAttribute("d", ICONS[name]);
  svg.append(path);
  return svg;
}

// Why the self-check is unavailable, in words that blame the right party, and whether trying
// again can help. Anything not named here is this site's fault, never the browser's.
const FAILURES = {
  NoWebAssembly: { reason: "This browser cannot run the self-check: it needs WebAssembly.", retry: false },
  NoModuleWorkers: { reason: "This browser cannot run the self-check: it needs a more recent browser (with module workers).", retry: false },
  Blocked: {
    reason: "This site's security settings (its Content-Security-Policy) do not let the self-check run; the site needs to allow 'wasm-unsafe-eval'.",
    retry: false,
  },
  DownloadFailed: { reason: "Part of the self-check could not be downloaded.", retry: true },
  Stalled: { reason: "The download of the self-check stopped: nothing arrived for a while. Check your connection.", retry: true },
  WorkerError: { reason: "Part of the self-check could not be loaded from this site.", retry: true },
  StalePolicy: { reason: null, retry: false },
  MissingPolicy: { reason: null, retry: true },
};
const SITE_FAULT = { reason: "The self-check stopped on an error of this site, not of your browser.", retry: true };
const ARROWS = new Set(["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight"]);

// A browser without module workers would load worker.js as a classic script, fail on its
// `import`, and look like a file missing from the site. Asking for the `type` option tells.
function supportsModuleWorkers() {
  // The options are read before the address is parsed; an address that cannot be parsed then
  // throws at once, so no worker starts and nothing is fetched (or refused by a CSP).
  let asked = false;
  try {
    new Worker("http://[", { get type() { asked = true; return "module"; } });
  } catch {
    // expected: the address is not one
  }
  return asked;
}

function capitalise(text) {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

function localToday() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function utcOffset() {
  const minutes = -new Date().getTimezoneOffset();
  const pad = (n) => String(Math.floor(n)).padStart(2, "0");
  return `${minutes < 0 ? "-" : "+"}${pad(Math.abs(minutes) / 60)}:${pad(Math.abs(minutes) % 60)}`;
}

/** The page's address for a share link or a summary: never the query string, which a link's sender controls. */
function pageAddress() {
  return `${location.origin}${location.pathname}`;
}

// A share link is read by the checker's rules (parse_fragment in policy_core/engine/_links.py), so
// that the form shows, before the checker is ready, the answers the checker will use:
// tests/test_link_reading.py runs both readers on one corpus. Once the checker has read the link,
// the form is set to its reading (PolicyCheck.showAnswers).
const MAX_LINK_CHARS = 32768; // the checker's own limit: past it, the link is read up to its last whole answer
const LINK_META = new Set(["v", "on", "policy", "tz"]);

/** The answers a share link (`#check:...`) holds, or null for any other fragment. */
export function readShareLink(hash) {
  if (!hash.startsWith(SHARE_PREFIX)) return null;
  const fragment = hash.slice(1); // measured without its "#", as the checker measures it
  const end = fragment.length > MAX_LINK_CHARS ? fragment.lastIndexOf("&", MAX_LINK_CHARS) : fragment.length;
  const read = fragment.slice(SHARE_PREFIX.length - 1, Math.max(end, SHARE_PREFIX.length - 1));
  const answers = Object.create(null); // a key such as __proto__ is an answer like any other
  // The leading "&" keeps a "?" at the start as part of the first key, as the checker reads it.
  for (const [key, value] of new URLSearchParams(`&${read}`)) if (!LINK_META.has(key)) answers[key] = value;
  return answers;
}

/**
 * A share link's fragment (without "#") as policy_core writes it (make_fragment in
 * policy_core/engine/_links.py): for answers given before the checker is ready. Python's
 * quote(text, safe="-") escapes what encodeURIComponent leaves: ! ' ( ) *.
 */
export function makeFragment(answers, on, version, tz) {
  const quote = (text) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const pairs = [["v", "2"], ["on", on], ["policy", version], ["tz", tz], ...Object.entries(answers)];
  return `${SHARE_PREFIX.slice(1)}${pairs.map(([key, value]) => `${quote(key)}=${quote(value)}`).join("&")}`;
}

/**
 * A link longer than the checker reads is cut in the address at once, to its last whole answer
 * (what the checker reads of it): a browser handles the page's address at every step of loading,
 * and a 1.4 MB one costs it seconds (bench/hostile_link.py). The whole fragment is kept, so that
 * the checker can say what it left unread.
 */
const OPENED_WITH = typeof location === "undefined" ? "" : location.hash;
const CUT_TO = OPENED_WITH.startsWith(SHARE_PREFIX) && OPENED_WITH.length > MAX_LINK_CHARS + 1
  ? OPENED_WITH.slice(0, Math.max(OPENED_WITH.lastIndexOf("&", MAX_LINK_CHARS + 1), SHARE_PREFIX.length))
  : null;
if (CUT_TO !== null) history.replaceState(history.state, "", `${pageAddress()}${location.search}${CUT_TO}`);

/** The fragment of the address: whole, as it was opened, while the address holds its cut form. */
function addressFragment() {
  return CUT_TO !== null && location.hash === CUT_TO ? OPENED_WITH : location.hash;
}

/** A worker speaking the request/reply protocol of worker.js, with replies matched by id. */
class CheckerClient {
  constructor() {
    this.worker = new Worker(new URL("worker.js", HERE), { type: "module" });
    this.pending = new Map();
    this.listeners = new Set();
    this.nextId = 1;
    this.worker.addEventListener("message", (event) => {
      for (const listener of this.listeners) listener(event.data);
      const { id, result, error } = event.data;
      if (id === undefined) return;
      const waiter = this.pending.get(id);
      if (!waiter) return;
      this.pending.delete(id);
      if (error) waiter.reject(Object.assign(new Error(error.message), { kind: error.kind }));
      else waiter.resolve(result);
    });
    this.worker.addEventListener("error", (event) => {
      event.preventDefault();
      this.failAll("WorkerError", "The checker stopped unexpectedly.");
    });
  }

  /** `onNews` receives every message, replies and unprompted progress alike (it is proof of life); returns the unsubscribe. */
  listen(onNews) {
    this.listeners.add(onNews);
    return () => this.listeners.delete(onNews);
  }

  request(type, params) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, type, ...params });
    });
  }

  failAll(kind, message) {
    for (const waiter of this.pending.values()) waiter.reject(Object.assign(new Error(message), { kind }));
    this.pending.clear();
  }

  terminate() {
    this.failAll("Stopped", "The checker was stopped.");
    this.worker.terminate();
    if (shared === this) shared = null;
  }
}

// One checker per visit: it boots once and serves every check page the theme's instant
// navigation shows, the policies each loaded once. A failure stops it; the next start makes another.
let shared = null;
function sharedClient() {
  shared ??= new CheckerClient();
  return shared;
}

class PolicyCheck {
  constructor(root) {
    this.root = root;
    this.form = root.querySelector(".policy-check__form");
    this.status = root.querySelector(".policy-check__status");
    this.output = root.querySelector(".policy-check__verdict");
    this.fieldsets = [...root.querySelectorAll("fieldset[data-question]")];
    this.policyLink = root.querySelector("a[data-role='policy']");
    this.casesLink = root.querySelector("a[data-role='cases']");
    this.treeLink = root.querySelector("a[data-role='tree']");
    this.form.hidden = false; // hidden in the page: without script it could not answer
    this.client = null;
    this.loading = null;
    this.checkSeq = 0;
    this.arrowing = false; // the current change comes from an arrow key: browsing, not choosing
    this.pending = null; // the fieldset browsed by arrow keys whose answer is not committed yet
    this.seenDates = new WeakMap(); // each date field's value when it was last answered
    this.sharedAnswers = readShareLink(addressFragment());

    this.progress = el("p", { class: "policy-check__progress", hidden: "" });
    this.progressBar = el("progress", { max: "1", value: "0", "aria-label": "Checker downloaded" });
    this.progressText = el("span");
    this.progress.append(this.progressBar, " ", this.progressText);
    this.status.after(this.progress);

    // The step-by-step flow policy_core wrote at build time: which question follows an answer that
    // needs no date, so that the page keeps asking while its checker loads (policy_core's question_flow).
    this.flow = JSON.parse(root.dataset.flow || "null");
    this.version = root.dataset.policyVersion;

    this.setState("loading");
    this.say("The questions appear one at a time. Preparing the checker…");
    // No future date where the policy forbids one: the picker stops at the visitor's today.
    // The field says which day "today" is (the checker words it, in its first reply).
    this.todayNotes = [];
    for (const input of root.querySelectorAll("input[type='date'][data-no-future]")) {
      input.max = localToday();
      const note = el("span", { class: "policy-check__today", id: `today-${input.id}` });
      input.after(note);
      input.setAttribute("aria-describedby", [input.getAttribute("aria-describedby"), note.id].filter(Boolean).join(" "));
      this.todayNotes.push(note);
    }
    // Each date field says, once the checker has read it, the date in the verdict's words ("1 June 2025"):
    // the field itself shows the browser's order of day and month. Not a live region: it is read with the field.
    this.dateWords = new Map(); // question -> {input, note, value}
    for (const fieldset of this.fieldsets) {
      const input = fieldset.querySelector("input[type='date']");
      if (!input) continue;
      const note = el("span", { class: "policy-check__date-words", id: `words-${input.id}` });
      input.after(note);
      input.setAttribute("aria-describedby", [input.getAttribute("aria-describedby"), note.id].filter(Boolean).join(" "));
      this.dateWords.set(fieldset.dataset.question, { input, note, value: null });
    }
    if (this.sharedAnswers) this.prefill(this.sharedAnswers);
    // Before the checker answers, the flow says which questions to show (a link's answers, along it).
    this.showFlow();

    this.form.addEventListener("submit", (event) => event.preventDefault());
    this.form.addEventListener("change", (event) => this.onChange(event));
    this.form.addEventListener("keydown", (event) => this.onKeydown(event));
    this.form.addEventListener("keyup", () => (this.arrowing = false));
    this.form.addEventListener("focusout", (event) => this.onFocusout(event));
    this.startOn = () => this.start();
    root.addEventListener("focusin", this.startOn, { once: true });
    root.addEventListener("pointerdown", this.startOn, { once: true });
    const box = root.getBoundingClientRect();
    if (box.top < innerHeight && box.bottom > 0) {
      this.start(); // already on screen: no need to wait a frame for the observer
    } else {
      this.observer = new IntersectionObserver((entries) => {
        if (entries.some((entry) => entry.isIntersecting)) this.start();
      });
      this.observer.observe(root);
    }
  }

  setState(state) {
    this.root.dataset.state = state;
  }

  say(text) {
    this.status.textContent = text;
  }

  start() {
    this.observer?.disconnect();
    if (this.loading) return this.loading;
    if (typeof WebAssembly !== "object") {
      this.fail({ kind: "NoWebAssembly" });
      return Promise.resolve();
    }
    if (!supportsModuleWorkers()) {
      this.fail({ kind: "NoModuleWorkers" });
      return Promise.resolve();
    }
    const hash = this.root.dataset.policyHash;
    const policyUrl = new URL(this.root.dataset.policyJson, SITE_ROOT).href;
    this.loading = (async () => {
      try {
        this.client = sharedClient();
        this.unlisten = this.client.listen((news) => this.onNews(news));
        this.heardFrom();
        this.loaded = await this.client.request("load", { policyUrl, hash });
        this.policyUrl = policyUrl;
        clearTimeout(this.quietTimer);
        this.progress.hidden = true;
        performance.mark("policy-check:ready"); // read by bench/widget.py
        this.setState("ready");
        await this.check({ moveFocus: false });
      } catch (error) {
        this.fail(error);
      }
    })();
    return this.loading;
  }

  /** Any message from the worker while it loads: progress to show, and a sign it is still alive. */
  onNews(news) {
    if (this.root.dataset.state !== "loading") return;
    this.heardFrom();
    if (news.phase === "starting") {
      this.progressText.textContent = "Downloaded; starting the checker…";
      this.progressBar.removeAttribute("value"); // indeterminate: starting reports no steps
    } else if (news.progress) {
      const { received, total } = news.progress;
      this.progress.hidden = false;
      if (total) {
        // A share, not megabytes: the bytes counted are the files' own, and a host that compresses
        // them sends far fewer (3.0 MB of 12.7), so a count in MB would overstate what a phone downloads.
        this.progressBar.value = Math.min(received / total, 1);
        this.progressText.textContent = `${Math.floor(Math.min(received / total, 1) * 100)} % downloaded`;
      } else {
        this.progressText.textContent = "Downloading…";
      }
    }
  }

  heardFrom() {
    clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(() => this.fail({ kind: "Stalled" }), QUIET_LIMIT_MS);
  }

  fail(error) {
    if (error.kind === "Stopped") return; // the worker was stopped on purpose, after the real failure
    clearTimeout(this.quietTimer);
    this.client?.terminate();
    this.client = null;
    this.loading = null;
    this.progress.hidden = true;
    this.setState("error");
    const kind = error.kind ?? error.name ?? "Error";
    this.root.dataset.errorKind = kind; // for support staff and tests; the page shows words, never a traceback
    const failure = FAILURES[kind] ?? SITE_FAULT;
    const reason = failure.reason ?? error.message;
    const parts = [el("strong", {}, "The self-check is not available. "), `${reason} `];
    if (failure.retry) {
      const retry = el("button", { type: "button", class: "md-button md-button--primary policy-check__retry" }, "Try again");
      retry.addEventListener("click", () => this.retry());
      parts.push("Your answers are kept. ", retry, " Meanwhile you can ");
    } else {
      parts.push("You can still ");
    }
    parts.push(
      el("a", { href: this.treeLink.href }, "answer the questions step by step"),
      " on a page without script, ",
      el("a", { href: this.policyLink.href }, "read the policy"),
      " or find your answers in ",
      el("a", { href: this.casesLink.href }, "the table of all cases"),
      ".",
    );
    this.status.replaceChildren(...parts);
    this.status.setAttribute("role", "alert");
    // Keep the answers on screen when trying again can help; otherwise the form can never work here.
    this.form.hidden = !failure.retry;
  }

  retry() {
    delete this.root.dataset.errorKind;
    this.status.setAttribute("role", "status");
    this.setState("loading");
    this.say("Trying again… your answers are kept.");
    this.start();
  }

  prefill(answers) {
    // Each question of the form is looked up among the answers, not each answer among the questions:
    // a hostile link holds thousands of answers to no question (4,213 in bench/hostile_link.py's).
    for (const fieldset of this.fieldsets) {
      if (!Object.hasOwn(answers, fieldset.dataset.question)) continue;
      const value = answers[fieldset.dataset.question];
      const radio = [...fieldset.querySelectorAll("input[type='radio']")].find((input) => input.value === value);
      const date = fieldset.querySelector("input[type='date']");
      if (radio) radio.checked = true;
      else if (date) date.value = value;
    }
  }

  /** Set the form to exactly these answers, less the dropped ones: the checker's reading of a link. */
  showAnswers(answers, dropped) {
    const left = new Set(dropped.map((item) => item.question));
    for (const fieldset of this.fieldsets) {
      const question = fieldset.dataset.question;
      if (left.has(question) || !Object.hasOwn(answers, question)) this.clear(fieldset);
    }
    this.prefill(Object.fromEntries(Object.entries(answers).filter(([question]) => !left.has(question))));
  }

  fieldset(question) {
    return this.fieldsets.find((fieldset) => fieldset.dataset.question === question) ?? null;
  }

  answerOf(fieldset) {
    const date = fieldset.querySelector("input[type='date']");
    if (date?.value) return date.value;
    return fieldset.querySelector("input[type='radio']:checked")?.value ?? null;
  }

  clear(fieldset) {
    for (const input of fieldset.querySelectorAll("input")) {
      input.checked = false;
      if (input.type === "date") input.value = "";
    }
  }

  collect() {
    const answers = {};
    for (const fieldset of this.fieldsets) {
      if (fieldset.hidden || fieldset === this.pending) continue;
      const value = this.answerOf(fieldset);
      if (value !== null) answers[fieldset.dataset.question] = value;
    }
    return answers;
  }

  onKeydown(event) {
    if (event.target.type === "date" && event.key === "Enter") {
      // Enter moves on from a date as it does from an answer (the date itself was checked as it was typed).
      event.preventDefault();
      if (event.target.value) this.commit(event.target.closest("fieldset"), { moveFocus: true });
      return;
    }
    if (event.target.type !== "radio") return;
    if (ARROWS.has(event.key)) {
      this.arrowing = true; // the browser checks the next option; that is browsing, not an answer
    } else if ((event.key === "Enter" || event.key === " ") && this.pending?.contains(event.target)) {
      event.preventDefault();
      this.commit(this.pending, { moveFocus: true });
    }
  }

  onFocusout(event) {
    // Leaving a group browsed by arrow keys (Tab, or a click elsewhere) commits the option it was left on.
    if (this.pending && !this.pending.contains(event.relatedTarget)) this.commit(this.pending, { moveFocus: true });
  }

  onChange(event) {
    const fieldset = event.target.closest("fieldset");
    // A date field also reports a change when it loses the focus, with the value already checked:
    // answering it again would remove the error summary the customer is about to click.
    if (event.target.type === "date" && this.seenDates.get(event.target) === event.target.value) return;
    if (event.target.type === "date") this.seenDates.set(event.target, event.target.value);
    this.forgetDateWords(); // words said of another date than the one now in the field
    this.clearFieldError(fieldset);
    // Typing a year digit by digit passes through years 2, 20 and 202: not a date anyone means,
    // so nothing is checked (and no question comes and goes) until the year has four digits.
    if (event.target.type === "date" && event.target.value && Number(event.target.value.slice(0, 4)) < 1900) return;
    // A date and the extra answers of the same question exclude each other.
    if (event.target.type === "date" && event.target.value) {
      fieldset.querySelectorAll("input[type='radio']").forEach((radio) => (radio.checked = false));
    } else if (event.target.type === "radio") {
      const date = fieldset.querySelector("input[type='date']");
      if (date) date.value = "";
    }
    if (event.target.type === "radio" && this.arrowing) {
      this.arrowing = false;
      this.pending = fieldset; // committed by Enter, Space, or leaving the group
      return;
    }
    // A date is still being edited where it is typed: say what follows, but leave the focus there.
    this.commit(fieldset, { moveFocus: event.target.type === "radio" });
  }

  commit(fieldset, { moveFocus }) {
    if (this.pending === fieldset) this.pending = null;
    if (this.root.dataset.state === "error") return; // kept on screen for "Try again"
    if (this.root.dataset.state === "loading" || !this.client) {
      // The form, changed, now holds the answers to check: a link's reading no longer stands.
      this.sharedAnswers = null;
      const next = this.showFlow();
      // In the address at once, as a share link: a reload or Back during loading brings it back.
      this.givenWhileLoading = this.collect();
      this.remember(makeFragment(this.givenWhileLoading, localToday(), this.version, utcOffset()));
      // Acknowledge at once: on a slow link the checker may need a while before it can answer.
      if (next) {
        this.say("Your answer is kept. The checker is still loading; you can go on.");
        if (moveFocus) this.focusOnScreen(next.querySelector("input:checked") ?? next.querySelector("input"), next, "nearest");
      } else {
        this.say("Your answer is kept. The next step appears as soon as the checker has loaded.");
      }
      this.start();
      return;
    }
    this.check({ moveFocus });
  }

  /**
   * Before the checker is ready: show the questions the flow leads through with the answers given,
   * and the next one where the flow knows it. Returns that next question's fieldset, or null where
   * what follows waits for the checker (after a date, or where the answers decide the verdict).
   */
  showFlow() {
    const shown = new Set();
    let node = this.flow;
    let next = null;
    while (node && typeof node === "object") {
      const fieldset = this.fieldset(node.q);
      if (!fieldset) break; // a flow from another build than the form: the checker decides
      shown.add(fieldset);
      const value = this.answerOf(fieldset);
      if (value === null) {
        next = fieldset;
        break;
      }
      if (!node.a || !Object.hasOwn(node.a, value)) break; // a date: its class is the checker's to say
      node = node.a[value];
    }
    if (!this.flow) shown.add(this.fieldsets[0]); // no flow: the first question never depends on another
    for (const fieldset of this.fieldsets) {
      const show = shown.has(fieldset);
      if (fieldset.hidden === show) fieldset.hidden = !show;
    }
    return next;
  }

  async check({ moveFocus } = { moveFocus: true }) {
    const seq = ++this.checkSeq;
    const fromLink = this.sharedAnswers;
    this.sharedAnswers = null;
    // A link is judged by the checker on the day it was made (its `on`), not on the viewer's day.
    // Where the summary's links lead (this page, the policy's clauses), and this device's UTC offset.
    const where = { page: pageAddress(), policy_page: this.policyLink.href.split("#")[0], tz: utcOffset() };
    const today = localToday();
    // The present instant tells the checker whether a link's date had begun in the link's own time zone.
    const request = fromLink
      ? { link: addressFragment(), today, now: new Date().toISOString(), ...where }
      : { answers: this.collect(), today, ...where };
    let reply;
    try {
      reply = await this.client.request("check", { policy: this.loaded.hash, ...request });
    } catch (error) {
      if (fromLink && seq === this.checkSeq) this.sharedAnswers = fromLink; // "Try again" reads the link again
      this.fail(error);
      return;
    }
    if (seq !== this.checkSeq) return; // a newer answer is already being checked
    for (const note of this.todayNotes) note.textContent = ` Today is ${reply.today_label} on this device; the date cannot be later.`;
    if (reply.error) {
      if (fromLink) {
        // Start afresh from the first question, and say why the link was not used.
        this.fieldsets.forEach((fieldset) => this.clear(fieldset));
        await this.check({ moveFocus: false });
      }
      this.showAnswerError(reply.error, Boolean(fromLink));
      return;
    }
    // The form shows the link as the checker read it; a damaged link loses only its damaged
    // answers: the checker says which, and they are asked again.
    const dropped = reply.link?.dropped ?? [];
    if (reply.link) this.showAnswers(reply.link.answers, dropped);
    this.showDateWords(reply.dates_in_words);
    this.fragment = reply.fragment;
    this.remember(reply.verdict.answered.length ? reply.fragment : null);
    this.render(reply.verdict, { moveFocus: moveFocus || Boolean(fromLink) }, reply);
    if (dropped.length && reply.verdict.outcome === "incomplete") this.showDropped(dropped, reply.link.notes);
    this.askedAgain(reply.verdict);
  }

  /**
   * The answers given while the checker loaded followed the build's flow; the checker's verdict stands
   * where it differs (it never should), and the page says which answer the checker asks for again.
   */
  askedAgain(verdict) {
    const given = this.givenWhileLoading;
    this.givenWhileLoading = null;
    if (!given || verdict.outcome !== "incomplete") return;
    const next = verdict.next[0];
    if (Object.hasOwn(given, next)) {
      const prompt = this.fieldset(next).querySelector("legend").textContent;
      this.say(`The checker asks this again: ${prompt}`);
    }
  }

  /** Beside each date field, the date the checker read, in its words; nothing for a field it did not read. */
  showDateWords(words = {}) {
    for (const [question, shown] of this.dateWords) {
      const said = words[question] ?? null;
      shown.value = said === null ? null : shown.input.value;
      shown.note.textContent = said === null ? "" : `That is ${said}.`;
    }
  }

  forgetDateWords() {
    for (const shown of this.dateWords.values()) {
      if (shown.value !== null && shown.input.value !== shown.value) {
        shown.value = null;
        shown.note.textContent = "";
      }
    }
  }

  showDropped(dropped, notes) {
    const asked = dropped.find((item) => this.fieldset(item.question) && !this.fieldset(item.question).hidden);
    if (asked) {
      this.showAnswerError({ question: asked.question, reason: asked.at_question }, false);
    } else {
      this.say(notes.join(" "));
    }
  }

  /** Keep the answers in the address (the fragment, which never reaches a server): Back, reload and a copied address restore them. */
  remember(fragment) {
    const url = new URL(location.href);
    if (fragment) url.hash = fragment;
    else if (url.hash.startsWith(SHARE_PREFIX)) url.hash = "";
    else return;
    // The theme keeps its own state (scroll positions) in the history entry: keep it.
    history.replaceState(history.state, "", url.hash ? url.href : url.href.replace(/#$/, ""));
  }

  showAnswerError(error, fromLink) {
    const fieldset = error.question && !fromLink ? this.fieldset(error.question) : null;
    if (fieldset && !fieldset.hidden) {
      // At the answer itself, where the customer can fix it, and in a summary at the top of the
      // form that leads there (announced once, by the summary).
      const reason = `${capitalise(error.reason)}.`;
      const note = el("p", { class: "policy-check__field-error", id: `error-${fieldset.id}` }, reason);
      fieldset.append(note);
      for (const input of fieldset.querySelectorAll("input")) {
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", [input.getAttribute("aria-describedby"), note.id].filter(Boolean).join(" "));
      }
      const target = fieldset.querySelector("input[type='date']") ?? fieldset.querySelector("input");
      // A button, not a fragment link: the theme's instant navigation would reload the page for it.
      const jump = el("button", { type: "button", class: "policy-check__jump" }, reason);
      jump.addEventListener("click", () => target.focus());
      this.status.replaceChildren(el("strong", {}, "There is a problem: "), jump);
      this.status.setAttribute("role", "alert");
      this.status.classList.add("policy-check__status--problem");
      return;
    }
    const prefix = fromLink ? "This link holds an answer the checker cannot use" : "That answer cannot be used";
    this.say(`${prefix}: ${error.message}.`);
    this.status.setAttribute("role", "alert");
  }

  clearFieldError(fieldset) {
    const note = fieldset?.querySelector(".policy-check__field-error");
    if (!note) return;
    this.status.classList.remove("policy-check__status--problem");
    this.status.setAttribute("role", "status");
    this.say("");
    for (const input of fieldset.querySelectorAll("input")) {
      input.removeAttribute("aria-invalid");
      const rest = (input.getAttribute("aria-describedby") ?? "").split(" ").filter((id) => id && id !== note.id);
      if (rest.length) input.setAttribute("aria-describedby", rest.join(" "));
      else input.removeAttribute("aria-describedby");
    }
    note.remove();
  }

  // Each step is announced once: by moving the focus to it (the new question, or the verdict's
  // headline) when the customer has just chosen, otherwise by the status line. Never both.
  render(verdict, { moveFocus }, reply = {}) {
    this.status.setAttribute("role", "status");
    const visible = new Set(verdict.answered);
    if (verdict.outcome === "incomplete") visible.add(verdict.next[0]);
    const revealed = this.fieldsets.find((fieldset) => fieldset.hidden && visible.has(fieldset.dataset.question));
    for (const fieldset of this.fieldsets) {
      const show = visible.has(fieldset.dataset.question);
      if (!show && !fieldset.hidden) this.clear(fieldset); // it no longer applies: forget its answer
      if (fieldset.hidden === show) fieldset.hidden = !show; // only real changes: each is seen (and heard)
    }
    if (verdict.outcome === "incomplete") {
      this.setState("ready");
      this.output.replaceChildren();
      const next = this.fieldset(verdict.next[0]);
      const prompt = next.querySelector("legend").textContent;
      if (!verdict.answered.length) {
        this.say("Answer the question to start. With a keyboard, choose with the arrow keys and press Enter.");
      } else if (moveFocus) {
        this.say("");
        this.focusOnScreen(next.querySelector("input:checked") ?? next.querySelector("input"), next, "nearest");
      } else {
        this.say(`Next question: ${prompt}`);
        if (revealed) revealed.scrollIntoView({ block: "nearest" });
      }
      return;
    }
    this.setState("verdict");
    performance.mark("policy-check:verdict");
    this.output.replaceChildren(...this.verdictView(verdict, reply));
    if (moveFocus) {
      this.say("");
      this.focusOnScreen(this.output.querySelector("h2"), this.output.querySelector(".policy-verdict"), "start");
    } else {
      this.say(`Verdict: ${verdict.headline}.`);
    }
  }

  // Focus without the browser's own scroll, which leaves a heading at the screen's bottom edge; then
  // bring what the focused element introduces on screen, clear of the theme's sticky header (CSS
  // scroll-margin) and of the edges.
  focusOnScreen(target, context, block) {
    target.focus({ preventScroll: true });
    context.scrollIntoView({ block });
  }

  /** A link to a clause of the policy; `context` is said only to assistive technology, to tell apart links that look alike. */
  clauseLink(id, text, context = "") {
    const policyUrl = this.policyLink.href.split("#")[0];
    const link = el("a", { href: `${policyUrl}#${id}`, class: "policy-verdict__clause-link" }, text);
    if (context) link.append(el("span", { class: "policy-visually-hidden" }, context));
    return link;
  }

  /** The checker's words for a list of clauses: text, and links to each clause. */
  citedView(pieces) {
    return pieces.map((piece) => (typeof piece === "string" ? piece : this.clauseLink(piece.clause, piece.text, piece.context)));
  }

  verdictView(verdict, reply) {
    // The tone (policy_core's) is the outcome, or "conditional" for a verdict that is support only once the customer acts.
    const tone = verdict.tone;
    const heading = el("h2", { class: "policy-verdict__headline", tabindex: "-1" }, icon(tone), ` ${verdict.headline}`);
    const box = el("div", { class: `policy-verdict policy-verdict--${tone}`, "data-outcome": verdict.outcome, "data-tone": tone }, heading);
    box.append(this.checkedOnView(reply));

    if (verdict.facts.length) {
      box.append(el("ul", { class: "policy-verdict__facts" }, ...verdict.facts.map((fact) => el("li", {}, `${fact.text}.`))));
    }
    if (verdict.offers?.length) box.append(...this.offersView(verdict.offers, reply));
    if (verdict.actions.length) {
      const todo = el("ol", { class: "policy-verdict__actions-required" });
      for (const action of verdict.actions) {
        const item = el("li");
        const text = el("div");
        if (action.html) text.innerHTML = action.html; // sanitised by the build
        else text.textContent = action.text;
        const why = el("p", { class: "policy-verdict__because" }, "Because of the policy's ", ...this.citedView(reply.because[action.id]), ".");
        item.append(text, why);
        todo.append(item);
      }
      box.append(el("h3", {}, "First, before support is given"), todo);
    }

    const why = el("ul", { class: "policy-verdict__clauses" });
    for (const clause of verdict.clauses) {
      const quote = el("blockquote", { class: "policy-verdict__quote" });
      if (clause.html) quote.innerHTML = clause.html; // sanitised by the build
      else quote.textContent = clause.text;
      const source = this.clauseLink(clause.id, reply.clause_names[clause.id]);
      why.append(el("li", {}, quote, el("p", { class: "policy-verdict__source" }, "From the policy: ", source)));
    }
    box.append(el("h3", {}, "Why"), why);

    const steps = el("ol", { class: "policy-verdict__steps" });
    for (const step of verdict.steps) {
      const item = el("li");
      if (step.html) item.innerHTML = step.html; // sanitised by the build
      else item.textContent = step.text;
      steps.append(item);
    }
    box.append(el("h3", {}, "What to do next"), steps);

    const answers = el("dl", { class: "policy-verdict__answers" });
    for (const question of verdict.answered) {
      const fieldset = this.fieldset(question);
      const label = fieldset.querySelector("legend").textContent;
      // A button, not a fragment link: the theme's own anchor handling would take the focus back.
      const change = el("button", { type: "button", class: "policy-verdict__change" }, "Change", el("span", { class: "policy-visually-hidden" }, ` your answer to: ${label}`));
      change.addEventListener("click", () => {
        fieldset.scrollIntoView({ block: "center" });
        (fieldset.querySelector("input:checked") ?? fieldset.querySelector("input")).focus();
      });
      // A date in the verdict's words, as the checker read it; an option by its label.
      const given = reply.dates_in_words?.[question] ?? this.describeAnswer(fieldset);
      answers.append(el("dt", {}, label), el("dd", {}, given, " ", change));
    }
    const again = el("button", { type: "button", class: "policy-verdict__restart" }, "Start again");
    again.addEventListener("click", () => this.startAgain());
    box.append(el("h3", {}, "Your answers"), answers, el("p", {}, again));
    box.append(this.shareView(reply));
    return [box];
  }

  // Whether a renewal or an extension can be bought today: said by policy_core, in its own colour
  // (never the outcome's), with the clauses that offer it.
  offersView(offers, reply) {
    const list = el("ul", { class: "policy-verdict__offers" });
    for (const offer of offers) {
      const item = el("li", { class: `policy-offer policy-offer--${offer.state}`, "data-state": offer.state });
      item.append(el("p", { class: "policy-offer__text" }, icon(`offer-${offer.state}`), ` ${offer.text}`));
      const cited = reply.offered_by?.[offer.id] ?? [];
      if (cited.length) item.append(el("p", { class: "policy-verdict__because" }, "See the policy's ", ...this.citedView(cited), "."));
      list.append(item);
    }
    return [el("h3", {}, "What you can buy"), list];
  }

  startAgain() {
    this.fieldsets.forEach((fieldset) => this.clear(fieldset));
    this.pending = null;
    this.check({ moveFocus: false }).then(() => this.fieldsets[0].querySelector("input")?.focus());
  }

  checkedOnView(reply) {
    const info = el("div", { class: "policy-verdict__checked-on" });
    const link = reply.link;
    const when = link?.as_checked ? `${link.label}, as the link says.` : `${reply.checked_on_label}, today's date on this device.`;
    info.append(el("p", {}, when));
    // The same code as the ticket summary's: an agent can see that a summary belongs to this check.
    if (reply.check_code) info.append(el("p", { class: "policy-verdict__code" }, `Check code: ${reply.check_code}`));
    for (const note of link?.notes ?? []) info.append(el("p", { class: "policy-verdict__note" }, note));
    // A link judged under a released version that is no longer the current one: where to read it.
    const version = this.loaded.versions?.find((listed) => listed.hash === link?.under);
    if (version && link.under !== this.loaded.hash) {
      const page = el("a", { href: new URL(version.page, this.policyUrl).href }, "Read the policy as it was then");
      info.append(el("p", {}, page));
    }
    if (link?.compared_today) {
      const today = reply.today;
      if (today?.error) info.append(el("p", {}, `Checked on today's date instead, these answers cannot be used: ${today.error.message}.`));
      else if (today?.outcome === "incomplete") {
        info.append(el("p", { class: "policy-verdict__today" }, el("strong", {}, "Today it would differ: "), "today's policy needs more answers before it decides. Check again for today to give them."));
      } else if (today) info.append(el("p", { class: "policy-verdict__today" }, el("strong", {}, "Today it would differ: "), `${today.headline}.`));
      else info.append(el("p", {}, "Checked today under today's policy, the verdict is the same."));
      const again = el("button", { type: "button", class: "md-button md-button--primary" }, "Check again for today");
      again.addEventListener("click", () => this.check());
      info.append(el("p", {}, again));
    }
    return info;
  }

  describeAnswer(fieldset) {
    const date = fieldset.querySelector("input[type='date']");
    if (date?.value) return date.value;
    const checked = fieldset.querySelector("input[type='radio']:checked");
    return checked ? checked.parentElement.textContent.trim() : "";
  }

  // After a verdict that filing can help (the checker says which, in `filing`): where to file, with
  // the summary filled in where the channel takes it, and the summary to paste otherwise. After a
  // not-supported verdict, only the link to these answers, to keep or to show someone.
  shareView(reply) {
    const link = `${pageAddress()}#${this.fragment}`;
    const copied = el("span", { class: "policy-verdict__copied", role: "status" });
    const copyButton = (text, value, fallback) => {
      const button = el("button", { type: "button", class: "md-button md-button--primary" }, text);
      button.addEventListener("click", async () => {
        try {
          await navigator.clipboard.writeText(value);
          copied.textContent = `${text}: copied.`;
        } catch {
          fallback.select();
          copied.textContent = "Copying is blocked here. The text is selected: copy it the way you usually do.";
        }
      });
      return button;
    };
    const share = el("div", { class: "policy-verdict__share" });
    const field = el("input", { type: "text", readonly: "", value: link, class: "policy-verdict__link", id: `link-${this.root.dataset.policy}` });
    const linkCopy = [el("label", { for: field.id }, "Link to these answers and this verdict"), field];
    const filing = reply.filing;
    const summaryId = `ticket-${this.root.dataset.policy}`;
    const summary = el("textarea", { id: summaryId, class: "policy-verdict__summary", readonly: "", rows: String(reply.summary.split("\n").length + 1) });
    summary.value = reply.summary;
    if (!filing) {
      // Support will not take this on; a customer who writes in anyway still gives the agent the check to reproduce.
      share.append(
        el("h3", {}, "Keep these answers"),
        ...linkCopy,
        el("p", { class: "policy-verdict__actions" }, copyButton("Copy link to these answers", link, field), " ", copied),
        el("p", {}, "If you write to support all the same, paste this summary: it lets them see the same verdict."),
        el("label", { for: summaryId }, "Summary of this check"),
        summary,
        el("p", { class: "policy-verdict__actions" }, copyButton("Copy the summary", reply.summary, summary)),
      );
      return share;
    }
    share.append(el("h3", {}, "File a ticket"));
    if (filing.href) {
      const file = el("a", { href: filing.href, class: "md-button md-button--primary policy-verdict__file" }, "File a ticket");
      const how = filing.prefilled ? "with the ticket summary below filled in" : "; paste the ticket summary below into it";
      share.append(el("p", {}, file, " ", `Opens ${filing.where}${filing.prefilled ? " " : ""}${how}.`));
    } else {
      share.append(el("p", {}, "File it as the steps above say, and paste this ticket summary into it."));
    }
    share.append(
      el("label", { for: summaryId }, "Ticket summary"),
      summary,
      el("p", { class: "policy-verdict__actions" }, copyButton("Copy ticket summary", reply.summary, summary), " ", copied),
      ...linkCopy,
      el("p", { class: "policy-verdict__actions" }, copyButton("Copy link to these answers", link, field)),
    );
    return share;
  }

  destroy() {
    clearTimeout(this.quietTimer);
    this.observer?.disconnect();
    this.unlisten?.(); // the checker itself stays, for the next check page of this visit
    this.client = null;
  }
}

function mountAll() {
  for (const [root, controller] of controllers) {
    if (!root.isConnected) {
      controller.destroy();
      controllers.delete(root);
    }
  }
  for (const root of document.querySelectorAll(".policy-check")) {
    // A block is whole once its last child, the verdict area, is parsed: on a slow link the
    // parser can stop mid-form, and a controller made then would miss the later questions.
    if (!controllers.has(root) && root.querySelector(":scope > .policy-check__verdict")) controllers.set(root, new PolicyCheck(root));
  }
}

// Loaded early (from the head of pages with a questionnaire), mount as soon as the block is parsed,
// so the checker starts loading while the rest of the page still arrives.
if (typeof document === "undefined") {
  // Imported outside a page (tests/read_links.mjs reads links with readShareLink): nothing to mount.
} else if (document.readyState === "loading") {
  const early = new MutationObserver(() => {
    if (document.querySelector(".policy-check > .policy-check__verdict")) mountAll();
  });
  early.observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", () => {
    early.disconnect();
    followNavigation();
  });
} else {
  followNavigation();
}

// Material's instant navigation swaps pages without reloading; document$ fires for each page.
function followNavigation() {
  if (window.document$) window.document$.subscribe(() => mountAll());
  else mountAll();
}
