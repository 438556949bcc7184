"""Small supervised tasks with a held-out split, for comparing pruning methods.

inertial-manifold-lth-paper.md §4 compares pruners by test accuracy of the retrained
subnetwork.  The suite cannot run CIFAR or ImageNet here, so the same protocol runs on
tasks that fit a CPU in seconds:

* ``digits``: scikit-learn's bundled 8x8 handwritten digits (1,797 images, 10 classes, no
  download), pixels scaled to [0, 1], a fixed stratified 80/20 split, cross-entropy loss,
  metric test accuracy in percent;
* ``teacher-student``: Gaussian inputs labelled by a fixed random tanh teacher, mean-squared
  loss, metric -log10 of the test MSE (higher is better, like accuracy).

A task's loss and metric take flat parameter vectors of its ``MLP``; ``batch_*`` versions
take a (R, d) stack and evaluate every row in one vectorised program.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from .mlp import MLP

TASKS: tuple[str, ...] = ("digits", "teacher-student")


@dataclass(frozen=True)
class PruningTask:
    """Data, network layout and the metric of one task (float64 throughout)."""

    name: str
    mlp: MLP
    x_train: torch.Tensor
    y_train: torch.Tensor
    x_test: torch.Tensor
    y_test: torch.Tensor
    metric_name: str

    @property
    def classification(self) -> bool:
        return self.y_train.dtype == torch.long

    def loss(self, flat: torch.Tensor) -> torch.Tensor:
        """Full-batch training loss of one parameter vector."""
        out = self.mlp.forward(flat, self.x_train)
        if self.classification:
            return torch.nn.functional.cross_entropy(out, self.y_train)
        return torch.mean((out - self.y_train) ** 2)

    def metric(self, flat: torch.Tensor) -> torch.Tensor:
        """Test metric of one parameter vector (higher is better)."""
        out = self.mlp.forward(flat, self.x_test)
        if self.classification:
            return 100.0 * (out.argmax(-1) == self.y_test).double().mean()
        return -torch.log10(torch.mean((out - self.y_test) ** 2))

    def batch_loss(self, flats: torch.Tensor) -> torch.Tensor:
        """(R,) training losses, one per row of ``flats`` (R, d): :meth:`loss` for every row at once."""
        out = self.mlp.forward_batch(flats, self.x_train)
        if self.classification:
            per_sample = torch.nn.functional.cross_entropy(out.reshape(-1, out.shape[-1]),
                                                           self.y_train.repeat(flats.shape[0]), reduction="none")
            return per_sample.reshape(flats.shape[0], -1).mean(1)
        return ((out - self.y_train) ** 2).mean(dim=(1, 2))

    def batch_grad(self, flats: torch.Tensor) -> torch.Tensor:
        """(R, d) gradients of the training loss, one per row (the rows are independent, so the
        gradient of their summed losses is every row's own)."""
        with torch.enable_grad():
            rows = flats.detach().requires_grad_(True)
            (grad,) = torch.autograd.grad(self.batch_loss(rows).sum(), rows)
        return grad

    def batch_metric(self, flats: torch.Tensor) -> torch.Tensor:
        return torch.func.vmap(self.metric)(flats)


def digits(hidden: tuple[int, ...] = (16,), activation: str = "relu", split_seed: int = 0) -> PruningTask:
    """scikit-learn's digits, a fixed stratified 80/20 split, MLP 64-hidden-10."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    data = load_digits()
    x = data.data / 16.0
    x_tr, x_te, y_tr, y_te = train_test_split(x, data.target, test_size=0.2, random_state=split_seed,
                                              stratify=data.target)
    return PruningTask("digits", MLP((64, *hidden, 10), activation),
                       torch.from_numpy(x_tr), torch.from_numpy(y_tr).long(),
                       torch.from_numpy(x_te), torch.from_numpy(y_te).long(), "test accuracy (%)")


def teacher_student(hidden: tuple[int, ...] = (16,), activation: str = "tanh", inputs: int = 4,
                    samples: int = 200, test_samples: int = 1000, seed: int = 0) -> PruningTask:
    """A tanh teacher inputs-8-1 labels N(0, I) inputs; the student is inputs-hidden-1."""
    gen = torch.Generator().manual_seed(seed)
    teacher = MLP((inputs, 8, 1), "tanh")
    w_teacher = teacher.init([seed + 10_000])[0]
    x = torch.randn(samples + test_samples, inputs, generator=gen, dtype=torch.float64)
    y = teacher.forward(w_teacher, x)
    return PruningTask("teacher-student", MLP((inputs, *hidden, 1), activation),
                       x[:samples], y[:samples], x[samples:], y[samples:], "-log10 test MSE")


def build(name: str, hidden: tuple[int, ...], activation: str) -> PruningTask:
    """The task called ``name`` with the given hidden widths and activation."""
    if name == "digits":
        return digits(hidden, activation)
    if name == "teacher-student":
        return teacher_student(hidden, activation)
    raise ValueError(f"unknown task {name!r} (choose from {', '.join(TASKS)})")


def dense_accuracy_floor(task: PruningTask) -> float:
    """The metric of always predicting the majority class / the mean target (a chance level)."""
    if task.classification:
        counts = np.bincount(task.y_test.numpy())
        return 100.0 * counts.max() / counts.sum()
    return float(-torch.log10(torch.mean((task.y_test - task.y_train.mean()) ** 2)))
