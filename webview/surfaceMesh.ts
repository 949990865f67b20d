/**
 * The 3-D surface's geometry from the grid the host computes (SurfaceData: w along columns, b along
 * rows, the loss row-major): plain numbers, no three.js and no DOM, so it is unit-tested and costs
 * nothing until the 3-D view opens (./surface3d is its only importer).
 *
 * World space (y up, as three.js has it): w along x and b along −z, each axis over [−1, 1] (the
 * near edge, z = 1, is the smallest b); the loss J along y over [0, HEIGHT], linear between the
 * grid's smallest and largest finite values. Colours are the heat map's: the theme's five chart
 * colours over log J, so a value has the same colour in both views.
 */

export const HEIGHT = 0.9;
/** The path and the grid lines float this far above the surface, so the surface never hides them. */
export const LIFT = 0.012;

export type Grid = { readonly w: readonly number[]; readonly b: readonly number[]; readonly z: readonly number[] };
/** 0–255 per channel, as ./theme's rgb() reads a theme colour. */
export type Rgb = readonly [number, number, number];
type Range = { readonly lo: number; readonly hi: number };
type Vec3 = [number, number, number];

/** The smallest and largest finite loss on the grid; undefined when there is none. */
export function finiteRange(z: readonly number[]): Range | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of z) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? { lo, hi } : undefined;
}

/** Where a value lies in [lo, hi], as 0..1 (0 for a flat range). */
function unit(v: number, { lo, hi }: Range): number {
  return hi > lo ? (v - lo) / (hi - lo) : 0;
}

/** World position of (w, b, J) for this grid and loss range. */
export function toWorld(g: Grid, range: Range, w: number, b: number, j: number): Vec3 {
  const [w0, w1] = [g.w[0], g.w[g.w.length - 1]];
  const [b0, b1] = [g.b[0], g.b[g.b.length - 1]];
  return [-1 + (2 * (w - w0)) / (w1 - w0), HEIGHT * unit(j, range), 1 - (2 * (b - b0)) / (b1 - b0)];
}

/** A colour along the stops for t in [0, 1], each channel 0..1 (the heat map's piecewise-linear ramp). */
export function ramp(t: number, stops: readonly Rgb[]): Vec3 {
  return rampInto(t, stops, [0, 0, 0]);
}

/** ramp(), written into `out`. */
function rampInto(t: number, stops: readonly Rgb[], out: Vec3): Vec3 {
  const f = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const k = Math.min(stops.length - 2, Math.floor(f));
  const u = f - k;
  for (let ch = 0; ch < 3; ch++) out[ch] = (stops[k][ch] * (1 - u) + stops[k + 1][ch] * u) / 255;
  return out;
}

/** The range of log J the colours span, as the heat map's (values at or below zero count as 1e-12). */
function logRange(range: Range): Range {
  return { lo: Math.log(Math.max(range.lo, 1e-12)), hi: Math.log(Math.max(range.hi, 1e-12)) };
}

/** Light from above, in front and to the right of the default view; unit length. */
const LIGHT: Vec3 = normalize([0.35, 1, 0.55]);
/** The share of a colour that stays in the shade: enough that a colour still reads as the heat map's. */
export const AMBIENT = 0.6;

function normalize(v: Vec3): Vec3 {
  const n = Math.hypot(v[0], v[1], v[2]) || 1;
  return [v[0] / n, v[1] / n, v[2] / n];
}

/** How lit a surface with this normal (unit length) is: AMBIENT plus the rest as the light falls on it (Lambert). */
export function shade(normal: Vec3): number {
  const d = normal[0] * LIGHT[0] + normal[1] * LIGHT[1] + normal[2] * LIGHT[2];
  return AMBIENT + (1 - AMBIENT) * Math.max(0, d);
}

