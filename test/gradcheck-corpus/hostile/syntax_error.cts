// Deliberately broken TypeScript (.cts so the test tsconfig does not compile it).
export function brokenLoss(p: number[], y: number[]): number {
  return p.reduce((a, b) => a + b, 0;
}
export function brokenLossGrad(p: number[], y: number[]): number[] {
  return p;
}
