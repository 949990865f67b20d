/**
 * driver.py's `numeric_trial` is the declared mirror of the engine's `differences`: the Python
 * driver must send the host the same numbers for the same function, or the one verdict rule
 * judges Python losses differently. Both run here on the same functions, points and options, and
 * their numbers must agree to 1e-12 (they are the same IEEE operations in the same order, so in
 * practice bit for bit; only the projections' g·v is summed by NumPy's dot). The functions use
 * + − × / and √ only, which both languages round correctly, so f itself is the same on both sides.
 *
 * Only driver.py's function definitions are taken (through `ast`), not its top-level statements:
 * the driver takes fd 3 and imports its sibling modules when it starts, which a test need not do.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { differences, signDirection, type DifferenceOptions, type TrialNumbers } from '../../src/engine/differences';
import { GRADCHECK_DEFAULTS } from '../../src/engine/gradcheckDefaults';
import { Mulberry32, mulberry32Stream } from '../../src/engine/mulberry32';

const PYTHON = '/usr/bin/python3';
const DRIVER = path.join(__dirname, '..', '..', 'src', 'gradcheck', 'python', 'driver.py');

/** Defines driver.py's functions (and harmless top-level assignments) in `ns`, skipping what fails. */
const LOAD_DRIVER = `
import ast, json, math, sys
import numpy as np
_path = sys.argv[1]
ns = {"__name__": "driver_under_test", "__file__": _path}
for node in ast.parse(open(_path, encoding="utf-8").read()).body:
    if isinstance(node, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.ClassDef, ast.Assign, ast.AnnAssign)):
        try:
            exec(compile(ast.Module(body=[node], type_ignores=[]), _path, "exec"), ns)
        except Exception:
            pass  # fd 3, sibling modules: what the driver needs when it runs, not these functions
`;

function runPython(body: string, input: string): unknown {
  return JSON.parse(
    execFileSync(PYTHON, ['-c', LOAD_DRIVER + body, DRIVER], { input, encoding: 'utf8', maxBuffer: 64 << 20 }),
  );
}

/** The same functions in both languages: sums from the left, as a Python loop adds. */
const sum = (x: Float64Array, term: (v: number) => number): number => {
  let s = 0;
  for (const v of x) s += term(v);
  return s;
};
const FUNCTIONS: Record<string, { ts: (x: Float64Array) => number; py: string }> = {
  tinySquare: { ts: (x) => 0.5e-6 * sum(x, (v) => v * v), py: '0.5e-6 * total(x, lambda v: v * v)' },
  abs: { ts: (x) => sum(x, Math.abs), py: 'total(x, abs)' },
  hinge: { ts: (x) => sum(x, (v) => Math.max(0, 1 - v)), py: 'total(x, lambda v: max(0.0, 1.0 - v))' },
  sqrtEdge: {
    ts: (x) => sum(x, (v) => (v >= 0 ? Math.sqrt(v) : NaN)),
    py: 'total(x, lambda v: math.sqrt(v) if v >= 0 else float("nan"))',
  },
  curved: { ts: (x) => 1e4 * x[0] * x[0] + x[1], py: '1e4 * float(x[0]) * float(x[0]) + float(x[1])' },
  cancelling: {
    ts: (x) => sum(x, (v) => ((v + 1000) * (v + 1000) - 1e6) * 1e-3),
    py: 'total(x, lambda v: ((v + 1000) * (v + 1000) - 1e6) * 1e-3)',
  },
  cube: { ts: (x) => sum(x, (v) => (v * v * v) / 3), py: 'total(x, lambda v: v * v * v / 3)' },
  nowhere: { ts: () => NaN, py: 'float("nan")' },
};

type Case = {
  name: string;
  fn: keyof typeof FUNCTIONS;
  x: number[];
  analytic: number[] | null;
  options: DifferenceOptions;
};

