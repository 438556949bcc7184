"""The Triton training engine: one program per network runs a whole block of steps in one launch.

The fused engine (:mod:`empirical.hnn.fused`) writes a step out by hand but still runs it as
~150 small kernels, so on a GPU a step costs kernel count, not arithmetic.  Here one Triton
program per network (grid = K) loads that network's weights, biases, masks and Adam moments
once, keeps them as loop-carried values on chip, and loops over the steps of a block
(up to ``DRAW_BLOCK`` steps, one launch): per step the forward pass with its tangent, the
loss of :func:`empirical.hnn.fused.loss_and_grads` (residual of Hamilton's equations plus the
energy penalty), its hand-derived backward pass (the same formulas, summed over chunks of
``block_points`` collocation points), the lowest-loss state of the kept window, and
``torch.optim.Adam``'s update (bias-corrected moments, ``eps = fused.EPS`` added after the
square root).  The points are the rows the fused engine draws (:class:`Collocation`, one
draw per ``DRAW_BLOCK``), read from the device buffer.

Shapes are padded for Triton: the hidden width to a power of two (at least 16, for
``tl.dot``), the points of a chunk to ``block_points``.  Padded hidden units have zero
weights, zero masks and therefore zero gradients and moments; padded points are masked out
of the loss.  Float32 only.

``triton`` is imported when this module is imported, and only the ``triton`` engine imports
it (``TrainConfig(engine="triton")``), so the package works without triton.  On the CPU the
kernel runs under Triton's interpreter: set ``TRITON_INTERPRET=1`` before this module is
first imported (Triton reads it when the kernel is defined).
"""
from __future__ import annotations

import math
from typing import Mapping

import torch

from .fused import EPS  # Adam's eps, as the fused and eager engines use (torch.optim.Adam's default)
from .network import PARAM_NAMES, WEIGHT_NAMES, Params
from .training import DRAW_BLOCK, Collocation, TrainConfig, TrainResult, draw_segments, keep_from_epoch

try:
    import triton
    import triton.language as tl
except ImportError as error:  # pragma: no cover - exercised where triton is absent
    raise ImportError("TrainConfig(engine='triton') needs the 'triton' package, which is not installed: "
                      "pip install 'lth-verify[gpu]' (or pip install triton)") from error

#: Systems the kernel knows (their vector field, Hamiltonian and hand-derived Jacobians).
SYSTEM_IDS: dict[str, int] = {"nl-oscillator": 0, "henon-heiles": 1}


def padded_hidden(hidden: int) -> int:
    """The hidden width the kernel works on: a power of two, at least 16 (``tl.dot``'s minimum)."""
    return max(16, triton.next_power_of_2(hidden))


def layout(hidden: int, outputs: int) -> dict[str, tuple[int, tuple[int, ...]]]:
    """Offset and padded shape of each parameter in one network's flat row, ``PARAM_NAMES`` order."""
    hp = padded_hidden(hidden)
    shapes = {"w1": (hp,), "b1": (hp,), "w2": (hp, hp), "b2": (hp,), "w3": (outputs, hp), "b3": (outputs,)}
    out, offset = {}, 0
    for name in PARAM_NAMES:
        out[name] = (offset, shapes[name])
        offset += math.prod(shapes[name])
    return out


def row_size(hidden: int, outputs: int) -> int:
    """Length of one network's flat row of parameters (or moments, or masks)."""
    hp = padded_hidden(hidden)
    return hp * (hp + 3 + outputs) + outputs


def pack(tensors: Mapping[str, torch.Tensor], hidden: int, outputs: int) -> torch.Tensor:
    """K networks' (w1, b1, w2, b2, w3, b3) in the model's shapes as zero-padded flat rows (K, row_size)."""
    k = tensors["w1"].shape[0]
    ref = tensors["w1"]
    out = torch.zeros((k, row_size(hidden, outputs)), dtype=torch.float32, device=ref.device)
    for name, (offset, shape) in layout(hidden, outputs).items():
        view = out[:, offset:offset + math.prod(shape)].view((k,) + shape)
        value = tensors[name].to(torch.float32)
        if name == "w1":
            value = value[..., 0]                       # (K, H, 1) -> (K, H)
        view[(slice(None),) + tuple(slice(0, s) for s in value.shape[1:])] = value
    return out


