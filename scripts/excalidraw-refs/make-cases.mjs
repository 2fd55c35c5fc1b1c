#!/usr/bin/env node
// Writes a test scene that covers the element styles the renderer must match:
//
//   node make-cases.mjs [--out FILE] [--no-measure]
//
// default FILE: ../../tests/data/fidelity/excalidraw/cases.excalidraw
//
// One element (or one group of container + text) per grid cell, no overlaps,
// fixed seeds / versionNonces / indices, so the file is the same every time.
// Text widths and heights are measured by the package itself (restoreElements
// with refreshDimensions, after its fonts are loaded) in headless Chromium, so
// they are what Excalidraw would store; --no-measure uses a rough estimate
// instead (no browser needed). The file is saved as written here: nothing the
// package returns is saved except those text dimensions.
//
// Render it with:  node render.mjs --out DIR FILE   (gives DIR/cases.png)

import fs from "node:fs";
import zlib from "node:zlib";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
let out = path.resolve(HERE, "../../tests/data/fidelity/excalidraw/cases.excalidraw");
let measure = true;
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === "--out") out = path.resolve(argv[++i]);
  else if (argv[i] === "--no-measure") measure = false;
  else {
    console.error("usage: node make-cases.mjs [--out FILE] [--no-measure]");
    process.exit(2);
  }
}

// ---------------------------------------------------------------------------
// layout: 6 columns x 8 rows of 220 x 180 cells

const CELL_W = 220;
const CELL_H = 180;
const cell = (col, row) => ({ x: col * CELL_W, y: row * CELL_H });

const B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const elements = [];

function add(type, id, x, y, width, height, props = {}) {
  const i = elements.length;
  if (i >= B62.length) throw new Error("too many elements for the index scheme");
  const el = {
    id,
    type,
    x,
    y,
    width,
    height,
    angle: 0,
    strokeColor: "#1e1e1e",
    backgroundColor: "transparent",
    fillStyle: "solid",
    strokeWidth: 2,
    strokeStyle: "solid",
    roughness: 1,
    opacity: 100,
    groupIds: [],
    frameId: null,
    index: "a" + B62[i], // valid fractional index, increasing
    roundness: null,
    seed: 1000003 + i * 7919,
    version: 1,
    versionNonce: 2000003 + i * 104729,
    isDeleted: false,
    boundElements: null,
    updated: 1700000000000,
    link: null,
    locked: false,
  };
  Object.assign(el, props);
  elements.push(el);
  return el;
}

function linear(type, id, x, y, points, props = {}) {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const width = Math.max(...xs) - Math.min(...xs);
  const height = Math.max(...ys) - Math.min(...ys);
  const extra =
    type === "arrow"
      ? { startArrowhead: null, endArrowhead: "arrow", elbowed: false }
      : { startArrowhead: null, endArrowhead: null };
  return add(type, id, x, y, width, height, {
    points,
    lastCommittedPoint: null,
    startBinding: null,
    endBinding: null,
    ...extra,
    ...props,
  });
}

// line heights the package uses for each font family (FONT_METADATA)
const FONTS = {
  1: ["Virgil", 1.25],
  2: ["Helvetica", 1.15],
  3: ["Cascadia", 1.2],
  5: ["Excalifont", 1.25],
  6: ["Nunito", 1.35],
  7: ["Lilita One", 1.15],
  8: ["Comic Shanns", 1.25],
  9: ["Liberation Sans", 1.15],
};

function text(id, x, y, str, props = {}) {
  const fontSize = props.fontSize ?? 20;
  const fontFamily = props.fontFamily ?? 5;
  const lineHeight = FONTS[fontFamily][1];
  const lines = str.split("\n");
  return add("text", id, x, y, Math.max(...lines.map((l) => l.length)) * fontSize * 0.55, lines.length * fontSize * lineHeight, {
    text: str,
    fontSize,
    fontFamily,
    textAlign: "left",
    verticalAlign: "top",
    containerId: null,
    originalText: str,
    autoResize: true,
    lineHeight,
    ...props,
  });
}

