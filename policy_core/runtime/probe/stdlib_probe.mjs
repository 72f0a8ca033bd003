// Records which files of Pyodide's standard library the checker needs: run by engine.py.
// usage: node stdlib_probe.mjs PYODIDE_DIR ENGINE_WHEEL EXERCISE_PY REQUEST_JSON
// Prints {"files": [...]}: the entries of python_stdlib.zip that were imported.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [pyodideDir, wheel, exercise, request] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(`${pyodideDir}/pyodide.mjs`).href);
const pyodide = await loadPyodide({ indexURL: `${pyodideDir}/`, stdout: () => {}, stderr: () => {} });
await pyodide.loadPackage(wheel, { messageCallback: () => {} });
// What the worker does (widget/worker.js), then every path of the checker (exercise.py).
pyodide.globals.set("REQUEST", readFileSync(request, "utf8"));
pyodide.runPython(readFileSync(exercise, "utf8"));
// An error that reaches JavaScript is formatted by Pyodide's own Python: that must load too.
try {
  pyodide.runPython("raise ValueError('an error that reaches JavaScript')");
} catch {
  // expected
}
process.stdout.write(pyodide.runPython("loaded_from_the_zip()"));
