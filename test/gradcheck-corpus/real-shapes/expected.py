#!/usr/bin/python3
"""Expected grad-check verdicts for test/gradcheck-corpus/real-shapes, computed without the checker.

Run with Debian's interpreter (numpy 1.24, torch 1.13):

    /usr/bin/python3 test/gradcheck-corpus/real-shapes/expected.py

The files of this folder are stand-ins, written for this corpus, for the real code of
test/fixtures/real-losses/python (which cannot be committed): one file per real file, the same
names, signatures, classes, packages and mathematics, hence the same verdicts. This script knows,
loss by loss, what its arguments are (a probability, labels, a mask, a constructor argument, a
shape the code insists on), builds them by hand at three seeded random points, takes the analytic
gradient the way the code offers it (the paired function called with the loss's arguments BY NAME,
the gradient a `(loss, grad)` tuple returns, a stateful `backward()`, torch autograd through the
module or the autograd.Function's own backward) and compares it with its own central finite
differences. Nothing of the extension is imported or run.

Metric: max |analytic - numeric| / max(max |numeric|, max |analytic|), the worst of the points.
Tolerance 1e-5 with a 1e-6 step in float64; 5e-3 with a 1e-3 step where the code computes in
float32 whatever it is given (`.float()` inside, or float32 inputs it requires).

Verdicts: `pass`, `fail`, `skipped` (no analytic gradient exists: NumPy with neither a pair nor a
returned gradient; the loss is still evaluated, `evaluates` says how that went) and `no-lens` (not
a loss: nothing runs). Output: expected.json beside this file, in the format of
test/fixtures/real-losses/expected.json. Deterministic: the seeds are CRC32s of file::function and
errors are rounded to two significant digits.
"""
import ast
import contextlib
import importlib
import importlib.util
import inspect
import io
import json
import os
import sys
import types
import warnings
import zlib

sys.dont_write_bytecode = True  # leave no __pycache__ in the corpus

import numpy as np  # noqa: E402
import torch  # noqa: E402

warnings.filterwarnings("ignore")
torch.set_num_threads(1)

ROOT = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(ROOT, "expected.json")
POINTS = 3
TOL64, STEP64 = 1e-5, 1e-6
TOL32, STEP32 = 5e-3, 1e-3


# ------------------------------------------------------------------------------------ loading

_modules = {}


def module(rel):
    """Import one file of the corpus as a module (registered in sys.modules under its own name,
    as an import would: d2l_torch.py looks itself up there)."""
    path = os.path.join(ROOT, rel)
    if path not in _modules:
        name = "rs_" + rel[:-3].replace("/", "_")
        spec = importlib.util.spec_from_file_location(name, path)
        mod = importlib.util.module_from_spec(spec)
        sys.modules[name] = mod
        with contextlib.redirect_stdout(io.StringIO()):
            spec.loader.exec_module(mod)
        _modules[path] = mod
    return _modules[path]


def definitions(rel):
    """The imports, functions and classes of a training script, without running its top level."""
    path = os.path.join(ROOT, rel)
    key = path + "::defs"
    if key not in _modules:
        tree = ast.parse(open(path, encoding="utf-8").read(), path)
        keep = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.ClassDef)
        body = [node for node in tree.body if isinstance(node, keep)]
        mod = types.ModuleType("rs_defs_" + os.path.basename(rel)[:-3])
        exec(compile(ast.Module(body=body, type_ignores=[]), path, "exec"), mod.__dict__)
        _modules[key] = mod
    return _modules[key]


def package_module(folder, dotted, unrunnable_parent=None):
    """Import `dotted` with ROOT/folder on sys.path. `unrunnable_parent` names a package whose
    __init__.py imports what is not there: an empty package object with its __path__ stands in."""
    base = os.path.join(ROOT, folder)
    if base not in sys.path:
        sys.path.insert(0, base)
    if unrunnable_parent and unrunnable_parent not in sys.modules:
        stub = types.ModuleType(unrunnable_parent)
        stub.__path__ = [os.path.join(base, *unrunnable_parent.split("."))]
        sys.modules[unrunnable_parent] = stub
    return importlib.import_module(dotted)


def smp(name):
    return package_module("pkg_smp", "segmentation_models_pytorch.losses." + name,
                          unrunnable_parent="segmentation_models_pytorch")


# ------------------------------------------------------------------------------------- inputs


def t64(a):
    return torch.tensor(np.asarray(a, dtype=np.float64))


def t32(a):
    return torch.tensor(np.asarray(a, dtype=np.float32))


def tlong(a):
    return torch.tensor(np.asarray(a), dtype=torch.long)


def simplex(rng, *shape):
    """Rows (last axis) of positive numbers summing to one."""
    z = rng.normal(size=shape)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def one_hot(rng, n, c):
    out = np.zeros((n, c))
    out[np.arange(n), rng.randint(0, c, size=n)] = 1.0
    return out


def bits(rng, *shape):
    return rng.randint(0, 2, size=shape).astype(np.float64)


def open_unit(rng, *shape):
    """Probabilities kept away from 0 and 1."""
    return rng.uniform(0.05, 0.95, size=shape)


# ----------------------------------------------------------------------------------- numerics


def as_array(v):
    if isinstance(v, torch.Tensor):
        return v.detach().double().numpy()
    return np.asarray(v, dtype=np.float64)


def value_of(out):
    """What is checked: the loss, the first item of a (loss, grad) tuple, or the sum of per-element
    losses."""
    if isinstance(out, (tuple, list)):
        out = out[0]
    return float(as_array(out).sum())


def by_name(pair, loss_params, args):
    """Call the paired gradient with the loss's arguments matched by parameter name."""
    given = dict(zip(loss_params, args))
    wanted = [p for p in inspect.signature(pair).parameters]
    missing = [p for p in wanted if p not in given]
    if missing:
        raise TypeError("the pair wants %s, which the loss does not take" % missing)
    return pair(**{p: given[p] for p in wanted})


def params_of(fn):
    target = fn.forward if isinstance(fn, torch.nn.Module) else fn
    return [p for p in inspect.signature(target).parameters if p != "self"]


