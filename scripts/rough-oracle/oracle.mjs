// Test oracle for the Rust port of rough.js.
//
// Builds drawables with roughjs's RoughGenerator (no DOM or canvas needed) and
// writes them to stdout as JSON. Run:
//   cd scripts/rough-oracle && npm ci && node oracle.mjs > ../../tests/data/rough/oracle.json
//
// Every number is written with JSON.stringify, i.e. the shortest decimal that
// round-trips to the same f64 (no rounding). Note that JSON.stringify writes -0
// as 0.
//
// ROUGH_ENTRY picks the module to load (default 'roughjs', the package's
// bundled CommonJS build). It exists only to cross-check the bundle against
// the unbundled ESM sources in roughjs/bin (which need a resolve hook under
// Node because they import extensionless specifiers).

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ROUGH_VERSION = require('roughjs/package.json').version;
const entry = process.env.ROUGH_ENTRY || 'roughjs';
const roughModule = await import(entry);
const rough = roughModule.default || roughModule;

const SEED_EXCALIDRAW = 1041657908;
const SEEDS = [SEED_EXCALIDRAW, 1, 12345, 2147483646];
const FILL = '#15aabf';
const FILL_STYLES = ['hachure', 'solid', 'zigzag', 'cross-hatch', 'dots', 'dashed', 'zigzag-line'];

// --- Math.random guard -------------------------------------------------------
// With a non-zero seed rough.js should never call Math.random, except the
// 'dots' filler, which jitters each dot with Math.random() (unseeded). For
// those cases Math.random is replaced by a deterministic stub: the same
// generator as rough's own Random class, started from MATH_RANDOM_STUB_SEED at
// the beginning of the case. Anywhere else a call to Math.random is an error.
const MATH_RANDOM_STUB_SEED = 42;
const realRandom = Math.random;
let stubState = null;
Math.random = function guardedRandom() {
  if (stubState === null) {
    throw new Error('unexpected Math.random() call outside a dots case');
  }
  stubState = Math.imul(48271, stubState);
  return ((2 ** 31 - 1) & stubState) / 2 ** 31;
};

// --- case building -----------------------------------------------------------
const cases = [];
const names = new Set();

function usesDots(options) {
  return options && options.fillStyle === 'dots' && options.fill;
}

function add(name, shape, args, options) {
  if (names.has(name)) throw new Error(`duplicate case name ${name}`);
  names.add(name);
  // The generator (and hachure-fill) mutate point arrays in place, so give it
  // a deep copy and record the pristine arguments.
  const recordedArgs = JSON.parse(JSON.stringify(args));
  const recordedOptions = JSON.parse(JSON.stringify(options));
  const callArgs = JSON.parse(JSON.stringify(args));
  const callOptions = { ...options };
  const gen = rough.generator();
  if (typeof gen[shape] !== 'function') {
    process.stderr.write(`skipping ${name}: generator has no ${shape}()\n`);
    return;
  }
  const dots = usesDots(options);
  stubState = dots ? MATH_RANDOM_STUB_SEED : null;
  let drawable;
  try {
    drawable = gen[shape](...callArgs, callOptions);
  } finally {
    stubState = null;
  }
  const sets = drawable.sets.map((set) => ({
    type: set.type,
    ops: set.ops.map((op) => {
      for (const v of op.data) {
        if (typeof v !== 'number' || !Number.isFinite(v)) {
          throw new Error(`non-finite number in ${name}: ${v}`);
        }
      }
      return { op: op.op, data: op.data.slice() };
    }),
  }));
  const c = { name, shape, args: recordedArgs, options: recordedOptions };
  if (dots) {
    c.mathRandomStub = {
      note: "Math.random() replaced by rough's Random LCG (Math.imul(48271, s), ((2**31-1) & s) / 2**31) started from seed below at the start of this case",
      seed: MATH_RANDOM_STUB_SEED,
    };
  }
  c.sets = sets;
  cases.push(c);
}

// ---- line ----
for (const seed of SEEDS) {
  for (const roughness of [0, 1, 2]) {
    add(`line_r${roughness}_b1_s${seed}`, 'line', [10, 20, 200, 90], { seed, roughness, bowing: 1 });
  }
  add(`line_r1_b2_s${seed}`, 'line', [10, 20, 200, 90], { seed, roughness: 1, bowing: 2 });
  if (seed === SEED_EXCALIDRAW || seed === 1) {
    add(`line_short_s${seed}`, 'line', [0, 0, 3, 1], { seed });
    add(`line_single_stroke_s${seed}`, 'line', [10, 20, 200, 90], { seed, disableMultiStroke: true });
  }
}
// a long line (> 200 and > 500 px) exercises the roughnessGain branches
add(`line_long_300_s${SEED_EXCALIDRAW}`, 'line', [0, 0, 300, 0], { seed: SEED_EXCALIDRAW });
add(`line_long_600_s${SEED_EXCALIDRAW}`, 'line', [0, 0, 480, 360], { seed: SEED_EXCALIDRAW });

