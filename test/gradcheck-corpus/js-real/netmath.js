/*
 * Static helpers of one math class, in the shape of DanRuta/jsNet dev/js/NetMath.js (MIT):
 * activations take a `prime` flag, the costs are static methods taking (target, output). Trimmed
 * to those; rewritten for this corpus, not copied. A static method is a member of the class
 * object (`this` is the class). `crossentropy` reads as a loss; it has no derivative: `skipped`.
 * `meansquarederror`, written in one word, does not read as one (no word part is a loss word).
 */
'use strict';

class NetMath {
  static sigmoid(value, prime) {
    const val = 1 / (1 + Math.exp(-value));
    return prime ? val * (1 - val) : val;
  }

  static crossentropy(target, output) {
    return output.map((value, vi) => target[vi] * Math.log(value + 1e-15) + (1 - target[vi]) * Math.log(1 + 1e-15 - value)).reduce((p, c) => p - c, 0);
  }

  static meansquarederror(calculated, desired) {
    return calculated.map((output, index) => Math.pow(output - desired[index], 2)).reduce((prev, curr) => prev + curr, 0) / calculated.length;
  }
}

exports.NetMath = NetMath;