def compare(fn, args, i, analytic, step):
    """Central differences of value_of(fn(...)) in argument i, against `analytic`."""
    x0 = args[i]
    is_tensor = isinstance(x0, torch.Tensor)
    base = as_array(x0)

    def at(flat):
        a = list(args)
        arr = flat.reshape(base.shape)
        a[i] = torch.tensor(arr, dtype=x0.dtype) if is_tensor else arr.copy()
        with torch.no_grad():
            return value_of(fn(*a))

    flat = base.reshape(-1).copy()
    numeric = np.empty_like(flat)
    for k in range(flat.size):
        up, down = flat.copy(), flat.copy()
        up[k] += step
        down[k] -= step
        numeric[k] = (at(up) - at(down)) / (2 * step)
    analytic = as_array(analytic).reshape(-1)
    if analytic.size != numeric.size:
        return float("inf"), "the gradient has %d values, the argument %d" % (analytic.size, numeric.size)
    gap = np.abs(analytic - numeric)
    err = float(gap.max() / max(np.abs(numeric).max(), np.abs(analytic).max(), 1e-12))
    k = int(gap.argmax())
    return err, "worst [%d]: analytic %.4g vs numeric %.4g" % (k, analytic[k], numeric[k])


def analytic_gradient(entry, fn, args):
    i, how = entry["wrt_i"], entry["how"]
    if how == "torch":
        a = list(args)
        a[i] = args[i].detach().clone().requires_grad_(True)
        out = fn(*a)
        out = out[0] if isinstance(out, (tuple, list)) else out
        out.sum().backward()
        return a[i].grad
    if how == "returned":
        return fn(*args)[1]
    if how == "paired":
        return by_name(entry["pair"](), params_of(fn), args)
    if how == "stateful":
        layer = fn.__self__
        layer.forward(*args)
        return layer.backward()
    raise ValueError(how)


# ------------------------------------------------------------------------------------ entries
# file, function (as the checker should name it), expect (only for skipped / no-lens), wrt and
# wrt_i, gradient (how the code provides it), how (how this script takes it), load (-> the callable
# that is differentiated), pair (-> the paired gradient), build (rng -> argument list), float32
# (computes in float32 whatever it is given), init (constructor arguments used), inputs, note,
# shapes (the shape categories of test/fixtures/real-losses/README.md).

ENTRIES = []


def E(**kw):
    ENTRIES.append(kw)


def no_lens(file, function, note, shapes=(0,)):
    E(file=file, function=function, expect="no-lens", note=note, shapes=list(shapes))


def skipped(file, function, wrt, load, build, inputs, note, shapes):
    E(file=file, function=function, expect="skipped", wrt=wrt, load=load, build=build,
      inputs=inputs, note=note, shapes=shapes)


# --- budmitr/cs231n
E(file="cs231n_budmitr_linear_svm.py", function="svm_loss_vectorized", wrt="W", wrt_i=0,
  gradient="returned", how="returned", shapes=[1, 2],
  load=lambda: module("cs231n_budmitr_linear_svm.py").svm_loss_vectorized,
  build=lambda r: [r.normal(size=(5, 4)) * 0.5, r.normal(size=(7, 5)), r.randint(0, 4, size=7), 0.05],
  inputs="W randn(5,4)*0.5, X randn(7,5), y labels in [0,4), reg=0.05")
E(file="cs231n_budmitr_softmax.py", function="softmax_loss_vectorized", wrt="W", wrt_i=0,
  gradient="returned", how="returned", shapes=[1, 2],
  load=lambda: module("cs231n_budmitr_softmax.py").softmax_loss_vectorized,
  build=lambda r: [r.normal(size=(5, 4)) * 0.5, r.normal(size=(7, 5)), r.randint(0, 4, size=7), 0.05],
  inputs="W randn(5,4)*0.5, X randn(7,5), y labels in [0,4), reg=0.05")
E(file="cs231n_budmitr_layers.py", function="svm_loss", wrt="x", wrt_i=0, gradient="returned",
  how="returned", shapes=[2], load=lambda: module("cs231n_budmitr_layers.py").svm_loss,
  build=lambda r: [r.normal(size=(6, 5)), r.randint(0, 5, size=6)],
  inputs="x scores randn(6,5), y labels in [0,5)")
E(file="cs231n_budmitr_layers.py", function="softmax_loss", wrt="x", wrt_i=0, gradient="returned",
  how="returned", shapes=[2], load=lambda: module("cs231n_budmitr_layers.py").softmax_loss,
  build=lambda r: [r.normal(size=(6, 5)), r.randint(0, 5, size=6)],
  inputs="x scores randn(6,5), y labels in [0,5)")


# --- joelgrus/joelnet (namespace package joelnet/, no __init__.py)
def _joel():
    return package_module("pkg_joelnet", "joelnet.loss")


E(file="pkg_joelnet/joelnet/loss.py", function="MSE.loss", wrt="predicted", wrt_i=0,
  gradient="paired:MSE.grad", how="paired", shapes=[4, 7],
  load=lambda: _joel().MSE().loss, pair=lambda: _joel().MSE().grad,
  build=lambda r: [r.normal(size=(4, 3)), r.normal(size=(4, 3))],
  inputs="predicted randn(4,3), actual randn(4,3)",
  note="namespace package: joelnet/ has no __init__.py; loss.py imports joelnet.tensor")
no_lens("pkg_joelnet/joelnet/loss.py", "Loss.loss", "abstract base method (raise NotImplementedError)", [4])

# --- eriklindernoren/ML-From-Scratch
MLFS = "mlfromscratch_loss_functions.py"
E(file=MLFS, function="SquareLoss.loss", wrt="y_pred", wrt_i=1, gradient="paired:SquareLoss.gradient",
  how="paired", shapes=[3, 4], load=lambda: module(MLFS).SquareLoss().loss,
  pair=lambda: module(MLFS).SquareLoss().gradient,
  build=lambda r: [r.normal(size=7), r.normal(size=7)], inputs="y randn(7), y_pred randn(7)",
  note="returns per-element losses (checked as their sum); the prediction is the SECOND argument")
E(file=MLFS, function="CrossEntropy.loss", wrt="p", wrt_i=1, gradient="paired:CrossEntropy.gradient",
  how="paired", shapes=[3, 4], load=lambda: module(MLFS).CrossEntropy().loss,
  pair=lambda: module(MLFS).CrossEntropy().gradient,
  build=lambda r: [bits(r, 7), open_unit(r, 7)], inputs="y binary(7), p probabilities in (0.05,0.95)",
  note="per-element binary cross-entropy on probabilities; p is the second argument; needs p in (0,1)")
