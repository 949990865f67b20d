"""Loss Playground grad-check driver: loads a user's Python module and computes loss values and
gradients for the extension (copied with its lp_*.py siblings to dist/gradcheck_python/).

Process model (see lp_isolation.py): this process is a zygote. It imports the frameworks a file
needs once (numpy, torch), then forks a fresh child for every request, which loads the module
(definitions only: lp_definitions.py), answers, ends whatever it started and exits. So a check
never sees what another file did to the interpreter, a check that hangs is ended without losing
the imported frameworks, and the host watches and kills only the child's process tree.

Requests and replies are JSON lines on fd 3 (a socket the host opened), never stdin/stdout: what
the user's code prints cannot corrupt a result, and input() gets end-of-file. Only the zygote
reads requests; only the child of the request in flight writes, until it exits. Only numbers come
back; the verdict rules run on the host, the same for every language. `numeric_trial` mirrors the
engine's central differences step for step.
"""
import importlib
import json
import linecache
import math
import os
import re
import sys
import tokenize
import traceback
import types

import lp_definitions
import lp_isolation

_CHANNEL = os.dup(3)  # a non-inheritable copy: subprocesses of user code do not get it
os.close(3)
# The user's stderr joins stdout on one pipe: two pipes reach the host in whatever order it reads
# them, and the printed output it shows should read in the order the code printed it.
os.dup2(1, 2)
_DRIVER_DIR = os.path.dirname(os.path.abspath(__file__))
_np = None
# The most processes one check may have running (not enforced for root; the host also counts).
# src/engine/gradcheckDefaults.ts's maxProcesses, held equal by test/unit/gradcheck-defaults.test.ts.
MAX_PROCESSES = 64


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


def _ours(filename):
    return os.path.dirname(os.path.abspath(filename)) == _DRIVER_DIR


def user_traceback(exc):
    """The traceback without the driver's own frames, so it points at the user's lines."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if not _ours(f.filename) and "importlib" not in f.filename]
    text = "".join(traceback.format_list(frames)) + "".join(traceback.format_exception_only(type(exc), exc))
    return "Traceback (most recent call last):\n" + text if frames else text


def exc_text(exc):
    return "".join(traceback.format_exception_only(type(exc), exc)).strip()


def innermost_user_line(exc):
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if not _ours(f.filename)]
    if not frames:
        return ""
    f = frames[-1]
    return msg(" at {0}:{1}", os.path.basename(f.filename), f.lineno)


# ---------------------------------------------------------------------------------------------
# Loading the user's module: definitions only, as a module of its package when it is in one


def read_source(path, text):
    """The file's text, decoded as PEP 263 says (a `# -*- coding: latin-1 -*-` line, else UTF-8)."""
    if text is not None:
        return text
    with open(path, "rb") as fh:
        raw = fh.read()
    try:
        encoding, _ = tokenize.detect_encoding(iter(raw.splitlines(True)).__next__)
    except SyntaxError:
        encoding = "utf-8"
    return raw.decode(encoding, errors="replace").lstrip("\ufeff")


def package_of(path):
    """(root folder on sys.path, dotted module name, [package folders from the top]) for a file
    inside packages (folders with __init__.py), else (its folder, its bare name, [])."""
    folder = os.path.dirname(path)
    stem = os.path.splitext(os.path.basename(path))[0]
    parts = [stem]
    packages = []
    while os.path.isfile(os.path.join(folder, "__init__.py")) and os.path.dirname(folder) != folder:
        parts.insert(0, os.path.basename(folder))
        packages.insert(0, folder)
        folder = os.path.dirname(folder)
    if not all(p.isidentifier() for p in parts):
        return os.path.dirname(path), _identifier(stem), []
    return folder, ".".join(parts), packages


def _identifier(stem):
    name = "".join(c if c.isalnum() or c == "_" else "_" for c in stem) or "user_module"
    return name if not name[0].isdigit() else "_" + name


def _stub_packages(root, packages):
    """Parent packages as empty package modules, so `from .utils import f` finds its sibling without
    running the packages' __init__.py (which may import half of a framework)."""
    for folder in packages:
        name = os.path.relpath(folder, root).replace(os.sep, ".")
        if name in sys.modules:
            continue
        stub = types.ModuleType(name)
        stub.__path__ = [folder]
        stub.__file__ = os.path.join(folder, "__init__.py")
        stub.__package__ = name
        stub.__lossplayground_stub__ = True
        sys.modules[name] = stub