// --- shapes: each type x each fillStyle; roughness, strokeStyle, strokeWidth,
// roundness and colours vary so that every value appears on every type.
const FILLS = ["hachure", "cross-hatch", "zigzag", "solid"];
const BG = ["#ffc9c9", "#b2f2bb", "#a5d8ff", "#ffec99"];
const STROKES = ["#1e1e1e", "#e03131", "#2f9e44", "#1971c2"];
const STYLES = ["solid", "dashed", "dotted"];
const WIDTHS = [1, 2, 4];
const ROUNDNESS = {
  rectangle: [null, { type: 3 }, { type: 2 }, { type: 3 }],
  diamond: [null, { type: 2 }, null, { type: 2 }],
  ellipse: [null, null, null, null],
};
["rectangle", "diamond", "ellipse"].forEach((type, row) => {
  FILLS.forEach((fill, col) => {
    const { x, y } = cell(col, row);
    add(type, `${type}-${fill}`, x + 30, y + 35, 160, 110, {
      fillStyle: fill,
      backgroundColor: BG[col],
      strokeColor: STROKES[(col + row) % 4],
      roughness: (col + row) % 3,
      strokeStyle: STYLES[(col + 2 * row) % 3],
      strokeWidth: WIDTHS[(col + row + 1) % 3],
      roundness: ROUNDNESS[type][col],
    });
  });
});

// row 0, columns 4-5: rotated rectangle, 50% opacity rectangle
{
  let { x, y } = cell(4, 0);
  add("rectangle", "rectangle-rotated", x + 40, y + 50, 140, 80, {
    angle: 0.5,
    backgroundColor: "#d0bfff",
    fillStyle: "hachure",
    roughness: 1,
    roundness: { type: 3 },
  });
  ({ x, y } = cell(5, 0));
  add("rectangle", "rectangle-opacity50", x + 30, y + 35, 160, 110, {
    opacity: 50,
    backgroundColor: "#1971c2",
    fillStyle: "solid",
    strokeColor: "#e03131",
    strokeWidth: 4,
    roughness: 0,
  });
}

// row 1, columns 4-5: lines (sharp, round)
{
  const zig = [[0, 0], [50, 90], [100, 10], [160, 100]];
  let { x, y } = cell(4, 1);
  linear("line", "line-sharp", x + 30, y + 40, zig, { roundness: null, roughness: 1, strokeWidth: 2 });
  ({ x, y } = cell(5, 1));
  linear("line", "line-round", x + 30, y + 40, zig, {
    roundness: { type: 2 },
    roughness: 0,
    strokeWidth: 2,
    strokeStyle: "dashed",
    strokeColor: "#1971c2",
  });
}

// row 2, columns 4-5: closed filled line, text bound in a rectangle
{
  let { x, y } = cell(4, 2);
  linear(
    "line",
    "line-closed-filled",
    x + 30,
    y + 35,
    [[0, 0], [160, 20], [120, 110], [20, 90], [0, 0]],
    { roundness: null, backgroundColor: "#ffd8a8", fillStyle: "hachure", roughness: 2, strokeColor: "#e8590c" },
  );
  ({ x, y } = cell(5, 2));
  const box = add("rectangle", "bound-container", x + 20, y + 40, 180, 100, {
    roundness: { type: 3 },
    backgroundColor: "#e9ecef",
    fillStyle: "solid",
    roughness: 0,
    boundElements: [{ type: "text", id: "bound-text" }],
  });
  text("bound-text", box.x + 20, box.y + 25, "Bound text\nmiddle, center", {
    fontFamily: 5,
    textAlign: "center",
    verticalAlign: "middle",
    containerId: box.id,
  });
}

// rows 3-4: arrows, one per arrowhead type, on both start and end; straight
// ones, curved ones (roundness type 2) and sharp polylines, roughness 0/1/2
const HEADS = [
  "arrow", "bar", "dot", "circle", "circle_outline", "triangle",
  "triangle_outline", "diamond", "diamond_outline", "crowfoot_one",
  "crowfoot_many", "crowfoot_one_or_many",
];
HEADS.forEach((head, i) => {
  const { x, y } = cell(i % 6, 3 + Math.floor(i / 6));
  const kind = i % 3; // 0 straight, 1 curved, 2 sharp polyline
  const points =
    kind === 0 ? [[0, 0], [160, 60]] :
    kind === 1 ? [[0, 0], [80, -60], [160, 0]] :
    [[0, 0], [80, 0], [80, 60], [160, 60]];
  linear("arrow", `arrow-${head}`, x + 30, y + (kind === 1 ? 120 : 60), points, {
    startArrowhead: head,
    endArrowhead: head,
    roundness: kind === 1 ? { type: 2 } : null,
    roughness: i % 3 === 0 ? 0 : (i % 2) + 1,
    strokeWidth: WIDTHS[i % 3],
    strokeStyle: i === 4 ? "dashed" : i === 8 ? "dotted" : "solid",
    strokeColor: STROKES[i % 4],
  });
});

