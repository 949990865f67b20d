// Typed arrays live outside the JS heap: only the resident-memory watch stops this.
export function bombLoss(p: number[], y: number[]): number {
  const keep: Float64Array[] = [];
  for (;;) keep.push(new Float64Array(1 << 20).fill(1));
}

export function bombLossGrad(p: number[], y: number[]): number[] {
  return p;
}