def _ancestor_root(path, missing):
    """For `from joelnet.tensor import Tensor` in joelnet/loss.py with no __init__.py (a namespace
    package): the folder above the ancestor named like the missing module's top package."""
    top = (missing or "").split(".")[0]
    folder = os.path.dirname(path)
    while top and os.path.dirname(folder) != folder:
        if os.path.basename(folder) == top:
            return os.path.dirname(folder)
        folder = os.path.dirname(folder)
    return None


def _run_real_init(name):
    """Runs a stubbed package's own __init__.py into it, for a name that only it defines."""
    stub = sys.modules.get(name)
    if stub is None or not getattr(stub, "__lossplayground_stub__", False):
        return False
    stub.__lossplayground_stub__ = False
    with open(stub.__file__, "rb") as fh:
        code = compile(fh.read(), stub.__file__, "exec")
    exec(code, stub.__dict__)
    return True


class Loaded:
    def __init__(self, module, selection, name):
        self.module = module
        self.selection = selection
        self.name = name


class _DefinitionsFinder:
    """Imports the checked file, under its package name, as its definitions only: also when its own
    package's __init__.py imports it (`from .scaled import scaled_mse_loss`) while it is loading."""

    def __init__(self, name, path, code):
        self.name = name
        self.path = path
        self.code = code

    def find_spec(self, fullname, path=None, target=None):
        if fullname != self.name:
            return None
        import importlib.util

        return importlib.util.spec_from_loader(fullname, self, origin=self.path)

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        module.__file__ = self.path
        exec(self.code, module.__dict__)


def load_cells(path, cells):
    """A notebook: each cell's definitions, in order, into one module (cells that train, download
    or plot keep only their definitions). Tracebacks and left-out statements name the cell."""
    path = os.path.abspath(path)
    directory = os.path.dirname(path)
    if directory not in sys.path:
        sys.path.insert(0, directory)
    os.chdir(directory)
    name = _identifier(os.path.splitext(os.path.basename(path))[0])
    if name in sys.modules:
        name = name + "__lossplayground"
    module = types.ModuleType(name)
    module.__file__ = path
    module.__builtins__ = __builtins__
    sys.modules[name] = module
    selection = lp_definitions.Selection()
    defined, modules = set(), {}
    for cell in cells:
        label, source = cell["label"], cell["text"]
        shown = os.path.basename(label)
        linecache.cache[label] = (len(source), None, source.splitlines(True), label)
        try:
            tree, cell_selection = lp_definitions.select_definitions(source, label, defined, modules)
            code = compile(tree, label, "exec")
        except SyntaxError as e:
            raise UserError("load", msg("SyntaxError in {0}, line {1}: {2}", shown, e.lineno, e.msg), user_traceback(e))
        for item in cell_selection.left_out:
            item["line"] = "%s (%s)" % (item["line"], shown)
            selection.left_out.append(item)
        try:
            exec(code, module.__dict__)
        except SystemExit as e:
            raise UserError("load", msg('importing {0} called sys.exit({1}){2}; code that exits belongs under `if __name__ == "__main__":`', shown, repr(e.code), innermost_user_line(e)), user_traceback(e))
        except KeyboardInterrupt as e:
            raise UserError("interrupted", msg("interrupted while importing {0}", shown), user_traceback(e))
        except BaseException as e:
            raise UserError("load", msg("importing {0} raised {1}{2}", shown, exc_text(e), innermost_user_line(e)), user_traceback(e))
    return Loaded(module, selection, name)


