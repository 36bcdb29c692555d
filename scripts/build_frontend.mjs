// Builds the portal's front-end assets into static/dist/ (run by `npm run build`).
//
//   static/dist/portal.css              static/src/portal.scss compiled with GOV.UK Frontend 6
//   static/dist/govuk-frontend.min.js   GOV.UK Frontend's JavaScript (and source map), as shipped
//   static/dist/assets/                 GOV.UK Frontend's images and manifest, without the fonts
//   static/dist/VERSION                 the govuk-frontend version the build used
//
// The GDS Transport font is for GOV.UK only; this is a council service, so the fonts are never
// copied and the build fails if the CSS declares GDS Transport.

import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import * as sass from "sass";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const nodeModules = join(root, "node_modules");
const govuk = join(nodeModules, "govuk-frontend", "dist", "govuk");
const source = join(root, "static", "src", "portal.scss");
const dist = join(root, "static", "dist");

function fail(message) {
  console.error(`build_frontend: ${message}`);
  process.exit(1);
}

if (!existsSync(govuk)) {
  fail(`${relative(root, govuk)} is missing: run \`npm ci\` first`);
}
const govukVersion = JSON.parse(
  readFileSync(join(nodeModules, "govuk-frontend", "package.json"), "utf8"),
).version;

// Start from an empty dist so nothing stale (an old font, say) survives a rebuild.
rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, "assets"), { recursive: true });

// 1. CSS
let css;
try {
  const result = sass.compile(source, {
    loadPaths: [nodeModules],
    style: "compressed",
    // GOV.UK Frontend's own deprecation notices are not ours to fix.
    quietDeps: true,
  });
  css = result.css;
} catch (error) {
  fail(`Sass compilation failed:\n${error.message}`);
}
if (/GDS Transport/i.test(css)) {
  fail("portal.css mentions GDS Transport: the council service must not use the GOV.UK font");
}
if (/@font-face/.test(css)) {
  fail("portal.css declares a @font-face: GOV.UK Frontend's font faces must be switched off");
}
if (css.length < 50_000 || !css.includes(".govuk-button")) {
  fail(`portal.css looks incomplete (${css.length} bytes, no .govuk-button)`);
}
writeFileSync(join(dist, "portal.css"), css.endsWith("\n") ? css : `${css}\n`);

// 2. JavaScript, with its source map: the file ends in a sourceMappingURL comment, and the
// production static files storage (manifest) fails collectstatic if the map is missing.
cpSync(join(govuk, "govuk-frontend.min.js"), join(dist, "govuk-frontend.min.js"));
if (existsSync(join(govuk, "govuk-frontend.min.js.map"))) {
  cpSync(join(govuk, "govuk-frontend.min.js.map"), join(dist, "govuk-frontend.min.js.map"));
}

// 3. Assets: images, the rebrand folder if this version has one, the web app manifest. No fonts.
const copied = [];
for (const name of ["images", "rebrand", "manifest.json"]) {
  const from = join(govuk, "assets", name);
  if (!existsSync(from)) continue;
  cpSync(from, join(dist, "assets", name), {
    recursive: true,
    filter: (path) => !/(^|[\\/])fonts([\\/]|$)|\.woff2?$/i.test(relative(govuk, path)),
  });
  copied.push(name);
}
if (!copied.includes("images")) {
  fail(`no images in ${relative(root, join(govuk, "assets"))}`);
}

// 4. Version stamp
writeFileSync(join(dist, "VERSION"), `${govukVersion}\n`);

const kib = (path) => `${(statSync(path).size / 1024).toFixed(0)} KiB`;
console.log(
  `build_frontend: govuk-frontend ${govukVersion}; portal.css ${kib(join(dist, "portal.css"))}; ` +
    `govuk-frontend.min.js ${kib(join(dist, "govuk-frontend.min.js"))}; assets: ${copied.join(", ")}`,
);
