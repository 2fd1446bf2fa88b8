"""Native reference for the practical ceilings of BENCHMARKS.md (run by scripts/bench/ceilings.ts).

numpy float32 on one BLAS thread (OMP/OPENBLAS/MKL_NUM_THREADS=1, set before numpy loads):
 - a 512x512 float32 matMul (best of a few timed loops), in us and GFLOP/s;
 - one gradient step of depth-3 deep matrix factorisation at n = 100: 2,000 observed entries of a rank-5
   truth, mean squared error over the observed entries, gradients written by hand:
     P1 = W2 W1, E = W3 P1, g = (2/K) mask * (E - B),
     G3 = g P1^T, t = W3^T g, G2 = t W1^T, G1 = W2^T t, W_j -= eta G_j,
   counted as 12e6 flop (six 100x100x100 products), in steps/s and GFLOP/s.
Prints one JSON object. Usage: python3 numpy-step.py [budget seconds per timed loop, default 0.5]
"""
import json
import os
import platform
import sys
import time

for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[name] = "1"

try:
    import numpy as np
except ImportError:
    print(json.dumps({"skipped": "numpy is not installed for python3"}))
    sys.exit(0)

BUDGET = float(sys.argv[1]) if len(sys.argv) > 1 else 0.5
REPETITIONS = 3


def best_loop(call, budget=BUDGET, repetitions=REPETITIONS, min_calls=3):
    """Seconds per call: the best of `repetitions` loops of about `budget` seconds each."""
    call()  # warm-up
    best = float("inf")
    calls_best = 0
    for _ in range(repetitions):
        calls = 0
        started = time.perf_counter()
        while calls < min_calls or time.perf_counter() - started < budget:
            call()
            calls += 1
        per = (time.perf_counter() - started) / calls
        if per < best:
            best, calls_best = per, calls
    return best, calls_best


def blas_info():
    try:
        config = np.show_config(mode="dicts")
        blas = config.get("Build Dependencies", {}).get("blas", {})
        return f"{blas.get('name', '?')} {blas.get('version', '')}".strip()
    except Exception:  # older numpy: no dict mode
        return "unknown"


rng = np.random.default_rng(1)

# 512x512 float32 matMul.
N = 512
a = rng.standard_normal((N, N), dtype=np.float32)
b = rng.standard_normal((N, N), dtype=np.float32)
out = np.empty((N, N), dtype=np.float32)
matmul_s, matmul_calls = best_loop(lambda: np.matmul(a, b, out=out))
matmul_flop = 2 * N**3

# Depth-3 deep matrix factorisation, one gradient step at n = 100.
n, rank, K = 100, 5, 2000
u = rng.standard_normal((n, rank)).astype(np.float32)
v = rng.standard_normal((n, rank)).astype(np.float32)
truth = (u @ v.T) / np.float32(np.sqrt(rank))
mask = np.zeros(n * n, dtype=np.float32)
mask[rng.choice(n * n, size=K, replace=False)] = 1
mask = mask.reshape(n, n)
B = mask * truth
scale = np.float32(1e-3)
W = [np.eye(n, dtype=np.float32) * scale + rng.standard_normal((n, n), dtype=np.float32) * np.float32(1e-4) for _ in range(3)]
eta = np.float32(2.0)  # stable for the whole timed run (the loss is a mean over K entries)
two_over_k = np.float32(2 / K)


def loss():
    E = W[2] @ (W[1] @ W[0])
    return float(np.sum(mask * (E - B) ** 2) / K)


def step():
    W1, W2, W3 = W
    P1 = W2 @ W1
    E = W3 @ P1
    g = two_over_k * mask * (E - B)
    G3 = g @ P1.T
    t = W3.T @ g
    G2 = t @ W1.T
    G1 = W2.T @ t
    W1 -= eta * G1
    W2 -= eta * G2
    W3 -= eta * G3


loss_before = loss()
step_s, step_calls = best_loop(step)
loss_after = loss()
step_flop = 12e6

print(
    json.dumps(
        {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "blas": blas_info(),
            "threads": {name: os.environ[name] for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")},
            "dtype": "float32",
            "budgetSeconds": BUDGET,
            "repetitions": REPETITIONS,
            "matMul512": {"calls": matmul_calls, "us": round(matmul_s * 1e6, 1), "gflops": round(matmul_flop / matmul_s / 1e9, 2)},
            "depth3Step": {
                "n": n,
                "observations": K,
                "rank": rank,
                "calls": step_calls,
                "us": round(step_s * 1e6, 1),
                "stepsPerSecond": round(1 / step_s),
                "gflops": round(step_flop / step_s / 1e9, 2),
                "lossBefore": loss_before,
                "lossAfter": loss_after,
                "dtypeAfter": str(W[0].dtype),
            },
        }
    )
)
