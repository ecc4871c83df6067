"""Independent high-precision references for the Bayesian engine (tests only).

* ``rational_beta``: exact rational arithmetic for integer Beta posteriors of small arms. With
  integer parameters every density and CDF is a polynomial, so P(best) and expected loss are
  exact fractions: no quadrature at all.
* ``miller_two_arm``: Evan Miller's closed form for P(x_B > x_A), summed in mpmath at 40 digits;
  it handles millions of trials because each term follows from the last by a rational factor.
* ``mp_quad_beta``: mpmath tanh-sinh quadrature at 30 digits of f_i * prod F_j, with mpmath's
  own incomplete beta (usable when one parameter of every arm is small: zero or all successes,
  small samples), or with Boost's double-precision incomplete beta for large arms
  (``hybrid=True``, error ~1e-14: the 50-digit integration is what is being checked there).
"""

from __future__ import annotations

from fractions import Fraction
from math import comb

import mpmath as mp
from scipy import special as sc

# --- exact rational -----------------------------------------------------------------------


def _poly_mul(p: list, q: list) -> list:
    out = [Fraction(0)] * (len(p) + len(q) - 1)
    for i, a in enumerate(p):
        if a:
            for j, b in enumerate(q):
                out[i + j] += a * b
    return out


def _bernstein(k: int, n: int) -> list:
    """C(n, k) x^k (1 - x)^(n - k) in the power basis."""
    out = [Fraction(0)] * (n + 1)
    for j in range(n - k + 1):
        out[k + j] = Fraction(comb(n, k) * comb(n - k, j) * (-1) ** j)
    return out


def _cdf_poly(a: int, b: int) -> list:
    n = a + b - 1
    total = [Fraction(0)] * (n + 1)
    for k in range(a, n + 1):
        for i, c in enumerate(_bernstein(k, n)):
            total[i] += c
    return total


def _pdf_poly(a: int, b: int) -> list:
    return [c * (a + b - 1) for c in _bernstein(a - 1, a + b - 2)]


def _integral(p: list) -> Fraction:
    return sum((c / (i + 1) for i, c in enumerate(p)), Fraction(0))


def rational_beta(arms: list[tuple[int, int]]) -> tuple[list[Fraction], list[Fraction]]:
    """Exact P(best) and expected loss E[max - x_i] for integer Beta(a, b) arms."""
    cdfs = [_cdf_poly(a, b) for a, b in arms]
    prob, loss = [], []
    for i, (a, b) in enumerate(arms):
        others = [Fraction(1)]
        for j, cdf in enumerate(cdfs):
            if j != i:
                others = _poly_mul(others, cdf)
        prob.append(_integral(_poly_mul(_pdf_poly(a, b), others)))
        one_minus = [-c for c in others]
        one_minus[0] += 1
        loss.append(_integral(_poly_mul(cdfs[i], one_minus)))  # E[max - x_i] = int F_i (1 - prod F_j)
    return prob, loss


# --- Evan Miller's closed form ------------------------------------------------------------


def miller_two_arm(aA: int, bA: int, aB: int, bB: int) -> mp.mpf:
    """P(x_B > x_A) = sum_{i < aB} B(aA + i, bA + bB) / ((bB + i) B(1 + i, bB) B(aA, bA))."""
    with mp.workdps(40):
        term = mp.exp(mp.log(mp.beta(aA, bA + bB)) - mp.log(mp.beta(aA, bA)))
        total = term
        for i in range(int(aB) - 1):
            term *= mp.mpf(aA + i) * (bB + i) / ((aA + bA + bB + i) * (1 + i))
            total += term
        return +total


def miller_loss(aA: int, bA: int, aB: int, bB: int) -> mp.mpf:
    """E[(x_B - x_A)^+] = m_B P(B+ > A) - m_A P(B > A+), with X+ ~ Beta(a + 1, b)."""
    with mp.workdps(40):
        mA, mB = mp.mpf(aA) / (aA + bA), mp.mpf(aB) / (aB + bB)
        return mB * miller_two_arm(aA, bA, aB + 1, bB) - mA * miller_two_arm(aA + 1, bA, aB, bB)


# --- mpmath quadrature ---------------------------------------------------------------------


def mp_quad_beta(
    arms: list[tuple[float, float]], hybrid: bool = False, with_loss: bool = True, dps: int = 30
) -> tuple[list[float], list[float]]:
    """P(best) and (optionally) expected loss by quadrature of the defining integrals."""
    with mp.workdps(dps):
        A = [mp.mpf(float(a)) for a, _ in arms]
        B = [mp.mpf(float(b)) for _, b in arms]
        log_beta = [mp.log(mp.beta(a, b)) for a, b in zip(A, B, strict=False)]
        means = [a / (a + b) for a, b in zip(A, B, strict=False)]
        sds = [mp.sqrt(a * b / ((a + b) ** 2 * (a + b + 1))) for a, b in zip(A, B, strict=False)]
        lows = [m - 60 * s for m, s in zip(means, sds, strict=False)]
        highs = [m + 60 * s for m, s in zip(means, sds, strict=False)]
        cache: dict = {}

        def cdf(i, x):
            if (i, x) not in cache:
                if x > highs[i] or x < lows[i]:  # beyond 60 sd: the tail mass is below 1e-25
                    cache[i, x] = mp.mpf(x > highs[i])
                elif hybrid:
                    cache[i, x] = mp.mpf(float(sc.betainc(float(A[i]), float(B[i]), float(x))))
                else:
                    cache[i, x] = mp.betainc(A[i], B[i], 0, x, regularized=True)
            return cache[i, x]

        def pdf(i, x):
            left = (A[i] - 1) * mp.log(x) if A[i] != 1 else 0  # x^0 = 1 even at the end points
            right = (B[i] - 1) * mp.log1p(-x) if B[i] != 1 else 0
            return mp.exp(left + right - log_beta[i])

        # Break points at each arm's mean +- multiples of its sd, so tanh-sinh sees every peak.
        points = {m + sign * c * s for m, s in zip(means, sds, strict=False) for c in (0, 3, 8, 20) for sign in (-1, 1)}
        lo, hi = max(mp.mpf(0), min(lows)), min(mp.mpf(1), max(highs))
        grid = sorted({lo, hi} | {p for p in points if lo < p < hi})
        k = len(arms)
        prob, loss = [], []
        for i in range(k):
            def others(x, i=i):
                return mp.fprod(cdf(j, x) for j in range(k) if j != i)
            prob.append(float(mp.quad(lambda x, i=i, others=others: pdf(i, x) * others(x), grid)))
            if with_loss:
                loss.append(float(mp.quad(lambda x, i=i, others=others: cdf(i, x) * (1 - others(x)), grid)))
        return prob, loss