/** shade() of the normal (nx, 1, nz), not yet of unit length. */
function shadeOf(nx: number, nz: number): number {
  const d = (nx * LIGHT[0] + LIGHT[1] + nz * LIGHT[2]) / Math.sqrt(nx * nx + 1 + nz * nz);
  return AMBIENT + (1 - AMBIENT) * Math.max(0, d);
}

export type SurfaceMesh = {
  /** x, y, z per grid point, in the grid's order (row-major, rows along b). */
  positions: Float32Array;
  /** r, g, b (0..1) per grid point: the ramp over log J, shaded by the light. */
  colors: Float32Array;
  /** Two triangles per cell whose four corners are all finite. */
  indices: Uint32Array;
  range: Range;
  /** The grid point of least loss. */
  min: { w: number; b: number; j: number; at: Vec3 };
};

/**
 * The surface as a mesh: one vertex per grid point, coloured and shaded. Points without a finite
 * loss (rows not computed yet) sit on the floor and belong to no triangle. Undefined for a grid
 * with no finite value or fewer than two points along an axis.
 */
export function surfaceMesh(g: Grid, stops: readonly Rgb[]): SurfaceMesh | undefined {
  const nw = g.w.length;
  const nb = g.b.length;
  const range = finiteRange(g.z);
  if (!range || nw < 2 || nb < 2 || g.z.length !== nw * nb) return undefined;
  // Every loop below runs once per grid point (40,401 of them at 201 × 201) as the surface
  // changes, so it works on typed arrays and numbers, with nothing allocated per point.
  const logs = logRange(range);
  const n = nw * nb;
  const positions = new Float32Array(n * 3);
  const colors = new Float32Array(n * 3);
  const finite = new Uint8Array(n);
  let minAt = -1;
  // x by column and z by row, as toWorld places them.
  const xs = g.w.map((w) => toWorld(g, range, w, g.b[0], range.lo)[0]);
  for (let r = 0; r < nb; r++) {
    const z = toWorld(g, range, g.w[0], g.b[r], range.lo)[2];
    for (let c = 0; c < nw; c++) {
      const i = r * nw + c;
      const j = g.z[i];
      finite[i] = Number.isFinite(j) ? 1 : 0;
      positions[3 * i] = xs[c];
      positions[3 * i + 1] = finite[i] ? HEIGHT * unit(j, range) : 0;
      positions[3 * i + 2] = z;
      if (finite[i] && (minAt < 0 || j < g.z[minAt])) minAt = i;
    }
  }
  // Slopes by central differences (one-sided at the edges) in world units; a missing neighbour is the point itself.
  const dx = 2 / (nw - 1);
  const dz = 2 / (nb - 1);
  const height = (k: number, fallback: number): number => (finite[k] ? positions[3 * k + 1] : fallback);
  const rgb: Vec3 = [0, 0, 0];
  for (let r = 0; r < nb; r++) {
    const rl = Math.max(0, r - 1);
    const rr = Math.min(nb - 1, r + 1);
    for (let c = 0; c < nw; c++) {
      const i = r * nw + c;
      const y = positions[3 * i + 1];
      const cl = Math.max(0, c - 1);
      const cr = Math.min(nw - 1, c + 1);
      const sx = (height(r * nw + cr, y) - height(r * nw + cl, y)) / ((cr - cl) * dx);
      // Rows go along −z: a row further is a step of −dz.
      const sz = (height(rr * nw + c, y) - height(rl * nw + c, y)) / (-(rr - rl) * dz);
      const lit = shadeOf(-sx, -sz);
      const t = finite[i] ? unit(Math.log(Math.max(g.z[i], 1e-12)), logs) : 0;
      rampInto(t, stops, rgb);
      colors[3 * i] = rgb[0] * lit;
      colors[3 * i + 1] = rgb[1] * lit;
      colors[3 * i + 2] = rgb[2] * lit;
    }
  }
  let cells = 0;
  const indices = new Uint32Array((nw - 1) * (nb - 1) * 6);
  for (let r = 0; r + 1 < nb; r++) {
    for (let c = 0; c + 1 < nw; c++) {
      const a = r * nw + c;
      if (!(finite[a] && finite[a + 1] && finite[a + nw] && finite[a + nw + 1])) continue;
      indices[cells++] = a;
      indices[cells++] = a + nw;
      indices[cells++] = a + 1;
      indices[cells++] = a + 1;
      indices[cells++] = a + nw;
      indices[cells++] = a + nw + 1;
    }
  }
  const mr = Math.floor(minAt / nw);
  const mc = minAt % nw;
  const min = { w: g.w[mc], b: g.b[mr], j: g.z[minAt], at: toWorld(g, range, g.w[mc], g.b[mr], g.z[minAt]) };
  return { positions, colors, indices: indices.slice(0, cells), range, min };
}

