// Imports each module named on the command line in a runtime folder's Pyodide; prints those that fail.
// usage: node import_all.mjs RUNTIME_DIR MODULE...
import { pathToFileURL } from "node:url";

const [runtimeDir, ...modules] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(`${runtimeDir}/pyodide.mjs`).href);
const pyodide = await loadPyodide({ indexURL: `${runtimeDir}/`, stdout: () => {}, stderr: () => {} });
pyodide.globals.set("MODULES", pyodide.toPy(modules));
process.stdout.write(
  pyodide.runPython(`
import importlib, json
failed = []
for name in MODULES:
    try:
        importlib.import_module(name)
    except ImportError as error:
        failed.append(f"{name}: {error}")
json.dumps(failed)`),
);