def unpack(flat: torch.Tensor, hidden: int, outputs: int) -> Params:
    """The inverse of :func:`pack`: the model's shapes, padding dropped (copies)."""
    k = flat.shape[0]
    shapes = {"w1": (hidden, 1), "b1": (hidden,), "w2": (hidden, hidden), "b2": (hidden,),
              "w3": (outputs, hidden), "b3": (outputs,)}
    out = {}
    for name, (offset, shape) in layout(hidden, outputs).items():
        view = flat[:, offset:offset + math.prod(shape)].view((k,) + shape)
        if name == "w1":
            out[name] = view[:, :hidden].clone()[..., None]
        else:
            out[name] = view[(slice(None),) + tuple(slice(0, s) for s in shapes[name])].clone()
    return out


@triton.jit
def _adam(p, m, v, g, beta1, beta2, eps, c1s, c2s):
    """torch.optim.Adam's update of one parameter block, in the fused engine's order of operations:
    m += (1 - b1)(g - m); v = b2 v + (1 - b2) g^2; p -= m / (sqrt(v) / c2 + eps) * c1."""
    m = m + (1.0 - beta1) * (g - m)
    v = v * beta2 + (1.0 - beta2) * g * g
    p = p - (m / (tl.sqrt(v) / c2s + eps)) * c1s
    return p, m, v