no_lens(MLFS, "Loss.loss", "abstract base method written as `return NotImplementedError()` (returns, "
        "does not raise)", [4])

# --- CoinCheung/pytorch-loss: focal
FOCAL = "pytorch_loss_focal.py"
E(file=FOCAL, function="FocalLossV1", wrt="logits", wrt_i=0, gradient="torch.autograd", how="torch",
  shapes=[5], float32=True, init={"alpha": 0.25, "gamma": 2, "reduction": "mean"},
  load=lambda: module(FOCAL).FocalLossV1(),
  build=lambda r: [t64(r.normal(size=(3, 4))), tlong(r.randint(0, 2, size=(3, 4)))],
  inputs="logits randn(3,4), label int64 binary (3,4)",
  note="casts the logits to float32 inside (logits.float()): float64 finite differences need a "
       "float32 tolerance")
E(file=FOCAL, function="FocalSigmoidLossFuncV2", wrt="logits", wrt_i=0,
  gradient="autograd.Function.backward", how="torch", shapes=[5, 3], float32=True,
  load=lambda: (lambda logits, label: module(FOCAL).FocalSigmoidLossFuncV2.apply(logits, label, 0.25, 2)),
  build=lambda r: [t64(r.normal(size=(3, 4))), tlong(r.randint(0, 2, size=(3, 4)))],
  inputs="apply(logits randn(3,4), label int64 binary, alpha=0.25, gamma=2)",
  note="torch.autograd.Function with a hand-written backward; forward returns per-element losses "
       "and computes in float32")
E(file=FOCAL, function="FocalLossV2", wrt="logits", wrt_i=0, gradient="autograd.Function.backward",
  how="torch", shapes=[5], float32=True, init={"alpha": 0.25, "gamma": 2, "reduction": "mean"},
  load=lambda: module(FOCAL).FocalLossV2(),
  build=lambda r: [t64(r.normal(size=(3, 4))), tlong(r.randint(0, 2, size=(3, 4)))],
  inputs="logits randn(3,4), label int64 binary (3,4)",
  note="returns a float32 loss for float64 logits (the Function casts)")

# --- CoinCheung/pytorch-loss: label smoothing
LSR = "pytorch_loss_label_smooth.py"
E(file=LSR, function="LabelSmoothSoftmaxCEV1", wrt="logits", wrt_i=0, gradient="torch.autograd",
  how="torch", shapes=[5], float32=True,
  init={"lb_smooth": 0.1, "reduction": "mean", "ignore_index": -100},
  load=lambda: module(LSR).LabelSmoothSoftmaxCEV1(),
  build=lambda r: [t64(r.normal(size=(5, 4))), tlong(r.randint(0, 4, size=5))],
  inputs="logits randn(5,4), label int64 in [0,4)", note="casts the logits to float32 inside")
E(file=LSR, function="LSRCrossEntropyFunctionV2", wrt="logits", wrt_i=0,
  gradient="autograd.Function.backward", how="torch", shapes=[5, 3],
  load=lambda: (lambda logits, label: module(LSR).LSRCrossEntropyFunctionV2.apply(logits, label, 0.1, -100)),
  build=lambda r: [t64(r.normal(size=(5, 4))), tlong(r.randint(0, 4, size=5))],
  inputs="apply(logits randn(5,4), label int64 in [0,4), lb_smooth=0.1, lb_ignore=-100)",
  note="autograd.Function (decorated with torch.cuda.amp.custom_fwd/custom_bwd); per-sample losses")
E(file=LSR, function="LabelSmoothSoftmaxCEV2", wrt="logits", wrt_i=0,
  gradient="autograd.Function.backward", how="torch", shapes=[5],
  init={"lb_smooth": 0.1, "reduction": "mean", "ignore_index": -100},
  load=lambda: module(LSR).LabelSmoothSoftmaxCEV2(),
  build=lambda r: [t64(r.normal(size=(5, 4))), tlong(r.randint(0, 4, size=5))],
  inputs="logits randn(5,4), labels int64 in [0,4)")

# --- pytorch/vision
E(file="torchvision_focal_loss.py", function="sigmoid_focal_loss", wrt="inputs", wrt_i=0,
  gradient="torch.autograd", how="torch", shapes=[3],
  load=lambda: module("torchvision_focal_loss.py").sigmoid_focal_loss,
  build=lambda r: [t64(r.normal(size=(3, 5))), t64(bits(r, 3, 5))],
  inputs="inputs logits randn(3,5), targets binary float", note="reduction='none' by default: per-element losses")

# --- adambielski/siamese-triplet
SIAM = "siamese_triplet_losses.py"
E(file=SIAM, function="ContrastiveLoss", wrt="output1", wrt_i=0, gradient="torch.autograd", how="torch",
  shapes=[5, 6], init={"margin": 2.0}, load=lambda: module(SIAM).ContrastiveLoss(2.0),
  build=lambda r: [t64(r.normal(size=(6, 3))), t64(r.normal(size=(6, 3))), tlong(r.randint(0, 2, size=6))],
  inputs="output1, output2 randn(6,3), target int64 binary(6)",
  note="constructor argument `margin` has no default")
E(file=SIAM, function="TripletLoss", wrt="anchor", wrt_i=0, gradient="torch.autograd", how="torch",
  shapes=[5, 6], init={"margin": 1.0}, load=lambda: module(SIAM).TripletLoss(1.0),
  build=lambda r: [t64(r.normal(size=(6, 3))), t64(r.normal(size=(6, 3))), t64(r.normal(size=(6, 3)))],
  inputs="anchor, positive, negative randn(6,3)",
  note="constructor argument `margin` has no default; three tensors")


# --- HobbitLong/SupContrast
def _views(r):
    f = r.normal(size=(4, 2, 5))
    return f / np.linalg.norm(f, axis=-1, keepdims=True)


E(file="supcontrast_losses.py", function="SupConLoss", wrt="features", wrt_i=0,
  gradient="torch.autograd", how="torch", shapes=[6],
  load=lambda: module("supcontrast_losses.py").SupConLoss(),
  build=lambda r: [t64(_views(r)), tlong(np.array([0, 1, 0, 1]))],
  inputs="features L2-normalised randn(bsz=4, n_views=2, 5), labels int64 [0,1,0,1]",
  note="features must be 3-D [bsz, n_views, dim]; 2-D input raises ValueError")


