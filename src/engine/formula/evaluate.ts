/**
 * Evaluates a formula tree over whole arrays at once, with its derivative in a by forward-mode
 * automatic differentiation: every node carries its value and its derivative, and each rule is
 * the chain rule of that one node (./functions for the calls). Nothing is compiled or executed
 * from text: the tree is walked once into a list of steps over typed arrays, and each step is a
 * loop over the samples, so a surface row of 40,000 points costs a few loops per node.
 *
 * Why automatic and not the symbolic derivative for the numbers: it is exact to rounding at every
 * point where the formula is differentiable, it is defined for every function the formula may
 * use (max, min and abs included, taking the same side at a kink as the symbolic rules do), it
 * costs one pass beside the value, and it does not depend on how long the written derivative is.
 *
 * A chain-rule term whose derivative factor is exactly 0 is 0, whatever the other factor is (so
 * y·exp(1000) has derivative 0 in a, not NaN), as the symbolic derivative drops such terms. Pure.
 */
import { CONSTANTS, children, variablesOf, type BinaryOp, type Comparison, type Expr, type Variable } from './expr';
import { functionSpec, type FunctionSpec } from './functions';

type Step =
  | { op: 'num'; value: number }
  | { op: 'var'; name: Variable }
  | { op: 'neg'; a: number }
  | { op: 'bin'; bop: BinaryOp; a: number; b: number; exponentMoves: boolean }
  | { op: 'call'; spec: FunctionSpec; args: number[] }
  | { op: 'ind'; cmp: Comparison; a: number; b: number };

/** Where a formula's derivative may jump: the step whose argument (or arguments' difference) crosses zero there. */
export type Switch = { step: number; kind: 'arg' | 'difference' };

const holds = (cmp: Comparison, u: number, v: number): boolean =>
  cmp === '>' ? u > v : cmp === '>=' ? u >= v : cmp === '<' ? u < v : u <= v;

/** u·v where u is a derivative factor: exactly 0 when u is. */
const times = (u: number, v: number): number => (u === 0 ? 0 : u * v);

export class Program {
  private readonly steps: Step[] = [];
  /** Steps whose derivative is identically 0 (they do not move with a). */
  private readonly still: boolean[] = [];
  private readonly root: number;
  private capacity = 0;
  private values: Float64Array[] = [];
  private derivs: Float64Array[] = [];
  private zeros = new Float64Array(0);

  /** `fold`: parts without variables become numbers first (off only to work those numbers out). */
  constructor(expr: Expr, fold = true) {
    const index = new Map<Expr, number>();
    const visit = (x: Expr): number => {
      const known = index.get(x);
      if (known !== undefined) return known;
      // A part without variables is one number, worked out once here rather than at every sample.
      const k =
        fold && x.kind !== 'num' && variablesOf(x).size === 0
          ? this.add({ kind: 'num', value: constantValue(x) }, [])
          : this.add(x, children(x).map(visit));
      index.set(x, k);
      return k;
    };
    this.root = visit(expr);
  }

  private add(x: Expr, kids: number[]): number {
    let step: Step;
    switch (x.kind) {
      case 'num':
        step = { op: 'num', value: x.value };
        break;
      case 'const':
        step = { op: 'num', value: CONSTANTS[x.name] };
        break;
      case 'var':
        step = { op: 'var', name: x.name };
        break;
      case 'neg':
        step = { op: 'neg', a: kids[0] };
        break;
      case 'bin':
        step = { op: 'bin', bop: x.op, a: kids[0], b: kids[1], exponentMoves: x.op === '^' && !this.still[kids[1]] };
        break;
      case 'call':
        step = { op: 'call', spec: functionSpec(x.fn), args: kids };
        break;
      case 'ind':
        step = { op: 'ind', cmp: x.op, a: kids[0], b: kids[1] };
        break;
    }
    this.steps.push(step);
    this.still.push(x.kind === 'var' ? x.name === 'y' : x.kind === 'ind' || kids.every((j) => this.still[j]));
    return this.steps.length - 1;
  }

  /** Where the derivative may jump: each abs, sign, relu (its argument) and max, min (its arguments' difference). */
  switches(): Switch[] {
    const out: Switch[] = [];
    this.steps.forEach((s, step) => {
      if (s.op === 'call' && s.spec.kink) out.push({ step, kind: s.spec.kink });
    });
    return out;
  }

  /**
   * Runs over n = a.length samples (y the same length): the formula's value and its derivative in
   * a at each. The arrays returned are the program's own, valid until the next run.
   */
  run(a: Float64Array, y: Float64Array, withDerivative = true): { value: Float64Array; deriv: Float64Array } {
    const n = a.length;
    if (y.length !== n) throw new Error(`formula: a has ${n} values but y has ${y.length}`);
    this.reserve(n);
    for (let k = 0; k < this.steps.length; k++) this.step(k, n, a, y, withDerivative);
    return {
      value: this.values[this.root].subarray(0, n),
      deriv: (this.still[this.root] ? this.zeros : this.derivs[this.root]).subarray(0, n),
    };
  }

  /** What a switch crossed zero on, at each sample of the last run. */
  switchValues(s: Switch, n: number): Float64Array {
    const step = this.steps[s.step] as Extract<Step, { op: 'call' }>;
    const u = this.values[step.args[0]];
    if (s.kind === 'arg') return u.slice(0, n);
    const v = this.values[step.args[1]];
    return Float64Array.from({ length: n }, (_, i) => u[i] - v[i]);
  }

