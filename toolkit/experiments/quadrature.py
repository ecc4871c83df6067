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


def legendre(nodes: int) -> tuple[np.ndarray, np.ndarray]:
    """Gauss-Legendre nodes and weights on [-1, 1], computed once per size."""
    if nodes not in _GL_CACHE:
        _GL_CACHE[nodes] = np.polynomial.legendre.leggauss(nodes)
    return _GL_CACHE[nodes]


def gauss_legendre(breaks: np.ndarray, nodes: int = NODES) -> tuple[np.ndarray, np.ndarray]:
    """Nodes and weights, each (E, (B - 1) * nodes), of a panelled Gauss-Legendre rule."""
    xi, wi = legendre(nodes)
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
