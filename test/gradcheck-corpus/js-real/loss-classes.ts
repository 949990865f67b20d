/*
 * Loss classes as from-scratch TypeScript nets write them: a constructor that takes the loss's
 * hyperparameter and `loss` + `gradient` methods; and a `forward` that keeps what `backward()`
 * needs, as layer-style code does. Written for this corpus in that shape (not copied).
 *
 * HuberLoss(delta), mean over elements of ½d² (|d| ≤ δ) or δ(|d| − ½δ), gradient d or δ·sign(d),
 * over n: pass, and only when the instance is built with its delta (without it every comparison
 * with undefined is false and the loss is NaN).
 * SoftmaxCrossEntropy.forward(logits, labels), mean −log softmax(z)[y], backward() = (softmax −
 * onehot)/N from what forward kept: pass.
 */
export class HuberLoss {
  constructor(readonly delta: number) {}

  loss(predictions: number[], targets: number[]): number {
    let sum = 0;
    for (let i = 0; i < predictions.length; i++) {
      const d = predictions[i] - targets[i];
      const a = Math.abs(d);
      sum += a <= this.delta ? 0.5 * d * d : this.delta * (a - 0.5 * this.delta);
    }
    return sum / predictions.length;
  }

  gradient(predictions: number[], targets: number[]): number[] {
    return predictions.map((p, i) => {
      const d = p - targets[i];
      return (Math.abs(d) <= this.delta ? d : this.delta * Math.sign(d)) / predictions.length;
    });
  }
}

export class SoftmaxCrossEntropy {
  private probs: number[][] = [];
  private labels: number[] = [];

  forward(logits: number[][], labels: number[]): number {
    this.labels = labels;
    this.probs = logits.map((row) => {
      const m = Math.max(...row);
      const e = row.map((z) => Math.exp(z - m));
      const s = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / s);
    });
    return -this.probs.reduce((a, p, n) => a + Math.log(p[labels[n]]), 0) / logits.length;
  }

  backward(): number[][] {
    const n = this.probs.length;
    return this.probs.map((p, row) => p.map((v, c) => (v - (c === this.labels[row] ? 1 : 0)) / n));
  }
}
