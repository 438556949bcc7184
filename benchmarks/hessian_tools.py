"""Exact Hessian + eigh against matrix-free Lanczos for the top eigenvalues, side by side.

Models are 2-layer tanh MLPs on a fixed random regression batch, in float64.  For each
size the script prints the time to form H and diagonalise it, the time for ARPACK to
return the top 10 eigenvalues from Hessian-vector products, their ratio, and the largest
disagreement between the two top-10 lists.

    python -m benchmarks.hessian_tools [--widths 8 24 48]
"""
from __future__ import annotations

import argparse
import time

import numpy as np
import torch

from empirical.imc.hessian import exact_hessian, module_loss, top_eigenvalues


def model_of_width(width: int, seed: int = 0) -> tuple:
    torch.manual_seed(seed)
    model = torch.nn.Sequential(torch.nn.Linear(8, width), torch.nn.Tanh(), torch.nn.Linear(width, width),
                                torch.nn.Tanh(), torch.nn.Linear(width, 1)).double()
    x = torch.randn(256, 8, dtype=torch.float64)
    y = torch.sin(x.sum(1, keepdim=True))
    return module_loss(model, torch.nn.functional.mse_loss, x, y)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--widths", type=int, nargs="+", default=[8, 24, 48])
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args(argv)
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, top {args.top} eigenvalues, float64")
    warm_loss, warm_theta = model_of_width(4)
    top_eigenvalues(warm_loss, warm_theta, 2)
    exact_hessian(warm_loss, warm_theta)
    print(f"{'params':>7}{'exact s':>10}{'lanczos s':>11}{'exact/lanczos':>15}{'max |diff|':>12}")
    for width in args.widths:
        loss, theta = model_of_width(width)
        start = time.perf_counter()
        exact = np.linalg.eigvalsh(exact_hessian(loss, theta).numpy())[-args.top:]
        t_exact = time.perf_counter() - start
        start = time.perf_counter()
        approx = top_eigenvalues(loss, theta, args.top)
        t_lanczos = time.perf_counter() - start
        print(f"{theta.numel():>7}{t_exact:>10.2f}{t_lanczos:>11.2f}{t_exact / t_lanczos:>14.1f}x"
              f"{np.max(np.abs(exact - approx)):>12.1e}")


if __name__ == "__main__":
    main()
