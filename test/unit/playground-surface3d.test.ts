/**
 * The surface scene's 3-D view, its pure parts: the geometry from the host's grid
 * (webview/surfaceMesh.ts) and the camera's orbit and keys (webview/orbit.ts). Expected values are
 * computed by hand on small grids (a plane J = 1 + w + 2b, a bilinear J = w·b + w, the chord of
 * w²), the trigonometric ones with Python's math module (noted beside them).
 */
import { strict as assert } from 'node:assert';
import {
  ASPECT,
  DISTANCE,
  ELEVATION,
  eye,
  orbitByDrag,
  orbitByKey,
  ORBIT_HOME,
  standOff,
  wrap,
} from '../../webview/orbit';
import {
  AMBIENT,
  HEIGHT,
  LIFT,
  boxEdges,
  finiteRange,
  gridLines,
  lineIndices,
  octahedron,
  onSurface,
  pathSegments,
  ramp,
  ribbon,
  sampleGrid,
  sampleTable,
  shade,
  surfaceMesh,
  toWorld,
  type Grid,
  type Rgb,
} from '../../webview/surfaceMesh';

const close = (actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-6, what = ''): void => {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++)
    assert.ok(Math.abs(actual[i] - expected[i]) <= tol, `${what}[${i}]: ${actual[i]} ≠ ${expected[i]}`);
};

/** J = 1 + w + 2b on w ∈ {0, 1, 2}, b ∈ {0, 1}: rows [1, 2, 3] and [3, 4, 5]. */
const plane: Grid = { w: [0, 1, 2], b: [0, 1], z: [1, 2, 3, 3, 4, 5] };
const STOPS: Rgb[] = [
  [0, 0, 255],
  [0, 255, 0],
  [255, 255, 0],
  [255, 128, 0],
  [255, 0, 0],
];