const base: DifferenceOptions = {
  step: GRADCHECK_DEFAULTS.step,
  projectionAbove: GRADCHECK_DEFAULTS.projectionAbove,
  projectionDirections: GRADCHECK_DEFAULTS.projectionDirections,
  projectionSeed: 1234,
  rtol: GRADCHECK_DEFAULTS.rtol,
};
const cubeX = Array.from({ length: 40 }, (_, i) => 2 * Math.sin(i + 1));
const CASES: Case[] = [
  {
    name: 'a tiny quadratic (the issue’s)',
    fn: 'tinySquare',
    x: [0.3, -1.2, 2, 0.7, -0.4],
    analytic: [0.45e-6, -1.8e-6, 3e-6, 1.05e-6, -0.6e-6],
    options: base,
  },
  { name: '|x| on its kinks', fn: 'abs', x: [0, 0.5, -2, 0], analytic: [0, 1, -1, 0], options: base },
  { name: 'a hinge at its margin', fn: 'hinge', x: [1, 0.5, 2, 1], analytic: [-1, -1, 0, 0], options: base },
  {
    name: '√x at and near the edge of its domain',
    fn: 'sqrtEdge',
    x: [1e-9, 0, 2],
    analytic: [0.5 / Math.sqrt(1e-9), 1e30, 0.5 / Math.sqrt(2)],
    options: base,
  },
  { name: 'strong curvature at 0', fn: 'curved', x: [0, 1e-3], analytic: [0, 1], options: { ...base, rtol: 1e-5 } },
  {
    name: 'rounding noise from large terms',
    fn: 'cancelling',
    x: [0.25, -0.5, 1.5],
    analytic: [2.0005, 1.999, 2.003],
    options: base,
  },
  {
    name: 'projections along ±1 directions',
    fn: 'cube',
    x: cubeX,
    analytic: cubeX.map((v) => v * v),
    options: { ...base, projectionAbove: 10, projectionSeed: 7 },
  },
  { name: 'no gradient to compare', fn: 'cube', x: [0.5, -1], analytic: null, options: base },
  { name: 'f not finite at the point', fn: 'nowhere', x: [1, 2], analytic: [0, 0], options: base },
];

/** Equal, or within 1e-12 of `scale`; NaN (TS) and null (JSON) both mean "not there". */
function agree(ts: unknown, py: unknown, where: string, scale = 0): void {
  if (Array.isArray(ts)) {
    assert.ok(Array.isArray(py), `${where}: ${JSON.stringify(py)} is not an array`);
    assert.equal(py.length, ts.length, `${where}: length`);
    ts.forEach((t, i) => agree(t, py[i], `${where}[${i}]`, scale));
    return;
  }
  if (ts !== null && typeof ts === 'object') {
    assert.deepEqual(Object.keys(py as object).sort(), Object.keys(ts).sort(), `${where}: keys`);
    for (const [k, v] of Object.entries(ts)) agree(v, (py as Record<string, unknown>)[k], `${where}.${k}`, scale);
    return;
  }
  if (typeof ts === 'number' && Number.isNaN(ts)) return assert.equal(py, null, where);
  if (typeof ts !== 'number' || typeof py !== 'number') return assert.deepEqual(py, ts, where);
  assert.ok(
    py === ts || Math.abs(py - ts) <= 1e-12 * Math.max(Math.abs(ts), scale),
    `${where}: Python ${py}, TypeScript ${ts}`,
  );
}

