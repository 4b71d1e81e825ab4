"""The Gibbs sampler of LCMCR (Manrique-Vallier 2016, §3), compiled with numba.

Model: each of N people belongs to a latent class z ∈ {1..K} with probabilities
π from a truncated stick-breaking prior SB_K(α), α ~ Gamma(a_α, b_α); given the
class, the lists capture independently with probabilities λ_jk ~ Beta(1, 1);
p(N) ∝ 1/N. One sweep draws, in turn:

1. the classes of the documented people — on aggregated data, for each observed
   pattern x with count c, the class counts ~ Multinomial(c, p(k | x)) with
   p(k | x) ∝ π_k Π_j λ_jk^x_j (1 − λ_jk)^(1 − x_j);
2. the number of undocumented people n₀ and their classes, jointly given (λ, π):
   n₀ ~ NegBinomial(n, 1 − π₀) with π₀ = Σ_k π_k Π_j (1 − λ_jk) (the 1/N prior
   makes this exact), then their class counts ~ Multinomial(n₀, π_k Π_j(1−λ_jk)/π₀);
3. λ_jk ~ Beta(1 + S_jk, 1 + n_k − S_jk), S_jk the people of class k on list j;
4. V_k ~ Beta(1 + n_k, α + Σ_{h>k} n_h), V_K = 1, π_k = V_k Π_{h<k}(1 − V_h),
   kept as logarithms drawn from log-Gamma variates (as the R package does);
5. α ~ Gamma(a_α + K − 1, rate b_α − Σ_{k<K} log(1 − V_k)).

Working on the m distinct patterns rather than on people makes a sweep cost
O(m·K) whatever the number of people. A pattern is stored as the indices of the
lists it is on (CSR), so its class weight is exp(B_k + Σ_{j∈x} D_jk) with
B_k = log π_k + Σ_j log(1 − λ_jk) and D_jk = logit λ_jk: cheap when people are
on few of many lists. numba's generator is seeded per chain for reproducibility.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, TypeVar, cast

import numba
import numpy as np
from numpy.typing import NDArray

F = TypeVar("F", bound=Callable[..., Any])


def _jit(f: F) -> F:
    # cache=True: the compiled sampler is stored beside the module, so only the
    # first run on a machine pays the few seconds of compilation.
    return cast(F, numba.njit(cache=True, nogil=True)(f))


@_jit
def _multinomial_into(total: int, weights: Any, out: Any) -> None:
    """Add a Multinomial(total, weights/Σweights) draw to ``out`` (sequential binomials)."""
    k = weights.shape[0]
    rest = 0.0
    for i in range(k):
        rest += weights[i]
    left = total
    if left == 1:
        u = np.random.random() * rest
        acc = 0.0
        for i in range(k):
            acc += weights[i]
            if u < acc:
                out[i] += 1
                return
        out[k - 1] += 1
        return
    for i in range(k - 1):
        if left == 0:
            return
        w = weights[i]
        if rest <= 0.0:
            break
        p = w / rest
        if p >= 1.0:
            out[i] += left
            return
        if p > 0.0:
            d = np.random.binomial(left, p)
            out[i] += d
            left -= d
        rest -= w
    out[k - 1] += left


@_jit
def _log_gamma_variate(shape: float) -> float:
    """log of a Gamma(shape, 1) draw, exact for shapes far below 1, where the draw
    itself underflows: G_a = G_{a+1}·U^(1/a) (Marsaglia & Tsang 2000, §6)."""
    if shape >= 1.0:
        return math.log(np.random.gamma(shape, 1.0))
    return math.log(np.random.gamma(shape + 1.0, 1.0)) + math.log(1.0 - np.random.random()) / shape


@_jit
def stick_breaking(nk: Any, alpha: float, log_pi: Any) -> float:
    """Draw log π | n, α into ``log_pi``: V_k ~ Beta(1 + n_k, α + Σ_{h>k} n_h),
    V_K = 1, π_k = V_k Π_{h<k}(1 − V_h). Returns Σ_{k<K} log(1 − V_k), which α's
    update needs. V_k = G₁/(G₁ + G₂) is drawn through the logs of the two Gamma
    variates, as the LCMCR R package does: for an empty class with a small α,
    1 − V_k is often far below machine precision (log(1 − V_k) of −100 or less)
    and V_k rounds to 1, so log(1 − V_k) cannot be computed from V_k."""
    k = nk.shape[0]
    above = 0
    for c in range(k):
        above += nk[c]
    log_rest = 0.0
    for c in range(k - 1):
        above -= nk[c]
        g1 = _log_gamma_variate(1.0 + nk[c])
        g2 = _log_gamma_variate(alpha + above)
        top = max(g1, g2)
        log_sum = top + math.log(math.exp(g1 - top) + math.exp(g2 - top))
        log_pi[c] = log_rest + g1 - log_sum
        log_rest += g2 - log_sum
    log_pi[k - 1] = log_rest
    return log_rest


@_jit
def run_chain(
    on_idx: Any,
    on_ptr: Any,
    counts: Any,
    n_lists: int,
    k: int,
    a_alpha: float,
    b_alpha: float,
    burnin: int,
    samples: int,
    thin: int,
    seed: int,
    out_n: Any,
    out_alpha: Any,
    out_active: Any,
) -> None:
    """Run one chain; write ``samples`` draws of N, α and the number of occupied classes."""
    np.random.seed(seed)
    m = counts.shape[0]
    n_obs = 0
    for p in range(m):
        n_obs += counts[p]
    lam = np.empty((n_lists, k))
    for j in range(n_lists):
        for c in range(k):
            lam[j, c] = np.random.beta(1.0, 1.0)
    alpha = 1.0
    log_pi = np.empty(k)
    stick_breaking(np.zeros(k, dtype=np.int64), alpha, log_pi)

    base = np.empty(k)
    dlog = np.empty((n_lists, k))
    logw = np.empty(k)
    w = np.empty(k)
    nk = np.zeros(k, dtype=np.int64)
    s = np.zeros((n_lists, k), dtype=np.int64)
    draw = np.zeros(k, dtype=np.int64)
    n0 = 0
    total_iter = burnin + samples * thin
    for it in range(total_iter):
        # class weights from the current λ, π
        for c in range(k):
            b = log_pi[c]
            for j in range(n_lists):
                l1 = min(max(lam[j, c], 1e-15), 1.0 - 1e-15)
                b += math.log1p(-l1)
                dlog[j, c] = math.log(l1) - math.log1p(-l1)
            base[c] = b
        nk[:] = 0
        s[:, :] = 0
        # 1. classes of the documented, pattern by pattern
        for p in range(m):
            top = -np.inf
            for c in range(k):
                v = base[c]
                for q in range(on_ptr[p], on_ptr[p + 1]):
                    v += dlog[on_idx[q], c]
                logw[c] = v
                if v > top:
                    top = v
            for c in range(k):
                w[c] = math.exp(logw[c] - top)
            draw[:] = 0
            _multinomial_into(counts[p], w, draw)
            for c in range(k):
                d = draw[c]
                if d > 0:
                    nk[c] += d
                    for q in range(on_ptr[p], on_ptr[p + 1]):
                        s[on_idx[q], c] += d
        # 2. undocumented count and their classes, jointly given (λ, π)
        pi0 = 0.0
        for c in range(k):
            w[c] = math.exp(base[c])
            pi0 += w[c]
        pi0 = min(pi0, 1.0 - 1e-12)
        n0 = np.random.negative_binomial(n_obs, 1.0 - pi0)
        draw[:] = 0
        if n0 > 0:
            _multinomial_into(n0, w, draw)
        for c in range(k):
            nk[c] += draw[c]
        # 3. capture probabilities
        for j in range(n_lists):
            for c in range(k):
                lam[j, c] = np.random.beta(1.0 + s[j, c], 1.0 + nk[c] - s[j, c])
        # 4. stick-breaking weights
        log_rest = stick_breaking(nk, alpha, log_pi)
        # 5. concentration
        alpha = np.random.gamma(a_alpha + k - 1, 1.0 / (b_alpha - log_rest))
        alpha = max(alpha, 1e-10)
        if it >= burnin and (it - burnin + 1) % thin == 0:
            i = (it - burnin) // thin
            out_n[i] = n_obs + n0
            out_alpha[i] = alpha
            occupied = 0
            for c in range(k):
                if nk[c] > 0:
                    occupied += 1
            out_active[i] = occupied


def compressed_patterns(
    patterns: NDArray[np.uint8],
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The CSR form of a pattern matrix: list indices of each row, and row offsets."""
    rows, cols = np.nonzero(patterns)
    ptr = np.zeros(patterns.shape[0] + 1, dtype=np.int64)
    np.add.at(ptr, rows + 1, 1)
    return cols.astype(np.int64), np.cumsum(ptr).astype(np.int64)
