#!/usr/bin/env node
// Renders reference PNGs with Excalidraw itself (the @excalidraw/excalidraw
// package, in headless Chromium) for the Rust renderer's fidelity tests.
//
//   node render.mjs [--out DIR] [--scale N] [--items LIST] [--verify] FILE...
//
// FILE is a `.excalidraw` scene, an `.excalidrawlib` library (each item is
// written as NAME-item-NNN.png, NNN = 0-based item index), or a PNG/SVG with
// an embedded scene (`*.excalidraw.png`, `*.excalidraw.svg`), which the
// package's own `loadFromBlob` reads.  See README.md.
//
// Nothing is fetched from outside 127.0.0.1: the package and its fonts are
// served from node_modules by a local HTTP server, and every other request the
// page makes is aborted (and reported on stderr).

import http from "node:http";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PKG_DIR = path.join(HERE, "node_modules", "@excalidraw", "excalidraw");
// The package keeps its fonts in dist/prod/fonts/<Family>/*.woff2 and resolves
// them as new URL("./fonts/...", window.EXCALIDRAW_ASSET_PATH).
const ASSETS_DIR = path.join(PKG_DIR, "dist", "prod");

export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // same text rendering on every machine / run
  "--font-render-hinting=none",
  "--force-color-profile=srgb",
];

export function packageVersion(name) {
  const p = path.join(HERE, "node_modules", ...name.split("/"), "package.json");
  return JSON.parse(fs.readFileSync(p, "utf8")).version;
}

// ---------------------------------------------------------------------------
// bundle + page

async function buildBundle() {
  const esbuild = await import("esbuild");
  const res = await esbuild.build({
    stdin: {
      contents:
        'import * as ExcalidrawLib from "@excalidraw/excalidraw";\n' +
        "window.ExcalidrawLib = ExcalidrawLib;\n",
      resolveDir: HERE,
      loader: "js",
    },
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "chrome110",
    conditions: ["production"],
    define: { "process.env.NODE_ENV": '"production"' },
    minify: true,
    legalComments: "none",
    write: false,
    logLevel: "warning",
  });
  return Buffer.from(res.outputFiles[0].contents);
}

// Page script: seeded Math.random (the package uses it for seeds/versions of
// elements that lack them), then the render entry point.
const PAGE_JS = String.raw`
(() => {
  let s = 0;
  window.__seed = (v) => { s = v >>> 0; };
  // mulberry32
  Math.random = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  window.__seed(1);
})();

window.__b64ToBytes = (b64) => {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
};

window.__blobToB64 = (blob) =>
  new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).split(",")[1]);
    r.onerror = () => reject(r.error);
    r.readAsDataURL(blob);
  });

// Loads the input with the package's own loaders and returns a list of scenes.
window.__loadScenes = async ({ b64, mime, kind, items }) => {
  const X = window.ExcalidrawLib;
  const blob = new Blob([window.__b64ToBytes(b64)], { type: mime });
  if (kind === "lib") {
    const libItems = await X.loadLibraryFromBlob(blob, "published");
    const idx = items ?? libItems.map((_, i) => i);
    return {
      count: libItems.length,
      scenes: idx
        .filter((i) => i < libItems.length)
        .map((i) => ({
          suffix: "-item-" + String(i).padStart(3, "0"),
          elements: libItems[i].elements,
          appState: { viewBackgroundColor: "#ffffff" },
          files: {},
        })),
    };
  }
  const data = await X.loadFromBlob(blob, null, null);
  return {
    count: 1,
    scenes: [
      {
        suffix: "",
        elements: data.elements,
        appState: data.appState || {},
        files: data.files || {},
      },
    ],
  };
};

window.__exportScene = async (scene, { scale, padding, restore }) => {
  const X = window.ExcalidrawLib;
  let elements = scene.elements.filter((e) => !e.isDeleted);
  if (restore) {
    // let the package fill defaults (as when it opens a file)
    elements = X.restoreElements(elements, null, {
      refreshDimensions: false,
      repairBindings: true,
    });
  }
  const appState = {
    ...scene.appState,
    viewBackgroundColor: scene.appState.viewBackgroundColor ?? "#ffffff",
    exportBackground: true,
    exportWithDarkMode: false,
    exportEmbedScene: false,
    exportScale: scale,
  };
  const opts = {
    elements,
    appState,
    files: scene.files,
    exportPadding: padding,
    mimeType: "image/png",
    getDimensions: (w, h) => ({ width: w * scale, height: h * scale, scale }),
  };
  // Warm-up export: makes the package load every font face the text needs
  // (Fonts.loadElementsFonts) and decode every image; then wait for the
  // document's fonts and export for real.
  await X.exportToCanvas(opts);
  await document.fonts.ready;
  const canvas = await X.exportToCanvas(opts);
  const blob = await X.exportToBlob(opts);
  const fonts = [...document.fonts]
    .filter((f) => f.status === "loaded")
    .map((f) => f.family.replace(/^"|"$/g, ""));
  return {
    b64: await window.__blobToB64(blob),
    width: canvas.width,
    height: canvas.height,
    fonts: [...new Set(fonts)].sort(),
    failedFonts: [...document.fonts]
      .filter((f) => f.status === "error")
      .map((f) => f.family),
  };
};
`;

