"""The CDF of one arm at many points that rise along each row, from a few special-function calls.

The lift and two-arm integrals need the other arm's CDF at every node of the narrow arm's rule:
an incomplete beta or gamma function each, at 0.3-0.7 us, which was most of a batch's time.
Along a row the points ascend, so the CDF can be walked from one point to the next by
integrating the density across each gap, with a few special-function values as anchors and
checks (``cdf_ascending``). Exact to ~1e-12 (tests/experiments/test_exp_walk.py).
"""

from __future__ import annotations

import numpy as np

from .posteriors import Family, Real
from .quadrature import legendre

# Gauss-Legendre points per gap between neighbouring points in ``cdf_ascending``: gaps are at
# most ~1.3 of the arm's own scale, where 8 points integrate its density to ~1e-13.
WALK_NODES = 8
WALK_CHECK = 1e-12  # the largest error at a row's ends that the walk may show
WALK_GAP = 1.25  # the widest gap between neighbours, in sd of the arm's log rate
WALK_FROM = 4096  # fewer points (one analysis) cost less through the special function than the walk's set-up


def cdf_ascending(fam: Family, a: Real, b: Real, z: np.ndarray) -> np.ndarray:
    """CDF of each row's arm at points ascending along the row, (M, N); ``a``, ``b`` are (M, 1).

    Five incomplete beta or gamma calls per row instead of N (each costs 0.3-0.7 us): between
    them the density is integrated across each gap between neighbours (Gauss-Legendre in
    u = log z, where it is smooth), relative to its value at the mode, so its normalising
    constant (which loses digits for large a and b) is never needed: two anchors where the
    integrated mass reaches 1/4 and 3/4 fix the scale; the row's two ends and the point where
    the mass reaches 1/2 check the walk.
    Points at or below 0 and (Beta) above 1/2, where (1 - z)^(b - 1) may be singular, take the
    special function; so do all points of a call with few of them, and of rows that fail the check.
    """
    if z.size < WALK_FROM or z.shape[1] < 3:
        direct: np.ndarray = fam.cdf_x(a, b, z)
        return direct
    a, b = np.broadcast_to(a, (z.shape[0], 1)), np.broadcast_to(b, (z.shape[0], 1))
    # the walk runs between the row's first positive point and (Beta) 1/2; points outside get
    # the special function (0 at or below 0)
    top = 0.5 if fam.bounded else np.inf
    floor = np.where(z > 0, z, np.inf).min(axis=1, keepdims=True)
    walk = np.isfinite(floor[:, 0]) & (floor[:, 0] < top) & np.isfinite(z[:, -1])
    zw = np.clip(z[walk], floor[walk], top)
    # every gap at most WALK_GAP sd of the arm's log rate, or the rule's error is not bounded
    gap = np.diff(np.log(zw), axis=1).max(axis=1)
    fine = gap <= WALK_GAP * np.sqrt(fam.log_cumulants(a[walk, 0], b[walk, 0])[1])
    walk[np.flatnonzero(walk)[~fine]] = False
    zw = zw[fine]
    out = np.empty_like(z)
    if walk.any():
        walked, ok = _walk(fam, a[walk], b[walk], zw)
        raw = z[walk]
        outside = (raw <= 0) | (raw > top)
        if outside.any():
            walked[outside] = fam.cdf_x(np.broadcast_to(a[walk], raw.shape)[outside],
                                        np.broadcast_to(b[walk], raw.shape)[outside], raw[outside])
        rows = np.flatnonzero(walk)
        out[rows[ok]] = walked[ok]
        walk[rows[~ok]] = False
    if not walk.all():
        out[~walk] = fam.cdf_x(a[~walk], b[~walk], z[~walk])
    return out


def _walk(fam: Family, a: np.ndarray, b: np.ndarray, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    rows, last = np.arange(z.shape[0]), z.shape[1] - 1
    ref = np.clip(fam.mode_log(a, b), z[:, :1], z[:, -1:])  # the density's peak on the row
    u = np.log(z / ref)
    xi, wi = legendre(WALK_NODES)
    half = 0.5 * np.diff(u, axis=1)
    centre = u[:, :-1] + half
    gaps = np.zeros_like(half)
    with np.errstate(under="ignore"):
        for x, w in zip(xi, wi, strict=True):
            gaps += w * np.exp(fam.log_density_step(a, b, ref, centre + half * x))
    steps = np.concatenate([np.zeros_like(gaps[:, :1]), np.cumsum(gaps * half, axis=1)], axis=1)
    total = steps[:, -1:]
    lo = np.maximum((steps < 0.25 * total).sum(axis=1) - 1, 0)
    hi = np.minimum((steps <= 0.75 * total).sum(axis=1), last)
    hi = np.where(hi > lo, hi, np.minimum(lo + 1, last))
    # the point between the anchors (if any) whose mass is nearest half way: a badly integrated gap
    # between them shows there at least min(f, 1 - f) of its error, and at no point more than all of it
    cols = np.arange(z.shape[1])
    inside = (cols > lo[:, None]) & (cols < hi[:, None])
    mid = np.where(inside.any(axis=1), np.argmin(np.where(inside, np.abs(steps - 0.5 * total), np.inf), axis=1), lo)
    checks = np.stack([np.zeros_like(lo), mid, np.full_like(lo, last)], axis=1)  # the ends and between the anchors
    exact = fam.cdf_x(a, b, np.concatenate([z[rows, lo][:, None], z[rows, hi][:, None], np.take_along_axis(z, checks, 1)], 1))
    span = steps[rows, hi] - steps[rows, lo]
    scale = np.where(span > 0, (exact[:, 1] - exact[:, 0]) / np.where(span > 0, span, 1.0), 0.0)
    cdf = exact[:, :1] + (steps - steps[rows, lo][:, None]) * scale[:, None]
    # a badly integrated gap shows at an end beyond the anchors, or at the midpoint between them
    ok = (np.abs(np.take_along_axis(cdf, checks, 1) - exact[:, 2:]) <= WALK_CHECK).all(axis=1)
    np.put_along_axis(cdf, checks, exact[:, 2:], axis=1)
    return np.clip(cdf, 0.0, 1.0), ok
