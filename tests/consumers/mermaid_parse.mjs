import { JSDOM } from "jsdom";
const dom = new JSDOM("<!DOCTYPE html><body></body>");
globalThis.window = dom.window; globalThis.document = dom.window.document;
Object.defineProperty(globalThis, "navigator", {value: dom.window.navigator, configurable: true});
globalThis.DOMParser = dom.window.DOMParser; globalThis.Element = dom.window.Element;
const { default: mermaid } = await import("mermaid");
import fs from "fs";
let failed = 0;
for (const f of process.argv.slice(2)) {
  try { await mermaid.parse(fs.readFileSync(f, "utf8")); console.log("ok", f); }
  catch (e) { failed++; console.log("FAIL", f, String(e.message || e).slice(0, 300)); }
}
process.exit(failed ? 1 : 0);