const PAGE_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>excalidraw-refs</title>
<script>window.EXCALIDRAW_ASSET_PATH = location.origin + "/assets/";</script>
<script src="/page.js"></script>
<script src="/excalidraw.bundle.js"></script>
</head><body></body></html>`;

const TYPES = {
  ".js": "text/javascript",
  ".css": "text/css",
  ".woff2": "font/woff2",
  ".html": "text/html",
  ".json": "application/json",
};

function startServer(bundle) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    const send = (code, type, body) => {
      res.writeHead(code, { "content-type": type, "cache-control": "no-store" });
      res.end(body);
    };
    if (url.pathname === "/" || url.pathname === "/index.html")
      return send(200, "text/html", PAGE_HTML);
    if (url.pathname === "/page.js") return send(200, TYPES[".js"], PAGE_JS);
    if (url.pathname === "/excalidraw.bundle.js")
      return send(200, TYPES[".js"], bundle);
    if (url.pathname.startsWith("/assets/")) {
      const rel = decodeURIComponent(url.pathname.slice("/assets/".length));
      const file = path.resolve(ASSETS_DIR, rel);
      if (file.startsWith(ASSETS_DIR + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile())
        return send(200, TYPES[path.extname(file)] || "application/octet-stream", fs.readFileSync(file));
    }
    send(404, "text/plain", "not found");
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve(server)),
  );
}

// Starts server + browser; returns { newPage, close, origin }.
export async function startExcalidraw({ log = console.error } = {}) {
  const { chromium } = await import("playwright-core");
  const bundle = await buildBundle();
  const server = await startServer(bundle);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "excalidraw-refs-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 800, height: 600 },
    deviceScaleFactor: 1,
    locale: "en-US",
    timezoneId: "UTC",
    serviceWorkers: "block",
  });
  const blocked = new Set();
  await context.route("**/*", (route) => {
    const u = new URL(route.request().url());
    if (u.origin === origin || u.protocol === "data:" || u.protocol === "blob:")
      return route.continue();
    if (!blocked.has(u.href)) {
      blocked.add(u.href);
      log(`blocked non-local request: ${u.href}`);
    }
    return route.abort("blockedbyclient");
  });
  const newPage = async () => {
    const page = await context.newPage();
    page.on("pageerror", (e) => log(`page error: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") log(`page ${m.type()}: ${m.text()}`);
    });
    await page.goto(origin + "/", { waitUntil: "load" });
    await page.waitForFunction(() => !!window.ExcalidrawLib);
    return page;
  };
  const close = async () => {
    await context.close();
    await new Promise((r) => server.close(r));
    fs.rmSync(userDataDir, { recursive: true, force: true });
  };
  return { newPage, close, origin, blocked };
}

// ---------------------------------------------------------------------------
// CLI

function kindOf(file) {
  const f = file.toLowerCase();
  if (f.endsWith(".excalidrawlib")) return { kind: "lib", mime: "application/json" };
  if (f.endsWith(".png")) return { kind: "scene", mime: "image/png" };
  if (f.endsWith(".svg")) return { kind: "scene", mime: "image/svg+xml" };
  return { kind: "scene", mime: "application/json" };
}