// ---- rectangle ----
add(`rect214_nofill_s${SEED_EXCALIDRAW}`, 'rectangle', [0, 0, 214, 214], { seed: SEED_EXCALIDRAW });
for (const fillStyle of FILL_STYLES) {
  // dots, dashed and zigzag-line at the default gap (4) would be 0.5-5 MB
  // each; give those a wider gap to keep the file small
  const o = { seed: SEED_EXCALIDRAW, fill: FILL, fillStyle };
  const wide = { dots: 36, dashed: 16, 'zigzag-line': 16 }[fillStyle];
  if (wide) o.hachureGap = wide;
  add(`rect214_${fillStyle}${wide ? `_gap${wide}` : ''}_s${SEED_EXCALIDRAW}`, 'rectangle', [0, 0, 214, 214], o);
}
for (const fillStyle of FILL_STYLES) {
  const gap = fillStyle === 'dots' ? 12 : 4;
  add(`rect100x40_${fillStyle}_gap${gap}_s12345`, 'rectangle', [5, 5, 100, 40], { seed: 12345, fill: FILL, fillStyle, hachureGap: gap });
}
add(`rect214_hachure_angle-41_gap4_s${SEED_EXCALIDRAW}`, 'rectangle', [0, 0, 214, 214], { seed: SEED_EXCALIDRAW, fill: FILL, fillStyle: 'hachure', hachureGap: 4, hachureAngle: -41 });
add(`rect214_hachure_angle60_s${SEED_EXCALIDRAW}`, 'rectangle', [0, 0, 214, 214], { seed: SEED_EXCALIDRAW, fill: FILL, fillStyle: 'hachure', hachureAngle: 60 });
add(`rect100x40_cross-hatch_angle60_gap4_s12345`, 'rectangle', [5, 5, 100, 40], { seed: 12345, fill: FILL, fillStyle: 'cross-hatch', hachureAngle: 60, hachureGap: 4 });
add(`rect100x40_zigzag_angle60_gap4_s12345`, 'rectangle', [5, 5, 100, 40], { seed: 12345, fill: FILL, fillStyle: 'zigzag', hachureAngle: 60, hachureGap: 4 });
add(`rect214_hachure_fw0.5_s${SEED_EXCALIDRAW}`, 'rectangle', [0, 0, 214, 214], { seed: SEED_EXCALIDRAW, fill: FILL, fillStyle: 'hachure', fillWeight: 0.5 });
add(`rect100x40_dots_fw3_gap12_s12345`, 'rectangle', [5, 5, 100, 40], { seed: 12345, fill: FILL, fillStyle: 'dots', fillWeight: 3, hachureGap: 12 });
add(`rect214_nofill_sw4_s${SEED_EXCALIDRAW}`, 'rectangle', [0, 0, 214, 214], { seed: SEED_EXCALIDRAW, strokeWidth: 4 });
// strokeWidth 1 (the default) is rect214_hachure above
add(`rect214_hachure_sw4_s${SEED_EXCALIDRAW}`, 'rectangle', [0, 0, 214, 214], { seed: SEED_EXCALIDRAW, fill: FILL, fillStyle: 'hachure', strokeWidth: 4 });
add(`rect100x40_dashed_sw4_s12345`, 'rectangle', [5, 5, 100, 40], { seed: 12345, fill: FILL, fillStyle: 'dashed', strokeWidth: 4 });
add(`rect100x40_zigzag-line_sw4_s12345`, 'rectangle', [5, 5, 100, 40], { seed: 12345, fill: FILL, fillStyle: 'zigzag-line', strokeWidth: 4 });
// roughness 1 (the default) is rect214_hachure_angle-41_gap4 above
for (const roughness of [0, 2]) {
  add(`rect214_hachure_gap4_r${roughness}_s${SEED_EXCALIDRAW}`, 'rectangle', [0, 0, 214, 214], { seed: SEED_EXCALIDRAW, fill: FILL, fillStyle: 'hachure', hachureGap: 4, roughness });
}
add(`rect100x40_solid_r0_s12345`, 'rectangle', [5, 5, 100, 40], { seed: 12345, fill: FILL, fillStyle: 'solid', roughness: 0 });
add(`rect100x40_nofill_r2_s12345`, 'rectangle', [5, 5, 100, 40], { seed: 12345, roughness: 2 });
for (const seed of [1, 12345, 2147483646]) {
  add(`rect214_hachure_gap4_s${seed}`, 'rectangle', [0, 0, 214, 214], { seed, fill: FILL, fillStyle: 'hachure', hachureGap: 4 });
}
add(`rect100x40_nofill_s2147483646`, 'rectangle', [5, 5, 100, 40], { seed: 2147483646 });
add(`rect100x40_stroke_none_hachure_s12345`, 'rectangle', [5, 5, 100, 40], { seed: 12345, stroke: 'none', fill: FILL, fillStyle: 'hachure', hachureGap: 4 });