# --- KaiyangZhou/pytorch-center-loss
def _center():
    torch.manual_seed(7)
    return module("center_loss.py").CenterLoss(num_classes=4, feat_dim=3, use_gpu=False).double()


E(file="center_loss.py", function="CenterLoss", wrt="x", wrt_i=0, gradient="torch.autograd", how="torch",
  shapes=[5], init={"num_classes": 4, "feat_dim": 3, "use_gpu": False}, load=_center,
  build=lambda r: [t64(r.normal(size=(6, 3))), tlong(r.randint(0, 4, size=6))],
  inputs="x randn(6,3), labels int64 in [0,4); module converted with .double()",
  note="default use_gpu=True calls .cuda() in the constructor (fails without CUDA); its float32 "
       "centers parameter makes float64 x fail in addmm_ unless the module is converted with "
       ".double(); uses the deprecated addmm_(beta, alpha, ...) signature")


# --- pytorch/examples VAE
def _recon(r):
    p = r.uniform(0.05, 0.95, size=(2, 784))
    # cont_bern_log_norm switches branch at 0.49 and 0.51: keep every value a step away from both
    near = (np.abs(p - 0.49) < 1e-4) | (np.abs(p - 0.51) < 1e-4)
    p[near] = 0.3
    return p


E(file="pytorch_examples_vae.py", function="loss_function", wrt="recon_x", wrt_i=0,
  gradient="torch.autograd", how="torch", shapes=[6],
  load=lambda: module("pytorch_examples_vae.py").loss_function,
  build=lambda r: [t64(_recon(r)), t64(r.uniform(0, 1, size=(2, 784))), t64(r.normal(size=(2, 20))),
                   t64(r.normal(size=(2, 20)) * 0.5)],
  inputs="recon_x in (0.05,0.95) shape (2,784), x in [0,1] (2,784), mu randn(2,20), logvar randn(2,20)*0.5",
  note="the data axis must be exactly 784 (x.view(-1, 784)); recon_x must be a probability "
       "(binary_cross_entropy); cont_bern_log_norm switches to a Taylor branch in [0.49, 0.51] "
       "(a small jump at the switch points, kept away from)")

# --- anovos/anovos distances
ANO = "anovos_distances.py"
for _name in ("kl_divergence", "js_divergence"):
    skipped(ANO, _name, "p", (lambda n=_name: getattr(module(ANO), n)),
            lambda r: [simplex(r, 6), simplex(r, 6)], "p, q probability vectors (6,)",
            "NumPy, no paired gradient", [8])
for _name in ("hellinger", "psi", "ks"):
    no_lens(ANO, _name, "a distance whose name is not a loss word or a known loss name", [8])

# --- d2l-ai/d2l-en
D2L = "d2l_torch.py"
E(file=D2L, function="squared_loss", wrt="y_hat", wrt_i=0, gradient="torch.autograd", how="torch",
  shapes=[3], load=lambda: module(D2L).squared_loss,
  build=lambda r: [t64(r.normal(size=(6, 1))), t64(r.normal(size=6))],
  inputs="y_hat randn(6,1), y randn(6)",
  note="per-element losses; uses d2l.reshape where d2l = sys.modules[__name__] and reshape is a "
       "lambda assigned at the END of the module")
E(file=D2L, function="MaskedSoftmaxCELoss", wrt="pred", wrt_i=0, gradient="torch.autograd", how="torch",
  shapes=[5, 6], load=lambda: module(D2L).MaskedSoftmaxCELoss(),
  build=lambda r: [t64(r.normal(size=(3, 5, 4))), tlong(r.randint(0, 4, size=(3, 5))),
                   tlong(r.randint(1, 6, size=3))],
  inputs="pred randn(3,5,4), label int64 (3,5) in [0,4), valid_len int64 (3,) in [1,5]",
  note="subclass of nn.CrossEntropyLoss with forward(pred, label, valid_len); returns per-sample losses")

# --- qubvel-org/segmentation_models.pytorch (package; its root __init__.py cannot run)
SMP = "pkg_smp/segmentation_models_pytorch/losses/"


def _lovasz_point(r):
    # piecewise linear: draw until the sorted hinge errors 1 - logit * sign are further apart
    # (and further from the relu kink at 0) than 0.02, which a 1e-3 float32 step cannot cross
    while True:
        x = r.normal(size=(2, 1, 3, 3))
        y = r.randint(0, 2, size=(2, 1, 3, 3))
        err = np.sort((1 - x * (2 * y - 1)).ravel())
        if np.diff(err).min() > 0.02 and np.abs(err).min() > 0.02:
            return [t32(x), tlong(y)]


E(file=SMP + "dice.py", function="DiceLoss", wrt="y_pred", wrt_i=0, gradient="torch.autograd",
  how="torch", shapes=[5, 7], init={"mode": "multiclass"},
  load=lambda: smp("dice").DiceLoss(mode="multiclass"),
  build=lambda r: [t64(r.normal(size=(2, 3, 3, 4))), tlong(r.randint(0, 3, size=(2, 3, 4)))],
  inputs="y_pred logits (2,3,3,4), y_true int64 (2,3,4) in [0,3)",
  note="_Loss subclass; `mode` is a required constructor argument")
E(file=SMP + "jaccard.py", function="JaccardLoss", wrt="y_pred", wrt_i=0, gradient="torch.autograd",
  how="torch", shapes=[5, 7], init={"mode": "multilabel"},
  load=lambda: smp("jaccard").JaccardLoss(mode="multilabel"),
  build=lambda r: [t64(r.normal(size=(2, 3, 3, 4))), t64(bits(r, 2, 3, 3, 4))],
  inputs="y_pred logits (2,3,3,4), y_true binary float (2,3,3,4)", note="`mode` is required")
E(file=SMP + "tversky.py", function="TverskyLoss", wrt="y_pred", wrt_i=0, gradient="torch.autograd",
  how="torch", shapes=[5, 7], init={"mode": "binary"},
  load=lambda: smp("tversky").TverskyLoss(mode="binary"),
  build=lambda r: [t64(r.normal(size=(2, 1, 3, 4))), t64(bits(r, 2, 1, 3, 4))],
  inputs="y_pred logits (2,1,3,4), y_true binary float",
  note="subclass of DiceLoss (a subclass of _Loss) in a sibling module; `mode` is required")