// rows 5-7: one line of text per font family, 3 per row in double-width cells;
// left-aligned ones hang from the cell's left edge, centred ones from its
// centre, right-aligned ones from its right edge.
const ALIGNS = ["left", "center", "right"];
[1, 2, 3, 5, 6, 7, 8, 9].forEach((ff, i) => {
  const col = i % 3;
  const row = 5 + Math.floor(i / 3);
  const x0 = col * 2 * CELL_W + 30;
  const x1 = (col + 1) * 2 * CELL_W - 30;
  const align = ALIGNS[i % 3];
  const t = text(`text-${ff}-${align}`, x0, row * CELL_H + 70, `${FONTS[ff][0]} (${ff}) ${align}`, {
    fontFamily: ff,
    fontSize: 24,
    textAlign: align,
    strokeColor: STROKES[i % 4],
  });
  t.__anchor = { x0, x1 };
});

// row 8: an elbow arrow, a labelled arrow (Excalidraw leaves a gap for the label), and a
// frame (its name above it, 50% opacity) with a child inside, one across its right edge
// (clipped) and one wholly outside (drawn in full: ungrouped)
{
  let { x, y } = cell(0, 8);
  linear("arrow", "arrow-elbow", x + 30, y + 40, [[0, 0], [80, 0], [80, 90], [160, 90]], {
    elbowed: true,
    roughness: 1,
    strokeWidth: 2,
    endArrowhead: "triangle",
    strokeColor: "#1971c2",
  });
  ({ x, y } = cell(1, 8));
  const arrow = linear("arrow", "arrow-labelled", x + 30, y + 60, [[0, 0], [160, 60]], {
    roughness: 0,
    strokeWidth: 2,
    boundElements: [{ type: "text", id: "arrow-label" }],
  });
  text("arrow-label", x + 90, y + 80, "label", { fontSize: 20, textAlign: "center", containerId: arrow.id });
  ({ x, y } = cell(2, 8));
  const frame = add("frame", "frame-a", x + 30, y + 35, 560, 120, { name: "Frame with a name", opacity: 50, roughness: 0 });
  add("rectangle", "frame-child-inside", frame.x + 20, frame.y + 20, 140, 80, {
    frameId: frame.id,
    backgroundColor: "#a5d8ff",
    fillStyle: "hachure",
  });
  add("ellipse", "frame-child-across", frame.x + 480, frame.y + 30, 150, 60, {
    frameId: frame.id,
    backgroundColor: "#ffc9c9",
    fillStyle: "solid",
    strokeColor: "#e03131",
  });
  add("diamond", "frame-child-outside", cell(5, 8).x + 100, frame.y + 20, 80, 80, {
    frameId: frame.id,
    strokeColor: "#2f9e44",
  });
}

// row 9: images (a PNG made here: a gradient with a dark square in its top-left corner, so a
// flip or a crop shows): plain, cropped, flipped and rotated at 60% opacity, and one whose file
// is missing (Excalidraw's placeholder)
function crc32(buf) {
  let c, crc = 0xffffffff;
  for (const b of buf) {
    c = (crc ^ b) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
function png(w, h, pixel) {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; ihdr[9] = 6; // 8-bit RGBA
  const raw = Buffer.alloc((w * 4 + 1) * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) raw.set(pixel(x, y), y * (w * 4 + 1) + 1 + x * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr), chunk("IDAT", zlib.deflateSync(raw)), chunk("IEND", Buffer.alloc(0)),
  ]);
}
const FILES = {};
{
  const data = png(64, 48, (x, y) => (x < 16 && y < 16 ? [30, 30, 30, 255] : [x * 4, 120 + y, 255 - x * 3, 255]));
  FILES["gradient"] = {
    mimeType: "image/png",
    id: "gradient",
    dataURL: "data:image/png;base64," + data.toString("base64"),
    created: 1700000000000,
  };
  const image = (id, col, props) => {
    const { x, y } = cell(col, 9);
    return add("image", id, x + 40, y + 30, 128, 96, { fileId: "gradient", status: "saved", scale: [1, 1], crop: null, ...props });
  };
  image("image-plain", 0, {});
  image("image-crop", 1, { crop: { x: 8, y: 8, width: 32, height: 24, naturalWidth: 64, naturalHeight: 48 } });
  image("image-flip-rotate", 2, { scale: [-1, 1], angle: 0.4, opacity: 60 });
  image("image-missing", 3, { fileId: "no-such-file" });
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="80" height="60" viewBox="0 0 80 60">' +
    '<rect x="4" y="4" width="72" height="52" rx="8" fill="#ffd43b" stroke="#1e1e1e" stroke-width="3"/>' +
    '<circle cx="40" cy="30" r="16" fill="#e03131"/></svg>';
  FILES["vector"] = {
    mimeType: "image/svg+xml",
    id: "vector",
    dataURL: "data:image/svg+xml;base64," + Buffer.from(svg).toString("base64"),
    created: 1700000000000,
  };
  image("image-svg", 4, { fileId: "vector", width: 160, height: 120, x: cell(4, 9).x + 30, y: cell(4, 9).y + 30 });
  // row 10: a rounded image (clipped to its corners)
  image("image-rounded", 0, { roundness: { type: 3 }, y: cell(0, 10).y + 30 });
  image("image-error", 1, { fileId: "no-such-file", status: "error", y: cell(1, 10).y + 30 });
  const { x, y } = cell(5, 9);
  add("embeddable", "embed", x + 20, y + 40, 180, 100, { link: "https://example.org/a/page", strokeColor: "transparent" });
}