// ---- ellipse / circle ----
const ELLIPSES = [
  ['e100', [50, 50, 100, 100]],
  ['e214', [107, 107, 214, 214]],
  ['e120x40', [60, 30, 120, 40]],
];
for (const [tag, args] of ELLIPSES) {
  add(`ellipse_${tag}_nofill_s${SEED_EXCALIDRAW}`, 'ellipse', args, { seed: SEED_EXCALIDRAW });
  add(`ellipse_${tag}_hachure_s${SEED_EXCALIDRAW}`, 'ellipse', args, { seed: SEED_EXCALIDRAW, fill: FILL, fillStyle: 'hachure' });
  if (tag !== 'e214') {
    add(`ellipse_${tag}_cf1_s${SEED_EXCALIDRAW}`, 'ellipse', args, { seed: SEED_EXCALIDRAW, curveFitting: 1 });
  }
}
// curveFitting 0.95 / roughness 1 are the defaults: see the _nofill cases
add(`ellipse_e100_hachure_cf1_s${SEED_EXCALIDRAW}`, 'ellipse', [50, 50, 100, 100], { seed: SEED_EXCALIDRAW, fill: FILL, fillStyle: 'hachure', curveFitting: 1 });
add(`ellipse_e100_r2_s${SEED_EXCALIDRAW}`, 'ellipse', [50, 50, 100, 100], { seed: SEED_EXCALIDRAW, roughness: 2 });
add(`ellipse_e120x40_hachure_r2_s${SEED_EXCALIDRAW}`, 'ellipse', [60, 30, 120, 40], { seed: SEED_EXCALIDRAW, fill: FILL, fillStyle: 'hachure', roughness: 2 });
add(`ellipse_e100_r0_s${SEED_EXCALIDRAW}`, 'ellipse', [50, 50, 100, 100], { seed: SEED_EXCALIDRAW, roughness: 0 });
add(`ellipse_e100_preserveVertices_s${SEED_EXCALIDRAW}`, 'ellipse', [50, 50, 100, 100], { seed: SEED_EXCALIDRAW, preserveVertices: true });
add(`ellipse_e100_solid_s${SEED_EXCALIDRAW}`, 'ellipse', [50, 50, 100, 100], { seed: SEED_EXCALIDRAW, fill: FILL, fillStyle: 'solid' });
add(`ellipse_e100_single_stroke_s${SEED_EXCALIDRAW}`, 'ellipse', [50, 50, 100, 100], { seed: SEED_EXCALIDRAW, disableMultiStroke: true });
for (const seed of [1, 12345, 2147483646]) {
  add(`ellipse_e100_hachure_s${seed}`, 'ellipse', [50, 50, 100, 100], { seed, fill: FILL, fillStyle: 'hachure' });
}
add(`circle_d100_s${SEED_EXCALIDRAW}`, 'circle', [50, 50, 100], { seed: SEED_EXCALIDRAW });

// ---- polygon / linearPath ----
const DIAMOND = [[50, 0], [100, 50], [50, 100], [0, 50]];
add(`polygon_diamond_nofill_s${SEED_EXCALIDRAW}`, 'polygon', [DIAMOND], { seed: SEED_EXCALIDRAW });
add(`polygon_diamond_hachure_s${SEED_EXCALIDRAW}`, 'polygon', [DIAMOND], { seed: SEED_EXCALIDRAW, fill: FILL, fillStyle: 'hachure' });
add(`polygon_diamond_solid_s${SEED_EXCALIDRAW}`, 'polygon', [DIAMOND], { seed: SEED_EXCALIDRAW, fill: FILL, fillStyle: 'solid' });
add(`polygon_diamond_hachure_s1`, 'polygon', [DIAMOND], { seed: 1, fill: FILL, fillStyle: 'hachure' });
add(`polygon_diamond_cross-hatch_s12345`, 'polygon', [DIAMOND], { seed: 12345, fill: FILL, fillStyle: 'cross-hatch' });
const POLYLINE5 = [[10, 10], [60, 40], [110, 15], [160, 70], [220, 30]];
add(`linearPath_5pt_s${SEED_EXCALIDRAW}`, 'linearPath', [POLYLINE5], { seed: SEED_EXCALIDRAW });
add(`linearPath_5pt_preserveVertices_s1`, 'linearPath', [POLYLINE5], { seed: 1, preserveVertices: true });