def load(path, text, cells=None):
    if cells:
        return load_cells(path, cells)
    path = os.path.abspath(path)
    source = read_source(path, text)
    root, name, packages = package_of(path)
    if root not in sys.path:
        sys.path.insert(0, root)
    if os.path.dirname(path) not in sys.path:
        sys.path.insert(0, os.path.dirname(path))
    os.chdir(os.path.dirname(path))
    if name in sys.modules and not packages:
        name = name + "__lossplayground"  # a file named like an installed package keeps its own name
    _stub_packages(root, packages)
    # Tracebacks show the text that ran (it may be an unsaved editor buffer).
    linecache.cache[path] = (len(source), None, source.splitlines(True), path)
    try:
        tree, selection = lp_definitions.select_definitions(source, path)
        code = compile(tree, path, "exec")
    except SyntaxError as e:
        raise UserError("load", msg("SyntaxError in {0}, line {1}: {2}", os.path.basename(path), e.lineno, e.msg), user_traceback(e))
    sys.meta_path.insert(0, _DefinitionsFinder(name, path, code))
    for attempt in range(len(packages) + 3):
        sys.modules.pop(name, None)
        try:
            module = importlib.import_module(name)
            return Loaded(module, selection, name)
        except ImportError as e:
            # `from . import X` where X lives in a package's own __init__.py: run that one, then retry.
            missing_from = getattr(e, "name", None)
            sys.modules.pop(name, None)
            if missing_from and missing_from != name and _run_real_init(missing_from):
                continue
            root = _ancestor_root(path, missing_from) if isinstance(e, ModuleNotFoundError) else None
            if root is not None and root not in sys.path:
                sys.path.insert(0, root)
                continue
            raise UserError("load", msg("importing {0} raised {1}{2}", os.path.basename(path), exc_text(e), innermost_user_line(e)), user_traceback(e))
        except SystemExit as e:
            raise UserError("load", msg('importing {0} called sys.exit({1}){2}; code that exits belongs under `if __name__ == "__main__":`', os.path.basename(path), repr(e.code), innermost_user_line(e)), user_traceback(e))
        except KeyboardInterrupt as e:
            raise UserError("interrupted", msg("interrupted while importing {0}", os.path.basename(path)), user_traceback(e))
        except BaseException as e:  # the user's import failed: say where
            raise UserError("load", msg("importing {0} raised {1}{2}", os.path.basename(path), exc_text(e), innermost_user_line(e)), user_traceback(e))
    raise UserError("load", msg("importing {0} raised {1}{2}", os.path.basename(path), "ImportError", ""))


# ---------------------------------------------------------------------------------------------
# Values


def build(arg, framework, requires_grad=False, float32=False):
    value = arg["value"]
    if not isinstance(value, dict):
        return value
    np = _numpy()
    dtype = np.int64 if value["dtype"] == "int64" else (np.float32 if float32 else np.float64)
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


def _size(value):
    shape = getattr(value, "shape", None)
    if shape is None:
        return None
    size = 1
    for d in shape:
        size *= int(d)
    return size


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def to_scalar(value, label):
    """The loss as a Python float, and its dtype; a clear error for anything that is not a scalar."""
    if isinstance(value, bool) or value is None:
        raise UserError("return-type", msg("{0} returned {1}; a loss must return a scalar", label, repr(value)))
    if isinstance(value, (int, float)):
        return float(value), "float64"
    dtype = str(getattr(value, "dtype", "float64")).replace("torch.", "")
    if _size(value) is not None:
        try:
            item = value.item() if hasattr(value, "item") else float(value)
        except Exception as e:
            raise UserError("return-type", msg("{0} returned a value that is not a number: {1}", label, exc_text(e)))
        if isinstance(item, complex):
            raise UserError("return-type", msg("{0} returned a complex number", label))
        return float(item), ("float32" if dtype in ("float32", "float16", "bfloat16") else "float64")
    try:
        return float(value), "float64"
    except Exception:
        raise UserError("return-type", msg("{0} returned {1}; a loss must return a scalar", label, type(value).__name__))


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


def flat_numpy(value, size, label):
    """A gradient as flat float64 numbers; a tuple whose first item is the gradient is accepted."""
    if isinstance(value, (tuple, list)) and value and not _is_number(value[0]):
        first = flat_numpy_or_none(value[0])
        if first is not None and first.size == size:
            return first
    arr = flat_numpy_or_none(value)
    if arr is None or arr.size != size:
        got = msg("{0} numbers", int(arr.size)) if arr is not None else type(value).__name__
        raise UserError("gradient", msg("{0} returned {1}; expected {2}, one per element of the differentiated argument", label, got, size))
    return arr


def _gradient_keys(wrt):
    return [wrt, "d" + wrt, "d_" + wrt, wrt + "_grad", "grad_" + wrt, "d" + wrt.lower(), "grad", "gradient", "dx", "dW"]