// ---------------------------------------------------------------------------

function place() {
  for (const el of elements) {
    if (el.type !== "text") continue;
    if (el.containerId) {
      const c = elements.find((e) => e.id === el.containerId);
      const [cx, cy] = c.points
        ? [c.x + (c.points[0][0] + c.points.at(-1)[0]) / 2, c.y + (c.points[0][1] + c.points.at(-1)[1]) / 2]
        : [c.x + c.width / 2, c.y + c.height / 2];
      el.x = cx - el.width / 2;
      el.y = cy - el.height / 2;
    } else if (el.__anchor) {
      const { x0, x1 } = el.__anchor;
      el.x = el.textAlign === "left" ? x0 : el.textAlign === "right" ? x1 - el.width : (x0 + x1) / 2 - el.width / 2;
    }
  }
}

async function measureWithExcalidraw() {
  const { startExcalidraw } = await import("./render.mjs");
  const ex = await startExcalidraw();
  try {
    const page = await ex.newPage();
    const clean = elements.map(({ __anchor, ...e }) => e);
    const measured = await page.evaluate(async (els) => {
      const X = window.ExcalidrawLib;
      // load every font the texts need, the way export does
      await X.exportToCanvas({ elements: els, appState: {}, files: {} });
      await document.fonts.ready;
      const restored = X.restoreElements(els, null, { refreshDimensions: true, repairBindings: true });
      return restored
        .filter((e) => e.type === "text")
        .map((e) => ({ id: e.id, width: e.width, height: e.height, text: e.text }));
    }, clean);
    await page.close();
    for (const m of measured) {
      const el = elements.find((e) => e.id === m.id);
      if (m.text !== el.text) throw new Error(`${m.id}: package re-wrapped the text: ${JSON.stringify(m.text)}`);
      el.width = m.width;
      el.height = m.height;
    }
  } finally {
    await ex.close();
  }
}

if (measure) await measureWithExcalidraw();
place();

// sanity: no two cells' contents overlap (axis-aligned boxes, rotation incl.)
function bbox(e) {
  if (e.points) {
    const xs = e.points.map((p) => p[0] + e.x), ys = e.points.map((p) => p[1] + e.y);
    return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
  }
  const cx = e.x + e.width / 2, cy = e.y + e.height / 2;
  const c = Math.abs(Math.cos(e.angle)), s = Math.abs(Math.sin(e.angle));
  const hw = (e.width * c + e.height * s) / 2, hh = (e.width * s + e.height * c) / 2;
  return [cx - hw, cy - hh, cx + hw, cy + hh];
}
for (const a of elements)
  for (const b of elements) {
    if (a === b || a.containerId === b.id || b.containerId === a.id) continue;
    if (a.frameId === b.id || b.frameId === a.id || (a.frameId && a.frameId === b.frameId)) continue;
    const [ax0, ay0, ax1, ay1] = bbox(a), [bx0, by0, bx1, by1] = bbox(b);
    if (ax0 < bx1 && bx0 < ax1 && ay0 < by1 && by0 < ay1) throw new Error(`overlap: ${a.id} / ${b.id}`);
  }

const scene = {
  type: "excalidraw",
  version: 2,
  source: "scripts/excalidraw-refs/make-cases.mjs",
  elements: elements.map(({ __anchor, ...e }) => e),
  appState: { gridSize: 20, gridStep: 5, gridModeEnabled: false, viewBackgroundColor: "#ffffff" },
  files: FILES,
};
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify(scene, null, 2) + "\n");
console.log(`${out}  ${elements.length} elements  ${fs.statSync(out).size} bytes${measure ? "" : "  (text sizes estimated)"}`);