// ---- curve ----
const CURVE5 = [[10, 10], [60, 80], [120, 20], [180, 90], [240, 40]];
add(`curve_5pt_t0_s${SEED_EXCALIDRAW}`, 'curve', [CURVE5], { seed: SEED_EXCALIDRAW, curveTightness: 0 });
add(`curve_5pt_t0.5_s${SEED_EXCALIDRAW}`, 'curve', [CURVE5], { seed: SEED_EXCALIDRAW, curveTightness: 0.5 });
add(`curve_5pt_hachure_s${SEED_EXCALIDRAW}`, 'curve', [CURVE5], { seed: SEED_EXCALIDRAW, fill: FILL, fillStyle: 'hachure' });
add(`curve_5pt_solid_s${SEED_EXCALIDRAW}`, 'curve', [CURVE5], { seed: SEED_EXCALIDRAW, fill: FILL, fillStyle: 'solid' });
add(`curve_5pt_single_stroke_s1`, 'curve', [CURVE5], { seed: 1, disableMultiStroke: true });

// ---- path ----
const ROUNDED_RECT = 'M 10 0 Q 0 0, 0 10 L 0 90 Q 0 100, 10 100 L 90 100 Q 100 100, 100 90 L 100 10 Q 100 0, 90 0 L 10 0';
for (const pv of [false, true]) {
  add(`path_roundrect_nofill_pv${pv}_s${SEED_EXCALIDRAW}`, 'path', [ROUNDED_RECT], { seed: SEED_EXCALIDRAW, preserveVertices: pv });
  add(`path_roundrect_hachure_pv${pv}_s${SEED_EXCALIDRAW}`, 'path', [ROUNDED_RECT], { seed: SEED_EXCALIDRAW, fill: FILL, fillStyle: 'hachure', preserveVertices: pv });
}
add(`path_roundrect_solid_s${SEED_EXCALIDRAW}`, 'path', [ROUNDED_RECT], { seed: SEED_EXCALIDRAW, fill: FILL, fillStyle: 'solid' });
add(`path_roundrect_hachure_s12345`, 'path', [ROUNDED_RECT], { seed: 12345, fill: FILL, fillStyle: 'hachure' });

// ---- arc ----
add(`arc_open_s${SEED_EXCALIDRAW}`, 'arc', [100, 100, 200, 150, 0, Math.PI / 2, false], { seed: SEED_EXCALIDRAW });
add(`arc_closed_hachure_s${SEED_EXCALIDRAW}`, 'arc', [100, 100, 200, 150, -Math.PI / 4, Math.PI, true], { seed: SEED_EXCALIDRAW, fill: FILL, fillStyle: 'hachure' });

// ---- Excalidraw's options combo ----
function excalidrawOptions(seed) {
  return {
    seed,
    strokeWidth: 1,
    roughness: 1,
    stroke: '#000000',
    fill: FILL,
    fillStyle: 'hachure',
    fillWeight: 0.5,
    hachureGap: 4,
    disableMultiStroke: false,
    preserveVertices: false,
  };
}
add(`excalidraw_rectangle214_s${SEED_EXCALIDRAW}`, 'rectangle', [0, 0, 214, 214], excalidrawOptions(SEED_EXCALIDRAW));
add(`excalidraw_diamond100_s${SEED_EXCALIDRAW}`, 'polygon', [DIAMOND], excalidrawOptions(SEED_EXCALIDRAW));
add(`excalidraw_ellipse100_s${SEED_EXCALIDRAW}`, 'ellipse', [50, 50, 100, 100], excalidrawOptions(SEED_EXCALIDRAW));

Math.random = realRandom;

const defaults = { ...rough.generator().defaultOptions };
const out = {
  roughjs: ROUGH_VERSION,
  source: `roughjs@${ROUGH_VERSION} via import('${entry}'); generator = rough.generator(), one fresh generator per case`,
  defaults,
  defaultsSource: 'read from rough.generator().defaultOptions at run time',
  notes: [
    'options is exactly the object passed as the last argument of generator[shape](...args, options); defaults apply to everything else.',
    "Numbers are JSON.stringify'd f64 values (shortest round-trip form); -0 is written as 0.",
    "sets are drawable.sets in order; each set's ops keep rough.js order.",
    "Cases with fillStyle 'dots' carry mathRandomStub: rough.js's dot filler uses unseeded Math.random(), replaced here by a deterministic stub.",
  ],
  cases,
};
process.stdout.write(JSON.stringify(out) + '\n');
process.stderr.write(`${cases.length} cases\n`);