describe('surface 3-D: geometry from the grid', () => {
  it('finds the finite range and places (w, b, J) in the box', () => {
    assert.deepEqual(finiteRange([3, NaN, -1, Infinity, 2]), { lo: -1, hi: 3 });
    assert.equal(finiteRange([NaN, -Infinity]), undefined);
    // The surface scene's axes: w ∈ [−2, 5], b ∈ [−3, 4]; their middles (1.5, 0.5) are the box's centre.
    const g: Grid = { w: [-2, 5], b: [-3, 4], z: [0, 0, 0, 0] };
    close(toWorld(g, { lo: 2, hi: 6 }, 1.5, 0.5, 4), [0, HEIGHT / 2, 0]);
    close(toWorld(g, { lo: 2, hi: 6 }, -2, -3, 2), [-1, 0, 1], 1e-12, 'near left corner, floor');
    close(toWorld(g, { lo: 2, hi: 6 }, 5, 4, 6), [1, HEIGHT, -1], 1e-12, 'far right corner, top');
    close(toWorld(g, { lo: 3, hi: 3 }, 5, 4, 3), [1, 0, -1], 1e-12, 'a flat surface lies on the floor');
  });

  it('colours along the theme’s stops as the heat map does', () => {
    close(ramp(0, STOPS), [0, 0, 1]);
    close(ramp(1, STOPS), [1, 0, 0]);
    close(ramp(0.5, STOPS), [1, 1, 0], 1e-12, 'the middle stop');
    close(ramp(0.125, STOPS), [0, 0.5, 0.5], 1e-12, 'halfway between the first two');
    close(ramp(-3, STOPS), [0, 0, 1], 1e-12, 'clamped below');
    close(ramp(7, STOPS), [1, 0, 0], 1e-12, 'clamped above');
  });

  it('shades by the light: a flat floor gets AMBIENT + (1 − AMBIENT)·L_y', () => {
    // L = (0.35, 1, 0.55)/|…|: L_y = 0.8377078 (Python), so 0.6 + 0.4 · 0.8377078 = 0.9350831.
    assert.ok(Math.abs(shade([0, 1, 0]) - 0.9350831266) < 1e-9);
    assert.equal(shade([0, -1, 0]), AMBIENT, 'facing away: the ambient share alone');
  });

  it('builds the mesh of a plane: positions, two triangles a cell, colours over log J, one shade, the minimum', () => {
    const m = surfaceMesh(plane, STOPS)!;
    assert.deepEqual(m.range, { lo: 1, hi: 5 });
    // y = 0.9 (J − 1)/4; x = −1, 0, 1 along w; z = 1 (b = 0), −1 (b = 1).
    const y = (j: number): number => (HEIGHT * (j - 1)) / 4;
    close(m.positions, [-1, y(1), 1, 0, y(2), 1, 1, y(3), 1, -1, y(3), -1, 0, y(4), -1, 1, y(5), -1]);
    assert.deepEqual([...m.indices], [0, 3, 1, 1, 3, 4, 1, 4, 2, 2, 4, 5]);
    // Slopes in world units: 0.225 along x, −0.225 along z (a row further is z − 2); n = (−0.225, 1, 0.225)/|…|,
    // shade = 0.6 + 0.4 · n·L = 0.9336767 (Python), the same at every point of a plane.
    const lit = 0.9336767055;
    close(m.colors.subarray(0, 3), [0, 0, lit], 1e-6, 'J = 1: the first stop');
    close(m.colors.subarray(15, 18), [lit, 0, 0], 1e-6, 'J = 5: the last stop');
    // J = 3: t = log 3 / log 5 = 0.6826062, between stops 2 and 3 at u = 0.7304248.
    const u = 4 * (Math.log(3) / Math.log(5)) - 2;
    close(m.colors.subarray(6, 9), [lit, ((255 * (1 - u) + 128 * u) / 255) * lit, 0], 1e-6, 'J = 3');
    assert.deepEqual({ w: m.min.w, b: m.min.b, j: m.min.j }, { w: 0, b: 0, j: 1 });
    close(m.min.at, [-1, 0, 1]);
  });

  it('leaves out the cells around a point with no loss yet, and never takes it for the minimum', () => {
    const g: Grid = { ...plane, z: [NaN, 2, 3, 3, 4, 5] };
    const m = surfaceMesh(g, STOPS)!;
    assert.deepEqual([...m.indices], [1, 4, 2, 2, 4, 5], 'only the right cell has four finite corners');
    assert.deepEqual({ w: m.min.w, b: m.min.b, j: m.min.j }, { w: 1, b: 0, j: 2 });
    assert.ok([...m.positions, ...m.colors].every(Number.isFinite), 'no NaN reaches the GPU');
    assert.equal(surfaceMesh({ ...plane, z: plane.z.map(() => NaN) }, STOPS), undefined, 'nothing finite: no mesh');
    assert.equal(surfaceMesh({ w: [0], b: [0, 1], z: [1, 2] }, STOPS), undefined, 'one column: no cells');
    assert.equal(surfaceMesh({ ...plane, z: [1, 2, 3] }, STOPS), undefined, 'a grid whose z does not fill it');
  });

  it('samples the grid bilinearly: exact for a bilinear J, the chord for w², NaN off the grid', () => {
    // J = w·b + w on w ∈ {0, 1, 2}, b ∈ {0, 1}.
    const g: Grid = { w: [0, 1, 2], b: [0, 1], z: [0, 1, 2, 0, 2, 4] };
    assert.ok(Math.abs(sampleGrid(g, 0.5, 0.25) - 0.625) < 1e-12);
    assert.ok(Math.abs(sampleGrid(g, 1.75, 0.5) - 2.625) < 1e-12);
    assert.equal(sampleGrid(g, 2, 1), 4, 'the last corner');
    assert.ok(Number.isNaN(sampleGrid(g, 2.01, 0.5)) && Number.isNaN(sampleGrid(g, 1, -0.01)), 'off the grid');
    // w² on {0, 1, 2}: at w = 0.5 the chord gives 0.5 (the curve 0.25).
    const sq: Grid = { w: [0, 1, 2], b: [0, 1], z: [0, 1, 4, 0, 1, 4] };
    assert.equal(sampleGrid(sq, 0.5, 0), 0.5);
    assert.ok(Number.isNaN(sampleGrid({ ...g, z: [0, NaN, 2, 0, 2, 4] }, 0.5, 0.5)), 'a corner without a loss');
  });

  it('lays the path on the surface, LIFT above it, and drops the steps that leave the grid', () => {
    const range = { lo: 1, hi: 5 };
    const segs = pathSegments(plane, range, [
      [0, 0],
      [1, 0.5],
      [5, 5],
      [2, 1],
      [1.5, 1],
    ]);
    // (0, 0): J = 1 → (−1, LIFT, 1); (1, 0.5): J = 3 → (0, 0.45 + LIFT, 0); (2, 1): J = 5; (1.5, 1): J = 4.5.
    const y = (j: number): number => (HEIGHT * (j - 1)) / 4 + LIFT;
    close(segs, [-1, y(1), 1, 0, y(3), 0, 1, y(5), -1, 0.5, y(4.5), -1]);
    close(onSurface(plane, range, 1, 0.5)!, [0, y(3), 0]);
    assert.equal(onSurface(plane, range, -1, 0), undefined);
    assert.equal(pathSegments(plane, range, [[0, 0]]).length, 0, 'one point: no step to draw');
  });

  it('widens the path into a flat ribbon across each step’s direction on the floor', () => {
    // A step along +x at height 0.5 → 0.7, half-width 0.1: the sides are z ± 0.1.
    const r = ribbon(Float32Array.of(0, 0.5, 0, 2, 0.7, 0), 0.1);
    close(r, [0, 0.5, 0.1, 0, 0.5, -0.1, 2, 0.7, 0.1, 2, 0.7, 0.1, 0, 0.5, -0.1, 2, 0.7, -0.1]);
    // A step along −z (3-4-5 on the floor: 0.6 across, −0.8 deep): the sides are ±0.1·(0.8, 0, 0.6).
    const d = ribbon(Float32Array.of(1, 0, 1, 1.6, 0, 0.2), 0.1);
    close(d.subarray(0, 6), [1.08, 0, 1.06, 0.92, 0, 0.94]);
    close(
      ribbon(Float32Array.of(0, 1, 0, 0, 0, 0), 0.1).subarray(0, 6),
      [0.1, 1, 0, -0.1, 1, 0],
      1e-6,
      'straight down',
    );
    assert.equal(ribbon(new Float32Array(), 0.1).length, 0);
  });

  it('draws grid lines on every k-th row and column (and the last), LIFT above the surface', () => {
    assert.deepEqual(lineIndices(201, 20), [0, 20, 40, 60, 80, 100, 120, 140, 160, 180, 200]);
    assert.deepEqual(lineIndices(10, 4), [0, 4, 8, 9]);
    const m = surfaceMesh(plane, STOPS)!;
    const lines = gridLines(plane, m);
    // Both rows (2 segments each) and all three columns (1 each): 7 segments of 6 numbers.
    assert.equal(lines.length, 7 * 6);
    for (let k = 0; k < lines.length; k += 3) {
      const [x, yy, z] = [lines[k], lines[k + 1], lines[k + 2]];
      const j = 1 + (x + 1) + 2 * ((1 - z) / 2);
      assert.ok(Math.abs(yy - ((HEIGHT * (j - 1)) / 4 + LIFT)) < 1e-6, `(${x}, ${yy}, ${z})`);
    }
    const holed = { ...plane, z: [1, 2, 3, 3, NaN, 5] };
    assert.equal(
      gridLines(holed, surfaceMesh(holed, STOPS)!).length,
      4 * 6,
      'the three segments that touch the hole (two along its row, one along its column) are gone',
    );
  });

  it('makes markers and the box: an octahedron around a point, twelve edges of the box', () => {
    const o = octahedron([1, 2, 3], 0.5);
    assert.equal(o.length, 8 * 3 * 3);
    for (let k = 0; k < o.length; k += 3)
      assert.ok(Math.abs(Math.hypot(o[k] - 1, o[k + 1] - 2, o[k + 2] - 3) - 0.5) < 1e-6);
    const e = boxEdges();
    assert.equal(e.length, 12 * 6);
    const lengths: number[] = [];
    for (let k = 0; k < e.length; k += 6)
      lengths.push(Math.hypot(e[k + 3] - e[k], e[k + 4] - e[k + 1], e[k + 5] - e[k + 2]));
    assert.deepEqual(
      lengths.map((l) => Math.round(l * 1000) / 1000).sort(),
      [...Array<number>(8).fill(2), ...Array<number>(4).fill(HEIGHT)].sort(),
    );
  });

  it('samples 11 × 11 points of a 201 × 201 grid for the table, the ends among them', () => {
    const axis = (lo: number, hi: number): number[] =>
      Array.from({ length: 201 }, (_, k) => lo + ((hi - lo) * k) / 200);
    const w = axis(-2, 5);
    const b = axis(-3, 4);
    const z = b.flatMap((bb) => w.map((ww) => ww * ww + bb));
    const s = sampleTable({ w, b, z });
    assert.deepEqual(
      s.w,
      [0, 20, 40, 60, 80, 100, 120, 140, 160, 180, 200].map((k) => w[k]),
    );
    assert.equal(s.b[10], 4);
    assert.equal(s.rows[3][7], s.w[7] ** 2 + s.b[3]);
    assert.deepEqual(sampleTable(plane).rows, [
      [1, 2, 3],
      [3, 4, 5],
    ]);
  });
});