@triton.jit
def _train_block_kernel(
    t_ptr, t_stride, params_ptr, exp_avg_ptr, exp_avg_sq_ptr, masks_ptr, best_ptr, best_loss_ptr,
    history_ptr, coef_ptr, n_steps, first_epoch, keep_from, n_points, row_len,
    inv_p, energy_w, energy0, z0_0, z0_1, z0_2, z0_3, beta1, beta2, eps,
    HP: tl.constexpr, D: tl.constexpr, BP: tl.constexpr, SYSTEM: tl.constexpr, PRECISION: tl.constexpr,
):
    """Train network ``program_id(0)`` for ``n_steps`` steps (see the module docstring).

    ``t_ptr`` holds the block's points, one row of ``n_points`` per step; ``coef_ptr`` the
    per-step Adam scalars (lr / (1 - beta1^s), sqrt(1 - beta2^s)); ``history_ptr`` gets the
    loss of step s at row s (K columns).  Parameters, moments and kept state are read and
    written back as flat padded rows (:func:`layout`).
    """
    k = tl.program_id(0)
    n_nets = tl.num_programs(0)
    base = k * row_len
    hid = tl.arange(0, HP)
    outs = tl.arange(0, D)
    # offsets of the pieces of a row (PARAM_NAMES order)
    o_w1 = 0
    o_b1 = HP
    o_w2 = 2 * HP
    o_b2 = 2 * HP + HP * HP
    o_w3 = 3 * HP + HP * HP
    o_b3 = 3 * HP + HP * HP + D * HP
    i_vec = hid
    i_mat = hid[:, None] * HP + hid[None, :]
    i_out = outs[:, None] * HP + hid[None, :]

    w1 = tl.load(params_ptr + base + o_w1 + i_vec)
    b1 = tl.load(params_ptr + base + o_b1 + i_vec)
    w2 = tl.load(params_ptr + base + o_w2 + i_mat)
    b2 = tl.load(params_ptr + base + o_b2 + i_vec)
    w3 = tl.load(params_ptr + base + o_w3 + i_out)
    b3 = tl.load(params_ptr + base + o_b3 + outs)
    m_w1 = tl.load(exp_avg_ptr + base + o_w1 + i_vec)
    m_b1 = tl.load(exp_avg_ptr + base + o_b1 + i_vec)
    m_w2 = tl.load(exp_avg_ptr + base + o_w2 + i_mat)
    m_b2 = tl.load(exp_avg_ptr + base + o_b2 + i_vec)
    m_w3 = tl.load(exp_avg_ptr + base + o_w3 + i_out)
    m_b3 = tl.load(exp_avg_ptr + base + o_b3 + outs)
    v_w1 = tl.load(exp_avg_sq_ptr + base + o_w1 + i_vec)
    v_b1 = tl.load(exp_avg_sq_ptr + base + o_b1 + i_vec)
    v_w2 = tl.load(exp_avg_sq_ptr + base + o_w2 + i_mat)
    v_b2 = tl.load(exp_avg_sq_ptr + base + o_b2 + i_vec)
    v_w3 = tl.load(exp_avg_sq_ptr + base + o_w3 + i_out)
    v_b3 = tl.load(exp_avg_sq_ptr + base + o_b3 + outs)
    mask1 = tl.load(masks_ptr + base + o_w1 + i_vec)
    mask2 = tl.load(masks_ptr + base + o_w2 + i_mat)
    mask3 = tl.load(masks_ptr + base + o_w3 + i_out)
    best_loss = tl.load(best_loss_ptr + k)
    lanes = tl.arange(0, BP)

    for s in range(n_steps):
        e1 = w1 * mask1
        e2 = w2 * mask2
        e3 = w3 * mask3
        e2t = tl.trans(e2)
        g_w1 = tl.zeros((HP,), tl.float32)
        g_b1 = tl.zeros((HP,), tl.float32)
        g_w2 = tl.zeros((HP, HP), tl.float32)
        g_b2 = tl.zeros((HP,), tl.float32)
        g_w3 = tl.zeros((D, HP), tl.float32)
        g_b3 = tl.zeros((D,), tl.float32)
        per_point = tl.zeros((BP,), tl.float32)   # residual^2 + w gap^2 of each lane, summed over chunks
        for start in range(0, n_points, BP):
            idx = start + lanes
            valid = idx < n_points
            t = tl.load(t_ptr + s * t_stride + idx, mask=valid, other=0.0)
            live = valid.to(tl.float32)
            # forward with tangent
            h1 = b1[None, :] + t[:, None] * e1[None, :]
            a1 = tl.sin(h1)
            c1 = tl.cos(h1)
            da1 = c1 * e1[None, :]
            h2 = tl.dot(a1, e2t, input_precision=PRECISION) + b2[None, :]
            dh2 = tl.dot(da1, e2t, input_precision=PRECISION)
            a2 = tl.sin(h2)
            c2 = tl.cos(h2)
            da2 = c2 * dh2
            n = tl.sum(a2[:, None, :] * e3[None, :, :], axis=2) + b3[None, :]      # (BP, D)
            dn = tl.sum(da2[:, None, :] * e3[None, :, :], axis=2)
            decay = tl.exp(-t)[:, None]
            grow = 1.0 - decay
            # z = z0 + (1 - e) N, dz = e N + (1 - e) dN, split into the state's components
            z = grow * n
            dz = decay * n + grow * dn
            if SYSTEM == 0:
                # nonlinear oscillator, z = (x, p): f = (p, -(x + x^3)), H = p^2/2 + x^2/2 + x^4/4
                x, p = tl.split(z)
                dx, dp = tl.split(dz)
                x = x + z0_0
                p = p + z0_1
                r0 = dx - p
                r1 = dp + (x + x * x * x)
                gap = (p * p / 2 + x * x / 2 + x * x * x * x / 4 - energy0) * live
                per_point += (r0 * r0 + r1 * r1) * live + energy_w * (gap * gap)
                gd0 = (2.0 * inv_p) * r0 * live
                gd1 = (2.0 * inv_p) * r1 * live
                pen = (2.0 * energy_w * inv_p) * gap
                # field_vjp(z, -g_dz) = (g_dz1 (1 + 3x^2), -g_dz0); grad H = (x + x^3, p)
                gz0 = gd1 * (1.0 + 3.0 * x * x) + pen * (x + x * x * x)
                gz1 = -gd0 + pen * p
                g_z = tl.join(gz0, gz1)
                g_dz = tl.join(gd0, gd1)
            else:
                # Henon-Heiles, z = (x, y, px, py): f = (px, py, -(x + 2xy), -(y + x^2 - y^2));
                # as (BP, 2, 2) entry [a, b] is component 2a + b, so splitting the last axis
                # gives (x, px) and (y, py)
                even, odd = tl.split(tl.reshape(z, (BP, 2, 2)))
                x, px = tl.split(even)
                y, py = tl.split(odd)
                even, odd = tl.split(tl.reshape(dz, (BP, 2, 2)))
                dx, dpx = tl.split(even)
                dy, dpy = tl.split(odd)
                x = x + z0_0
                y = y + z0_1
                px = px + z0_2
                py = py + z0_3
                r0 = dx - px
                r1 = dy - py
                r2 = dpx + (x + 2.0 * x * y)
                r3 = dpy + (y + x * x - y * y)
                ham = (px * px + py * py) / 2 + (x * x + y * y) / 2 + x * x * y - y * y * y / 3
                gap = (ham - energy0) * live
                per_point += (r0 * r0 + r1 * r1 + r2 * r2 + r3 * r3) * live + energy_w * (gap * gap)
                gd0 = (2.0 * inv_p) * r0 * live
                gd1 = (2.0 * inv_p) * r1 * live
                gd2 = (2.0 * inv_p) * r2 * live
                gd3 = (2.0 * inv_p) * r3 * live
                pen = (2.0 * energy_w * inv_p) * gap
                # field_vjp(z, -g_dz) = (g2 (1 + 2y) + 2 g3 x, 2 g2 x + g3 (1 - 2y), -g0, -g1)
                # grad H = (x + 2xy, y + x^2 - y^2, px, py)
                gz0 = gd2 * (1.0 + 2.0 * y) + 2.0 * gd3 * x + pen * (x + 2.0 * x * y)
                gz1 = 2.0 * gd2 * x + gd3 * (1.0 - 2.0 * y) + pen * (y + x * x - y * y)
                gz2 = -gd0 + pen * px
                gz3 = -gd1 + pen * py
                g_z = tl.reshape(tl.join(tl.join(gz0, gz2), tl.join(gz1, gz3)), (BP, D))
                g_dz = tl.reshape(tl.join(tl.join(gd0, gd2), tl.join(gd1, gd3)), (BP, D))
            # back through the trial solution and the output layer
            g_n = grow * g_z + decay * g_dz                                          # (BP, D)
            g_dn = grow * g_dz
            g_b3 += tl.sum(g_n, axis=0)
            g_w3 += tl.sum(g_n[:, :, None] * a2[:, None, :] + g_dn[:, :, None] * da2[:, None, :], axis=0)
            g_a2 = tl.sum(g_n[:, :, None] * e3[None, :, :], axis=1)                  # (BP, HP)
            g_da2 = tl.sum(g_dn[:, :, None] * e3[None, :, :], axis=1)
            # back through the second hidden layer (value and tangent)
            g_dh2 = g_da2 * c2
            g_h2 = g_a2 * c2 - g_da2 * dh2 * a2
            g_b2 += tl.sum(g_h2, axis=0)
            g_w2 += (tl.dot(tl.trans(g_h2), a1, input_precision=PRECISION)
                     + tl.dot(tl.trans(g_dh2), da1, input_precision=PRECISION))
            g_a1 = tl.dot(g_h2, e2, input_precision=PRECISION)
            g_da1 = tl.dot(g_dh2, e2, input_precision=PRECISION)
            # and through the first
            g_h1 = g_a1 * c1 - g_da1 * e1[None, :] * a1
            g_b1 += tl.sum(g_h1, axis=0)
            g_w1 += tl.sum(g_h1 * t[:, None] + g_da1 * c1, axis=0)
        loss = tl.sum(per_point, axis=0) * inv_p
        # keep the lowest-loss state of the kept window (the parameters this loss was measured at)
        epoch = first_epoch + s
        if (epoch >= keep_from) & (loss < best_loss):
            best_loss = loss
            tl.store(best_ptr + base + o_w1 + i_vec, w1)
            tl.store(best_ptr + base + o_b1 + i_vec, b1)
            tl.store(best_ptr + base + o_w2 + i_mat, w2)
            tl.store(best_ptr + base + o_b2 + i_vec, b2)
            tl.store(best_ptr + base + o_w3 + i_out, w3)
            tl.store(best_ptr + base + o_b3 + outs, b3)
        tl.store(history_ptr + s * n_nets + k, loss)
        # Adam (masks multiply the weight gradients, so pruned weights never move)
        c1s = tl.load(coef_ptr + 2 * s)
        c2s = tl.load(coef_ptr + 2 * s + 1)
        # Adam, masked weight gradients so that pruned weights stay exactly zero
        w1, m_w1, v_w1 = _adam(w1, m_w1, v_w1, g_w1 * mask1, beta1, beta2, eps, c1s, c2s)
        b1, m_b1, v_b1 = _adam(b1, m_b1, v_b1, g_b1, beta1, beta2, eps, c1s, c2s)
        w2, m_w2, v_w2 = _adam(w2, m_w2, v_w2, g_w2 * mask2, beta1, beta2, eps, c1s, c2s)
        b2, m_b2, v_b2 = _adam(b2, m_b2, v_b2, g_b2, beta1, beta2, eps, c1s, c2s)
        w3, m_w3, v_w3 = _adam(w3, m_w3, v_w3, g_w3 * mask3, beta1, beta2, eps, c1s, c2s)
        b3, m_b3, v_b3 = _adam(b3, m_b3, v_b3, g_b3, beta1, beta2, eps, c1s, c2s)

    tl.store(params_ptr + base + o_w1 + i_vec, w1)
    tl.store(params_ptr + base + o_b1 + i_vec, b1)
    tl.store(params_ptr + base + o_w2 + i_mat, w2)
    tl.store(params_ptr + base + o_b2 + i_vec, b2)
    tl.store(params_ptr + base + o_w3 + i_out, w3)
    tl.store(params_ptr + base + o_b3 + outs, b3)
    tl.store(exp_avg_ptr + base + o_w1 + i_vec, m_w1)
    tl.store(exp_avg_ptr + base + o_b1 + i_vec, m_b1)
    tl.store(exp_avg_ptr + base + o_w2 + i_mat, m_w2)
    tl.store(exp_avg_ptr + base + o_b2 + i_vec, m_b2)
    tl.store(exp_avg_ptr + base + o_w3 + i_out, m_w3)
    tl.store(exp_avg_ptr + base + o_b3 + outs, m_b3)
    tl.store(exp_avg_sq_ptr + base + o_w1 + i_vec, v_w1)
    tl.store(exp_avg_sq_ptr + base + o_b1 + i_vec, v_b1)
    tl.store(exp_avg_sq_ptr + base + o_w2 + i_mat, v_w2)
    tl.store(exp_avg_sq_ptr + base + o_b2 + i_vec, v_b2)
    tl.store(exp_avg_sq_ptr + base + o_w3 + i_out, v_w3)
    tl.store(exp_avg_sq_ptr + base + o_b3 + outs, v_b3)
    tl.store(best_loss_ptr + k, best_loss)


