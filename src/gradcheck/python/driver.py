"""Loss Playground grad-check driver: a persistent Python process that imports the user's module
and computes loss values and gradients for the extension (copied to dist/gradcheck_driver.py).

Requests and replies are JSON lines on fd 3 (a socket the host opened), never stdin/stdout: what
the user's code prints cannot corrupt a result, and input() gets end-of-file. Only numbers come
back; the verdict rules (allclose, relative error, kinks) run on the host, the same for every
language. `numeric_trial` mirrors src/gradcheck/runners/differences.ts step for step.

The host enforces the time and memory limits by killing this process; it starts another.
"""
import importlib
import json
import linecache
import math
import os
import re
import sys
import traceback
import types

_CHANNEL = os.dup(3)  # a non-inheritable copy: subprocesses of user code do not get it
os.close(3)
# The user's stderr joins stdout on one pipe: two pipes reach the host in whatever order it reads
# them, and the printed output it shows should read in the order the code printed it.
os.dup2(1, 2)
_DRIVER = os.path.abspath(__file__)
_np = None
_torch = None
_jax = None


def _numpy():
    global _np
    if _np is None:
        import numpy

        _np = numpy
    return _np


def send(message):
    data = (json.dumps(message, allow_nan=True) + "\n").encode("utf-8")
    view = memoryview(data)
    while view:
        n = os.write(_CHANNEL, view)
        view = view[n:]


def requests():
    buffered = b""
    while True:
        chunk = os.read(_CHANNEL, 1 << 20)
        if not chunk:
            return  # the host went away
        buffered += chunk
        while b"\n" in buffered:
            line, buffered = buffered.split(b"\n", 1)
            if line.strip():
                yield json.loads(line)


def msg(template, *args):
    """A text for the user: one of src/gradcheck/messages.ts's templates (a unit test checks that each
    template given to msg here is one) and its arguments, so the host can show it in the user's
    language. The arguments are the user's values, sent as text (str() of a float reads differently
    in JS), or nested messages and lists."""
    return {"template": template, "args": [a if isinstance(a, dict) or (isinstance(a, int) and not isinstance(a, bool)) else str(a) for a in args]}


def listing(items, separator=None):
    return {"items": list(items)} if separator is None else {"items": list(items), "separator": separator}


def english(part):
    """A message in English, as messages.ts renders it."""
    if isinstance(part, dict):
        if "template" in part:
            return re.sub(r"\{(\d+)\}", lambda m: english(part["args"][int(m.group(1))]), part["template"])
        if "items" in part:
            return (part.get("separator") or "").join(english(p) for p in part["items"])
        if "clip" in part:
            return english(part["clip"])[: part["max"]]
    return str(part)


def wire_text(text):
    """A message as the protocol's WireText: its English text, template and arguments."""
    return {"message": english(text), "template": text["template"], "args": text["args"]}


class UserError(Exception):
    """A problem in the user's code or inputs, reported as an `error` verdict."""

    def __init__(self, kind, text, tb=None):
        self.text = text
        self.message = english(text)
        super().__init__(self.message)
        self.kind = kind
        self.traceback = tb


def user_traceback(exc):
    """The traceback without the driver's own frames, so it points at the user's lines."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if os.path.abspath(f.filename) != _DRIVER and "importlib" not in f.filename]
    text = "".join(traceback.format_list(frames)) + "".join(traceback.format_exception_only(type(exc), exc))
    return "Traceback (most recent call last):\n" + text if frames else text


def exc_text(exc):
    return "".join(traceback.format_exception_only(type(exc), exc)).strip()


def innermost_user_line(exc):
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if os.path.abspath(f.filename) != _DRIVER]
    if not frames:
        return ""
    f = frames[-1]
    return msg(" at {0}:{1}", os.path.basename(f.filename), f.lineno)


# ---------------------------------------------------------------------------------------------
# Loading the user's module

_loaded = {}  # path -> (source, module)


def _module_name(path):
    name = os.path.splitext(os.path.basename(path))[0]
    name = "".join(c if c.isalnum() or c == "_" else "_" for c in name) or "user_module"
    existing = sys.modules.get(name)
    if existing is not None and os.path.abspath(getattr(existing, "__file__", "") or "") != path:
        name = name + "__lossplayground"  # a file named like an installed package keeps its own name otherwise
    return name


def _forget_siblings(directory):
    """Drop modules imported from the user's folder, so edits to them are seen on reload."""
    for key, mod in list(sys.modules.items()):
        f = getattr(mod, "__file__", None)
        if f and os.path.abspath(f).startswith(directory + os.sep) and "site-packages" not in f and "dist-packages" not in f:
            del sys.modules[key]


