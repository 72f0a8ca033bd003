// Runs tests/pyodide/parity_cases.py inside real Pyodide (Node), with the wheel the site ships.
// usage: node run_parity.mjs RUNTIME_DIR TODAY POLICY_JSON...   (prints one JSON result per line)
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [runtimeDir, today, ...policies] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(`${runtimeDir}/pyodide.mjs`).href);
const pyodide = await loadPyodide({ indexURL: `${runtimeDir}/`, stdout: () => {}, stderr: () => {} });
await pyodide.loadPackage("policy-core", { messageCallback: () => {} });
pyodide.runPython(readFileSync(new URL("./parity_cases.py", import.meta.url), "utf8"));
const run = pyodide.globals.get("run");
const version = pyodide.runPython("import sys; sys.version.split()[0]");
for (const path of policies) {
  process.stdout.write(`${JSON.stringify({ python: version, result: JSON.parse(run(readFileSync(path, "utf8"), today)) })}\n`);
}
