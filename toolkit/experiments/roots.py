"""Vectorised quantiles of continuous distributions known only through their CDF and density.

Halley's method (Newton's, where the density's slope is not trusted) kept inside a bracket that
shrinks every step: from a Cornish-Fisher start one evaluation usually settles a problem, and
the bracket keeps it from getting lost where the density is badly behaved.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy import special as sc

MAX_STEPS = 40
# Step sizes, in sd units, below which a problem stops: the error after a Newton step is ~ its
# square (1e-10), after a Halley step ~ its cube (1e-9).
TOL = 1e-5
TOL_HALLEY = 1e-3

CdfPdf = Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray, np.ndarray]]


def cornish_fisher(q: np.ndarray, mean: np.ndarray, sd: np.ndarray, skew: np.ndarray,
                   kurt: np.ndarray | float = 0.0) -> np.ndarray:
    """A first guess at the q-quantile from the first four cumulants (``kurt`` is the excess)."""
    z = sc.ndtri(q)
    z2 = z * z
    guess: np.ndarray = mean + sd * (z + (z2 - 1) * skew / 6 + z * (z2 - 3) * kurt / 24 - z * (2 * z2 - 5) * skew * skew / 36)
    return guess


def solve_quantiles(
    cdf_pdf: CdfPdf,
    q: np.ndarray,
    mean: np.ndarray,
    sd: np.ndarray,
    skew: np.ndarray,
    kurt: np.ndarray | float = 0.0,
    width: float = 40.0,
    also: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray | None]:
    """Solve CDF(s) = q elementwise; the answer is assumed within ``width`` sd of the mean.

    ``cdf_pdf(s, rows)`` evaluates the problems ``rows`` at ``s`` and returns the CDF, the density
    and the density's slope (NaN where it is not trusted: those rows take Newton steps). Only
    the problems still moving are evaluated, so one slow problem does not make the batch pay.
    ``also`` = (s, rows) are further points whose CDF the caller needs: they ride along in the
    first evaluation (one analysis pays mostly per call) and their CDF comes back second.
    """
    lo, hi = mean - width * sd, mean + width * sd
    s = np.clip(cornish_fisher(q, mean, sd, skew, kurt), lo, hi)
    n = len(s)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if also is None:
            return _iterate(cdf_pdf, q, s, lo, hi, sd, cdf_pdf(s, np.arange(n))), None
        values = cdf_pdf(np.concatenate([s, also[0]]), np.concatenate([np.arange(n), also[1]]))
        first = (values[0][:n], values[1][:n], values[2][:n])
        return _iterate(cdf_pdf, q, s, lo, hi, sd, first), values[0][n:]


def _iterate(
    cdf_pdf: CdfPdf, q: np.ndarray, s: np.ndarray, lo: np.ndarray, hi: np.ndarray, sd: np.ndarray,
    first: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> np.ndarray:
    rows = np.arange(len(s))
    cdf, pdf, slope = first
    for step_no in range(MAX_STEPS):
        if step_no:
            cdf, pdf, slope = cdf_pdf(s[rows], rows)
        s_r, lo_r, hi_r = s[rows], lo[rows], hi[rows]
        below = cdf < q[rows]
        lo_r = np.where(below, s_r, lo_r)
        hi_r = np.where(below, hi_r, s_r)
        newton = (cdf - q[rows]) / pdf
        halley = newton / (1.0 - 0.5 * newton * slope / pdf)
        # Halley only where its correction is a correction (not a rescue of a bad start)
        use_halley = np.isfinite(halley) & (np.abs(halley - newton) <= 0.5 * np.abs(newton))
        step = np.where(use_halley, halley, newton)
        nxt = s_r - step
        ok = np.isfinite(nxt) & (nxt > lo_r) & (nxt < hi_r)
        nxt = np.where(ok, nxt, 0.5 * (lo_r + hi_r))
        tol = np.where(use_halley, TOL_HALLEY, TOL) * sd[rows]
        done = ok & (np.abs(step) <= tol) | (np.abs(nxt - s_r) <= TOL * sd[rows])
        s[rows], lo[rows], hi[rows] = nxt, lo_r, hi_r
        rows = rows[~done]
        if not len(rows):
            break
    return s
