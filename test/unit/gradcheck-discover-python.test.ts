/**
 * Python discovery on the losses people actually write: pairing conventions, loss classes, losses
 * that return their gradient, docstrings, and no lens on what takes a model, a pytree or a batch.
 * The excerpts are written for these tests in the shape of the repositories named above each (the
 * signatures, bases, decorators, constructor defaults, returns and docstring layouts that discovery
 * reads), with bodies, names and wording of our own: none is copied. They are test data and never run.
 */
import { strict as assert } from 'node:assert';
import { discoverLosses } from '../../src/gradcheck/discover';
import {
  findGradientMember,
  findPairedGradient,
  genericGradientPairs,
  isGradientName,
  pairedGradientCandidates,
  readsAsLoss,
} from '../../src/gradcheck/names';
import type { DiscoveredLoss } from '../../src/gradcheck/types';

const py = (text: string): DiscoveredLoss[] => discoverLosses(text, 'python').losses;
const names = (text: string): string[] =>
  py(text).map((l) => (l.className && l.kind === 'method' ? `${l.className}.${l.name}` : l.name));
const one = (text: string, name: string): DiscoveredLoss => {
  const found = py(text).filter((l) => l.name === name);
  assert.equal(found.length, 1, `${name} in ${names(text).join(', ')}`);
  return found[0];
};
const paramNames = (ps: { name: string }[] | undefined): string[] | undefined => ps?.map((p) => p.name);

describe('gradcheck names: pairing conventions', () => {
  it('reads _prime, _derivative, _deriv, d_x and camelCase gradients as gradients', () => {
    for (const n of [
      'mse_prime',
      'mse_derivative',
      'mse_deriv',
      'd_mse',
      'd_mse_loss',
      'msePrime',
      'mseDerivative',
      'mseGradient',
      'dLoss',
      'dL_dx',
      'dJ_dtheta',
      'cost_derivative',
      'loss_prime',
    ])
      assert.ok(isGradientName(n), n);
  });
  it('reads prime as a gradient only as a suffix of a loss or of a sibling', () => {
    assert.ok(!isGradientName('prime_numbers_loss'));
    assert.ok(readsAsLoss('prime_numbers_loss'));
    assert.ok(!isGradientName('prime'));
    assert.ok(!isGradientName('optimus_prime'));
    assert.ok(!isGradientName('tanh_prime'));
    assert.ok(isGradientName('tanh_prime', new Set(['tanh', 'tanh_prime'])));
    assert.ok(isGradientName('d_tanh', new Set(['tanh'])));
    assert.ok(!isGradientName('dropout_loss'));
  });
  it('reads a GAN d_loss beside a g_loss as a loss, not a gradient', () => {
    assert.ok(isGradientName('d_loss'));
    assert.ok(!isGradientName('d_loss', new Set(['d_loss', 'g_loss'])));
    assert.deepEqual(names('def d_loss(real, fake):\n    return 0\n\ndef g_loss(fake):\n    return 0\n'), [
      'd_loss',
      'g_loss',
    ]);
  });
  it('reads past version suffixes', () => {
    for (const n of ['FocalLossV1', 'LabelSmoothSoftmaxCEV2', 'DiceLoss_v2', 'TverskyLossV3', 'mse_v2'])
      assert.ok(readsAsLoss(n), n);
    assert.ok(!readsAsLoss('conv2'));
  });
  it('leaves models, plots and histories alone even when a loss word is in the name', () => {
    for (const n of [
      'SupCEResNet',
      'FocalHead',
      'plot_losses',
      'print_loss',
      'loss_history',
      'plot_training_cost',
      'show_error',
    ])
      assert.ok(!readsAsLoss(n), n);
    for (const n of ['log_loss', 'LossNetworkLoss', 'ce_loss', 'kl_div']) assert.ok(readsAsLoss(n), n);
  });
  it('lists derivative forms only for names that read as losses (activations keep theirs)', () => {
    const mse = pairedGradientCandidates('mse', 'python');
    for (const c of [
      'mse_grad',
      'grad_mse',
      'mse_backward',
      'mse_gradient',
      'gradient_mse',
      'mse_prime',
      'mse_derivative',
      'mse_deriv',
      'd_mse',
      'mseGrad',
      'mseGradient',
      'msePrime',
      'mseDerivative',
    ])
      assert.ok(mse.includes(c), c);
    assert.ok(pairedGradientCandidates('mse_loss', 'python').includes('d_mse'));
    assert.ok(pairedGradientCandidates('mse_loss', 'python').includes('d_mse_loss'));
    const sigmoid = pairedGradientCandidates('sigmoid', 'python');
    assert.ok(sigmoid.includes('sigmoid_grad'));
    assert.ok(
      !sigmoid.includes('sigmoid_prime') && !sigmoid.includes('sigmoid_derivative') && !sigmoid.includes('d_sigmoid'),
    );
  });
  it('gives JS/TS the same conventions in camelCase', () => {
    const defined = (...ns: string[]) => new Set(ns);
    assert.equal(findPairedGradient('mse', 'typescript', defined('mse', 'msePrime')), 'msePrime');
    assert.equal(findPairedGradient('mse', 'javascript', defined('mse', 'mseDerivative')), 'mseDerivative');
    assert.equal(findPairedGradient('mse', 'javascript', defined('mse', 'dMse')), 'dMse');
    assert.equal(findPairedGradient('huberLoss', 'typescript', defined('huberLoss', 'huberGrad')), 'huberGrad');
    assert.equal(findPairedGradient('focalLoss', 'typescript', defined('focalLoss', 'gradFocalLoss')), 'gradFocalLoss');
    assert.equal(findPairedGradient('sigmoid', 'javascript', defined('sigmoid', 'sigmoidPrime')), undefined);
    assert.equal(
      findPairedGradient('costFunction', 'javascript', defined('costFunction', 'gradient', 'sigmoid')),
      'gradient',
    );
    assert.equal(findGradientMember(defined('fn', 'derivative')), 'derivative');
    assert.equal(findGradientMember(defined('fn', 'delta')), undefined);
  });
  it('pairs a lone generic cost with a lone generic gradient', () => {
    const pairs = (...ns: string[]) => Object.fromEntries(genericGradientPairs(ns));
    assert.deepEqual(pairs('cost', 'gradient', 'sigmoid', 'predict'), { cost: 'gradient' });
    assert.deepEqual(pairs('costFunction', 'gradient'), { costFunction: 'gradient' });
    assert.deepEqual(pairs('compute_cost', 'compute_gradient'), { compute_cost: 'compute_gradient' });
    assert.deepEqual(pairs('loss', 'grad'), { loss: 'grad' });
    assert.deepEqual(pairs('cost', 'gradient', 'regularized_cost', 'regularized_gradient'), {
      cost: 'gradient',
      regularized_cost: 'regularized_gradient',
    });
    assert.deepEqual(pairs('cost_regression', 'gradient'), { cost_regression: 'gradient' });
    // Two costs for one gradient, or an optimizer rather than a gradient: no pair.
    assert.deepEqual(pairs('mse_loss', 'huber_loss', 'gradient'), {});
    assert.deepEqual(pairs('computeCost', 'gradientDescent'), {});
    assert.deepEqual(pairs('nnCostFunction', 'sigmoidGradient'), {});
  });
});