def load(path, text):
    path = os.path.abspath(path)
    source = text
    if source is None:
        with open(path, "rb") as fh:
            raw = fh.read()
        source = raw.decode("utf-8-sig", errors="replace")
    cached = _loaded.get(path)
    if cached is not None and cached[0] == source:
        return cached[1]
    directory = os.path.dirname(path)
    if directory not in sys.path:
        sys.path.insert(0, directory)
    os.chdir(directory)
    _forget_siblings(directory)
    name = _module_name(path)
    module = types.ModuleType(name)
    module.__file__ = path
    module.__builtins__ = __builtins__
    sys.modules[name] = module
    # Tracebacks show the text that ran (it may be an unsaved editor buffer).
    linecache.cache[path] = (len(source), None, source.splitlines(True), path)
    try:
        code = compile(source, path, "exec")
    except SyntaxError as e:
        raise UserError("load", msg("SyntaxError in {0}, line {1}: {2}", os.path.basename(path), e.lineno, e.msg), user_traceback(e))
    try:
        exec(code, module.__dict__)
    except SystemExit as e:
        raise UserError("load", msg('importing {0} called sys.exit({1}){2}; code that exits belongs under `if __name__ == "__main__":`', os.path.basename(path), repr(e.code), innermost_user_line(e)), user_traceback(e))
    except KeyboardInterrupt as e:
        raise UserError("interrupted", msg("interrupted while importing {0}", os.path.basename(path)), user_traceback(e))
    except BaseException as e:  # the user's import failed: say where
        raise UserError("load", msg("importing {0} raised {1}{2}", os.path.basename(path), exc_text(e), innermost_user_line(e)), user_traceback(e))
    _loaded[path] = (source, module)
    return module


# ---------------------------------------------------------------------------------------------
# Values


def build(arg, framework, requires_grad=False):
    value = arg["value"]
    if not isinstance(value, dict):
        return value
    np = _numpy()
    dtype = np.int64 if value["dtype"] == "int64" else np.float64
    array = np.asarray(value["data"], dtype=dtype).reshape(value["shape"])
    return convert(array, framework, requires_grad)


def convert(array, framework, requires_grad=False):
    if framework == "torch":
        import torch

        t = torch.from_numpy(array.copy())
        if requires_grad:
            t.requires_grad_(True)
        return t
    if framework == "jax":
        import jax.numpy as jnp

        return jnp.asarray(array)
    return array


def to_scalar(value, label):
    """The loss as a Python float, and its dtype; a clear error for anything that is not a scalar."""
    if isinstance(value, bool) or value is None:
        raise UserError("return-type", msg("{0} returned {1}; a loss must return a scalar", label, repr(value)))
    if isinstance(value, (int, float)):
        return float(value), "float64"
    shape = getattr(value, "shape", None)
    dtype = str(getattr(value, "dtype", "float64")).replace("torch.", "")
    if shape is not None:
        size = 1
        for d in shape:
            size *= int(d)
        if size != 1:
            raise UserError("return-type", msg("{0} returned an array of shape {1}; a loss must return a scalar (a reduction such as .mean() missing?)", label, tuple(int(d) for d in shape)))
        try:
            item = value.item() if hasattr(value, "item") else float(value)
        except Exception as e:
            raise UserError("return-type", msg("{0} returned a value that is not a number: {1}", label, exc_text(e)))
        if isinstance(item, complex):
            raise UserError("return-type", msg("{0} returned a complex number", label))
        return float(item), ("float32" if dtype in ("float32", "float16", "bfloat16") else "float64")
    if isinstance(value, (tuple, list)):
        raise UserError("return-type", msg("{0} returned a {1} of {2} items; a loss must return a scalar", label, type(value).__name__, len(value)))
    try:
        return float(value), "float64"
    except Exception:
        raise UserError("return-type", msg("{0} returned {1}; a loss must return a scalar", label, type(value).__name__))


