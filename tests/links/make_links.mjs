// Writes each share link of a corpus with the widget's own writer (makeFragment in policy-check.js),
// as it does for answers given before its checker is ready.
// Usage: node make_links.mjs CORPUS.json; prints {"<case name>": fragment} as JSON.
import { readFileSync } from "node:fs";
import { makeFragment } from "../../widget/policy-check.js";

const corpus = JSON.parse(readFileSync(process.argv[2], "utf8"));
const made = {};
for (const { name, answers, on, version, tz } of corpus) made[name] = makeFragment(answers, on, version, tz);
process.stdout.write(JSON.stringify(made));