E(file=SMP + "focal.py", function="FocalLoss", wrt="y_pred", wrt_i=0, gradient="torch.autograd",
  how="torch", shapes=[5, 7], init={"mode": "binary"},
  load=lambda: smp("focal").FocalLoss(mode="binary"),
  build=lambda r: [t64(r.normal(size=(2, 1, 3, 4))), t64(bits(r, 2, 1, 3, 4))],
  inputs="y_pred logits (2,1,3,4), y_true binary float",
  note="`mode` is required; the loss function is a functools.partial built in __init__")
E(file=SMP + "lovasz.py", function="LovaszLoss", wrt="y_pred", wrt_i=0, gradient="torch.autograd",
  how="torch", shapes=[5, 7], float32=True, init={"mode": "binary"},
  load=lambda: smp("lovasz").LovaszLoss(mode="binary"), build=_lovasz_point,
  inputs="y_pred FLOAT32 logits (2,1,3,3), drawn so that the sorted hinge errors are > 0.02 apart; "
         "y_true int64 binary",
  note="float64 logits raise RuntimeError (torch.dot of float64 errors and the float32 Lovasz "
       "gradient built with labels.float()): a checker must run it in float32. Piecewise linear "
       "(sorting): finite differences are exact only while no two hinge errors are closer than the step")
E(file=SMP + "mcc.py", function="MCCLoss", wrt="y_pred", wrt_i=0, gradient="torch.autograd",
  how="torch", shapes=[5, 7], load=lambda: smp("mcc").MCCLoss(),
  build=lambda r: [t64(open_unit(r, 2, 1, 3, 4)), t64(bits(r, 2, 1, 3, 4))],
  inputs="y_pred probabilities (2,1,3,4), y_true binary float")
E(file=SMP + "soft_bce.py", function="SoftBCEWithLogitsLoss", wrt="y_pred", wrt_i=0,
  gradient="torch.autograd", how="torch", shapes=[5, 7],
  load=lambda: smp("soft_bce").SoftBCEWithLogitsLoss(),
  build=lambda r: [t64(r.normal(size=(2, 1, 3, 4))), t64(bits(r, 2, 1, 3, 4))],
  inputs="y_pred logits (2,1,3,4), y_true binary float")
E(file=SMP + "soft_ce.py", function="SoftCrossEntropyLoss", wrt="y_pred", wrt_i=0,
  gradient="torch.autograd", how="torch", shapes=[5, 7], init={"smooth_factor": 0.1},
  load=lambda: smp("soft_ce").SoftCrossEntropyLoss(smooth_factor=0.1),
  build=lambda r: [t64(r.normal(size=(2, 3, 3, 4))), tlong(r.randint(0, 3, size=(2, 3, 4)))],
  inputs="y_pred logits (2,3,3,4), y_true int64 (2,3,4)",
  note="with the DEFAULT constructor (smooth_factor=None) forward raises TypeError "
       "(None reaches label_smoothed_nll_loss's epsilon): a checker must pass a smooth_factor")


def _fn(name, *fixed):
    def load():
        f = getattr(smp("_functional"), name)
        return (lambda output, target: f(output, target, *fixed)) if fixed else f
    return load


_F = SMP + "_functional.py"
E(file=_F, function="focal_loss_with_logits", wrt="output", wrt_i=0, gradient="torch.autograd",
  how="torch", shapes=[3, 7], load=_fn("focal_loss_with_logits"),
  build=lambda r: [t64(r.normal(size=(4, 3))), t64(bits(r, 4, 3))],
  inputs="output logits (4,3), target binary float")
E(file=_F, function="softmax_focal_loss_with_logits", wrt="output", wrt_i=0, gradient="torch.autograd",
  how="torch", shapes=[7], load=_fn("softmax_focal_loss_with_logits"),
  build=lambda r: [t64(r.normal(size=(5, 3))), tlong(r.randint(0, 3, size=5))],
  inputs="output logits (5,3), target int64 (5,)")
E(file=_F, function="soft_dice_score", wrt="output", wrt_i=0, gradient="torch.autograd", how="torch",
  shapes=[7], load=_fn("soft_dice_score"),
  build=lambda r: [t64(open_unit(r, 2, 3, 6)), t64(bits(r, 2, 3, 6))],
  inputs="output probabilities (2,3,6), target binary float",
  note="a score (higher is better), not a loss; it gets a lens because `dice` is a known loss name")
E(file=_F, function="soft_tversky_score", wrt="output", wrt_i=0, gradient="torch.autograd", how="torch",
  shapes=[7], init={"alpha": 0.3, "beta": 0.7}, load=_fn("soft_tversky_score", 0.3, 0.7),
  build=lambda r: [t64(open_unit(r, 2, 3, 6)), t64(bits(r, 2, 3, 6))],
  inputs="output probabilities (2,3,6), target binary float, alpha=0.3, beta=0.7",
  note="a score whose docstring says `Tversky loss`; alpha and beta are required positional "
       "parameters; a lens only if `tversky` counts as a known loss name")
E(file=_F, function="wing_loss", wrt="output", wrt_i=0, gradient="torch.autograd", how="torch",
  shapes=[7], load=_fn("wing_loss"),
  build=lambda r: [t64(r.normal(size=(6, 2)) * 5), t64(r.normal(size=(6, 2)) * 5)],
  inputs="output, target randn(6,2)*5 (both branches of width=5)")
E(file=_F, function="label_smoothed_nll_loss", wrt="lprobs", wrt_i=0, gradient="torch.autograd",
  how="torch", shapes=[7], init={"epsilon": 0.1}, load=_fn("label_smoothed_nll_loss", 0.1),
  build=lambda r: [t64(np.log(simplex(r, 5, 4))), tlong(r.randint(0, 4, size=5))],
  inputs="lprobs log-probabilities (5,4), target int64 (5,), epsilon=0.1",
  note="`epsilon` is a required positional parameter without default")

# --- lukaemon/Coursera-ML-AndrewNg
LOGI = "andrewng_lukaemon_logistic_regression.py"
E(file=LOGI, function="cost", wrt="theta", wrt_i=2, gradient="paired:gradient", how="paired",
  shapes=[1, 4], load=lambda: module(LOGI).cost, pair=lambda: module(LOGI).gradient,
  build=lambda r: [r.normal(size=(8, 3)), bits(r, 8), r.normal(size=3) * 0.5],
  inputs="X randn(8,3), y binary(8), theta randn(3)*0.5",
  note="cost(X, y, theta) is paired with gradient(theta, X, y): another argument order, so the pair "
       "must be called by name; if the checker does not pair them the verdict is `skipped`")
