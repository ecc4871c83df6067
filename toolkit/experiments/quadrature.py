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
    left, right = mode - scale * _OFFSETS, mode + scale * _OFFSETS
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        bound_left = fam.logpdf_t(a, b, left) - np.log(fam.dlogpdf_t(a, b, left))
        bound_right = fam.logpdf_t(a, b, right) - np.log(-fam.dlogpdf_t(a, b, right))
    log_eps = np.log(eps)
    end_left, end_right = _first_below(bound_left, log_eps), _first_below(bound_right, log_eps)
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


def arm_grid(fam: Family, a: Real, b: Real, nodes: int = NODES) -> tuple[np.ndarray, np.ndarray]:
    """A rule over one arm's own window, for integrals against that arm's density: (M, N) each."""
    return gauss_legendre(arm_breaks(fam, a, b), nodes)