describe('gradcheck discovery: Python pairing on real code', () => {
  it('pairs mse with mse_prime (omaraflak/Medium-Python-Neural-Network)', () => {
    // In the shape of omaraflak/Medium-Python-Neural-Network's losses.py (rewritten for this test, not copied)
    const text = `import numpy as np

# squared error, and its slope for the backward pass
def mse(y_true, y_pred):
    residual = y_pred - y_true
    return np.mean(residual * residual)

def mse_prime(y_true, y_pred):
    count = y_true.size
    return 2.0 * (y_pred - y_true) / count
`;
    const [l, ...rest] = py(text);
    assert.deepEqual(rest, []);
    assert.deepEqual([l.name, l.pairedGradient, l.reason], ['mse', 'mse_prime', 'name']);
  });
  it('gives tanh/tanh_prime and sigmoid/sigmoid_prime no lens (mnielsen/neural-networks-and-deep-learning, omaraflak)', () => {
    // In the shape of mnielsen/neural-networks-and-deep-learning's src/network2.py (rewritten for this test, not copied)
    const text = `def sigmoid(z):
    """Logistic squashing of z into (0, 1)."""
    return 0.5 * (1.0 + np.tanh(0.5 * z))

def sigmoid_prime(z):
    """Slope of the logistic curve at z."""
    s = sigmoid(z)
    return s - s * s

def tanh(u):
    return np.tanh(u)

def tanh_prime(u):
    t = np.tanh(u)
    return 1.0 - t * t
`;
    assert.deepEqual(names(text), []);
  });
  it('pairs costFunction with gradient (a port of the Stanford ML course, jnferreira/Assignments)', () => {
    // In the shape of jnferreira/Assignments' EX2/costFunGrad.py, a port of the Stanford ML course
    // (rewritten for this test, not copied)
    const text = `import numpy as np
import sigmoid

def costFunction(theta, X, y):
    n_samples = len(y)
    probs = sigmoid.sigmoid(X @ theta)
    log_lik = y * np.log(probs) + (1 - y) * np.log(1 - probs)
    return -np.sum(log_lik) / n_samples

def gradient(theta, X, y):
    n_samples = len(y)
    probs = sigmoid.sigmoid(X @ theta)
    return (X.T @ (probs - y)) / n_samples
`;
    const l = one(text, 'costFunction');
    assert.deepEqual(
      [l.pairedGradient, l.returnsGradient, paramNames(l.params)],
      ['gradient', undefined, ['theta', 'X', 'y']],
    );
    assert.deepEqual(names(text), ['costFunction']);
  });
  it('pairs compute_cost + compute_gradient and loss(w, x, y) + grad(w, x, y)', () => {
    const a = py('def compute_cost(X, y, w, b):\n    return 0\n\ndef compute_gradient(X, y, w, b):\n    return 0, 0\n');
    assert.deepEqual(
      a.map((l) => [l.name, l.pairedGradient]),
      [['compute_cost', 'compute_gradient']],
    );
    const b = py('def loss(w, x, y):\n    return 0\n\ndef grad(w, x, y):\n    return w\n');
    assert.deepEqual(
      b.map((l) => [l.name, l.pairedGradient]),
      [['loss', 'grad']],
    );
  });
  it('does not pair a generic gradient that cannot take the loss arguments', () => {
    // A numerical-differentiation helper beside a loss: gradient(f, x) is no gradient of cost(theta, X, y).
    const text = 'def cost(theta, X, y):\n    return 0\n\ndef gradient(f, x, h=1e-5):\n    return 0\n';
    assert.deepEqual(
      py(text).map((l) => [l.name, l.pairedGradient]),
      [['cost', undefined]],
    );
    // A `gradient` that needs the loss's arguments plus its own (`m`) is no pair either.
    const text2 = 'def cost_function(X, y, theta):\n    return 0\n\ndef grad(theta, X, y, m):\n    return 0\n';
    assert.deepEqual(
      py(text2).map((l) => [l.name, l.pairedGradient]),
      [['cost_function', undefined]],
    );
  });
  it('pairs the name without its loss suffix and the derivative forms', () => {
    const text =
      'def huber_loss(a, y):\n    return 0\n\ndef huber_grad(a, y):\n    return 0\n\ndef mae_loss(a, y):\n    return 0\n\ndef d_mae(a, y):\n    return 0\n\ndef bce(p, y):\n    return 0\n\ndef bceDerivative(p, y):\n    return 0\n\ndef kl(p, q):\n    return 0\n\ndef kl_deriv(p, q):\n    return 0\n';
    assert.deepEqual(
      py(text).map((l) => [l.name, l.pairedGradient]),
      [
        ['huber_loss', 'huber_grad'],
        ['mae_loss', 'd_mae'],
        ['bce', 'bceDerivative'],
        ['kl', 'kl_deriv'],
      ],
    );
  });
});