LINR = "andrewng_lukaemon_linear_regression.py"
skipped(LINR, "compute_cost", "theta", lambda: module(LINR).compute_cost,
        lambda r: [r.normal(size=(8, 3)), r.normal(size=8), r.normal(size=3)],
        "X randn(8,3), y randn(8), theta randn(3)",
        "NumPy, no gradient function (batch_update_theta is an update step, not a gradient)", [1])
REC = "andrewng_lukaemon_recommender.py"


def _ratings(r):
    # Y (movies=4, users=3), R the rated mask, n_features=2: param has (4 + 3) * 2 = 14 values
    return [r.normal(size=14) * 0.5, r.randint(1, 6, size=(4, 3)).astype(np.float64), bits(r, 4, 3), 2]


E(file=REC, function="cost", wrt="param", wrt_i=0, gradient="paired:gradient", how="paired",
  shapes=[1, 4], load=lambda: module(REC).cost, pair=lambda: module(REC).gradient, build=_ratings,
  inputs="param randn(14) (= (n_movie+n_user)*n_features), Y ratings (4,3), R binary (4,3), n_features=2",
  note="collaborative filtering: the length of param is fixed by Y.shape and the integer n_features")
skipped(REC, "regularized_cost", "param", lambda: module(REC).regularized_cost, _ratings, "as cost",
        "no regularized_gradient in the file", [1])

# --- tolotrasamuel/nlp-final-project
NLP = "nlp_final_project_losses.py"
E(file=NLP, function="mse", wrt="y_pred", wrt_i=1, gradient="paired:mse_prime", how="paired", shapes=[4],
  load=lambda: module(NLP).mse, pair=lambda: module(NLP).mse_prime,
  build=lambda r: [r.normal(size=7), r.normal(size=7)], inputs="y_true, y_pred randn(7)",
  note="Keras order (y_true, y_pred)")
E(file=NLP, function="crossentropyloss", wrt="y_pred", wrt_i=1, gradient="paired:crossentropyloss_prime",
  how="paired", shapes=[4], load=lambda: module(NLP).crossentropyloss,
  pair=lambda: module(NLP).crossentropyloss_prime,
  build=lambda r: [one_hot(r, 5, 3), open_unit(r, 5, 3)],
  inputs="y_true one-hot (5,3), y_pred probabilities (5,3)",
  note="one word (`crossentropyloss`): it is a loss because it has a paired _prime; the pair adds "
       "1e-10 to the denominator (relative error ~1e-10/p)")
skipped(NLP, "cross_entropy_loss_function", "P", lambda: module(NLP).cross_entropy_loss_function,
        lambda r: [one_hot(r, 5, 3), open_unit(r, 5, 3)], "Y one-hot, P probabilities",
        "NumPy, no pair; arguments named Y, P", [4])

# --- knarfamlap/neural_nets_from_scratch
KN = "nn_from_scratch_knarfamlap_loss.py"
E(file=KN, function="mse", wrt="y_pred", wrt_i=1, gradient="paired:mse_prime", how="paired", shapes=[4],
  load=lambda: module(KN).mse, pair=lambda: module(KN).mse_prime,
  build=lambda r: [r.normal(size=7), r.normal(size=7)], inputs="y_true, y_pred randn(7)")
E(file=KN, function="cross_entropy", wrt="y_pred", wrt_i=1, gradient="paired:cross_entropy_prime",
  how="paired", shapes=[4, 10], load=lambda: module(KN).cross_entropy,
  pair=lambda: module(KN).cross_entropy_prime,
  build=lambda r: [one_hot(r, 5, 3), open_unit(r, 5, 3)],
  inputs="y_true one-hot (5,3), y_pred probabilities (5,3)",
  note="REAL BUG (kept from the repository): cross_entropy_prime returns y_pred - y_true, the "
       "gradient of softmax+cross-entropy with respect to the LOGITS; the loss -sum(y_true*log2(y_pred)) "
       "takes probabilities, and its gradient is -y_true/(y_pred*ln 2)")

# --- TheAlgorithms/Python
ALG = "thealgorithms_loss_functions.py"
for _name, _build, _inputs, _note in (
        ("binary_cross_entropy", lambda r: [bits(r, 7), open_unit(r, 7)],
         "y_true binary(7), y_pred probabilities", "NumPy, no gradient"),
        ("categorical_cross_entropy", lambda r: [one_hot(r, 5, 3), simplex(r, 5, 3)],
         "y_true one-hot (5,3), y_pred rows summing to 1",
         "NumPy, no gradient; it validates its inputs (one-hot y_true, rows of y_pred summing to 1 "
         "within 1e-15) and raises ValueError otherwise"),
        ("hinge_loss", lambda r: [2 * bits(r, 7) - 1, r.normal(size=7)], "y_true in {-1,1}, y_pred randn(7)",
         "NumPy, no gradient; raises ValueError unless y_true is in {-1, 1}"),
        ("huber_loss", lambda r: [r.normal(size=7), r.normal(size=7), 1.0],
         "y_true, y_pred randn(7), delta=1.0 (required)", "NumPy, no gradient; `delta` has no default")):
    skipped(ALG, _name, "y_pred", (lambda n=_name: getattr(module(ALG), n)), _build, _inputs, _note, [3, 4])
E(file="thealgorithms_back_propagation_neural_network.py", function="BPNN.cal_loss", wrt="ydata_",
  wrt_i=1, gradient="returned", how="returned", shapes=[2, 4],
  load=lambda: module("thealgorithms_back_propagation_neural_network.py").BPNN().cal_loss,
  build=lambda r: [r.normal(size=(4, 1)), r.normal(size=(4, 1))],
  inputs="ydata (target) randn(4,1), ydata_ (prediction) randn(4,1)",
  note="method of a model class; returns (loss, gradient) with respect to the SECOND argument ydata_; "
       "the names do not say which is the prediction (differentiating ydata gives the negated gradient)")


# --- oreilly-japan/deep-learning-from-scratch (namespace package `common`)
def _dlfs(name):
    return package_module("pkg_dlfs", "common." + name)