  private reserve(n: number): void {
    if (n <= this.capacity) return;
    this.capacity = n;
    this.values = this.steps.map(() => new Float64Array(n));
    this.derivs = this.steps.map(() => new Float64Array(n));
    this.zeros = new Float64Array(n);
  }

  private step(k: number, n: number, a: Float64Array, y: Float64Array, withDerivative: boolean): void {
    const s = this.steps[k];
    const out = this.values[k];
    const d = this.derivs[k];
    const dOf = (j: number): Float64Array => (this.still[j] ? this.zeros : this.derivs[j]);
    const wantD = withDerivative && !this.still[k];
    switch (s.op) {
      case 'num':
        out.fill(s.value, 0, n);
        return;
      case 'var':
        if (s.name === 'e') for (let i = 0; i < n; i++) out[i] = a[i] - y[i];
        else out.set((s.name === 'a' ? a : y).subarray(0, n));
        if (wantD) d.fill(1, 0, n);
        return;
      case 'neg': {
        const u = this.values[s.a];
        const du = dOf(s.a);
        for (let i = 0; i < n; i++) out[i] = -u[i];
        if (wantD) for (let i = 0; i < n; i++) d[i] = -du[i];
        return;
      }
      case 'ind': {
        const u = this.values[s.a];
        const v = this.values[s.b];
        for (let i = 0; i < n; i++) out[i] = holds(s.cmp, u[i], v[i]) ? 1 : u[i] !== u[i] || v[i] !== v[i] ? NaN : 0;
        return;
      }
      case 'call':
        return this.call(s, k, n, wantD);
      case 'bin':
        return this.bin(s, n, out, d, wantD, dOf(s.a), dOf(s.b));
    }
  }

  private bin(
    s: Extract<Step, { op: 'bin' }>,
    n: number,
    out: Float64Array,
    d: Float64Array,
    wantD: boolean,
    du: Float64Array,
    dv: Float64Array,
  ): void {
    const u = this.values[s.a];
    const v = this.values[s.b];
    switch (s.bop) {
      case '+':
        for (let i = 0; i < n; i++) out[i] = u[i] + v[i];
        if (wantD) for (let i = 0; i < n; i++) d[i] = du[i] + dv[i];
        return;
      case '-':
        for (let i = 0; i < n; i++) out[i] = u[i] - v[i];
        if (wantD) for (let i = 0; i < n; i++) d[i] = du[i] - dv[i];
        return;
      case '*':
        for (let i = 0; i < n; i++) out[i] = u[i] * v[i];
        if (wantD) for (let i = 0; i < n; i++) d[i] = times(du[i], v[i]) + times(dv[i], u[i]);
        return;
      case '/':
        for (let i = 0; i < n; i++) out[i] = u[i] / v[i];
        if (wantD)
          for (let i = 0; i < n; i++) d[i] = du[i] === 0 && dv[i] === 0 ? 0 : (du[i] - times(dv[i], out[i])) / v[i];
        return;
      case '^': {
        // A fixed exponent (e^2, |e|^1.5) is most of what learners write: one loop without a pow for 2.
        const c = this.steps[s.b].op === 'num' ? (this.steps[s.b] as { value: number }).value : NaN;
        if (c === 2) {
          for (let i = 0; i < n; i++) out[i] = u[i] * u[i];
          if (wantD) for (let i = 0; i < n; i++) d[i] = du[i] === 0 ? 0 : 2 * u[i] * du[i];
          return;
        }
        for (let i = 0; i < n; i++) out[i] = u[i] ** v[i];
        if (!wantD) return;
        if (!s.exponentMoves) {
          for (let i = 0; i < n; i++) d[i] = du[i] === 0 ? 0 : v[i] * u[i] ** (v[i] - 1) * du[i];
        } else {
          for (let i = 0; i < n; i++)
            d[i] =
              du[i] === 0 && dv[i] === 0
                ? 0
                : out[i] * (times(dv[i], Math.log(u[i])) + (du[i] === 0 ? 0 : (v[i] * du[i]) / u[i]));
        }
        return;
      }
    }
  }

  private call(s: Extract<Step, { op: 'call' }>, k: number, n: number, wantD: boolean): void {
    const out = this.values[k];
    const d = this.derivs[k];
    const { spec } = s;
    const u = this.values[s.args[0]];
    const v = spec.arity === 2 ? this.values[s.args[1]] : this.zeros;
    for (let i = 0; i < n; i++) out[i] = spec.value(u[i], v[i]);
    if (!wantD) return;
    d.fill(0, 0, n);
    s.args.forEach((j, arg) => {
      if (this.still[j]) return;
      const dj = this.derivs[j];
      for (let i = 0; i < n; i++) if (dj[i] !== 0) d[i] += spec.partial(arg, u[i], v[i], out[i]) * dj[i];
    });
  }
}

/** A part of a formula without variables, as one number. */
function constantValue(x: Expr): number {
  return new Program(x, false).run(Float64Array.of(0), Float64Array.of(0), false).value[0];
}

/** The formula's value and derivative at one point (a test's, a kink's). */
export function evaluateAt(program: Program, a: number, y: number): { value: number; deriv: number } {
  const r = program.run(Float64Array.of(a), Float64Array.of(y));
  return { value: r.value[0], deriv: r.deriv[0] };
}
