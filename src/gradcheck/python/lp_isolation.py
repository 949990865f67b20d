"""Process isolation for the driver (Linux; elsewhere each helper does what the platform allows).

The driver is a zygote: it imports the frameworks once and forks a fresh child for every request,
so no check sees what an earlier file did to the interpreter (patched `np.mean`, `np.seterr`,
threads, globals). Processes are tied together so nothing outlives what started it:
- every driver process dies with its parent (PR_SET_PDEATHSIG), so a killed host or CLI leaves no
  runner spinning;
- the zygote and each child are child subreapers (PR_SET_CHILD_SUBREAPER): a process the user's
  code starts in a new session, or daemonizes, is re-parented to them instead of to init, so it
  can still be found and ended with the check.
"""
import ctypes
import os
import signal

PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36

try:
    _libc = ctypes.CDLL(None, use_errno=True)
    _prctl = _libc.prctl
except (OSError, AttributeError):  # not Linux
    _prctl = None


def tie_to_parent():
    """Die (SIGKILL) when the parent process goes, and adopt orphaned descendants."""
    if _prctl is None:
        return
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    _prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def limit_processes(count):
    """At most `count` processes for this user (not enforced for root, whom the host watches)."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_NPROC, (count, count))
    except (ImportError, ValueError, OSError):
        pass


def _children_map():
    children = {}
    try:
        names = os.listdir("/proc")
    except OSError:
        return children
    for name in names:
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name, "rb") as fh:
                stat = fh.read().decode("ascii", "replace")
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2 :].split(" ")
        if fields[0] in ("Z", "X"):
            continue
        children.setdefault(int(fields[1]), []).append(int(name))
    return children


def descendants(pid):
    """Live processes below `pid`, by parent links in /proc."""
    children = _children_map()
    out, todo = [], list(children.get(pid, []))
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def reap():
    """Collect exited children (a subreaper inherits other processes' zombies)."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def end_descendants(pid=None):
    """SIGKILL everything below `pid` (default: this process), until nothing is left."""
    pid = os.getpid() if pid is None else pid
    for _ in range(50):
        found = descendants(pid)
        if not found:
            break
        for p in found:
            try:
                os.kill(p, signal.SIGKILL)
            except OSError:
                pass
        reap()
    reap()