def flat_numpy(value, size, label):
    """A gradient as flat float64 numbers; a tuple whose first item is the gradient is accepted."""
    np = _numpy()
    if isinstance(value, (tuple, list)) and value and not isinstance(value[0], (int, float)):
        first = flat_numpy_or_none(value[0])
        if first is not None and first.size == size:
            return first
    arr = flat_numpy_or_none(value)
    if arr is None or arr.size != size:
        got = msg("{0} numbers", int(arr.size)) if arr is not None else type(value).__name__
        raise UserError("gradient", msg("{0} returned {1}; expected {2}, one per element of the differentiated argument", label, got, size))
    return arr


def flat_numpy_or_none(value):
    np = _numpy()
    if value is None:
        return None
    if hasattr(value, "detach"):
        value = value.detach().cpu().numpy()
    try:
        return np.asarray(value, dtype=np.float64).reshape(-1)
    except Exception:
        return None


# ---------------------------------------------------------------------------------------------
# Calling


class Callable:
    """The user's loss, called with named arguments, its wrt argument replaceable."""

    def __init__(self, module, target, framework):
        self.label = target["name"] if not target.get("className") else "%s.%s" % (target["className"], target["name"])
        self.framework = framework
        self.reduce_weights = None
        base = target.get("base")
        if target["kind"] == "class":
            cls = getattr(module, target["name"], None)
            if cls is None:
                raise UserError("not-found", msg("class {0} is not defined at the top level of the module", target["name"]))
            if base == "autograd.Function":
                self.fn = cls.apply
                self.label = "%s.apply" % target["name"]
            else:
                try:
                    self.fn = cls()
                except Exception as e:
                    raise UserError("exception", msg("{0}() raised {1}; an nn.Module loss is checked on an instance built without arguments (give its arguments defaults)", target["name"], exc_text(e)), user_traceback(e))
            self.positional_only = True
        elif target.get("className"):
            cls = getattr(module, target["className"], None)
            if cls is None:
                raise UserError("not-found", msg("class {0} is not defined at the top level of the module", target["className"]))
            try:
                instance = cls()
            except Exception as e:
                raise UserError("exception", msg("{0}() raised {1}; methods are checked on an instance built without arguments", target["className"], exc_text(e)), user_traceback(e))
            self.fn = getattr(instance, target["name"], None)
            self.instance = instance
            self.positional_only = False
        else:
            self.fn = getattr(module, target["name"], None)
            self.positional_only = False
        if not callable(self.fn):
            raise UserError("not-found", msg("{0} is not a function at the top level of the module", self.label))
        self.is_class = target["kind"] == "class"

    def call(self, values, args, fn=None):
        fn = fn or self.fn
        positional = [values[a["name"]] for a in args if not a["keyword"] or self.positional_only]
        keywords = {a["name"]: values[a["name"]] for a in args if a["keyword"] and not self.positional_only}
        try:
            return fn(*positional, **keywords)
        except KeyboardInterrupt:
            raise
        except UserError:
            raise
        except Exception as e:
            raise UserError("exception", msg("{0} raised {1}{2}", getattr(fn, "__name__", self.label) if fn is not self.fn else self.label, exc_text(e), innermost_user_line(e)), user_traceback(e))

    def scalar(self, out):
        """Classes (autograd.Function, nn.Module) may return a tensor: check Σ w·out for fixed random w."""
        shape = getattr(out, "shape", None)
        if self.is_class and shape is not None and len(shape) > 0 and int(math.prod(int(d) for d in shape)) > 1:
            if self.reduce_weights is None or tuple(self.reduce_weights.shape) != tuple(out.shape):
                np = _numpy()
                w = sign_direction(977, int(math.prod(int(d) for d in shape))).reshape(tuple(int(d) for d in shape))
                self.reduce_weights = convert(w.astype(np.float64), self.framework).to(out.dtype) if self.framework == "torch" else w
            return (out * self.reduce_weights).sum()
        return out