DLFS = "pkg_dlfs/common/functions.py"
for _name, _wrt, _build, _inputs in (
        ("cross_entropy_error", "y", lambda r: [simplex(r, 5, 3), r.randint(0, 3, size=5)],
         "y probabilities (5,3), t labels (5,)"),
        ("softmax_loss", "X", lambda r: [r.normal(size=(5, 3)), r.randint(0, 3, size=5)],
         "X scores (5,3), t labels (5,)"),
        ("sum_squared_error", "y", lambda r: [r.normal(size=6), r.normal(size=6)], "y, t randn(6)")):
    skipped(DLFS, _name, _wrt, (lambda n=_name: getattr(_dlfs("functions"), n)), _build, _inputs,
            "NumPy, no gradient function", [3, 4])
E(file=DLFS, function="sigmoid", wrt="x", wrt_i=0, gradient="paired:sigmoid_grad", how="paired",
  shapes=[4], load=lambda: _dlfs("functions").sigmoid, pair=lambda: _dlfs("functions").sigmoid_grad,
  build=lambda r: [r.normal(size=6)], inputs="x randn(6)",
  note="an ACTIVATION, not a loss: a function with a paired gradient (`name_grad`) gets a lens; "
       "checked as the sum of its outputs")
E(file=DLFS, function="relu", wrt="x", wrt_i=0, gradient="paired:relu_grad", how="paired", shapes=[4],
  load=lambda: _dlfs("functions").relu, pair=lambda: _dlfs("functions").relu_grad,
  build=lambda r: [r.normal(size=6)], inputs="x randn(6)",
  note="an activation with a paired _grad, like sigmoid; kink at 0")
E(file="pkg_dlfs/common/layers.py", function="SoftmaxWithLoss.forward", wrt="x", wrt_i=0,
  gradient="paired:SoftmaxWithLoss.backward", how="stateful", shapes=[4, 5],
  load=lambda: _dlfs("layers").SoftmaxWithLoss().forward,
  build=lambda r: [r.normal(size=(5, 3)) * 0.5, r.randint(0, 3, size=5)],
  inputs="forward(x scores randn(5,3)*0.5, t labels (5,)), then backward() with no argument",
  note="plain class (not an nn.Module) with forward(x, t) and a stateful backward(dout=1) that reads "
       "what forward cached; imports `common.functions` as a top-level package; the analytic "
       "gradient ignores the +1e-7 inside the log (relative error ~1e-7/p)")

# --- patrickloeber/pytorchTutorial (scripts: only their definitions are loaded)
TUT1 = "pytorch_tutorial_05_1_gradientdescent_manually.py"
skipped(TUT1, "loss", "y_pred", lambda: definitions(TUT1).loss,
        lambda r: [r.normal(size=5), r.normal(size=5)], "y, y_pred randn(5)",
        "NumPy; the file's gradient(x, y, y_pred) is dJ/dw of the model w*x, takes an argument the "
        "loss does not have, and must not be paired with loss", [4])
TUT2 = "pytorch_tutorial_05_2_gradientdescent_auto.py"
E(file=TUT2, function="loss", wrt="y_pred", wrt_i=1, gradient="torch.autograd", how="torch", shapes=[4],
  load=lambda: definitions(TUT2).loss, build=lambda r: [t64(r.normal(size=5)), t64(r.normal(size=5))],
  inputs="y, y_pred randn(5) tensors",
  note="loss(y, y_pred): the prediction is the SECOND argument; the script trains at top level")
TUT11 = "pytorch_tutorial_11_softmax_and_crossentropy.py"
skipped(TUT11, "cross_entropy", "predicted", lambda: definitions(TUT11).cross_entropy,
        lambda r: [one_hot(r, 1, 4)[0], simplex(r, 4)], "actual one-hot (4,), predicted probabilities (4,)",
        "NumPy, no gradient; cross_entropy(actual, predicted) with two probability vectors", [4, 8])

# --- microsoft/archai
E(file="archai_losses.py", function="SmoothCrossEntropyLoss", wrt="inputs", wrt_i=0,
  gradient="torch.autograd", how="torch", shapes=[5], init={"smoothing": 0.1},
  load=lambda: module("archai_losses.py").SmoothCrossEntropyLoss(smoothing=0.1),
  build=lambda r: [t64(r.normal(size=(5, 4))), tlong(r.randint(0, 4, size=5))],
  inputs="inputs logits (5,4), targets int64 (5,)", note="subclass of torch.nn.modules.loss._WeightedLoss")

# --- shotahorii/bareml (callable classes: __call__ + gradient)
BARE = "bareml_loss_functions.py"
E(file=BARE, function="SquareLoss", wrt="w", wrt_i=2, gradient="paired:SquareLoss.gradient", how="paired",
  shapes=[1, 3, 5], load=lambda: module(BARE).SquareLoss(), pair=lambda: module(BARE).SquareLoss().gradient,
  build=lambda r: [r.normal(size=(7, 3)), r.normal(size=7), r.normal(size=3)],
  inputs="X randn(7,3), y randn(7), w randn(3)",
  note="__call__(X, y, w) returns per-sample losses; a model-parameter loss whose parameters come LAST")
E(file=BARE, function="SquareError", wrt="y_pred", wrt_i=1, gradient="paired:SquareError.gradient",
  how="paired", shapes=[3, 5], load=lambda: module(BARE).SquareError(),
  pair=lambda: module(BARE).SquareError().gradient,
  build=lambda r: [r.normal(size=7), r.normal(size=7)], inputs="y, y_pred randn(7)",
  note="__call__(y, y_pred) + gradient")
E(file=BARE, function="CrossEntropy", wrt="y_pred", wrt_i=1, gradient="paired:CrossEntropy.gradient",
  how="paired", shapes=[3, 5, 10], load=lambda: module(BARE).CrossEntropy(),
  pair=lambda: module(BARE).CrossEntropy().gradient,
  build=lambda r: [bits(r, 7), open_unit(r, 7)], inputs="y binary(7), y_pred probabilities (7,)",
  note="REAL BUG (kept from the repository): gradient returns y_pred - y (the gradient with respect to "
       "the logit of a sigmoid or softmax output); __call__ is cross-entropy on PROBABILITIES, whose "
       "gradient is -(y/y_pred) + (1-y)/(1-y_pred)")