def returned_gradient(rest, wrt, size, label):
    """The gradient of `wrt` among what a loss returned after its value: `(loss, dW)`,
    `(loss, dx, dw)`, `(loss, {"W1": ..., "b1": ...})`."""
    for item in rest:
        if isinstance(item, dict):
            for key in _gradient_keys(wrt):
                if key in item:
                    return flat_numpy(item[key], size, label)
            sized = [v for v in item.values() if flat_numpy_or_none(v) is not None and flat_numpy_or_none(v).size == size]
            if len(sized) == 1:
                return flat_numpy(sized[0], size, label)
    for item in rest:
        arr = flat_numpy_or_none(item)
        if arr is not None and arr.size == size and not isinstance(item, dict):
            return arr
    shapes = listing((str(tuple(int(d) for d in getattr(r, "shape", ()))) if not isinstance(r, dict) else "dict %s" % sorted(r) for r in rest), ", ")
    raise UserError("gradient", msg("{0} returned its value and {1}; none of these is a gradient for {2} ({3} numbers)", label, shapes, wrt, size))


# ---------------------------------------------------------------------------------------------
# Calling


class Output:
    """What one call of the loss returned, split into the loss value and anything returned after it."""

    def __init__(self, value, rest, summed_shape, items):
        self.value = value
        self.rest = rest
        self.summed_shape = summed_shape
        self.items = items


