"""Baseline for bench/gradcheck.bench.ts: torch.autograd.gradcheck on the benchmark's PyTorch loss
(test/gradcheck-corpus/bench/torch1000.py) with 1,000 float64 inputs. One line in, one line out,
so a persistent process is timed the way the checker's warm driver is."""
import importlib.util
import os
import sys

import torch

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "gradcheck-corpus", "bench", "torch1000.py")
spec = importlib.util.spec_from_file_location("torch1000", path)
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
g = torch.Generator().manual_seed(0)
pred = torch.randn(1000, dtype=torch.float64, generator=g, requires_grad=True)
target = torch.randn(1000, dtype=torch.float64, generator=g)
print("ready", flush=True)
for line in sys.stdin:
    ok = torch.autograd.gradcheck(lambda p: module.huber_loss(p, target), (pred,), eps=1e-6, atol=1e-5, rtol=1e-3)
    print("ok" if ok else "fail", flush=True)