no_lens(BARE, "L1Regularization", "callable class whose name is not a loss word (a regulariser); its "
        "gradient raises ValueError and its __call__ is alpha * L2 norm", [5])
no_lens(BARE, "L2Regularization", "callable regulariser, name not a loss word (its gradient would pass)", [5])


# --- mehrdadmoradii/neural-network (package `losses` under src/, relative imports)
def _mehrdad(name):
    return package_module("pkg_mehrdad_nn/src", "losses." + name)


E(file="pkg_mehrdad_nn/src/losses/cross_entropy.py", function="CrossEntropyLoss", wrt="x", wrt_i=0,
  gradient="returned", how="returned", shapes=[2, 5, 7],
  load=lambda: _mehrdad("cross_entropy").CrossEntropyLoss(),
  build=lambda r: [r.normal(size=(5, 3)), r.randint(0, 3, size=5)],
  inputs="x scores (5,3), y labels (5,)", note="plain class whose __call__ returns (loss, dx)")
E(file="pkg_mehrdad_nn/src/losses/binary_cross_entropy.py", function="BinaryCrossEntropyLoss", wrt="x",
  wrt_i=0, gradient="returned", how="returned", shapes=[2, 5, 7],
  load=lambda: _mehrdad("binary_cross_entropy").BinaryCrossEntropyLoss(),
  build=lambda r: [r.normal(size=(6, 1)), bits(r, 6)], inputs="x logits of shape (6,1), y binary (6,)",
  note="x must be 2-D (N,1): y is reshaped to (N,1), so a 1-D x broadcasts to (N,N) and dx no longer "
       "has x's shape")

# --- banctilrobitaille/kerosene
E(file="kerosene_functional.py", function="jensen_shannon_div", wrt="inputs", wrt_i=0,
  gradient="torch.autograd", how="torch", shapes=[6, 8],
  load=lambda: module("kerosene_functional.py").jensen_shannon_div,
  build=lambda r: [t64(simplex(r, 1, 3, 5))], inputs="inputs probabilities (B=1, K=3 distributions, C=5)",
  note="one 3-D argument holding K distributions per sample. The (B,C) mixture broadcasts against the "
       "(B,K,C) input from the right, so it only runs when B == 1 or B == K (a shape bug in the forward, "
       "not in the gradient). The name ends in `div`, not `divergence`: discovery may miss it")

# --- non-losses that look like losses: nothing is run
no_lens("flax_mnist_train.py", "loss_fn", "loss_fn(model, batch, rngs): takes a model and a batch dict")
no_lens("flax_mnist_train.py", "train_step", "a training step")
no_lens("flax_linen_linear_regression.py", "loss_fn", "loss_fn(params): a parameter pytree closed over data")
no_lens("flax_ppo_lib.py", "loss_fn", "loss_fn(params, apply_fn, minibatch, ...): params pytree and a batch")
no_lens("flax_ppo_lib.py", "train_step", "a training step")
no_lens("hf_custom_trainer.py", "CustomTrainer.compute_loss", "compute_loss(self, model, inputs): takes a model")


# ---------------------------------------------------------------------------------------- run


def seed_of(entry):
    return zlib.crc32(("%s::%s" % (entry["file"], entry["function"])).encode()) & 0x7FFFFFFF


def two_digits(x):
    return float("%.1e" % x)


def run(entry):
    out = {"file": entry["file"], "function": entry["function"]}
    if entry.get("expect") == "no-lens":
        out.update(expect="no-lens", wrt=None, gradient="none", note=entry.get("note", ""))
        return out
    rng = np.random.RandomState(seed_of(entry))
    torch.manual_seed(seed_of(entry))
    fn = entry["load"]()
    if entry.get("expect") == "skipped":
        seen = set()
        for _ in range(POINTS):
            try:
                v = value_of(fn(*entry["build"](rng)))
                seen.add("finite" if np.isfinite(v) else "not finite")
            except Exception as ex:  # noqa: BLE001 - how it fails is part of the expectation
                seen.add(type(ex).__name__)
        out.update(expect="skipped", wrt=entry["wrt"], gradient="none", note=entry.get("note", ""),
                   inputs=entry["inputs"], evaluates=sorted(seen))
        return out
    f32 = entry.get("float32", False)
    tol, step = (TOL32, STEP32) if f32 else (TOL64, STEP64)
    worst_err, worst = -1.0, ""
    for _ in range(POINTS):
        args = entry["build"](rng)
        analytic = analytic_gradient(entry, fn, args)
        err, where = compare(fn, args, entry["wrt_i"], analytic, step)
        if err > worst_err:
            worst_err, worst = err, where
    verdict = "pass" if worst_err < tol else "fail"
    note = entry.get("note", "")
    if verdict == "fail" and "BUG" not in note:
        note = (note + "; " if note else "") + "UNEXPECTED FAIL: " + worst
    out.update(expect=verdict, wrt=entry["wrt"], gradient=entry["gradient"], note=note,
               inputs=entry["inputs"], maxRelError=two_digits(worst_err), tolerance=tol)
    if verdict == "fail":
        out["worst"] = worst
    return out


def main():
    results = []
    for entry in ENTRIES:
        try:
            r = run(entry)
        except Exception as ex:  # noqa: BLE001 - reported in the output, never hidden
            r = {"file": entry["file"], "function": entry["function"], "expect": "error",
                 "note": "expected.py could not run it: %s: %s" % (type(ex).__name__, ex)}
        if "init" in entry:
            r["init"] = entry["init"]
        r["shapes"] = entry.get("shapes", [])
        results.append(r)
        print("%-8s %-72s %s" % (r["expect"], r["file"] + "::" + r["function"], r.get("maxRelError", "")),
              file=sys.stderr)
    counts = {}
    for r in results:
        counts[r["expect"]] = counts.get(r["expect"], 0) + 1
    doc = {
        "generatedBy": "test/gradcheck-corpus/real-shapes/expected.py",
        "mirrors": "test/fixtures/real-losses/expected.json (its Python entries, one for one)",
        "tolerance": {"float64": TOL64, "float32Internals": TOL32},
        "metric": "max |analytic - numeric| / max(max|numeric|, max|analytic|), worst of %d random points" % POINTS,
        "counts": counts,
        "losses": results,
    }
    with open(OUT, "w") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(json.dumps(counts), file=sys.stderr)
    if "error" in counts:
        sys.exit(1)


if __name__ == "__main__":
    main()
