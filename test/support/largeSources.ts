/**
 * Large and hostile sources for the discovery tests and benchmarks: a generated Python module of
 * any length (in blocks of BLOCK_LINES lines, each with a loss and its paired gradient, a helper
 * and a loss nn.Module, a comment and a docstring), and seeded random bytes.
 */

function block(i: number): string {
  return `
import numpy as np
from torch import nn

# block ${i}: a loss, its gradient, a helper and a loss module
def mse_${i}(pred, target):
    """Mean squared error, block ${i}."""
    diff = pred - target
    return np.mean(diff ** 2)

def mse_${i}_grad(pred, target):
    return 2.0 * (pred - target) / pred.size

def helper_${i}(x, y=${i}):
    total = 0
    for k in range(10):
        total += x * k + y
    return total

class Focal${i}Loss(nn.Module):
    def __init__(self, gamma=2.0):
        super().__init__()
        self.gamma = gamma

    def forward(self, logits, targets):
        p = logits.sigmoid()
        return ((1 - p) ** self.gamma * targets).mean()
`;
}

export const BLOCK_LINES = block(0).split('\n').length - 2;

/** A Python module of exactly `lines` lines (and a final newline): two losses (mse_i, Focal{i}Loss) per whole block. */
export function generatedPython(lines: number): string {
  const out: string[] = [];
  for (let i = 0; out.length < lines; i++) out.push(...block(i).split('\n').slice(1, -1));
  return out.slice(0, lines).join('\n') + '\n';
}

/** `n` seeded random bytes read as UTF-8, as a binary file opened as text is (invalid sequences become U+FFFD). */
export function randomText(n: number, seed: number): string {
  // mulberry32
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const bytes = Buffer.alloc(n);
  for (let i = 0; i < n; i++) bytes[i] = Math.floor(next() * 256);
  return bytes.toString('utf8');
}

/** The 0-based lines of generatedPython(lines)'s losses: each `def mse_i` and `class Focal{i}Loss`. */
export function generatedLossLines(lines: number): number[] {
  return generatedPython(lines)
    .split('\n')
    .flatMap((line, i) => (/^(?:def mse_\d+\(|class Focal\d+Loss\()/.test(line) ? [i] : []));
}