#: Whether the kernel above was defined under Triton's CPU interpreter (TRITON_INTERPRET at import).
INTERPRETED: bool = not isinstance(_train_block_kernel, triton.runtime.jit.JITFunction)


def _adam_coefficients(cfg: TrainConfig, step0: int, n: int, device: torch.device) -> torch.Tensor:
    """Per step of a block, Adam's (lr / (1 - beta1^s), sqrt(1 - beta2^s)) for s = step0+1 .. step0+n,
    computed in float64 as the fused engine does, then rounded to float32: shape (n, 2)."""
    beta1, beta2 = cfg.betas
    steps = torch.arange(step0 + 1, step0 + n + 1, dtype=torch.float64, device=device)
    coef = torch.stack((cfg.lr / (1 - beta1 ** steps), (1 - beta2 ** steps).sqrt()), dim=1)
    return coef.to(torch.float32).contiguous()


def _check(cfg: TrainConfig, device: torch.device) -> int:
    """The kernel's system id, after the checks that this run can use the kernel at all."""
    if cfg.dtype != "float32":
        raise ValueError(f"the triton engine trains in float32 only, got dtype={cfg.dtype!r}")
    if cfg.system not in SYSTEM_IDS:
        raise ValueError(f"the triton engine knows {', '.join(SYSTEM_IDS)}, not {cfg.system!r}")
    if cfg.sys.dim & (cfg.sys.dim - 1):
        raise ValueError(f"the triton kernel needs a power-of-two state dimension, {cfg.system} has {cfg.sys.dim}")
    if device.type == "cpu" and not INTERPRETED:
        raise RuntimeError("the triton engine runs on CPU tensors only under Triton's interpreter: set "
                           "TRITON_INTERPRET=1 before empirical.hnn.triton_engine is first imported")
    if device.type != "cpu" and INTERPRETED:
        raise RuntimeError("TRITON_INTERPRET=1 was set when empirical.hnn.triton_engine was imported, so its "
                           f"kernel runs on CPU tensors only, not on {device}")
    return SYSTEM_IDS[cfg.system]