def mulberry_stream(seed, count):
    """mulberry32 outputs 1..count for `seed`, vectorized: the state is a counter, so each output is a hash of seed + k·C."""
    np = _numpy()
    M = np.uint64(0xFFFFFFFF)
    k = np.arange(1, count + 1, dtype=np.uint64)
    t = (np.uint64(seed & 0xFFFFFFFF) + k * np.uint64(0x6D2B79F5)) & M
    t = ((t ^ (t >> np.uint64(15))) * (t | np.uint64(1))) & M
    t = t ^ ((t + (((t ^ (t >> np.uint64(7))) * (t | np.uint64(61))) & M)) & M)
    t = (t ^ (t >> np.uint64(14))) & M
    return t.astype(np.float64) / 4294967296.0


def sign_direction(seed, size):
    np = _numpy()
    return np.where(mulberry_stream(seed, size) < 0.5, -1.0, 1.0)


def numeric_trial(f, x0, shape, analytic, req):
    """Central differences, exactly as differences.ts: same steps, directions and outputs."""
    np = _numpy()
    f0 = f(x0)
    n = x0.size
    x = x0.copy()
    step = req["step"]
    if n <= req["projectionAbove"]:
        numeric, forward, backward = [], [], []
        for i in range(n):
            h = step * max(1.0, abs(float(x0[i])))
            x[i] = x0[i] + h
            fp = f(x)
            x[i] = x0[i] - h
            fm = f(x)
            x[i] = x0[i]
            forward.append((fp - f0) / h)
            backward.append((f0 - fm) / h)
            numeric.append((fp - fm) / (2 * h))
        return {"f0": f0, "mode": "elementwise", "shape": shape, "analytic": None if analytic is None else analytic.tolist(), "numeric": numeric, "forward": forward, "backward": backward}
    h = step * max(1.0, float(np.max(np.abs(x0))) if n else 1.0)
    numeric, forward, backward, projected = [], [], [], []
    for k in range(req["projectionDirections"]):
        v = sign_direction(req["projectionSeed"] + k, n)
        fp = f(x0 + h * v)
        fm = f(x0 - h * v)
        forward.append((fp - f0) / h)
        backward.append((f0 - fm) / h)
        numeric.append((fp - fm) / (2 * h))
        if analytic is not None:
            projected.append(float(np.dot(analytic, v)))
    return {"f0": f0, "mode": "projection", "shape": [req["projectionDirections"]], "analytic": None if analytic is None else projected, "numeric": numeric, "forward": forward, "backward": backward}


def resolve_gradient(module, target, name, call):
    if target.get("className") and target["kind"] != "class":
        fn = getattr(call.instance, name, None)
    else:
        fn = getattr(module, name, None)
    if not callable(fn):
        raise UserError("not-found", msg("the paired gradient {0} is not a function at the top level of the module", name))
    return fn