describe('surface 3-D: the orbit and its keys', () => {
  it('turns by 10° a left or right arrow, tilts by 5° an up or down one, zooms by 1.15 with + and −', () => {
    assert.deepEqual(orbitByKey(ORBIT_HOME, 'ArrowLeft'), { ...ORBIT_HOME, azimuth: ORBIT_HOME.azimuth + 10 });
    assert.deepEqual(orbitByKey(ORBIT_HOME, 'ArrowRight'), { ...ORBIT_HOME, azimuth: ORBIT_HOME.azimuth - 10 });
    assert.deepEqual(orbitByKey(ORBIT_HOME, 'ArrowUp'), { ...ORBIT_HOME, elevation: ORBIT_HOME.elevation + 5 });
    assert.deepEqual(orbitByKey(ORBIT_HOME, 'ArrowDown'), { ...ORBIT_HOME, elevation: ORBIT_HOME.elevation - 5 });
    assert.ok(Math.abs(orbitByKey(ORBIT_HOME, '+')!.distance - ORBIT_HOME.distance / 1.15) < 1e-12);
    assert.equal(orbitByKey(ORBIT_HOME, '=')!.distance, orbitByKey(ORBIT_HOME, '+')!.distance, '= is + without Shift');
    assert.ok(Math.abs(orbitByKey(ORBIT_HOME, '-')!.distance - ORBIT_HOME.distance * 1.15) < 1e-12);
    assert.deepEqual(orbitByKey({ azimuth: 100, elevation: 60, distance: 3 }, 'Home'), ORBIT_HOME);
    for (const other of ['a', 'Enter', ' ', 'Tab', 'PageUp'])
      assert.equal(orbitByKey(ORBIT_HOME, other), undefined, other);
  });

  it('keeps the elevation and distance in their ranges, the azimuth in (−180, 180]', () => {
    let o = ORBIT_HOME;
    for (let k = 0; k < 40; k++) o = orbitByKey(o, 'ArrowUp')!;
    assert.equal(o.elevation, ELEVATION[1]);
    for (let k = 0; k < 40; k++) o = orbitByKey(o, 'ArrowDown')!;
    assert.equal(o.elevation, ELEVATION[0]);
    for (let k = 0; k < 40; k++) o = orbitByKey(o, '-')!;
    assert.equal(o.distance, DISTANCE[1]);
    for (let k = 0; k < 40; k++) o = orbitByKey(o, '+')!;
    assert.equal(o.distance, DISTANCE[0]);
    for (let k = 0; k < 40; k++) o = orbitByKey(o, 'ArrowLeft')!;
    assert.ok(o.azimuth > -180 && o.azimuth <= 180, String(o.azimuth));
    assert.equal(o.azimuth, wrap(ORBIT_HOME.azimuth + 400));
    assert.deepEqual([wrap(190), wrap(-180), wrap(180), wrap(-190), wrap(720)], [-170, 180, 180, 170, 0]);
  });

  it('follows a drag: 0.4° a pixel, right turns as the right arrow does, down tilts up', () => {
    const o = orbitByDrag(ORBIT_HOME, 25, 25);
    assert.ok(
      Math.abs(o.azimuth - (ORBIT_HOME.azimuth - 10)) < 1e-12 &&
        Math.abs(o.elevation - (ORBIT_HOME.elevation + 10)) < 1e-12,
    );
    assert.equal(orbitByDrag(ORBIT_HOME, 0, -1000).elevation, ELEVATION[0]);
  });

  it('stands back in a view narrower than ASPECT, to see as much across (the horizontal half-angle’s tangent scales with the aspect)', () => {
    assert.equal(standOff(4, ASPECT), 4);
    assert.equal(standOff(4, 2 * ASPECT), 4, 'wider: no nearer, the height decides');
    assert.equal(standOff(4, ASPECT / 2), 8);
    // Across at distance d: 2·d·tan(hfov/2) = 2·d·aspect·tan(vfov/2); equal for (4, 1.4) and (standOff(4, 0.7), 0.7).
    assert.ok(Math.abs(standOff(4, 0.7) * 0.7 - 4 * 1.4) < 1e-12);
    assert.equal(standOff(4, 0), 4, 'no size yet');
  });

  it('puts the camera on its sphere around the target', () => {
    close(eye({ azimuth: 0, elevation: 0, distance: 2 }, [0, 0, 0]), [0, 0, 2], 1e-12);
    close(eye({ azimuth: 90, elevation: 0, distance: 2 }, [0, 0, 0]), [2, 0, 0], 1e-12);
    close(eye({ azimuth: 0, elevation: 90, distance: 2 }, [1, 1, 1]), [1, 3, 1], 1e-12);
    // azimuth −35°, elevation 28°, distance 4.4 (Python: 4.4·cos 28°·sin −35°, 4.4·sin 28°, 4.4·cos 28°·cos −35°).
    close(
      eye({ azimuth: -35, elevation: 28, distance: 4.4 }, [0, 0, 0]),
      [-2.228326908705734, 2.0656748762579196, 3.182380633037912],
      1e-12,
    );
  });
});