class TritonState:
    """Every tensor the kernel reads or writes, as zero-padded flat rows of shape (K, row_size)."""

    def __init__(self, cfg: TrainConfig, params: Params, masks: Mapping[str, torch.Tensor],
                 optimizer_state: dict | None) -> None:
        self.hidden, self.outputs = cfg.hidden, cfg.sys.dim
        self.device = params["w1"].device
        h, d = self.hidden, self.outputs
        k = params["w1"].shape[0]
        ones = {name: torch.ones_like(params[name], dtype=torch.float32) for name in PARAM_NAMES}
        # biases are never masked; padding is zero in the masks too, so no padded entry can move
        self.masks = pack({**ones, **{n: masks[n].to(device=self.device, dtype=torch.float32)
                                      for n in WEIGHT_NAMES}}, h, d)
        self.params = pack({n: params[n].detach() for n in PARAM_NAMES}, h, d)
        if optimizer_state is None:
            self.exp_avg = torch.zeros_like(self.params)
            self.exp_avg_sq = torch.zeros_like(self.params)
            self.step = 0
        else:
            saved = [optimizer_state["state"][i] for i in range(len(PARAM_NAMES))]
            self.exp_avg = pack({n: s["exp_avg"].to(self.device) for n, s in zip(PARAM_NAMES, saved)}, h, d)
            self.exp_avg_sq = pack({n: s["exp_avg_sq"].to(self.device) for n, s in zip(PARAM_NAMES, saved)}, h, d)
            self.exp_avg *= self.masks      # a carried-over state must not move pruned weights
            self.exp_avg_sq *= self.masks
            self.step = int(float(saved[0]["step"]))
        self.best = self.params.clone()
        self.best_loss = torch.full((k,), float("inf"), dtype=torch.float32, device=self.device)

    def run(self, cfg: TrainConfig, t: torch.Tensor, history: torch.Tensor, first_epoch: int, keep_from: int,
            block_points: int | None = None, num_warps: int = 4, precision: str = "ieee") -> None:
        """Train ``t.shape[0]`` steps in one launch on the rows of points ``t`` (steps, P); losses go
        to ``history`` (steps, K).  ``first_epoch`` is the epoch of ``t``'s first row."""
        n, p = t.shape
        k = self.params.shape[0]
        if n == 0:
            return
        system = SYSTEM_IDS[cfg.system]
        z0 = list(cfg.sys.z0) + [0.0] * (4 - cfg.sys.dim)
        bp = block_points or (triton.next_power_of_2(p) if INTERPRETED else min(64, triton.next_power_of_2(p)))
        coef = _adam_coefficients(cfg, self.step, n, self.device)
        out = history if history.is_contiguous() else torch.empty_like(history)
        t = t.contiguous()
        beta1, beta2 = cfg.betas
        _train_block_kernel[(k,)](
            t, t.stride(0), self.params, self.exp_avg, self.exp_avg_sq, self.masks, self.best, self.best_loss,
            out, coef, n, first_epoch, keep_from, p, self.params.shape[1],
            1.0 / p, float(cfg.energy_w), float(cfg.sys.energy0), *[float(v) for v in z0],
            float(beta1), float(beta2), EPS,
            HP=padded_hidden(self.hidden), D=self.outputs, BP=max(16, bp), SYSTEM=system, PRECISION=precision,
            num_warps=num_warps,
        )
        if out is not history:
            history.copy_(out)
        self.step += n

    def adam_state_dict(self, cfg: TrainConfig) -> dict:
        """Adam's state in ``torch.optim.Adam.state_dict()`` form, so any engine can resume it."""
        m = unpack(self.exp_avg, self.hidden, self.outputs)
        v = unpack(self.exp_avg_sq, self.hidden, self.outputs)
        step = torch.tensor(float(self.step))
        per_param = {i: {"step": step.clone(), "exp_avg": m[name], "exp_avg_sq": v[name]}
                     for i, name in enumerate(PARAM_NAMES)}
        group = {"lr": cfg.lr, "betas": cfg.betas, "eps": EPS, "weight_decay": 0.0, "amsgrad": False,
                 "maximize": False, "foreach": True, "capturable": False, "differentiable": False,
                 "fused": None, "params": list(range(len(PARAM_NAMES)))}
        return {"state": per_param, "param_groups": [group]}