describe('gradcheck discovery: Python loss classes on real code', () => {
  it('finds loss + grad methods and skips the abstract base (joelgrus/joelnet)', () => {
    // In the shape of joelgrus/joelnet's joelnet/loss.py (rewritten for this test, not copied)
    const text = `"""
Losses score predictions against targets; their gradients drive the
parameter updates.
"""
import numpy as np

from tinynet.tensor import Tensor

class Loss:
    def loss(self, predicted: Tensor, actual: Tensor) -> float:
        raise NotImplementedError

    def grad(self, predicted: Tensor, actual: Tensor) -> Tensor:
        raise NotImplementedError


class MSE(Loss):
    """
    Squared error summed over every entry
    (no division by the count, whatever the name says)
    """
    def loss(self, predicted: Tensor, actual: Tensor) -> float:
        err = predicted - actual
        return float(np.sum(err * err))

    def grad(self, predicted: Tensor, actual: Tensor) -> Tensor:
        return (predicted - actual) * 2
`;
    const [l, ...rest] = py(text);
    assert.deepEqual(rest, []);
    assert.deepEqual(
      [l.name, l.kind, l.className, l.pairedGradient, l.reason],
      ['loss', 'method', 'MSE', 'grad', 'name'],
    );
    assert.deepEqual(
      l.params.map((p) => [p.name, p.type]),
      [
        ['predicted', 'Tensor'],
        ['actual', 'Tensor'],
      ],
    );
    assert.deepEqual(l.init, []);
    assert.equal(l.doc, 'Squared error summed over every entry\n(no division by the count, whatever the name says)');
  });
  it('finds loss + gradient methods, not the base whose loss returns NotImplementedError (eriklindernoren/ML-From-Scratch)', () => {
    // In the shape of eriklindernoren/ML-From-Scratch's mlfromscratch/deep_learning/loss_functions.py
    // (rewritten for this test, not copied)
    const text = `import numpy as np
from scratchml.metrics import fraction_correct


class Loss(object):
    def loss(self, y_true, y_pred):
        return NotImplementedError()

    def gradient(self, y, y_pred):
        raise NotImplementedError()

    def acc(self, y, y_pred):
        return 0


class SquareLoss(Loss):
    def __init__(self): pass

    def loss(self, y, y_pred):
        gap = y_pred - y
        return 0.5 * gap ** 2

    def gradient(self, y, y_pred):
        return y_pred - y


class CrossEntropy(Loss):
    def __init__(self): pass

    def loss(self, y, p):
        # keep log() away from 0 and 1
        q = np.clip(p, 1e-12, 1.0 - 1e-12)
        return -(y * np.log(q) + (1.0 - y) * np.log(1.0 - q))

    def acc(self, y, p):
        return fraction_correct(y.argmax(axis=1), p.argmax(axis=1))

    def gradient(self, y, p):
        q = np.clip(p, 1e-12, 1.0 - 1e-12)
        return (q - y) / (q * (1.0 - q))
`;
    assert.deepEqual(
      py(text).map((l) => [
        l.className,
        l.name,
        l.kind,
        l.pairedGradient,
        paramNames(l.params)?.join(','),
        paramNames(l.init)?.join(','),
      ]),
      [
        ['SquareLoss', 'loss', 'method', 'gradient', 'y,y_pred', ''],
        ['CrossEntropy', 'loss', 'method', 'gradient', 'y,p', ''],
      ],
    );
  });
  it('gives activation classes with __call__ + gradient no lens (eriklindernoren/ML-From-Scratch)', () => {
    // In the shape of eriklindernoren/ML-From-Scratch's mlfromscratch/deep_learning/activation_functions.py
    // (rewritten for this test, not copied)
    const text = `import numpy as np

class Sigmoid():
    def __call__(self, x):
        return np.exp(-np.logaddexp(0.0, -x))

    def gradient(self, x):
        s = self(x)
        return s * (1.0 - s)

class Softmax():
    def __call__(self, x):
        shifted = x - x.max(axis=-1, keepdims=True)
        w = np.exp(shifted)
        return w / w.sum(axis=-1, keepdims=True)

    def gradient(self, x):
        s = self(x)
        return s - s ** 2
`;
    assert.deepEqual(names(text), []);
  });
  it('reports a loss-named class with __call__ as a callable class, paired with its gradient method', () => {
    const text =
      'import numpy as np\n\nclass MeanSquaredError:\n    def __init__(self, reduction="mean"):\n        self.reduction = reduction\n\n    def __call__(self, y_true, y_pred):\n        return np.mean((y_pred - y_true) ** 2)\n\n    def gradient(self, y_true, y_pred):\n        return 2 * (y_pred - y_true) / y_true.size\n';
    const l = one(text, 'MeanSquaredError');
    assert.deepEqual([l.kind, l.base, l.pairedGradient, l.reason], ['class', 'callable', 'gradient', 'name']);
    assert.deepEqual(paramNames(l.params), ['y_true', 'y_pred']);
    assert.deepEqual(l.init, [{ name: 'reduction', kind: 'positional', default: '"mean"' }]);
  });
  it('does not pair a gradient that takes no arguments (it reads what __call__ cached)', () => {
    // A pattern of from-scratch libraries, in the shape of the numpy-nn package's losses/MeanSquaredError.py
    // (rewritten for this test, not copied): the gradient takes no arguments, so it cannot be called with the loss's.
    const text = `import numpy as np

class MeanSquaredError():

    def __call__(self, y, y_pred):
        # remembered for gradient(), which is called without arguments
        self._pred = y_pred
        self._true = y
        n = y_pred.shape[0]
        self._value = float(((y_pred - y) ** 2).sum()) / n
        return self._value

    def gradient(self):
        n = self._pred.shape[0]
        return 2.0 * (self._pred - self._true) / n
`;
    const l = one(text, 'MeanSquaredError');
    assert.deepEqual([l.base, l.pairedGradient], ['callable', undefined]);
  });
  it('finds versioned nn.Module losses with their constructor parameters and docstrings (CoinCheung/pytorch-loss)', () => {
    // In the shape of CoinCheung/pytorch-loss's pytorch_loss/focal_loss.py and pytorch_loss/label_smooth.py
    // (rewritten for this test, not copied)
    const text = `import torch
import torch.nn as nn
import torch.nn.functional as F


#
# first variant: autograd does the backward pass
class FocalLossV1(nn.Module):

    def __init__(self,
                 alpha=0.25,
                 gamma=2,
                 reduction='mean',):
        super(FocalLossV1, self).__init__()
        self.alpha, self.gamma = alpha, gamma
        self.reduction = reduction

    def forward(self, logits, label):
        '''
        inputs:
            logits: raw scores, any shape (N, ...)
            label: 0/1 targets, same shape (N, ...)
        '''
        x = logits.float()  # fp16 in, fp32 maths
        y = label.to(x.dtype)
        weight = torch.where(y > 0.5, torch.full_like(x, self.alpha), torch.full_like(x, 1.0 - self.alpha))
        p = torch.sigmoid(x)
        p_true = y * p + (1.0 - y) * (1.0 - p)
        bce = F.binary_cross_entropy_with_logits(x, y, reduction='none')
        out = weight * (1.0 - p_true).pow(self.gamma) * bce
        if self.reduction == 'sum':
            return out.sum()
        if self.reduction == 'mean':
            return out.mean()
        return out


class LabelSmoothSoftmaxCEV2(nn.Module):

    def __init__(self, lb_smooth=0.1, reduction='mean', ignore_index=-100):
        super(LabelSmoothSoftmaxCEV2, self).__init__()
        self.smoothing = lb_smooth
        self.reduction = reduction
        self.ignored = ignore_index

    def forward(self, logits, labels):
        '''
        Called like nn.CrossEntropyLoss:
            >>> crit = LabelSmoothSoftmaxCEV2()
            >>> scores = torch.randn(4, 10, 32, 32)
            >>> targets = torch.randint(0, 10, (4, 32, 32))
            >>> value = crit(scores, targets)
        '''
        per_pixel = SmoothedCEFunction.apply(logits, labels, self.smoothing, self.ignored)
        kept = labels != self.ignored
        if self.reduction == 'mean':
            return per_pixel.sum() / kept.sum()
        if self.reduction == 'sum':
            return per_pixel.sum()
        return per_pixel


if __name__ == '__main__':
    import torchvision
    class Model(nn.Module):
        def __init__(self):
            super(Model, self).__init__()
            self.body = torchvision.models.resnet18()
        def forward(self, x):
            return self.body(x)
`;
    const [focal, ce, ...rest] = py(text);
    assert.deepEqual(rest, []);
    assert.deepEqual([focal.name, focal.kind, focal.base, focal.reason], ['FocalLossV1', 'class', 'nn.Module', 'name']);
    assert.deepEqual(paramNames(focal.params), ['logits', 'label']);
    assert.deepEqual(
      focal.init?.map((p) => [p.name, p.default]),
      [
        ['alpha', '0.25'],
        ['gamma', '2'],
        ['reduction', "'mean'"],
      ],
    );
    assert.equal(
      focal.doc,
      'inputs:\n    logits: raw scores, any shape (N, ...)\n    label: 0/1 targets, same shape (N, ...)',
    );
    assert.deepEqual(focal.frameworks, ['torch']);
    assert.deepEqual(
      [ce.name, ce.base, paramNames(ce.params)?.join(',')],
      ['LabelSmoothSoftmaxCEV2', 'nn.Module', 'logits,labels'],
    );
    assert.match(ce.doc!, /^Called like nn\.CrossEntropyLoss:\n {4}>>> crit = LabelSmoothSoftmaxCEV2\(\)/);
  });
  it('joins the class and forward docstrings, which state shapes (HobbitLong/SupContrast)', () => {
    // In the shape of HobbitLong/SupContrast's losses.py (rewritten for this test, not copied)
    const text = `import torch
import torch.nn as nn


class SupConLoss(nn.Module):
    """Contrastive loss with labels (Khosla et al., https://arxiv.org/abs/2004.11362).
    Without labels it is the self-supervised SimCLR loss"""
    def __init__(self, temperature=0.07, contrast_mode='all',
                 base_temperature=0.07):
        super(SupConLoss, self).__init__()
        self.temperature, self.base_temperature = temperature, base_temperature
        self.mode = contrast_mode

    def forward(self, features, labels=None, mask=None):
        """Compute the loss of a batch. With neither \`labels\` nor \`mask\`,
        each sample is a class of its own (SimCLR,
        https://arxiv.org/abs/2002.05709).

        Args:
            features: embeddings of shape [bsz, n_views, ...].
            labels: class ids of shape [bsz].
            mask: [bsz, bsz], mask[i, j] = 1 when samples i and j
                share a class; need not be symmetric.
        Returns:
            The loss, a scalar.
        """
        flat = features.reshape(features.shape[0] * features.shape[1], -1)
        sims = flat @ flat.T / self.temperature
        scale = self.temperature / self.base_temperature

        return -scale * torch.log_softmax(sims, dim=1).mean()
`;
    const l = one(text, 'SupConLoss');
    assert.deepEqual(paramNames(l.params), ['features', 'labels', 'mask']);
    assert.deepEqual(paramNames(l.init), ['temperature', 'contrast_mode', 'base_temperature']);
    assert.ok(
      l.doc!.startsWith(
        'Contrastive loss with labels (Khosla et al., https://arxiv.org/abs/2004.11362).\nWithout labels it is the self-supervised SimCLR loss\n\nCompute the loss of a batch.',
      ),
      l.doc,
    );
    assert.ok(l.doc!.includes('    features: embeddings of shape [bsz, n_views, ...].'), l.doc);
    assert.equal(l.returnsGradient, undefined);
  });
  it('finds CenterLoss with its constructor (KaiyangZhou/pytorch-center-loss)', () => {
    // In the shape of KaiyangZhou/pytorch-center-loss's center_loss.py (rewritten for this test, not copied)
    const text = `import torch
import torch.nn as nn

class CenterLoss(nn.Module):
    """Pulls each feature towards a learned centre of its class.

    After Wen et al., ECCV 2016 (discriminative features for face recognition).

    Args:
        num_classes (int): how many classes there are.
        feat_dim (int): length of a feature vector.
    """
    def __init__(self, num_classes=10, feat_dim=2, use_gpu=True):
        super(CenterLoss, self).__init__()
        self.centers = nn.Parameter(torch.randn(num_classes, feat_dim))

    def forward(self, x, labels):
        """
        Args:
            x: features, shape (batch_size, feat_dim).
            labels: class ids, shape (batch_size).
        """
        mine = self.centers[labels]
        return ((x - mine) ** 2).sum(dim=1).mean() / 2
`;
    const l = one(text, 'CenterLoss');
    assert.deepEqual(
      [l.base, paramNames(l.params)?.join(','), paramNames(l.init)?.join(',')],
      ['nn.Module', 'x,labels', 'num_classes,feat_dim,use_gpu'],
    );
    assert.ok(l.doc!.includes('x: features, shape (batch_size, feat_dim).'));
  });
  it('finds a Keras Loss subclass with call(y_true, y_pred) (keras-team/keras-io)', () => {
    // In the shape of keras-team/keras-io's guides/training_with_built_in_methods.py (rewritten for this test, not copied)
    const text = `import tensorflow as tf
from tensorflow import keras


class CustomMSE(keras.losses.Loss):
    def __init__(self, regularization_factor=0.1, name="custom_mse"):
        super().__init__(name=name)
        self.factor = regularization_factor

    def call(self, y_true, y_pred):
        err = tf.reduce_mean(tf.square(y_pred - y_true))
        pull = tf.reduce_mean(tf.square(y_pred - 0.5))
        return err + self.factor * pull


class LogisticEndpoint(keras.layers.Layer):
    def __init__(self, name=None):
        super().__init__(name=name)
        self.bce = keras.losses.BinaryCrossentropy(from_logits=True)

    def call(self, targets, logits, sample_weights=None):
        self.add_loss(self.bce(targets, logits, sample_weights))
        return tf.sigmoid(logits)
`;
    const [l, ...rest] = py(text);
    assert.deepEqual(rest, []);
    assert.deepEqual([l.name, l.kind, l.base, l.reason], ['CustomMSE', 'class', 'keras.Loss', 'name']);
    assert.deepEqual(paramNames(l.params), ['y_true', 'y_pred']);
    assert.deepEqual(paramNames(l.init), ['regularization_factor', 'name']);
    assert.deepEqual(l.frameworks, ['tensorflow']);
  });
  it('finds CS231n model-parameter losses that return their gradient, past the test-time return', () => {
    // In the shape of Ecalzo/cs231n2017-python3's cs231n/classifiers/linear_svm.py and neural_net.py (CS231n
    // assignment 1 starter code with a student's solution; rewritten for this test, not copied)
    const text = `import numpy as np

def svm_loss_naive(W, X, y, reg):
  """
  Multiclass hinge loss, one example and one class at a time.

  Shapes: D features, C classes, a minibatch of N examples.

  Inputs:
  - W: (D, C) weights.
  - X: (N, D) examples.
  - y: (N,) labels, each in range(C).
  - reg: L2 strength.

  Returns a tuple of:
  - the loss, a float
  - its gradient in W, shaped like W
  """
  grad_W = np.zeros_like(W)
  n = X.shape[0]
  total = 0.0
  for row in range(n):
    s = X[row] @ W
    target = s[y[row]]
    for k in range(W.shape[1]):
      if k == y[row]:
        continue
      m = s[k] - target + 1.0
      if m > 0:
        total += m
        grad_W[:, k] += X[row]
        grad_W[:, y[row]] -= X[row]
  loss = total / n + reg * np.sum(W ** 2)
  dW = grad_W / n + 2.0 * reg * W
  return loss, dW


class TwoLayerNet(object):
  def __init__(self, input_size, hidden_size, output_size, std=1e-4):
    self.params = {
      'W1': std * np.random.randn(input_size, hidden_size),
    }

  def loss(self, X, y=None, reg=0.0):
    """
    Loss of the two-layer network on a batch, with the gradients of its
    parameters.
    """
    p = self.params
    hidden = np.maximum(0.0, X @ p['W1'] + p['b1'])
    scores = hidden @ p['W2'] + p['b2']

    # no labels: only the scores are wanted
    if y is None:
      return scores

    loss = data_term + reg_term
    grads = {'W2': hidden.T @ dscores}
    return loss, grads

  def train(self, X, y, X_val, y_val,
            learning_rate=1e-3, num_iters=100, batch_size=200,
            verbose=False):
    history = []
    return {'loss_history': history}
`;
    const svm = one(text, 'svm_loss_naive');
    assert.deepEqual(
      [paramNames(svm.params)?.join(','), svm.returnsGradient, svm.pairedGradient],
      ['W,X,y,reg', true, undefined],
    );
    assert.ok(svm.doc!.startsWith('Multiclass hinge loss, one example and one class at a time.\n\nShapes: D features'));
    const net = one(text, 'loss');
    assert.deepEqual(
      [net.kind, net.className, net.returnsGradient, paramNames(net.params)?.join(',')],
      ['method', 'TwoLayerNet', true, 'X,y,reg'],
    );
    assert.deepEqual(
      net.init?.map((p) => [p.name, p.default]),
      [
        ['input_size', undefined],
        ['hidden_size', undefined],
        ['output_size', undefined],
        ['std', '1e-4'],
      ],
    );
    assert.deepEqual(names(text), ['svm_loss_naive', 'TwoLayerNet.loss']);
  });
  it('reads the torchvision focal loss and its docstring (pytorch/vision)', () => {
    // In the shape of pytorch/vision's torchvision/ops/focal_loss.py (rewritten for this test, not copied)
    const text = `import torch
import torch.nn.functional as F


def sigmoid_focal_loss(
    inputs: torch.Tensor,
    targets: torch.Tensor,
    alpha: float = 0.25,
    gamma: float = 2,
    reduction: str = "none",
):
    """
    Focal loss of RetinaNet (https://arxiv.org/abs/1708.02002), after the version in fvcore.

    Args:
        inputs: float tensor of any shape, one logit per example.
    Returns:
        The loss, reduced as \`reduction\` says.
    """
    prob = inputs.sigmoid()
    bce = F.binary_cross_entropy_with_logits(inputs, targets, reduction="none")
    p_hit = targets * prob + (1 - targets) * (1 - prob)
    out = bce * (1 - p_hit).pow(gamma)
    if 0 <= alpha:
        out = out * (targets * alpha + (1 - targets) * (1 - alpha))
    if reduction == "sum":
        return out.sum()
    if reduction == "mean":
        return out.mean()
    return out
`;
    const l = one(text, 'sigmoid_focal_loss');
    assert.deepEqual(
      l.params.map((p) => [p.name, p.type, p.default]),
      [
        ['inputs', 'torch.Tensor', undefined],
        ['targets', 'torch.Tensor', undefined],
        ['alpha', 'float', '0.25'],
        ['gamma', 'float', '2'],
        ['reduction', 'str', '"none"'],
      ],
    );
    assert.ok(
      l.doc!.startsWith(
        'Focal loss of RetinaNet (https://arxiv.org/abs/1708.02002), after the version in fvcore.\n\nArgs:',
      ),
      l.doc,
    );
    assert.equal(l.returnsGradient, undefined);
  });
});