export function baseName(file) {
  return path
    .basename(file)
    .replace(/\.excalidraw\.(png|svg)$/i, "")
    .replace(/\.(excalidrawlib|excalidraw|json|png|svg)$/i, "");
}

function parseItems(spec) {
  const out = [];
  for (const part of spec.split(",")) {
    const m = part.trim().match(/^(\d+)(?:-(\d+))?$/);
    if (!m) throw new Error(`bad --items: ${spec}`);
    const a = +m[1], b = m[2] === undefined ? a : +m[2];
    for (let i = a; i <= b; i++) out.push(i);
  }
  return out;
}

function usage(code) {
  console.error(
    "usage: node render.mjs [--out DIR] [--scale N] [--padding N] [--items LIST] [--no-restore] [--verify] FILE...\n" +
      "  --out DIR     output folder (default ./out)\n" +
      "  --scale N     export scale (default 1)\n" +
      "  --padding N   exportPadding (default 10)\n" +
      "  --items LIST  library items to render, e.g. 0-3 or 0,2,5 (default all)\n" +
      "  --no-restore  skip the extra restoreElements pass before export\n" +
      "  --verify      export every scene twice in fresh pages and fail if the bytes differ",
  );
  process.exit(code);
}

async function main(argv) {
  let out = "out", scale = 1, padding = 10, items = null, verify = false, restore = true;
  const files = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) usage(2);
      return argv[++i];
    };
    if (a === "--out") out = val();
    else if (a === "--scale") scale = Number(val());
    else if (a === "--padding") padding = Number(val());
    else if (a === "--items") items = parseItems(val());
    else if (a === "--verify") verify = true;
    else if (a === "--no-restore") restore = false;
    else if (a === "-h" || a === "--help") usage(0);
    else if (a.startsWith("--")) usage(2);
    else files.push(a);
  }
  if (!files.length || !(scale > 0) || !(padding >= 0)) usage(2);
  fs.mkdirSync(out, { recursive: true });

  const ex = await startExcalidraw();
  let failed = 0;
  try {
    for (const file of files) {
      const { kind, mime } = kindOf(file);
      const name = baseName(file);
      const b64 = fs.readFileSync(file).toString("base64");
      const renderAll = async () => {
        const page = await ex.newPage();
        try {
          await page.evaluate(() => window.__seed(1));
          const loaded = await page.evaluate((a) => window.__loadScenes(a), { b64, mime, kind, items });
          const results = [];
          for (const scene of loaded.scenes) {
            await page.evaluate(() => window.__seed(1));
            const r = await page.evaluate(
              ([s, o]) => window.__exportScene(s, o),
              [scene, { scale, padding, restore }],
            );
            results.push({ ...r, suffix: scene.suffix, count: scene.elements.filter((e) => !e.isDeleted).length });
          }
          return { results, count: loaded.count };
        } finally {
          await page.close();
        }
      };
      try {
        const first = await renderAll();
        if (verify) {
          const second = await renderAll();
          first.results.forEach((r, i) => {
            if (r.b64 !== second.results[i].b64) {
              failed++;
              console.error(`NOT DETERMINISTIC: ${name}${r.suffix}.png differs between two renders`);
            }
          });
        }
        if (kind === "lib" && items) {
          const missing = items.filter((i) => i >= first.count);
          if (missing.length) console.error(`${file}: has ${first.count} items; no item ${missing.join(", ")}`);
        }
        for (const r of first.results) {
          const outFile = path.join(out, `${name}${r.suffix}.png`);
          const bytes = Buffer.from(r.b64, "base64");
          fs.writeFileSync(outFile, bytes);
          console.log(
            `${outFile}  ${r.width}x${r.height}  ${bytes.length} bytes  ${r.count} elements  fonts: ${r.fonts.join(", ") || "-"}`,
          );
          if (r.failedFonts.length) console.error(`  fonts that failed to load: ${r.failedFonts.join(", ")}`);
        }
      } catch (e) {
        failed++;
        console.error(`${file}: ${e.message || e}`);
      }
    }
  } finally {
    await ex.close();
  }
  if (failed) process.exit(1);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