class Trial:
    """One argument set: the loss at any wrt value, and the analytic gradient at the given one."""

    def __init__(self, call, args, wrt, framework):
        self.call = call
        self.args = args
        self.wrt = wrt
        self.framework = framework
        np = _numpy()
        w = next((a for a in args if a["name"] == wrt), None)
        if w is None or not isinstance(w["value"], dict):
            raise UserError("exception", msg("no array input for {0}", wrt))
        self.shape = list(w["value"]["shape"])
        self.x0 = np.asarray(w["value"]["data"], dtype=np.float64)
        self.fixed = {a["name"]: build(a, framework) for a in args if a["name"] != wrt}
        self.dtype = "float64"

    def values(self, x, requires_grad=False):
        values = dict(self.fixed)
        values[self.wrt] = convert(x.reshape(self.shape), self.framework, requires_grad)
        return values

    def loss(self, x):
        if self.framework == "torch":
            import torch

            with torch.no_grad():
                out = self.call.scalar(self.call.call(self.values(x), self.args))
        else:
            out = self.call.scalar(self.call.call(self.values(x), self.args))
        value, dtype = to_scalar(out, self.call.label)
        if dtype != "float64":
            self.dtype = dtype
        return value

    def analytic(self, source, module, target):
        kind = source["kind"]
        np = _numpy()
        if kind == "none":
            return None, None
        if kind == "paired":
            fn = resolve_gradient(module, target, source["name"], self.call)
            out = self.call.call(self.values(self.x0), self.args, fn=fn)
            return flat_numpy(out, self.x0.size, source["name"]), "paired:%s" % source["name"]
        if kind == "autograd":
            import torch

            values = self.values(self.x0, requires_grad=True)
            x = values[self.wrt]
            out = self.call.scalar(self.call.call(values, self.args))
            if not isinstance(out, torch.Tensor) or not out.requires_grad:
                raise UserError("gradient", msg("{0} returned {1} that does not depend on {2} through torch operations (converted to NumPy or a Python float, or detached?), so autograd has no gradient", self.call.label, type(out).__name__, self.wrt))
            if out.numel() != 1:
                raise UserError("return-type", msg("{0} returned a tensor of shape {1}; a loss must return a scalar", self.call.label, tuple(out.shape)))
            if out.dtype in (torch.float32, torch.float16, torch.bfloat16):
                self.dtype = str(out.dtype).replace("torch.", "")
            try:
                (g,) = torch.autograd.grad(out.reshape(()), x, allow_unused=True)
            except Exception as e:
                raise UserError("gradient", msg("the backward pass raised {0}{1}", exc_text(e), innermost_user_line(e)), user_traceback(e))
            if g is None:
                if target.get("base") == "autograd.Function":
                    raise UserError("gradient", msg("{0}.backward returned None for {1}", target["name"], self.wrt))
                g = torch.zeros_like(x)
            label = "%s.backward" % target["name"] if target.get("base") == "autograd.Function" else "torch.autograd"
            return g.detach().to(torch.float64).reshape(-1).numpy().copy(), label
        if kind == "jax":
            import jax

            def f(w):
                values = dict(self.fixed)
                values[self.wrt] = w
                return self.call.call(values, self.args)

            try:
                g = jax.grad(f)(convert(self.x0.reshape(self.shape), "jax"))
            except UserError:
                raise
            except Exception as e:
                raise UserError("gradient", msg("jax.grad failed: {0}", exc_text(e)), user_traceback(e))
            return np.asarray(g, dtype=np.float64).reshape(-1), "jax.grad"
        raise UserError("gradient", msg("unknown gradient source {0}", repr(kind)))


def prepare_framework(framework):
    if framework == "jax":
        try:
            import jax

            jax.config.update("jax_enable_x64", True)  # float64, as everywhere in the checker
        except Exception:
            pass


def check(req):
    send({"id": req["id"], "phase": "import"})
    module = load(req["file"], req.get("text"))
    framework = req["framework"]
    prepare_framework(framework)
    send({"id": req["id"], "phase": "call"})
    call = Callable(module, req["target"], framework)
    rejected = []
    notes = []
    for recipe in req["recipes"]:
        try:
            first = Trial(call, recipe["trials"][0], req["wrt"], framework)
            f0 = first.loss(first.x0)
        except UserError as e:
            if e.kind in ("not-found",):
                raise
            rejected.append({"recipe": recipe["name"], "reason": e.message, "text": e.text, "kind": e.kind, "traceback": e.traceback})
            continue
        if not math.isfinite(f0):
            text = msg("{0} returned {1}", call.label, f0)
            rejected.append({"recipe": recipe["name"], "reason": english(text), "text": text, "kind": "not-finite"})
            continue
        send({"id": req["id"], "phase": "gradient"})
        trials = []
        dtype = "float64"
        gradient_label = None
        for args in recipe["trials"]:
            t = Trial(call, args, req["wrt"], framework)
            analytic, gradient_label = t.analytic(req["gradient"], module, req["target"])
            t.loss(t.x0)
            r = dict(req)
            if t.dtype != "float64":
                dtype = t.dtype
                r["step"] = max(req["step"], 1e-3)  # float32 resolution: a 1e-6 step is lost in rounding
            if analytic is not None and not all(math.isfinite(float(v)) for v in analytic):
                bad = [i for i, v in enumerate(analytic) if not math.isfinite(float(v))][0]
                raise UserError("gradient", msg("the gradient is {0} at flat index {1}", analytic[bad], bad))
            trials.append(numeric_trial(t.loss, t.x0, t.shape, analytic, r))
        if dtype != "float64":
            notes.append(wire_text(msg("numeric step widened to 1e-3 for {0}", dtype)))
        probes = []
        for p in req["probes"]:
            if p["recipe"] != recipe["name"]:
                continue
            try:
                pt = Trial(call, p["args"], req["wrt"], framework)
                probes.append(pt.loss(pt.x0))
            except UserError:
                probes.append(None)
        return {"ok": True, "recipe": recipe["name"], "rejected": [{"recipe": r["recipe"], "reason": r["reason"]} for r in rejected], "trials": trials, "probes": probes, "dtype": dtype, "gradient": gradient_label, "notes": notes}
    raise no_recipe(rejected, "# gradcheck: %s=randn(8)" % req["wrt"])


