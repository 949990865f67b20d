export function hangLoss(p: number[], y: number[]): number {
  for (;;) {
    // never returns: the time limit ends it
  }
}

export function hangLossGrad(p: number[], y: number[]): number[] {
  return p;
}