def train_triton(cfg: TrainConfig, params: Params, masks: Mapping[str, torch.Tensor],
                 optimizer_state: dict | None = None, snapshot_epoch: int | None = None,
                 block_points: int | None = None, num_warps: int = 4, precision: str = "ieee"
                 ) -> tuple[TrainResult, dict]:
    """The Triton engine; same arguments and results as :func:`empirical.hnn.training.train`
    and :func:`empirical.hnn.fused.train_fused`.

    One kernel launch per segment between draws of points (``DRAW_BLOCK`` steps) and the
    snapshot; the points are the fused engine's draws.  ``block_points`` (points per chunk,
    a power of two), ``num_warps`` and ``precision`` (``tl.dot``'s ``input_precision``:
    ``"ieee"`` is true float32, ``"tf32x3"`` is faster on tensor cores) tune the kernel.
    """
    device = params["w1"].device
    _check(cfg, device)
    state = TritonState(cfg, params, masks, optimizer_state)
    k = state.params.shape[0]
    points = Collocation(cfg, device, torch.float32)
    keep_from = keep_from_epoch(cfg)
    history = torch.empty((cfg.epochs, k), dtype=torch.float32, device=device)
    early = None
    for start, stop in draw_segments(cfg.epochs, snapshot_epoch):
        if start % DRAW_BLOCK == 0:
            drawn, first = points.draw(min(DRAW_BLOCK, cfg.epochs - start)), start
        if start == snapshot_epoch:
            early = unpack(state.params, state.hidden, state.outputs)
        state.run(cfg, drawn[start - first:stop - first], history[start:stop], start, keep_from,
                  block_points, num_warps, precision)
    result = TrainResult(unpack(state.best, state.hidden, state.outputs), state.best_loss,
                         history.double().cpu().numpy(), early)
    return result, state.adam_state_dict(cfg)