/** Every `step`-th row and column, and always the last, of n points. */
export function lineIndices(n: number, step: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < n - 1; k += step) out.push(k);
  out.push(n - 1);
  return out;
}

/**
 * Lines along the surface at about `count` rows and columns each, LIFT above it, as segment end
 * points (x, y, z, x, y, z, …); a segment with a corner of no finite loss is left out.
 */
export function gridLines(g: Grid, mesh: SurfaceMesh, count = 10): Float32Array {
  const nw = g.w.length;
  const nb = g.b.length;
  const out: number[] = [];
  const point = (i: number): number[] => [
    mesh.positions[3 * i],
    mesh.positions[3 * i + 1] + LIFT,
    mesh.positions[3 * i + 2],
  ];
  const segment = (i: number, k: number): void => {
    if (Number.isFinite(g.z[i]) && Number.isFinite(g.z[k])) out.push(...point(i), ...point(k));
  };
  for (const r of lineIndices(nb, Math.max(1, Math.round((nb - 1) / count))))
    for (let c = 0; c + 1 < nw; c++) segment(r * nw + c, r * nw + c + 1);
  for (const c of lineIndices(nw, Math.max(1, Math.round((nw - 1) / count))))
    for (let r = 0; r + 1 < nb; r++) segment(r * nw + c, (r + 1) * nw + c);
  return Float32Array.from(out);
}

/**
 * The loss at (w, b) between the grid's points: bilinear in the cell around it. NaN outside the
 * grid, or when a corner of that cell has no finite loss.
 */
export function sampleGrid(g: Grid, w: number, b: number): number {
  const nw = g.w.length;
  const nb = g.b.length;
  const u = ((w - g.w[0]) / (g.w[nw - 1] - g.w[0])) * (nw - 1);
  const v = ((b - g.b[0]) / (g.b[nb - 1] - g.b[0])) * (nb - 1);
  if (!(u >= 0 && u <= nw - 1 && v >= 0 && v <= nb - 1)) return NaN;
  const c = Math.min(nw - 2, Math.floor(u));
  const r = Math.min(nb - 2, Math.floor(v));
  const [fu, fv] = [u - c, v - r];
  const z = (rr: number, cc: number): number => g.z[rr * nw + cc];
  return (
    (1 - fu) * (1 - fv) * z(r, c) +
    fu * (1 - fv) * z(r, c + 1) +
    (1 - fu) * fv * z(r + 1, c) +
    fu * fv * z(r + 1, c + 1)
  );
}

/** The world point LIFT above the surface at (w, b); undefined off the grid or where it has no finite loss. */
export function onSurface(g: Grid, range: Range, w: number, b: number): Vec3 | undefined {
  const j = sampleGrid(g, w, b);
  if (!Number.isFinite(j)) return undefined;
  const p = toWorld(g, range, w, b, j);
  p[1] += LIFT;
  return p;
}

/**
 * The gradient-descent path on the surface, LIFT above it, as segment end points: each step whose
 * two ends lie on the grid (with a finite loss there). A path that leaves the grid (a large η, a
 * start far out) is drawn where it is over the grid and nowhere else.
 */