describe('gradcheck discovery: Python losses that need no lens', () => {
  it("gives DETR's SetCriterion (outputs dict, targets list of dicts) no lens (facebookresearch/detr)", () => {
    // In the shape of facebookresearch/detr's models/detr.py (rewritten for this test, not copied)
    const text = `import torch
import torch.nn.functional as F
from torch import nn


class SetCriterion(nn.Module):
    """ Losses of a set-prediction detector, after Hungarian matching.
    """
    def __init__(self, num_classes, matcher, weight_dict, eos_coef, losses):
        super().__init__()
        self.matcher = matcher

    def loss_labels(self, outputs, targets, indices, num_boxes, log=True):
        """Cross-entropy on the class of each query.
        each target dict holds "labels", a tensor of [nb_target_boxes] class ids
        """
        logits = outputs['pred_logits']  # [batch, queries, classes + 1]
        wanted = torch.cat([t["labels"][j] for t, (_, j) in zip(targets, indices)])
        ce = F.cross_entropy(logits.transpose(1, 2), classes, self.class_weights)
        return {'loss_ce': ce}

    @torch.no_grad()
    def loss_cardinality(self, outputs, targets, indices, num_boxes):
        logits = outputs['pred_logits']
        counts = torch.as_tensor([len(t["labels"]) for t in targets], device=logits.device)
        return {'cardinality_error': err}

    def loss_boxes(self, outputs, targets, indices, num_boxes):
        assert 'pred_boxes' in outputs, 'the model predicted no boxes'
        boxes = outputs['pred_boxes'][self._matched_queries(indices)]
        return {'loss_bbox': l1}

    def get_loss(self, loss, outputs, targets, indices, num_boxes, **kwargs):
        method = getattr(self, f'loss_{loss}', None)
        assert method is not None, f'no loss called {loss}'
        return method(outputs, targets, indices, num_boxes, **kwargs)

    def forward(self, outputs, targets):
        """ Sums the configured losses.
        Parameters:
             outputs: dict of tensors, as the model returns them
             targets: list of dicts, one per image (len(targets) == batch_size)
        """
        main = {k: v for k, v in outputs.items() if k != 'aux_outputs'}
        indices = self.matcher(main, targets)
        return {name: self.get_loss(name, outputs, targets, indices, 1) for name in self.losses}
`;
    assert.deepEqual(names(text), []);
  });
  it("gives DETR's dice_loss and sigmoid_focal_loss (tensors) a lens (facebookresearch/detr)", () => {
    // In the shape of facebookresearch/detr's models/segmentation.py (rewritten for this test, not copied)
    const text = `import torch
import torch.nn.functional as F

def dice_loss(inputs, targets, num_boxes):
    """
    Soft Dice loss on mask logits (a mask analogue of IoU).
    """
    probs = inputs.sigmoid().flatten(1)
    overlap = (probs * targets).sum(1)
    total = probs.sum(-1) + targets.sum(-1)
    per_mask = 1 - (2 * overlap + 1) / (total + 1)
    return per_mask.sum() / num_boxes
`;
    assert.deepEqual(names(text), ['dice_loss']);
  });
  it('gives a Flax loss over a params pytree and a train step no lens (google/flax)', () => {
    // In the shape of google/flax's examples/ppo/ppo_lib.py (rewritten for this test, not copied)
    const text = `import functools
from typing import Any, Callable, Tuple

import flax
from flax.training import train_state
import jax
import jax.numpy as jnp


def loss_fn(
    params: flax.core.FrozenDict,
    apply_fn: Callable[..., Any],
    minibatch: Tuple,
    clip_param: float,
    vf_coeff: float,
    entropy_coeff: float):
  """PPO objective on one minibatch."""
  obs, acts, logp_old, rets, advs = minibatch
  logp, vals = policy.evaluate(apply_fn, params, obs, acts)
  return policy_term + vf_coeff * value_term - entropy_coeff * entropy

@functools.partial(jax.jit, static_argnums=(2,))
def train_step(
    state: train_state.TrainState,
    trajectories: Tuple,
    batch_size: int,
    *,
    clip_param: float,
    vf_coeff: float,
    entropy_coeff: float):
  """One jitted pass over the trajectories."""
  total = 0.
  for mb in zip(*trajectories):
    value_and_grad = jax.value_and_grad(loss_fn)
  return state, total
`;
    assert.deepEqual(names(text), []);
    // The common short form, and JAX keys: no lens either. Without JAX, a `params` vector is a model-parameter loss.
    assert.deepEqual(
      names(
        'import jax\n\ndef loss_fn(params, batch):\n    return 0.0\n\ndef kl_loss(key, mu, logvar):\n    return 0.0\n\ndef mse_loss(pred, target):\n    return 0.0\n',
      ),
      ['mse_loss'],
    );
    assert.deepEqual(names('import numpy as np\n\ndef loss(params, X, y):\n    return 0.0\n'), ['loss']);
  });
  it("gives a HuggingFace Trainer's compute_loss(model, inputs) no lens (huggingface/transformers)", () => {
    // In the shape of huggingface/transformers' docs/source/en/trainer.md (rewritten for this test, not copied)
    const text = `from torch import nn
from transformers import Trainer

class WeightedTrainer(Trainer):
    def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
        targets = inputs.pop("labels")
        out = model(**inputs)
        # three classes, the rarer ones weighted up
        crit = nn.CrossEntropyLoss(weight=torch.tensor([1.0, 2.0, 3.0], device=model.device))
        value = crit(out.logits.reshape(-1, 3), targets.reshape(-1))
        return (value, out) if return_outputs else value
`;
    assert.deepEqual(names(text), []);
  });
  it('gives a method over a list of (x, y) pairs and plotting helpers no lens (mnielsen/neural-networks-and-deep-learning)', () => {
    // In the shape of mnielsen/neural-networks-and-deep-learning's src/network2.py and fig/overfitting.py
    // (rewritten for this test, not copied)
    const text = `class Network(object):

    def __init__(self, sizes, cost=CrossEntropyCost):
        self.sizes = sizes

    def total_cost(self, data, lmbda, convert=False):
        """Average cost over \`\`data\`\`, a list of (x, y) pairs."""
        acc = 0.0
        for x, y in data:
            out = self.feedforward(x)
            target = one_hot(y) if convert else y
            acc += self.cost.fn(out, target)
        return acc / len(data)

def plot_training_cost(training_cost, num_epochs, training_cost_xmin):
    plt.plot(range(training_cost_xmin, num_epochs), training_cost[training_cost_xmin:])
`;
    assert.deepEqual(names(text), []);
  });
  it('gives no lens to a function taking a model, a batch, a dict or a detection structure, unless annotated', () => {
    const text = `import torch
from torch import nn
from typing import Dict, List

def compute_loss(model, inputs, return_outputs=False):
    return model(**inputs).loss

def distill_loss(student: nn.Module, x, y):
    return 0

def loss_from_batch(batch):
    return 0

def detection_loss(outputs: Dict[str, torch.Tensor], targets: List[Dict[str, torch.Tensor]]):
    return 0

def mask_loss(pred, instances):
    return 0

def data_loss(data, w):
    return ((data['x'] @ w - data['y']) ** 2).mean()

def pair_loss(pair):
    a, b = pair
    return (a - b).pow(2).mean()

def get_loss(cfg):
    return nn.MSELoss()

# gradcheck: x=randn(4) y=randn(4)
def model_loss(model, x, y):
    return 0
`;
    assert.deepEqual(names(text), ['model_loss']);
  });
  it('gives no lens to a loss factory that returns its inner function', () => {
    const text =
      'import tensorflow as tf\n\ndef focal_loss(gamma=2.0, alpha=0.25):\n    def loss(y_true, y_pred):\n        return tf.reduce_sum(y_true)\n    return loss\n';
    assert.deepEqual(names(text), []);
  });
});