#: The agreement with the fused engine that :func:`check_against_fused` asks for (float32,
#: 200 steps): history relative to its largest loss, kept weights absolute, Adam's moments
#: relative to each moment's largest entry.  verify/test_triton_engine.py uses the same bounds.
CHECK_TOLERANCE: dict[str, float] = dict(history=1e-5, weights=1e-4, exp_avg=1e-3, exp_avg_sq=1e-5)


def check_against_fused(cfg: TrainConfig, params: Params, masks: Mapping[str, torch.Tensor],
                        tolerance: Mapping[str, float] | None = None) -> dict[str, float | bool]:
    """Train ``params`` under ``masks`` with the fused engine and with this one on the same points
    (``cfg.epochs`` steps, on the parameters' device) and measure how far apart they end.

    Returns the worst deviation of each quantity (keys of :data:`CHECK_TOLERANCE`), ``steps``
    and ``passed`` (every deviation within ``tolerance``).  Meant to run on the device at the
    start of a paper run, before the Triton engine is trusted with its stages.
    """
    from .fused import train_fused

    bounds = dict(CHECK_TOLERANCE if tolerance is None else tolerance)
    fused, fused_state = train_fused(cfg, params, masks)
    kernel, kernel_state = train_triton(cfg, params, masks)
    out: dict[str, float | bool] = {
        "history": float(abs(kernel.history - fused.history).max() / abs(fused.history).max()),
        "weights": max(float((kernel.params[n] - fused.params[n]).abs().max()) for n in PARAM_NAMES),
    }
    for key in ("exp_avg", "exp_avg_sq"):
        out[key] = max(float((kernel_state["state"][i][key].to(fused_state["state"][i][key].device)
                              - fused_state["state"][i][key]).abs().max()
                             / fused_state["state"][i][key].abs().max().clamp_min(1e-30))
                       for i in range(len(PARAM_NAMES)))
    same_step = float(kernel_state["state"][0]["step"]) == float(fused_state["state"][0]["step"])
    out["passed"] = same_step and all(out[key] <= bounds[key] for key in bounds)
    out["steps"] = float(cfg.epochs)
    return out