def _by_name(fn, values, args):
    """A paired gradient's arguments, matched to its parameters by name (`cost(X, y, theta)` pairs
    with `gradient(theta, X, y)`), falling back to the loss's own order where names do not match."""
    import inspect

    try:
        params = [p for p in inspect.signature(fn).parameters.values() if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
    except (TypeError, ValueError):
        params = []
    names = {p.name for p in params}
    required = [p.name for p in params if p.default is p.empty]
    given = [a["name"] for a in args]
    if names and all(r in given for r in required) and any(g in names for g in given):
        return [], {n: values[n] for n in given if n in names}
    positional = [values[a["name"]] for a in args if not a["keyword"]]
    keywords = {a["name"]: values[a["name"]] for a in args if a["keyword"]}
    return positional, keywords


def _takes_no_instance(cls, name):
    import inspect

    raw = inspect.getattr_static(cls, name, None)
    if isinstance(raw, staticmethod):
        return True
    if not inspect.isfunction(raw):
        return False
    try:
        first = next(iter(inspect.signature(raw).parameters), None)
    except (TypeError, ValueError):
        return False
    return first is not None and first not in ("self", "cls", "this", "me")


class Callable:
    """The user's loss, called with named arguments, its wrt argument replaceable."""

    def __init__(self, loaded, target, framework):
        module = loaded.module
        self.loaded = loaded
        self.label = target["name"] if not target.get("className") else "%s.%s" % (target["className"], target["name"])
        self.framework = framework
        self.reduce_weights = None
        self.instance = None
        self.cls = None
        self.notes = {}
        # A loss that returns (loss, grad) by design: its tuple is no news.
        self.returns_gradient = False
        base = target.get("base")
        init = target.get("init") or []
        if target["kind"] == "class":
            cls = getattr(module, target["name"], None)
            if cls is None:
                raise UserError("not-found", msg("class {0} is not defined at the top level of the module", target["name"]))
            if base == "autograd.Function":
                self.fn = cls.apply
                self.label = "%s.apply" % target["name"]
            else:
                self.instance = self._construct(cls, target["name"], init)
                self.fn = self.instance
                if base == "nn.Module" and hasattr(self.instance, "double") and framework == "torch":
                    # Buffers and parameters in float64, like the inputs (a module's own tensors are float32).
                    try:
                        self.instance.double()
                    except Exception:
                        pass
            self.positional_only = base == "autograd.Function"
        elif target.get("className"):
            cls = getattr(module, target["className"], None)
            if cls is None:
                raise UserError("not-found", msg("class {0} is not defined at the top level of the module", target["className"]))
            self.cls = cls
            if _takes_no_instance(cls, target["name"]):
                # `class mse: def loss(prediction, true_output)`, or a @staticmethod: no instance needed.
                self.fn = getattr(cls, target["name"], None)
            else:
                self.instance = self._construct(cls, target["className"], init)
                self.fn = getattr(self.instance, target["name"], None)
            self.positional_only = False
        else:
            self.fn = getattr(module, target["name"], None)
            self.positional_only = False
        if not callable(self.fn):
            raise UserError("not-found", msg("{0} is not a function at the top level of the module", self.label))
        self.is_function = base == "autograd.Function"

    def _construct(self, cls, name, init):
        positional = [build(a, self.framework) for a in init if not a["keyword"]]
        keywords = {a["name"]: build(a, self.framework) for a in init if a["keyword"]}
        try:
            return cls(*positional, **keywords)
        except Exception as e:
            shown = listing(("%s=%r" % (a["name"], a["value"]) if not isinstance(a["value"], dict) else "%s=array" % a["name"] for a in init), ", ")
            raise UserError("exception", msg("{0}({1}) raised {2}{3}", name, shown, exc_text(e), innermost_user_line(e)), user_traceback(e))

    def call(self, values, args, fn=None):
        if fn is not None and fn is not self.fn:
            positional, keywords = _by_name(fn, values, args)
        else:
            fn = self.fn
            positional = [values[a["name"]] for a in args if not a["keyword"] or self.positional_only]
            keywords = {a["name"]: values[a["name"]] for a in args if a["keyword"] and not self.positional_only}
        try:
            return fn(*positional, **keywords)
        except KeyboardInterrupt:
            raise
        except UserError:
            raise
        except Exception as e:
            label = getattr(fn, "__name__", self.label) if fn is not self.fn else self.label
            if isinstance(e, NameError) and getattr(e, "name", None):
                left = self.loaded.selection.left_out_binding(e.name)
                if left is not None:
                    raise UserError("exception", msg("{0} raised {1}{2}: {3} is defined at line {4} by a statement the check does not run ({5}: {6}); annotate or move it into a function", label, exc_text(e), innermost_user_line(e), e.name, left["line"], left["text"], left["why"]), user_traceback(e))
            raise UserError("exception", msg("{0} raised {1}{2}", label, exc_text(e), innermost_user_line(e)), user_traceback(e))

    def output(self, out):
        """The loss value of a call's result: the first item of a tuple, an array summed."""
        rest = []
        items = 0
        if isinstance(out, (tuple, list)) and out and not all(_is_number(v) for v in out):
            items = len(out)
            out, rest = out[0], list(out[1:])
        summed = None
        size = _size(out)
        if size is not None and size != 1:
            shape = tuple(int(d) for d in out.shape)
            if self.is_function:
                # An autograd.Function's output: Σ w·out for fixed random signs w, so every output's backward counts.
                if self.reduce_weights is None or tuple(self.reduce_weights.shape) != shape:
                    w = sign_direction(977, size).reshape(shape)
                    self.reduce_weights = convert(w, self.framework).to(out.dtype) if self.framework == "torch" else w
                out = (out * self.reduce_weights).sum()
            else:
                out = out.sum()
                summed = shape
        elif isinstance(out, (list, tuple)) and out and all(_is_number(v) for v in out):
            summed = (len(out),)
            out = float(sum(out))
        return Output(out, rest, summed, items)

    def note(self, output):
        if output.summed_shape is not None and "summed" not in self.notes:
            self.notes["summed"] = msg("{0} returns an array of shape {1}: the gradient of the sum of its elements is checked, as PyTorch's reduction='none' does", self.label, output.summed_shape)
        if output.items > 1 and "tuple" not in self.notes and not self.returns_gradient:
            self.notes["tuple"] = msg("{0} returns {1} values: the first is taken as the loss", self.label, output.items)


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
    """Central differences: the declared mirror of differences() in src/engine/differences.ts, step
    for step (the same noise probe, steps, shrinking near a domain's edge, finer probes where the
    one-sided slopes disagree, ±1 directions and outputs; None where it has null). Change the two
    together: test/unit/gradcheck-differences-mirror.test.ts holds their numbers equal."""
    np = _numpy()
    refine, max_shrink, eps = 16.0, 12, 2.0**-52
    step, rtol = req["step"], req["rtol"]
    n = x0.size
    x = x0.copy()
    f0 = float(f(x))
    projection = n > req["projectionAbove"]
    count = req["projectionDirections"] if projection else n

    def at(v):
        y = float(f(v))
        return y if math.isfinite(y) else None

    max_abs = float(np.max(np.abs(x0))) if n else 0.0
    noise = 0.0
    if math.isfinite(f0):
        u = 2.0 * mulberry_stream(req["projectionSeed"], n) - 1.0
        delta = step * max(1.0, max_abs)
        fs = [f0]
        for j in range(1, 7):
            y = at(x0 + (j * delta) * u)
            if y is None:
                break
            fs.append(y)
        if len(fs) == 7:
            total = 0.0
            for j in range(3):
                d = fs[j + 4] - 4 * fs[j + 3] + 6 * fs[j + 2] - 4 * fs[j + 1] + fs[j]
                total += d * d
            noise = math.sqrt(total / 3 / 70)
    fine = {"index": [], "step": [], "numeric": [], "forward": [], "backward": []}
    out = {"f0": f0 if math.isfinite(f0) else None, "noise": noise, "mode": "projection" if projection else "elementwise", "shape": [count] if projection else shape, "analytic": None, "step": [], "numeric": [], "forward": [], "backward": [], "fine": fine}

    def quotient(q):
        return q if math.isfinite(q) else None

    def record(to, p, h):
        fp, fm, hp, hm = p
        to["step"].append(h)
        to["numeric"].append(None if fp is None or fm is None else quotient((fp - fm) / (hp + hm)))
        to["forward"].append(None if fp is None else quotient((fp - f0) / hp))
        to["backward"].append(None if fm is None else quotient((f0 - fm) / hm))

    def entry(index, probe, h):
        if not math.isfinite(f0):
            record(out, (None, None, h, h), h)
            return
        p = probe(h)
        if (p[0] is None) != (p[1] is None):
            extra, hk = 2, h
            for _ in range(max_shrink):
                if extra == 0:
                    break
                hk /= refine
                q = probe(hk)
                if q[0] is not None and q[1] is not None:
                    p, h = q, hk
                    extra -= 1
        record(out, p, h)
        right, left = out["forward"][-1], out["backward"][-1]
        if right is not None and left is not None:
            allowance = 8 * (max(eps * abs(f0), noise) / h + eps * max(abs(right), abs(left)))  # roundingNoise
            if abs(right - left) > rtol * max(abs(left), abs(right)) + allowance:  # slopesDisagree, atol 0
                fine["index"].append(index)
                record(fine, probe(h / refine), h / refine)

    if not projection:
        for i in range(n):
            xi = float(x0[i])

            def probe(h, i=i, xi=xi):
                xp, xm = xi + h, xi - h
                x[i] = xp
                fp = at(x)
                x[i] = xm
                fm = at(x)
                x[i] = xi
                return fp, fm, xp - xi, xi - xm

            entry(i, probe, step * max(1.0, abs(xi)))
        if analytic is not None:
            out["analytic"] = analytic.tolist()
        return out
    h0 = step * max(1.0, max_abs)
    projected = []
    for k in range(count):
        v = sign_direction(req["projectionSeed"] + k, n)

        def probe(h, v=v):
            return at(x0 + h * v), at(x0 - h * v), h, h

        entry(k, probe, h0)
        if analytic is not None:
            projected.append(float(np.dot(analytic, v)))
    if analytic is not None:
        out["analytic"] = projected
    return out


def resolve_gradient(call, target, name):
    """A paired gradient: a method of the loss's instance (`loss` + `gradient`), else a module function."""
    if call.instance is not None and callable(getattr(call.instance, name, None)):
        fn = getattr(call.instance, name)
    elif call.cls is not None and callable(getattr(call.cls, name, None)):
        fn = getattr(call.cls, name)
    else:
        fn = getattr(call.loaded.module, name, None)
    if not callable(fn):
        raise UserError("not-found", msg("the paired gradient {0} is not a function at the top level of the module", name))
    return fn


class Trial:
    """One argument set: the loss at any wrt value, and the analytic gradient at the given one."""

    def __init__(self, call, args, wrt, framework, float32=False):
        self.call = call
        self.args = args
        self.wrt = wrt
        self.framework = framework
        self.float32 = float32
        np = _numpy()
        w = next((a for a in args if a["name"] == wrt), None)
        if w is None or not isinstance(w["value"], dict):
            raise UserError("exception", msg("no array input for {0}", wrt))
        self.shape = list(w["value"]["shape"])
        self.x0 = np.asarray(w["value"]["data"], dtype=np.float64)
        self.fixed = {a["name"]: build(a, framework, float32=float32) for a in args if a["name"] != wrt}
        self.dtype = "float32" if float32 else "float64"

    def values(self, x, requires_grad=False):
        np = _numpy()
        values = dict(self.fixed)
        array = x.reshape(self.shape).astype(np.float32) if self.float32 else x.reshape(self.shape)
        values[self.wrt] = convert(array, self.framework, requires_grad)
        return values

    def _output(self, x, requires_grad=False):
        values = self.values(x, requires_grad)
        output = self.call.output(self.call.call(values, self.args))
        self.call.note(output)
        return values, output

    def loss(self, x):
        if self.framework == "torch":
            import torch

            with torch.no_grad():
                _, output = self._output(x)
        else:
            _, output = self._output(x)
        value, dtype = to_scalar(output.value, self.call.label)
        if dtype != "float64":
            self.dtype = dtype
        return value

    def analytic(self, source, target):
        kind = source["kind"]
        np = _numpy()
        if kind == "none":
            return None, None
        if kind == "paired":
            fn = resolve_gradient(self.call, target, source["name"])
            if source.get("afterCall"):
                # forward(x, t) caches what backward() needs: call the loss, then its gradient with its defaults.
                self._output(self.x0)
                try:
                    out = fn()
                except Exception as e:
                    raise UserError("exception", msg("{0} raised {1}{2}", source["name"], exc_text(e), innermost_user_line(e)), user_traceback(e))
                return flat_numpy(out, self.x0.size, source["name"]), "paired:%s" % source["name"]
            out = self.call.call(self.values(self.x0), self.args, fn=fn)
            return flat_numpy(out, self.x0.size, source["name"]), "paired:%s" % source["name"]
        if kind == "returned":
            _, output = self._output(self.x0)
            if not output.rest:
                raise UserError("gradient", msg("{0} returned only its value; expected (loss, gradient)", self.call.label))
            return returned_gradient(output.rest, self.wrt, self.x0.size, self.call.label), "returned"
        if kind == "autograd":
            import torch

            values, output = self._output(self.x0, requires_grad=True)
            x = values[self.wrt]
            out = output.value
            if not isinstance(out, torch.Tensor) or not out.requires_grad:
                raise UserError("gradient", msg("{0} returned {1} that does not depend on {2} through torch operations (converted to NumPy or a Python float, or detached?), so autograd has no gradient", self.call.label, type(out).__name__, self.wrt))
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
                return self.call.output(self.call.call(values, self.args)).value

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


# A PyTorch or NumPy complaint that the inputs' dtype is not the one the code computes in.
_DTYPE_ERROR = re.compile(
    r"expected scalar type (Float|Half)|found dtype Double|Double but found Float|Float but found Double|"
    r"must have the same dtype|expected both vectors to have same dtype|expected m1 and m2 to have the same dtype|"
    r"not implemented for 'Double'|Expected object of scalar type Float",
    re.I,
)


def _first_value(call, recipe, req, framework, float32):
    first = Trial(call, recipe["trials"][0], req["wrt"], framework, float32)
    return first, first.loss(first.x0)


def check(req):
    send({"id": req["id"], "phase": "import"})
    loaded = load(req["file"], req.get("text"), req.get("cells"))
    framework = req["framework"]
    prepare_framework(framework)
    send({"id": req["id"], "phase": "call"})
    call = Callable(loaded, req["target"], framework)
    call.returns_gradient = req["gradient"]["kind"] == "returned"
    rejected = []
    notes = []
    for recipe in req["recipes"]:
        float32 = False
        try:
            try:
                first, f0 = _first_value(call, recipe, req, framework, False)
            except UserError as e:
                # Code that computes in float32 (`x.float()` against a float64 target): the same inputs in float32.
                if framework != "torch" or e.kind != "exception" or not _DTYPE_ERROR.search(e.message):
                    raise
                float32 = True
                first, f0 = _first_value(call, recipe, req, framework, True)
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
            t = Trial(call, args, req["wrt"], framework, float32)
            analytic, gradient_label = t.analytic(req["gradient"], req["target"])
            t.loss(t.x0)
            r = dict(req)
            if t.dtype != "float64":
                dtype = t.dtype
                r["step"] = max(req["step"], 1e-3)  # float32 resolution: a 1e-6 step is lost in rounding
            if analytic is not None and not all(math.isfinite(float(v)) for v in analytic):
                bad = [i for i, v in enumerate(analytic) if not math.isfinite(float(v))][0]
                raise UserError("gradient", msg("the gradient is {0} at flat index {1}", analytic[bad], bad))
            trials.append(numeric_trial(t.loss, t.x0, t.shape, analytic, r))
        if float32:
            notes.append(wire_text(msg("{0} computes in float32 (it raised a dtype error on float64 inputs): checked with float32 inputs", call.label)))
        if dtype != "float64":
            notes.append(wire_text(msg("numeric step widened to 1e-3 for {0}", dtype)))
        notes.extend(wire_text(n) for n in call.notes.values())
        probes = []
        for p in req["probes"]:
            if p["recipe"] != recipe["name"]:
                continue
            try:
                pt = Trial(call, p["args"], req["wrt"], framework, float32)
                probes.append(pt.loss(pt.x0))
            except UserError:
                probes.append(None)
        return {"ok": True, "recipe": recipe["name"], "rejected": [{"recipe": r["recipe"], "reason": r["reason"]} for r in rejected], "trials": trials, "probes": probes, "dtype": dtype, "gradient": gradient_label, "notes": notes}
    raise no_recipe(rejected, req.get("example") or "# gradcheck: %s=randn(8)" % req["wrt"])


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
    loaded = load(req["file"], req.get("text"), req.get("cells"))
    framework = req["framework"]
    prepare_framework(framework)
    call = Callable(loaded, req["target"], framework)
    t = Trial(call, req["args"], req["wrt"], framework)
    loss, numeric, analytic = [], [], []
    x = t.x0.copy()
    i = req["index"]
    label = None
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
            g, label = t.analytic(req["gradient"], req["target"])
            analytic.append(float(g[i]))
    has = req["gradient"]["kind"] != "none"
    return {"ok": True, "loss": loss, "numeric": numeric, "analytic": analytic if has else None, "gradient": label if has and req["xs"] else None}


def handle(req):
    try:
        op = req["op"]
        if op == "load":
            send({"id": req["id"], "phase": "import"})
            loaded = load(req["file"], req.get("text"), req.get("cells"))
            left_out = [{"line": x["line"], "text": x["text"], "why": x["why"]} for x in loaded.selection.left_out]
            return {"id": req["id"], "ok": True, "loaded": True, "leftOut": left_out}
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


# ---------------------------------------------------------------------------------------------
# The zygote


def preload(frameworks):
    """Imports the frameworks a request needs, once, so every forked child starts with them."""
    for name in frameworks:
        if name in ("numpy", "torch") and name not in sys.modules:
            try:
                importlib.import_module(name)
            except Exception:
                pass  # the child's own import reports it, with the user's line


def serve_in_child(req, done):
    """Runs in the forked child: answer one request, end what the user's code started, exit."""
    code = 0
    try:
        lp_isolation.tie_to_parent()
        os.setpgid(0, 0)
        lp_isolation.limit_processes(MAX_PROCESSES)
        reply = handle(req)
        # What the user's code started ends with the check, before the host hears it is over.
        lp_isolation.end_descendants()
        send(reply)
        os.write(done, b"1")
    except BaseException:
        code = 70
    finally:
        try:
            sys.stdout.flush()
        except BaseException:
            pass
        lp_isolation.end_descendants()
        os._exit(code)


def run_isolated(req):
    done_r, done_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(done_r)
        serve_in_child(req, done_w)
    os.close(done_w)
    _, status = os.waitpid(pid, 0)
    replied = os.read(done_r, 1) == b"1"
    os.close(done_r)
    lp_isolation.end_descendants()
    if not replied:
        # The child died without answering (os._exit in the user's code, a signal, the host's kill).
        code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
        sig = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
        send({"id": req["id"], "childExit": {"code": code, "signal": sig}})


def main():
    sys.stdin = open(os.devnull)
    lp_isolation.tie_to_parent()
    send({"ready": True, "python": sys.version.split()[0], "pid": os.getpid()})
    for req in requests():
        send({"id": req["id"], "phase": "frameworks"})
        preload(req.get("preload", ["numpy"]))
        run_isolated(req)


if __name__ == "__main__":
    main()
