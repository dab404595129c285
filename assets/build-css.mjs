// Builds a stylesheet the way Bootstrap builds its own dist: Sass, then Autoprefixer for the
// browsers Bootstrap supports ("browserslist" in package.json), so that older Safari, iOS and
// Firefox keep the prefixed appearance, user-select and file-button rules the forms rely on.
// Usage: node assets/build-css.mjs assets/scss/bootstrap.scss assets/build/css/bootstrap.css
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import autoprefixer from "autoprefixer";
import postcss from "postcss";
import * as sass from "sass";

const [source, target] = process.argv.slice(2);
const compiled = sass.compile(source, {
  loadPaths: ["node_modules"],
  style: "compressed",
  quietDeps: true, // Bootstrap's own deprecation warnings are not ours to fix
});
const result = await postcss([autoprefixer({ cascade: false })]).process(compiled.css, {
  from: source,
  to: target,
  map: false,
});
for (const warning of result.warnings()) console.warn(warning.toString());
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, result.css);