def no_recipe(rejected, example):
    """One clear error when no recipe worked: the first (most likely) recipe's reason leads. Mirrors noRecipe in jsChild.ts."""
    first = rejected[0]
    unique = set(r["reason"] for r in rejected)
    if len(unique) == 1:
        text = msg("{0} (the same with all {1} input recipes)", first["text"], len(rejected)) if len(rejected) > 1 else first["text"]
    else:
        others = listing((msg("{0}: {1}", r["recipe"], r["text"]) for r in rejected[1:] if r["reason"] != first["reason"]), "; ")
        text = msg("{0} (with input recipe {1}; other recipes: {2}). If the inputs are the problem, annotate them, e.g. {3}", first["text"], first["recipe"], {"clip": others, "max": 400}, example)
    return UserError(first["kind"], text, next((r.get("traceback") for r in rejected if r.get("traceback")), None))


def series(req):
    module = load(req["file"], req.get("text"))
    framework = req["framework"]
    prepare_framework(framework)
    call = Callable(module, req["target"], framework)
    t = Trial(call, req["args"], req["wrt"], framework)
    np = _numpy()
    loss, numeric, analytic = [], [], []
    x = t.x0.copy()
    i = req["index"]
    for xi in req["xs"]:
        x[i] = xi
        h = req["step"] * max(1.0, abs(xi))
        loss.append(t.loss(x))
        x[i] = xi + h
        fp = t.loss(x)
        x[i] = xi - h
        fm = t.loss(x)
        x[i] = xi
        numeric.append((fp - fm) / (2 * h))
        if req["gradient"]["kind"] != "none":
            t.x0 = x.copy()
            g, label = t.analytic(req["gradient"], module, req["target"])
            analytic.append(float(g[i]))
    has = req["gradient"]["kind"] != "none"
    return {"ok": True, "loss": loss, "numeric": numeric, "analytic": analytic if has else None, "gradient": label if has and req["xs"] else None}


def handle(req):
    try:
        op = req["op"]
        if op == "load":
            send({"id": req["id"], "phase": "import"})
            load(req["file"], req.get("text"))
            return {"id": req["id"], "ok": True, "loaded": True}
        if op == "check":
            return dict(check(req), id=req["id"])
        if op == "series":
            return dict(series(req), id=req["id"])
        return {"id": req["id"], "ok": False, "error": dict(wire_text(msg("unknown op {0}", repr(op))), kind="exception")}
    except UserError as e:
        return {"id": req["id"], "ok": False, "error": dict(wire_text(e.text), kind=e.kind, traceback=e.traceback)}
    except KeyboardInterrupt as e:
        return {"id": req["id"], "ok": False, "error": dict(wire_text(msg("interrupted")), kind="interrupted", traceback=user_traceback(e))}
    except SystemExit as e:
        return {"id": req["id"], "ok": False, "error": dict(wire_text(msg("the code called sys.exit({0}){1}", repr(e.code), innermost_user_line(e))), kind="exception", traceback=user_traceback(e))}
    except BaseException as e:
        return {"id": req["id"], "ok": False, "error": dict(wire_text(msg("internal error in the Python driver: {0}", exc_text(e))), kind="exception", traceback=traceback.format_exc())}


def main():
    sys.stdin = open(os.devnull)
    send({"ready": True, "python": sys.version.split()[0]})
    for req in requests():
        send(handle(req))


if __name__ == "__main__":
    main()