describe('gradcheck discovery: Python class rules', () => {
  it('follows in-file inheritance to nn.Module and skips the abstract base forward', () => {
    const text = `import torch.nn as nn

class BaseLoss(nn.Module):
    def __init__(self, reduction="mean"):
        super().__init__()
        self.reduction = reduction

    def forward(self, pred, target):
        raise NotImplementedError

class FocalLoss(BaseLoss):
    def forward(self, logits, targets):
        return logits.sum()

class DiceLoss_v2(BaseLoss):
    """Dice."""
    def forward(self, probs, masks):
        """probs: [N, H, W]"""
        return probs.sum()
`;
    assert.deepEqual(
      py(text).map((l) => [l.name, l.base, paramNames(l.params)?.join(','), paramNames(l.init)?.join(','), l.doc]),
      [
        ['FocalLoss', 'nn.Module', 'logits,targets', 'reduction', undefined],
        ['DiceLoss_v2', 'nn.Module', 'probs,masks', 'reduction', 'Dice.\n\nprobs: [N, H, W]'],
      ],
    );
  });
  it('finds subclasses of PyTorch losses, with or without a forward of their own', () => {
    const text = `import torch
from torch import nn
from torch.nn.modules.loss import _Loss, _WeightedLoss
from torch.nn import Module

class WeightedCE(nn.CrossEntropyLoss):
    def __init__(self, weight=None, label_smoothing=0.1):
        super().__init__(weight=weight, label_smoothing=label_smoothing)

class TverskyLossV3(_Loss):
    def forward(self, probs, target):
        return probs.sum()

class Smooth(torch.nn.SmoothL1Loss):
    pass

class AbstractLoss(_WeightedLoss):
    pass

class HingeCriterion(Module):
    def forward(self, scores, y):
        return scores.sum()

class Regressor(Module):
    def forward(self, x):
        return x
`;
    assert.deepEqual(
      py(text).map((l) => [l.name, l.kind, l.base, paramNames(l.params)?.join(','), paramNames(l.init)?.join(',')]),
      [
        ['WeightedCE', 'class', 'nn.Module', 'input,target', 'weight,label_smoothing'],
        ['TverskyLossV3', 'class', 'nn.Module', 'probs,target', ''],
        ['Smooth', 'class', 'nn.Module', 'input,target', ''],
        ['HingeCriterion', 'class', 'nn.Module', 'scores,y', ''],
      ],
    );
  });
  it('uses __call__ when a Module has no forward, and Keras losses imported by name', () => {
    const text = `import torch.nn as nn
from tensorflow.keras.losses import Loss, MeanSquaredError
import tensorflow as tf

class CallLoss(nn.Module):
    def __call__(self, a, b):
        return (a - b).sum()

class Huberish(Loss):
    def __init__(self, delta=1.0, **kwargs):
        super().__init__(**kwargs)
    def call(self, y_true, y_pred):
        return tf.reduce_mean(y_true - y_pred)

class ScaledMSE(MeanSquaredError):
    def __init__(self, scale=2.0):
        super().__init__()

class TfLoss(tf.keras.losses.Loss):
    def call(self, y_true, y_pred):
        return y_pred
`;
    assert.deepEqual(
      py(text).map((l) => [l.name, l.base, paramNames(l.params)?.join(','), paramNames(l.init)?.join(',')]),
      [
        ['CallLoss', 'nn.Module', 'a,b', ''],
        ['Huberish', 'keras.Loss', 'y_true,y_pred', 'delta,kwargs'],
        ['ScaledMSE', 'keras.Loss', 'y_true,y_pred', 'scale'],
        ['TfLoss', 'keras.Loss', 'y_true,y_pred', ''],
      ],
    );
  });
  it('does not take a Flax nn.Module for a PyTorch one', () => {
    const text =
      'import flax.linen as nn\n\nclass FocalLoss(nn.Module):\n    def __call__(self, logits, labels):\n        return logits.sum()\n';
    assert.deepEqual(
      py(text).map((l) => [l.name, l.kind, l.base]),
      [['FocalLoss', 'class', 'callable']],
    );
  });
  it('skips @abstractmethod and docstring-only methods in any class', () => {
    const text = `from abc import ABC, abstractmethod

class Criterion(ABC):
    @abstractmethod
    def loss(self, pred, target):
        """The loss."""

    def cost(self, pred, target):
        ...

class Concrete(Criterion):
    def loss(self, pred, target):
        return 0
`;
    assert.deepEqual(names(text), ['Concrete.loss']);
  });
  it('pairs methods by the same conventions as functions, and a class-level loss + gradient through the base', () => {
    const text = `class Base:
    def gradient(self, y, y_pred):
        return y_pred - y

class Square(Base):
    def __init__(self, scale=1.0):
        self.scale = scale
    def loss(self, y, y_pred):
        return 0.5 * (y - y_pred) ** 2

class Model:
    def hinge_loss(self, s, y):
        return 0
    def hinge_loss_derivative(self, s, y):
        return 0
`;
    assert.deepEqual(
      py(text).map((l) => [l.className, l.name, l.pairedGradient, paramNames(l.init)?.join(',')]),
      [
        ['Square', 'loss', 'gradient', 'scale'],
        ['Model', 'hinge_loss', 'hinge_loss_derivative', ''],
      ],
    );
  });
});