export function pathSegments(g: Grid, range: Range, path: readonly (readonly [number, number])[]): Float32Array {
  const lifted = path.map(([w, b]) => onSurface(g, range, w, b));
  const out: number[] = [];
  for (let k = 0; k + 1 < lifted.length; k++) {
    const [p, q] = [lifted[k], lifted[k + 1]];
    if (p && q) out.push(...p, ...q);
  }
  return Float32Array.from(out);
}

/**
 * Segments (as pathSegments gives them) widened into a flat ribbon, `halfWidth` to each side
 * across the segment's direction on the floor plane, as two triangles each: WebGL draws lines one
 * pixel wide whatever is asked, too thin to follow on a coloured surface.
 */
export function ribbon(segments: Float32Array, halfWidth: number): Float32Array {
  const out = new Float32Array((segments.length / 6) * 18);
  for (let s = 0, o = 0; s < segments.length; s += 6, o += 18) {
    const [px, py, pz, qx, qy, qz] = segments.subarray(s, s + 6);
    const len = Math.hypot(qx - px, qz - pz);
    // Straight down (no run on the floor): any side will do.
    const [nx, nz] = len > 0 ? [(-(qz - pz) / len) * halfWidth, ((qx - px) / len) * halfWidth] : [halfWidth, 0];
    out.set(
      [
        px + nx,
        py,
        pz + nz,
        px - nx,
        py,
        pz - nz,
        qx + nx,
        qy,
        qz + nz,
        qx + nx,
        qy,
        qz + nz,
        px - nx,
        py,
        pz - nz,
        qx - nx,
        qy,
        qz - nz,
      ],
      o,
    );
  }
  return out;
}

/** A marker: a regular octahedron of this radius around a point, as 8 triangles (no index). */
export function octahedron(at: readonly number[], radius: number): Float32Array {
  const [x, y, z] = at;
  const v: Vec3[] = [
    [x + radius, y, z],
    [x - radius, y, z],
    [x, y + radius, z],
    [x, y - radius, z],
    [x, y, z + radius],
    [x, y, z - radius],
  ];
  const faces = [
    [0, 2, 4],
    [2, 1, 4],
    [1, 3, 4],
    [3, 0, 4],
    [2, 0, 5],
    [1, 2, 5],
    [3, 1, 5],
    [0, 3, 5],
  ];
  return Float32Array.from(faces.flatMap((f) => f.flatMap((k) => v[k])));
}

/** The twelve edges of the box the surface stands in, from the floor (y = 0) to HEIGHT. */
export function boxEdges(): Float32Array {
  const corners = [
    [-1, 1],
    [1, 1],
    [1, -1],
    [-1, -1],
  ];
  const out: number[] = [];
  for (let k = 0; k < 4; k++) {
    const [x0, z0] = corners[k];
    const [x1, z1] = corners[(k + 1) % 4];
    out.push(x0, 0, z0, x1, 0, z1, x0, HEIGHT, z0, x1, HEIGHT, z1, x0, 0, z0, x0, HEIGHT, z0);
  }
  return Float32Array.from(out);
}

/**
 * The surface at n × n points of its grid (the first and last row and column among them), for
 * the view's data table: `rows[k]` is b[k]'s row, one loss per w.
 */
export function sampleTable(g: Grid, n = 11): { w: number[]; b: number[]; rows: number[][] } {
  const pick = (len: number): number[] => [
    ...new Set(
      Array.from({ length: Math.min(n, len) }, (_, k) => Math.round((k * (len - 1)) / (Math.min(n, len) - 1 || 1))),
    ),
  ];
  const cols = pick(g.w.length);
  const rows = pick(g.b.length);
  return {
    w: cols.map((c) => g.w[c]),
    b: rows.map((r) => g.b[r]),
    rows: rows.map((r) => cols.map((c) => g.z[r * g.w.length + c])),
  };
}
