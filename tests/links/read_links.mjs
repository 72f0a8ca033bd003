// Reads each share link of a corpus with the widget's own reader (readShareLink in policy-check.js).
// Usage: node read_links.mjs CORPUS.json; prints {"<case name>": answers} as JSON.
import { readFileSync } from "node:fs";
import { readShareLink } from "../../widget/policy-check.js";

const corpus = JSON.parse(readFileSync(process.argv[2], "utf8"));
const read = {};
for (const { name, link } of corpus) read[name] = readShareLink(link);
process.stdout.write(JSON.stringify(read));
