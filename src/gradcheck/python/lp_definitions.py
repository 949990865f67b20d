"""Definitions-only loading: which top-level statements of a user's module a check runs.

A check needs the module's definitions (imports, `def`, `class`, constants), never what a script
does at its top level (train, download, delete checkpoints, plot). So the module's syntax tree is
filtered before it runs:

- kept: imports, function and class definitions, docstrings; assignments whose value only reads
  names already defined and calls nothing but known pure constructors (`np.array`, `torch.tensor`,
  `logging.getLogger`, `float`, ...); `if`/`try` blocks, filtered the same way inside;
  `sys.path` edits (a script that extends its path before importing a sibling needs them).
- left out, and listed with their line and why: everything else (bare calls, loops, `with`,
  assignments that call user code or read files, the `if __name__ == "__main__":` block).

The same selection serves a notebook's earlier cells (cell by cell, in order).
"""
import ast
import builtins

# Callables that build values without side effects, by the last part of their dotted name, when
# the root of the name is one of SAFE_ROOTS (an imported framework or standard module) or a builtin.
SAFE_ROOTS = {
    "numpy", "np", "torch", "jax", "jnp", "jaxlib", "flax", "optax", "math", "cmath", "tensorflow", "tf",
    "keras", "scipy", "collections", "typing", "typing_extensions", "functools", "itertools", "operator",
    "re", "enum", "dataclasses", "logging", "numbers", "abc", "string", "fractions", "decimal", "copy",
    "nn", "F", "functional", "random",
}
# Names that read, write, download or run something, whatever module they come from.
UNSAFE_CALLS = {
    "load", "loads", "loadtxt", "genfromtxt", "fromfile", "memmap", "save", "savez", "savez_compressed",
    "savetxt", "tofile", "download", "from_pretrained", "load_state_dict", "urlopen", "system", "popen",
    "remove", "unlink", "rmtree", "makedirs", "mkdir", "rmdir", "rename", "exit", "run", "call", "Popen",
    "spawn", "fork", "kill", "open", "input", "set_start_method", "read_csv", "read_table", "fit",
    "train", "hub", "datasets", "listdir", "walk", "glob", "sleep", "print", "show", "savefig",
    "imread", "imsave", "seed", "manual_seed", "set_seed", "filterwarnings", "basicConfig", "setLevel",
    "addHandler", "set_printoptions", "set_default_dtype", "set_default_tensor_type", "use",
}
SAFE_BUILTINS = {
    "int", "float", "complex", "str", "bool", "bytes", "tuple", "list", "dict", "set", "frozenset", "range",
    "len", "abs", "min", "max", "round", "sum", "zip", "enumerate", "sorted", "reversed", "isinstance",
    "issubclass", "getattr", "hasattr", "type", "object", "property", "staticmethod", "classmethod", "slice",
    "map", "filter", "any", "all", "pow", "divmod", "repr", "ord", "chr", "hash", "id", "iter", "next",
    "TypeVar", "namedtuple", "NamedTuple", "NewType", "partial", "field", "Enum", "IntEnum", "defaultdict",
    "OrderedDict", "Counter", "deque",
}
BUILTIN_NAMES = set(dir(builtins)) | {"__file__", "__name__", "__doc__", "__spec__", "__package__", "__builtins__"}


