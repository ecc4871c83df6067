"""Where to put quadrature nodes so every arm's posterior mass is integrated to ~1e-12.

Each arm gets a window in t (see ``posteriors``) that leaves less than ``TAIL_EPS`` of its mass
outside on either side, split into equal panels; each panel gets a fixed Gauss-Legendre rule.
Arms of very different widths (10 million impressions against 200) each keep panels sized for
their own posterior, so a narrow arm is never lost between the nodes of a wide one.
"""

from __future__ import annotations

import numpy as np

TAIL_EPS = 1e-13
NODES = 8  # Gauss-Legendre nodes per panel

# Distances from the mode, in units of the curvature scale, tried when looking for a tail cut.
# Geometric so exponential tails (rate a = 1 for zero successes: ~30 units) and Gaussian ones
# (~7 units) are both found without a root finder.
_STEPS = 3.0 * 1.3 ** np.arange(28)


def windows(fam, a, b, eps: float = TAIL_EPS) -> tuple[np.ndarray, np.ndarray]:
    """Per arm (lo, hi) in t with at most ``eps`` of the posterior mass beyond each end.

    A log-concave density lies under its tangent exponential, so the mass beyond t0 is at most
    f(t0) / |d log f / dt (t0)|: a rigorous bound that needs no incomplete-beta inverse.
    """
    a = np.asarray(a, float)[..., None]
    b = np.asarray(b, float)[..., None]
    mode = fam.mode_t(a, b)
    scale = fam.scale_t(a, b)
    log_eps = np.log(eps)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        left = mode - scale * _STEPS
        bound_left = fam.logpdf_t(a, b, left) - np.log(fam.dlogpdf_t(a, b, left))
        right = mode + scale * _STEPS
        bound_right = fam.logpdf_t(a, b, right) - np.log(-fam.dlogpdf_t(a, b, right))
    return _first_below(left, bound_left, log_eps), _first_below(right, bound_right, log_eps)


def _first_below(points: np.ndarray, bounds: np.ndarray, level: float) -> np.ndarray:
    ok = bounds < level
    ok[..., -1] = True  # the farthest candidate (thousands of scales out) is always safe enough
    idx = ok.argmax(axis=-1)
    return np.take_along_axis(points, idx[..., None], axis=-1)[..., 0]


# Panel edges on each side of the mode, in units of the curvature scale: ~1.5 wide in the
# Gaussian core, then growing by ~1.4 as the density falls off, so the exponential tails of
# zero-success or tiny-prior posteriors (30+ scales long) cost a few panels, not dozens.
_OFFSETS = np.array([1.5, 3.0, 4.5, 6.25, 8.5, 11.5, 16, 22, 30, 42, 60, 85, 120, 170, 240, 340,
                     480, 680, 960, 1360, 1920, 2720, 3840])


def arm_breaks(fam, a, b) -> np.ndarray:
    """Panel edges of each arm's own rule, shape (..., 2J + 1), from lo through the mode to hi.

    J is the most panels any side of any arm here needs; sides that need fewer get zero-width
    panels (harmless: their weights are 0), which keeps the shape rectangular for batches.
    """
    a = np.asarray(a, float)
    b = np.asarray(b, float)
    lo, hi = windows(fam, a, b)
    mode, scale = fam.mode_t(a, b), fam.scale_t(a, b)
    d_lo, d_hi = (mode - lo) / scale, (hi - mode) / scale
    need = 1 + np.searchsorted(_OFFSETS, max(d_lo.max(), d_hi.max()))
    u = _OFFSETS[: need - 1]
    left = mode[..., None] - scale[..., None] * np.minimum(u, d_lo[..., None])
    right = mode[..., None] + scale[..., None] * np.minimum(u, d_hi[..., None])
    return np.concatenate([lo[..., None], left[..., ::-1], mode[..., None], right, hi[..., None]], axis=-1)


def union_breaks(fam, a, b) -> np.ndarray:
    """Panel edges for E experiments of k arms, shape (E, B): every arm's own edges, merged."""
    edges = arm_breaks(fam, a, b)
    return np.sort(edges.reshape(edges.shape[0], -1), axis=1)


_GL_CACHE: dict[int, tuple[np.ndarray, np.ndarray]] = {}


def gauss_legendre(breaks: np.ndarray, nodes: int = NODES) -> tuple[np.ndarray, np.ndarray]:
    """Nodes and weights, each (E, (B - 1) * nodes), of a panelled Gauss-Legendre rule."""
    if nodes not in _GL_CACHE:
        _GL_CACHE[nodes] = np.polynomial.legendre.leggauss(nodes)
    xi, wi = _GL_CACHE[nodes]
    half = 0.5 * np.diff(breaks, axis=-1)[..., None]
    mid = 0.5 * (breaks[..., 1:] + breaks[..., :-1])[..., None]
    t = (mid + half * xi).reshape(breaks.shape[0], -1)
    w = (half * wi).reshape(breaks.shape[0], -1)
    return t, w


def arm_grid(fam, a, b, nodes: int = NODES) -> tuple[np.ndarray, np.ndarray]:
    """A rule over one arm's own window, for integrals against that arm's density: (M, N) each."""
    return gauss_legendre(arm_breaks(fam, a, b), nodes)
