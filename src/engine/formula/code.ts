/**
 * A formula as code to paste into a project: NumPy (the loss and its gradient, elementwise), PyTorch
 * (the loss; autograd gives the gradient) and TF.js (the loss; tf.grad gives it). Written from the
 * checked tree, so it says exactly what the playground draws, with every operator's grouping kept
 * (the same order of operations, so the same rounding). Parts without variables that call a
 * function (log(2)) are written as their value: torch.log takes no Python number. Pure.
 *
 * Arguments come prediction first, `(a, y)`, as PyTorch's losses take them; a grad-check lens then
 * differentiates the NumPy loss in `a` and pairs it with its `_grad` function.
 */
import { children, variablesOf, type Comparison, type Expr } from './expr';
import { Program } from './evaluate';
import { FUNCTIONS } from './functions';

import type { CodeTarget } from './vocabulary';

/** The functions' names in the exported code. */
export const CODE_NAMES = { python: 'my_loss', js: 'myLoss' } as const;

const hasCall = (x: Expr): boolean => x.kind === 'call' || children(x).some(hasCall);

/** A number as code: JS's shortest round-trip text, which Python and JS both read back exactly. */
const literal = (v: number): string => (Object.is(v, -0) ? '0' : String(v));

/** Python's precedence: + − 1, × ÷ 2, unary minus 3, ** 4. */
const PREC = { '+': 1, '-': 1, '*': 2, '/': 2, '^': 4 } as const;

type Target = {
  pi: string;
  call(x: Extract<Expr, { kind: 'call' }>, args: string[]): string;
  ind(op: Comparison, l: string, r: string): string;
};

const PYTHON_COMPARE: Record<Comparison, string> = { '>': '>', '>=': '>=', '<': '<', '<=': '<=' };

const isConstant = (x: Expr): boolean => variablesOf(x).size === 0;

/** Python for NumPy or PyTorch: operators, with parentheses wherever the grouping needs them. */
function python(x: Expr, t: Target, outer = 0): string {
  const wrap = (s: string, prec: number): string => (prec < outer ? `(${s})` : s);
  if (isConstant(x) && hasCall(x))
    return wrap(literal(new Program(x).run(Float64Array.of(0), Float64Array.of(0), false).value[0]), 5);
  switch (x.kind) {
    case 'num':
      return x.value < 0 ? wrap(literal(x.value), 3) : literal(x.value);
    case 'const':
      return t.pi;
    case 'var':
      return x.name;
    case 'neg':
      return wrap(`-${python(x.arg, t, 3)}`, 3);
    case 'bin': {
      const p = PREC[x.op];
      const op = x.op === '^' ? '**' : x.op;
      // Same precedence on the right is grouped as the tree says: a - (b - c), a / (b * c), (a ** b) ** c.
      const l = python(x.left, t, x.op === '^' ? p + 1 : p);
      const r = python(x.right, t, x.op === '^' ? 3 : p + 1);
      return wrap(`${l} ${op} ${r}`, p);
    }
    case 'call':
      return t.call(
        x,
        x.args.map((a) => python(a, t)),
      );
    case 'ind':
      return t.ind(x.op, python(x.left, t), python(x.right, t));
  }
}

const numpyTarget: Target = {
  pi: 'np.pi',
  call: (x, args) => FUNCTIONS[x.fn].numpy(args, x.args.map(isConstant)),
  ind: (op, l, r) => `np.where(${l} ${PYTHON_COMPARE[op]} ${r}, 1.0, 0.0)`,
};

const torchTarget: Target = {
  pi: 'math.pi',
  call: (x, args) => FUNCTIONS[x.fn].pytorch(args, x.args.map(isConstant)),
  ind: (op, l, r) => `(${l} ${PYTHON_COMPARE[op]} ${r}).double()`,
};

const TF_OPS = { '+': 'tf.add', '-': 'tf.sub', '*': 'tf.mul', '/': 'tf.div', '^': 'tf.pow' } as const;
const TF_COMPARE: Record<Comparison, string> = {
  '>': 'tf.greater',
  '>=': 'tf.greaterEqual',
  '<': 'tf.less',
  '<=': 'tf.lessEqual',
};