def _dotted(node):
    """`a.b.c` as ['a', 'b', 'c'], or None for anything but a name and its attributes."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return parts[::-1]
    return None


def _call_is_safe(call, modules):
    name = _dotted(call.func)
    if name is None:
        return False, "a call of a computed function"
    last = name[-1]
    if last in UNSAFE_CALLS:
        return False, "it calls %s" % ".".join(name)
    if len(name) == 1:
        origin = modules.get(last)
        if (origin is None and last in SAFE_BUILTINS) or (origin is not None and origin.split(".")[0] in SAFE_ROOTS):
            return True, None
        return False, "it calls %s" % last
    root = name[0]
    if root in ("os", "sys"):
        # Reading the environment or joining paths: os.path.join(...), os.environ.get(...), os.getenv(...)
        if name[:2] == ["os", "path"] or name[:3] == ["os", "environ", "get"] or name == ["os", "getenv"]:
            return True, None
        return False, "it calls %s" % ".".join(name)
    if root in modules and (modules[root] in SAFE_ROOTS or modules[root].split(".")[0] in SAFE_ROOTS):
        return True, None
    return False, "it calls %s" % ".".join(name)


def _evaluated(node):
    """The nodes evaluated when `node` is: all of it but the bodies of lambdas, which run only
    when called (`reshape = lambda x, *s: x.reshape(*s)` calls nothing at import)."""
    todo = [node]
    while todo:
        n = todo.pop()
        yield n
        if isinstance(n, ast.Lambda):
            todo.extend(d for d in n.args.defaults + n.args.kw_defaults if d is not None)
            continue
        todo.extend(ast.iter_child_nodes(n))


def _expression_problem(node, defined, modules):
    """Why evaluating this expression at import time is not safe to do for a check, or None."""
    for sub in _evaluated(node):
        if isinstance(sub, (ast.Await, ast.Yield, ast.YieldFrom, ast.NamedExpr)):
            return "it is not a plain value"
        if isinstance(sub, ast.Call):
            ok, why = _call_is_safe(sub, modules)
            if not ok:
                return why
    # Names read must be defined already (lambdas and comprehensions bind their own).
    bound = set()
    for sub in ast.walk(node):
        if isinstance(sub, (ast.Lambda,)):
            bound.update(a.arg for a in sub.args.args + sub.args.kwonlyargs + sub.args.posonlyargs)
            if sub.args.vararg:
                bound.add(sub.args.vararg.arg)
            if sub.args.kwarg:
                bound.add(sub.args.kwarg.arg)
        elif isinstance(sub, ast.comprehension):
            for t in ast.walk(sub.target):
                if isinstance(t, ast.Name):
                    bound.add(t.id)
    for sub in _evaluated(node):
        if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Load):
            if sub.id not in defined and sub.id not in BUILTIN_NAMES and sub.id not in bound:
                return "it reads %s, which is not defined before it" % sub.id
    return None


def _targets_names(targets):
    """The names an assignment binds, or None when it assigns to anything but plain names."""
    names = []
    for t in targets:
        for sub in ast.walk(t):
            if isinstance(sub, ast.Name):
                names.append(sub.id)
            elif isinstance(sub, (ast.Attribute, ast.Subscript)):
                return None
    return names


def _is_main_guard(test):
    return (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and test.left.id == "__name__"
        and any(isinstance(c, ast.Constant) and c.value == "__main__" for c in test.comparators)
    )


def _is_sys_path_edit(stmt):
    if not isinstance(stmt, ast.Expr) or not isinstance(stmt.value, ast.Call):
        return False
    name = _dotted(stmt.value.func)
    return name is not None and name[:2] == ["sys", "path"] and name[-1] in ("append", "insert", "extend")


def _first_line(source_lines, stmt):
    line = source_lines[stmt.lineno - 1].strip() if 0 < stmt.lineno <= len(source_lines) else ""
    return line if len(line) <= 80 else line[:77] + "..."


class Selection:
    """The statements to run, and those left out as (line, text of the line, why, names it binds)."""

    def __init__(self):
        self.left_out = []

    def left_out_binding(self, name):
        """The left-out statement that would have defined `name`, if any."""
        for item in self.left_out:
            if name in item["binds"]:
                return item
        return None


def _binds(stmt):
    names = []
    for sub in ast.walk(stmt):
        if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
            names.append(sub.id)
        elif isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.append(sub.name)
    return names


def _select(body, defined, modules, selection, lines):
    kept = []
    for stmt in body:
        why = None
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            for alias in stmt.names:
                if alias.name == "*":
                    continue
                bound = alias.asname or alias.name.split(".")[0]
                defined.add(bound)
                if isinstance(stmt, ast.Import):
                    modules[bound] = alias.name if alias.asname else alias.name.split(".")[0]
                else:
                    modules[bound] = "%s.%s" % (stmt.module or "", alias.name)
            kept.append(stmt)
            continue
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            # Decorators, defaults and bases run at definition time: the same rule as a value.
            parts = list(stmt.decorator_list)
            if isinstance(stmt, ast.ClassDef):
                parts += list(stmt.bases) + [k.value for k in stmt.keywords]
            else:
                parts += [d for d in stmt.args.defaults + stmt.args.kw_defaults if d is not None]
            for part in parts:
                why = why or _expression_problem(part, defined, modules)
            if why is None:
                defined.add(stmt.name)
                kept.append(stmt)
        elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str):
            kept.append(stmt)  # a docstring
            continue
        elif _is_sys_path_edit(stmt):
            kept.append(stmt)
            continue
        elif isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            names = _targets_names(targets)
            if names is None:
                why = "it assigns to an attribute or an item"
            elif stmt.value is not None:
                why = _expression_problem(stmt.value, defined, modules)
                if why is None and isinstance(stmt, ast.AugAssign) and any(n not in defined for n in names):
                    why = "it updates a name that is not defined before it"
            if why is None:
                defined.update(names)
                kept.append(stmt)
        elif isinstance(stmt, ast.If):
            if _is_main_guard(stmt.test):
                why = 'it is the `if __name__ == "__main__":` block'
            else:
                why = _expression_problem(stmt.test, defined, modules)
                if why is None:
                    stmt.body = _select(stmt.body, defined, modules, selection, lines) or [ast.Pass(lineno=stmt.lineno, col_offset=0)]
                    stmt.orelse = _select(stmt.orelse, defined, modules, selection, lines)
                    kept.append(stmt)
        elif isinstance(stmt, ast.Try) or type(stmt).__name__ == "TryStar":
            stmt.body = _select(stmt.body, defined, modules, selection, lines) or [ast.Pass(lineno=stmt.lineno, col_offset=0)]
            for handler in stmt.handlers:
                if handler.name:
                    defined.add(handler.name)
                handler.body = _select(handler.body, defined, modules, selection, lines) or [ast.Pass(lineno=handler.lineno, col_offset=0)]
            stmt.orelse = _select(stmt.orelse, defined, modules, selection, lines)
            stmt.finalbody = _select(stmt.finalbody, defined, modules, selection, lines)
            kept.append(stmt)
        elif isinstance(stmt, ast.Pass):
            kept.append(stmt)
        elif isinstance(stmt, (ast.Global, ast.Nonlocal)):
            kept.append(stmt)
        else:
            why = "it runs code at import (%s)" % type(stmt).__name__.lower()
            if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
                name = _dotted(stmt.value.func)
                why = "it calls %s" % (".".join(name) if name else "a function")
        if why is not None:
            selection.left_out.append({"line": stmt.lineno, "text": _first_line(lines, stmt), "why": why, "binds": _binds(stmt)})
    return kept


def select_definitions(source, filename, defined=None, modules=None):
    """The module's syntax tree reduced to its definitions, and the Selection that says what was
    left out. `defined` and `modules` carry names across calls (a notebook's earlier cells)."""
    tree = ast.parse(source, filename)
    selection = Selection()
    defined = set() if defined is None else defined
    modules = {} if modules is None else modules
    tree.body = _select(tree.body, defined, modules, selection, source.splitlines())
    return tree, selection
