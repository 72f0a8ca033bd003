// Runs bench/checker_timings.py in Pyodide under Node, with the wheel the site ships.
// usage: node checker_pyodide.mjs RUNTIME_DIR TODAY POLICY_JSON...
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [runtimeDir, today, ...policies] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(`${runtimeDir}/pyodide.mjs`).href);
const pyodide = await loadPyodide({ indexURL: `${runtimeDir}/`, packages: ["policy-core"], stdout: () => {} });
pyodide.runPython(readFileSync(new URL("./checker_timings.py", import.meta.url), "utf8"));
const run = pyodide.globals.get("run");
for (const path of policies) process.stdout.write(`${run(readFileSync(path, "utf8"), today)}\n`);