describe('gradcheck: driver.py numeric_trial mirrors the engine’s differences', function () {
  this.timeout(60_000);
  let py: TrialNumbers[] = [];
  const ts = CASES.map((c) =>
    differences(
      FUNCTIONS[c.fn].ts,
      Float64Array.from(c.x),
      [c.x.length],
      c.analytic && Float64Array.from(c.analytic),
      c.options,
    ),
  );

  before(function () {
    try {
      execFileSync(PYTHON, ['-c', 'import numpy'], { stdio: 'ignore' });
    } catch {
      const why = `${PYTHON} cannot import NumPy (Debian: apt-get install python3-numpy)`;
      if (process.env.CI === 'true') throw new Error(`${why}: CI must have it`);
      console.warn(`    skipped: ${why}`);
      this.skip();
    }
    const fns = Object.entries(FUNCTIONS)
      .map(([name, f]) => `    ${JSON.stringify(name)}: lambda x: ${f.py},`)
      .join('\n');
    const body = `
def total(x, term):
    s = 0.0
    for v in x.tolist():
        s += term(v)
    return s
FUNCTIONS = {
${fns}
}
out = []
for c in json.load(sys.stdin):
    analytic = None if c["analytic"] is None else np.asarray(c["analytic"], dtype=np.float64)
    out.append(ns["numeric_trial"](FUNCTIONS[c["fn"]], np.asarray(c["x"], dtype=np.float64), [len(c["x"])], analytic, c["options"]))
print(json.dumps(out, allow_nan=False))
`;
    py = runPython(body, JSON.stringify(CASES)) as TrialNumbers[];
  });

  CASES.forEach((c, k) => {
    it(c.name, () => {
      const { analytic, ...rest } = ts[k];
      const { analytic: pyAnalytic, ...pyRest } = py[k];
      agree(rest, pyRest, c.fn);
      // g·v in projection mode: NumPy's dot adds in its own order.
      agree(analytic, pyAnalytic, `${c.fn}.analytic`, c.analytic ? c.analytic.reduce((s, a) => s + Math.abs(a), 0) : 0);
    });
  });

  it('the cases reach every branch: finer probes, shrinking, one side, projections, noise', () => {
    const byFn = (fn: string): TrialNumbers => ts[CASES.findIndex((c) => c.fn === fn)];
    assert.deepEqual(byFn('abs').fine.index, [0, 3], '|x| at 0');
    assert.deepEqual(byFn('hinge').fine.index, [0, 3], 'the hinge at a margin of 1');
    assert.deepEqual(byFn('curved').fine.index, [0], 'curvature looks like a kink until the finer probe');
    const edge = byFn('sqrtEdge');
    assert.ok(edge.step[0] < base.step / 16 && edge.numeric[0] !== null, 'both sides once the step is below 1e-9');
    assert.deepEqual(
      [edge.step[1], edge.numeric[1], edge.backward[1]],
      [base.step, null, null],
      'on the edge: the right side at the first step',
    );
    assert.equal(ts[CASES.findIndex((c) => c.fn === 'cube')].mode, 'projection');
    assert.ok(
      byFn('cancelling').noise > 1e-16 && byFn('tinySquare').noise < 1e-18,
      `noise where large terms cancel (${byFn('cancelling').noise}), next to none otherwise (${byFn('tinySquare').noise})`,
    );
    assert.ok(Number.isNaN(byFn('nowhere').f0));
  });

  it('draws the same ±1 directions (mulberry32 on both sides)', () => {
    const [signs, stream] = runPython(
      'print(json.dumps([ns["sign_direction"](77, 64).tolist(), ns["mulberry_stream"](12345, 3).tolist()]))',
      '',
    ) as [number[], number[]];
    assert.deepEqual(signs, Array.from(signDirection(77, 64)));
    // mulberry32 of seed 12345 by hand (the reference algorithm, 32-bit steps): its first output.
    let t = (12345 + 0x6d2b79f5) >>> 0;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    assert.equal(stream[0], ((t ^ (t >>> 14)) >>> 0) / 4294967296);
    // The one generator the checker's inputs and directions draw from is that stream.
    assert.deepEqual(Array.from(mulberry32Stream(12345, 3)), stream);
    const g = new Mulberry32(12345);
    assert.deepEqual([g.next(), g.next(), g.next()], stream);
  });
});
