/**
 * Where the 3-D surface's camera is: on a sphere around the surface's centre, by azimuth (degrees
 * around the vertical, 0 looking along −z from the +z side), elevation (degrees above the floor)
 * and distance. Keys and drags move it; pure, so the 3-D view's controls are unit-tested.
 */
export type Orbit = { readonly azimuth: number; readonly elevation: number; readonly distance: number };

/** Front-left and above, far enough to see the whole box at the view's field of view. */
export const ORBIT_HOME: Orbit = { azimuth: -35, elevation: 28, distance: 4.4 };

/** Above the floor and short of the pole (where "up" would flip); near enough to fill the view, far enough to see it all. */
export const ELEVATION: readonly [number, number] = [5, 85];
export const DISTANCE: readonly [number, number] = [2, 9];

/** One arrow key turns by TURN degrees or tilts by TILT; + and − zoom by ZOOM. */
const TURN = 10;
const TILT = 5;
const ZOOM = 1.15;
/** A drag of one CSS pixel turns or tilts the view by this many degrees. */
const DRAG = 0.4;

const clamp = (v: number, [lo, hi]: readonly [number, number]): number => Math.min(hi, Math.max(lo, v));

/** Azimuth kept in (−180, 180], so the numbers read out stay small. */
export function wrap(degrees: number): number {
  const d = ((degrees % 360) + 360) % 360;
  return d > 180 ? d - 360 : d;
}

function moved(o: Orbit, turn: number, tilt: number, zoom = 1): Orbit {
  return {
    azimuth: wrap(o.azimuth + turn),
    elevation: clamp(o.elevation + tilt, ELEVATION),
    distance: clamp(o.distance * zoom, DISTANCE),
  };
}

/**
 * The orbit after a key (KeyboardEvent.key), or undefined for a key the view leaves alone. Left and
 * right turn the surface as a hand on it would (left: its near edge moves left); up tilts it
 * towards a view from above.
 */
export function orbitByKey(o: Orbit, key: string): Orbit | undefined {
  switch (key) {
    case 'ArrowLeft':
      return moved(o, TURN, 0);
    case 'ArrowRight':
      return moved(o, -TURN, 0);
    case 'ArrowUp':
      return moved(o, 0, TILT);
    case 'ArrowDown':
      return moved(o, 0, -TILT);
    case '+':
    case '=':
      return moved(o, 0, 0, 1 / ZOOM);
    case '-':
    case '_':
      return moved(o, 0, 0, ZOOM);
    case 'Home':
      return ORBIT_HOME;
    default:
      return undefined;
  }
}

/** The orbit after a drag of (dx, dy) CSS pixels: the surface follows the pointer, as under the keys. */
export function orbitByDrag(o: Orbit, dx: number, dy: number): Orbit {
  return moved(o, -dx * DRAG, dy * DRAG);
}

/** The width-to-height ratio the distances above are for: narrower views stand further back. */
export const ASPECT = 1.4;

/**
 * How far the camera stands for an orbit's distance in a view of this aspect (width / height):
 * the field of view is fixed vertically, so a view narrower than ASPECT sees less across, and the
 * camera steps back until it sees as much across as at ASPECT.
 */
export function standOff(distance: number, aspect: number): number {
  return aspect > 0 && aspect < ASPECT ? (distance * ASPECT) / aspect : distance;
}

/** The camera's position for an orbit around `target` (y up). */
export function eye(o: Orbit, target: readonly [number, number, number]): [number, number, number] {
  const az = (o.azimuth * Math.PI) / 180;
  const el = (o.elevation * Math.PI) / 180;
  const flat = o.distance * Math.cos(el);
  return [target[0] + flat * Math.sin(az), target[1] + o.distance * Math.sin(el), target[2] + flat * Math.cos(az)];
}