/** TF.js has no operators on tensors: every step is a call, so the grouping is the nesting. */
function tfjs(x: Expr): string {
  if (isConstant(x) && hasCall(x))
    return literal(new Program(x).run(Float64Array.of(0), Float64Array.of(0), false).value[0]);
  switch (x.kind) {
    case 'num':
      return literal(x.value);
    case 'const':
      return 'Math.PI';
    case 'var':
      return x.name;
    case 'neg':
      return `tf.neg(${tfjs(x.arg)})`;
    case 'bin':
      return `${TF_OPS[x.op]}(${tfjs(x.left)}, ${tfjs(x.right)})`;
    case 'call':
      return FUNCTIONS[x.fn].tfjs(x.args.map(tfjs), x.args.map(isConstant));
    case 'ind':
      return `tf.cast(${TF_COMPARE[x.op]}(${tfjs(x.left)}, ${tfjs(x.right)}), 'float32')`;
  }
}

/** NumPy helper functions the expressions call (σ), each once. */
function numpyHelpers(...xs: (Expr | null)[]): string[] {
  const used = new Set<string>();
  const visit = (x: Expr): void => {
    const helper = x.kind === 'call' ? FUNCTIONS[x.fn].numpyHelper : undefined;
    if (helper) used.add(helper);
    children(x).forEach(visit);
  };
  for (const x of xs) if (x) visit(x);
  return [...used];
}

/** `return …` of an expression, broadcast to a's shape when it has no variable at all. */
const pyReturn = (x: Expr, code: string, full: string): string => (variablesOf(x).size ? code : `${full}(a, ${code})`);

export type CodeInput = { text: string; expr: Expr; derivative: Expr | null };

export function formulaCode(f: CodeInput, target: CodeTarget): string {
  const usesE = variablesOf(f.expr).has('e');
  switch (target) {
    case 'numpy': {
      const grad = f.derivative;
      const helpers = numpyHelpers(f.expr, grad);
      const body = (x: Expr): string[] => [
        '    a = np.asarray(a, dtype=float)',
        '    y = np.asarray(y, dtype=float)',
        ...(variablesOf(x).has('e') ? ['    e = a - y'] : []),
        `    return ${pyReturn(x, python(x, numpyTarget), 'np.full_like')}`,
      ];
      return [
        `# Generated by Loss Playground from the formula: ${f.text}`,
        'import numpy as np',
        '',
        ...helpers.flatMap((h) => ['', h, '']),
        '',
        `def ${CODE_NAMES.python}(a, y):`,
        `    """Elementwise loss ${f.text}, with e = a - y.`,
        '',
        `    a: predictions (or scores), y: targets, of one shape. The batch loss is ${CODE_NAMES.python}(a, y).mean().`,
        '    """',
        ...body(f.expr),
        ...(grad
          ? [
              '',
              '',
              `def ${CODE_NAMES.python}_grad(a, y):`,
              `    """Elementwise derivative of ${CODE_NAMES.python} in a (a subgradient at its kinks)."""`,
              ...body(grad),
            ]
          : ['', '', `# (The derivative is too long to write out; autograd, or the playground's plot, has it.)`]),
        '',
      ].join('\n');
    }
    case 'pytorch': {
      const value = pyReturn(f.expr, python(f.expr, torchTarget), 'torch.full_like');
      return [
        `# Generated by Loss Playground from the formula: ${f.text}`,
        ...(value.includes('math.pi') ? ['import math', ''] : []),
        'import torch',
        '',
        '',
        `def ${CODE_NAMES.python}(a, y):`,
        `    """Elementwise loss ${f.text}, with e = a - y.`,
        '',
        '    a: predictions (or scores), y: targets, tensors of one shape.',
        `    loss = ${CODE_NAMES.python}(a, y).mean(); loss.backward() gives the gradient in a by autograd.`,
        '    """',
        ...(usesE ? ['    e = a - y'] : []),
        `    return ${value}`,
        '',
      ].join('\n');
    }
    case 'tfjs': {
      const value = variablesOf(f.expr).size ? tfjs(f.expr) : `tf.fill(a.shape, ${tfjs(f.expr)})`;
      return [
        `// Generated by Loss Playground from the formula: ${f.text}`,
        "import * as tf from '@tensorflow/tfjs';",
        '',
        `/**`,
        ` * Elementwise loss ${f.text}, with e = a - y.`,
        ` * a: predictions (or scores), y: targets, tensors of one shape. The batch loss: tf.mean(${CODE_NAMES.js}(a, y));`,
        ` * its gradient in a: tf.grad((a) => tf.sum(${CODE_NAMES.js}(a, y)))(a).`,
        ' */',
        `export function ${CODE_NAMES.js}(a, y) {`,
        '  return tf.tidy(() => {',
        ...(usesE ? ['    const e = tf.sub(a, y);'] : []),
        `    return ${value};`,
        '  });',
        '}',
        '',
      ].join('\n');
    }
  }
}