describe('gradcheck discovery: losses that return their gradient', () => {
  const rg = (body: string): boolean | undefined => py(`def cost(theta, X, y):\n${body}`)[0].returnsGradient;
  it('is set when every return gives the loss and a gradient', () => {
    assert.equal(rg('    return J, grad\n'), true);
    assert.equal(rg('    return (loss, grads)\n'), true);
    assert.equal(rg('    return loss, dW\n'), true);
    assert.equal(rg("    return loss, {'W': dW}\n"), true);
    assert.equal(rg('    return J, grad.flatten()\n'), true);
    assert.equal(rg('    if X is None:\n        return scores\n    return loss, grads\n'), true);
    assert.equal(
      rg(
        "    mode = 'test' if y is None else 'train'\n    if mode == 'test':\n        return scores\n    return loss, grads\n",
      ),
      true,
    );
    assert.equal(
      rg('    for i in range(3):\n        if i:\n            return J, dtheta\n    return J, dtheta\n'),
      true,
    );
  });
  it('is not set for a single value, auxiliary outputs, a mixed return or none', () => {
    assert.equal(rg('    return J\n'), undefined);
    assert.equal(rg('    return loss, logits\n'), undefined);
    assert.equal(rg('    return loss, acc\n'), undefined);
    assert.equal(rg('    return loss, None\n'), undefined);
    assert.equal(rg('    if y.any():\n        return J\n    return J, grad\n'), undefined);
    assert.equal(rg('    J = 0\n'), undefined);
  });
  it('ignores the returns of nested functions and lambdas', () => {
    assert.equal(rg('    def helper(a):\n        return a, a\n    return J\n'), undefined);
    assert.equal(rg('    f = lambda a: (a, a)\n    def helper(a):\n        return a\n    return J, grad\n'), true);
  });
  it('keeps pairedGradient unset unless a paired function exists too', () => {
    const [a] = py('def mse(p, y):\n    return l, g\n');
    assert.deepEqual([a.returnsGradient, a.pairedGradient], [true, undefined]);
    const [b] = py('def mse(p, y):\n    return l, g\n\ndef mse_grad(p, y):\n    return g\n');
    assert.deepEqual([b.returnsGradient, b.pairedGradient], [true, 'mse_grad']);
  });
});
