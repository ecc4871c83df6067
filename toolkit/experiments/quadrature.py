"""Where to put quadrature nodes so every arm's posterior mass is integrated to ~1e-10 or better.

Each arm gets a window in t (see ``posteriors``) that leaves less than ``TAIL_EPS`` of its mass
outside on either side, cut into panels that are narrow near its mode and widen in its tails;
each panel gets a fixed Gauss-Legendre rule.
Arms of very different widths (10 million impressions against 200) each keep panels sized for
their own posterior, so a narrow arm is never lost between the nodes of a wide one.
"""

from __future__ import annotations

import numpy as np

from .posteriors import Family, Real

TAIL_EPS = 1e-13
NODES = 8  # Gauss-Legendre nodes per panel

# Panel edges on each side of the mode, in units of the curvature scale: CORE wide in the
# Gaussian core, then growing by ~1.4 as the density falls off, so the exponential tails of
# zero-success or tiny-prior posteriors (30+ scales long) cost a few panels, not dozens.
CORE = 2.0
_OFFSETS = CORE * np.concatenate([[1.0, 2.0, 3.0], 3.0 * 1.42 ** np.arange(1, 22)])


def arm_breaks(fam: Family, a: Real, b: Real, eps: float = TAIL_EPS) -> np.ndarray:
    """Panel edges of each arm's own rule, shape (..., 2J + 1), from lo through the mode to hi.

    Each side stops at the first offset beyond which at most ``eps`` of the mass lies. A
    log-concave density lies under its tangent exponential, so the mass beyond t0 is at most
    f(t0) / |d log f / dt (t0)|: a rigorous bound that needs no incomplete-beta inverse.
    J is the most panels any side of any arm here needs; sides that need fewer get zero-width
    panels (their weights are 0), which keeps the shape rectangular for batches.
    """
    a = np.asarray(a, float)[..., None]
    b = np.asarray(b, float)[..., None]
    mode, scale = fam.mode_t(a, b), fam.scale_t(a, b)
    sides = np.concatenate([-_OFFSETS, _OFFSETS])  # both sides in one evaluation
    t = mode + scale * sides
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        bound = fam.logpdf_t(a, b, t) - np.log(-np.sign(sides) * fam.dlogpdf_t(a, b, t))
    n = len(_OFFSETS)
    log_eps = np.log(eps)
    end_left, end_right = _first_below(bound[..., :n], log_eps), _first_below(bound[..., n:], log_eps)
    J = int(max(end_left.max(), end_right.max())) + 1
    u = _OFFSETS[:J]
    u_left = np.minimum(u, _OFFSETS[end_left][..., None])
    u_right = np.minimum(u, _OFFSETS[end_right][..., None])
    edges: np.ndarray = np.concatenate([(mode - scale * u_left)[..., ::-1], mode, mode + scale * u_right], axis=-1)
    return edges


def _first_below(bounds: np.ndarray, level: float) -> np.ndarray:
    ok = bounds < level
    ok[..., -1] = True  # the farthest offset (thousands of scales out) is always safe enough
    first: np.ndarray = ok.argmax(axis=-1)
    return first


def union_breaks(fam: Family, a: Real, b: Real) -> np.ndarray:
    """Panel edges for E experiments of k arms, shape (E, B): every arm's own edges, merged."""
    edges = arm_breaks(fam, a, b)
    return np.sort(edges.reshape(edges.shape[0], -1), axis=1)


_GL_CACHE: dict[int, tuple[np.ndarray, np.ndarray]] = {}


def _legendre(nodes: int) -> tuple[np.ndarray, np.ndarray]:
    if nodes not in _GL_CACHE:
        _GL_CACHE[nodes] = np.polynomial.legendre.leggauss(nodes)
    return _GL_CACHE[nodes]


def gauss_legendre(breaks: np.ndarray, nodes: int = NODES) -> tuple[np.ndarray, np.ndarray]:
    """Nodes and weights, each (E, (B - 1) * nodes), of a panelled Gauss-Legendre rule."""
    xi, wi = _legendre(nodes)
    half = 0.5 * np.diff(breaks, axis=-1)[..., None]
    mid = 0.5 * (breaks[..., 1:] + breaks[..., :-1])[..., None]
    t = (mid + half * xi).reshape(breaks.shape[0], -1)
    w = (half * wi).reshape(breaks.shape[0], -1)
    return t, w


# Near-normal arms (smaller shape parameter above a tier's floor) get a Gauss-Hermite rule centred
# on the mode instead of the panels: as exact for the smooth integrands of ``bayes`` and ``lift``
# (within ~3e-10 of the panelled rule, tests/experiments/test_exp_speed_paths.py) with a third
# of the nodes, and each node costs an incomplete beta or gamma function.
HERMITE_TIERS = ((200.0, 20), (12.0, 24), (6.0, 32))  # (shape above, nodes), most normal first
_HERMITE = {n: np.polynomial.hermite_e.hermegauss(n) for _, n in HERMITE_TIERS}


def hermite_nodes(fam: Family, a: Real, b: Real) -> np.ndarray:
    """How many Gauss-Hermite nodes each arm's rule needs; 0 for arms that keep the panels."""
    shapes = np.minimum(a, b) if fam.bounded else np.asarray(a, float)
    nodes = np.zeros(np.shape(shapes), dtype=int)
    for floor, n in reversed(HERMITE_TIERS):
        nodes[shapes > floor] = n
    return nodes


def hermite_rule(fam: Family, a: Real, b: Real, nodes: int) -> tuple[np.ndarray, np.ndarray]:
    """``nodes``-point Gauss-Hermite rule in t about each arm's mode, on its curvature scale."""
    u, wu = _HERMITE[nodes]
    mode, scale = fam.mode_t(a, b)[:, None], fam.scale_t(a, b)[:, None]
    return mode + scale * u, scale * (wu * np.exp(0.5 * u * u))


def rule_groups(
    fam: Family, a: Real, b: Real, breaks: np.ndarray | None = None
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Each arm's own rule, Hermite or panelled, as (rows, t, w) groups of equal width: no node is
    spent on padding. ``breaks`` are the arms' panel edges when the caller has them already."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    nodes = hermite_nodes(fam, a, b)
    groups = []
    for n in sorted(set(nodes.tolist())):
        rows = np.flatnonzero(nodes == n)
        if n:
            t, w = hermite_rule(fam, a[rows], b[rows], int(n))
        else:
            t, w = gauss_legendre(arm_breaks(fam, a[rows], b[rows]) if breaks is None else breaks[rows])
        groups.append((rows, t, w))
    return groups


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
        zw = z[walk]
        outside = (zw <= 0) | (zw > top)
        if outside.any():
            walked[outside] = fam.cdf_x(np.broadcast_to(a[walk], zw.shape)[outside],
                                        np.broadcast_to(b[walk], zw.shape)[outside], zw[outside])
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
    xi, wi = _legendre(WALK_NODES)
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
