"""Conjugate posteriors as plain numbers: Beta for rates, Gamma for counts per exposure.

The comparison code never works on the rate x itself but on an unbounded coordinate t
(logit x for Beta, log x for Gamma). In t both families have smooth, unimodal, log-concave
densities with exponential tails, whatever the parameters: zero successes, 100% conversion and
priors below 1 need no special cases, and a fixed Gauss-Legendre rule converges fast.

Pure numbers in, frozen numbers out; numpy and scipy only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, TypeAlias

import numpy as np
from scipy import special as sc

Real: TypeAlias = Any
"""A float or a numpy array of floats: the family functions broadcast, like the scipy ufuncs they call."""

BETA = "beta"
GAMMA = "gamma"


@dataclass(frozen=True)
class Prior:
    """Beta(alpha, beta) for rates; Gamma(shape=alpha, rate=beta) for counts per exposure."""

    alpha: float
    beta: float


UNIFORM = Prior(1.0, 1.0)  # Beta(1, 1): every rate equally likely before data
FLAT = Prior(1.0, 0.0)  # Gamma(1, 0): flat on the rate; proper once there is any exposure


def default_prior(family: str) -> Prior:
    return UNIFORM if family == BETA else FLAT


def prior_from_history(family: str, successes: float, trials: float, weight: float = 1.0) -> Prior:
    """A prior that counts past results as ``weight`` times as many observations.

    ``weight`` < 1 keeps a long history from drowning out the new test (0.1 = one tenth).
    """
    if successes < 0 or trials <= 0 or weight <= 0:
        raise ValueError("history needs successes >= 0, trials > 0 and weight > 0")
    if family == BETA:
        if successes > trials:
            raise ValueError("history successes cannot exceed trials for a rate")
        return Prior(1.0 + weight * successes, 1.0 + weight * (trials - successes))
    return Prior(1.0 + weight * successes, weight * trials)


@dataclass(frozen=True)
class Posterior:
    """Beta(a, b) on a rate in [0, 1], or Gamma(shape a, rate b) on a rate per unit exposure."""

    family: str
    a: float
    b: float

    @property
    def mean(self) -> float:
        return float(FAMILIES[self.family].mean(self.a, self.b))

    @property
    def sd(self) -> float:
        return float(np.sqrt(FAMILIES[self.family].var(self.a, self.b)))

    def quantile(self, q: float) -> float:
        return float(FAMILIES[self.family].quantile(self.a, self.b, q))


def beta_posterior(successes: float, trials: float, prior: Prior = UNIFORM) -> Posterior:
    """Posterior of a binomial rate (clicks per impression, conversions per click)."""
    return Posterior(BETA, prior.alpha + successes, prior.beta + trials - successes)


def gamma_posterior(count: float, exposure: float, prior: Prior = FLAT) -> Posterior:
    """Posterior of a Poisson rate per unit exposure (conversions per dollar, engagements per reach).

    One person can engage several times, so engagements per reach is a count, not a proportion.
    """
    return Posterior(GAMMA, prior.alpha + count, prior.beta + exposure)


def revenue_posterior(revenue: float, exposure: float, unit: float, prior: Prior = FLAT) -> Posterior:
    """Posterior of revenue per unit exposure when only the totals are known.

    Revenue is a compound Poisson sum: conversions arrive as a Poisson process and each brings a
    value. With order values of mean v and coefficient of variation cv, Var(revenue) =
    (1 + cv^2) * v * E[revenue]. Counting revenue in units of ``unit`` = (1 + cv^2) * v turns it
    into an over-dispersed Poisson count with that variance (quasi-Poisson), whose conjugate
    posterior is a Gamma. ``unit`` comes from ``revenue_unit``.
    """
    effective = revenue / unit
    return Posterior(GAMMA, prior.alpha + effective, (prior.beta + exposure) / unit)


def revenue_unit(revenue: float, conversions: float, value_cv: float) -> float:
    """The quasi-Poisson unit (1 + cv^2) * mean order value; 0 when there are no conversions."""
    if conversions <= 0 or revenue <= 0:
        return 0.0
    return (1.0 + value_cv**2) * revenue / conversions


# Bernoulli numbers B_2, B_4, ..., B_16, for the asymptotic series of the polygamma functions
_BERNOULLI = (1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510)
_ASYMPTOTIC_FROM = 12.0  # at and above, the series' first omitted term is under 1e-16 of the sum


def _polygamma(n: int, a: Real) -> Real:
    """psi^(n)(a) for n >= 1: the asymptotic series where a >= 12, the Hurwitz zeta below.

    Arms of an ad test have shapes in the hundreds to millions, where the series costs a few
    multiplications and ``scipy.special.zeta`` costs ~0.3 us an element.
    """
    x = np.asarray(a, dtype=float)
    sign = (-1.0) ** (n + 1)
    if x.size < 64:  # one analysis: one call beats the masks
        return sign * math.factorial(n) * sc.zeta(n + 1.0, x)
    out = np.empty_like(x)
    large = x >= _ASYMPTOTIC_FROM
    if not large.all():
        out[~large] = sign * math.factorial(n) * sc.zeta(n + 1.0, x[~large])
    if large.any():
        inv = 1.0 / x[large]
        inv2 = inv * inv
        series = np.zeros_like(inv)
        for k in range(len(_BERNOULLI), 0, -1):
            series = (series + _BERNOULLI[k - 1] * math.factorial(2 * k + n - 1) / math.factorial(2 * k)) * inv2
        out[large] = sign * inv**n * (math.factorial(n - 1) + math.factorial(n) * 0.5 * inv + series)
    return out if out.ndim else float(out)


def _trigamma(a: Real) -> Real:
    return _polygamma(1, a)


def _tetragamma(a: Real) -> Real:
    return _polygamma(2, a)


def _pentagamma(a: Real) -> Real:
    return _polygamma(3, a)


class _Beta:
    """Beta(a, b) seen through t = logit(x)."""

    bounded = True

    @staticmethod
    def t_of_x(x: Real) -> Real:
        return sc.logit(x)

    @staticmethod
    def x_of_t(t: Real) -> Real:
        return sc.expit(t)

    @staticmethod
    def logpdf_t(a: Real, b: Real, t: Real) -> Real:
        # density of t includes the Jacobian dx/dt = x(1-x); log_expit keeps both tails exact
        return a * sc.log_expit(t) + b * sc.log_expit(-t) - sc.betaln(a, b)

    @staticmethod
    def dlogpdf_t(a: Real, b: Real, t: Real) -> Real:
        return a * sc.expit(-t) - b * sc.expit(t)

    @staticmethod
    def cdf_t(a: Real, b: Real, t: Real) -> Real:
        return sc.betainc(a, b, sc.expit(t))

    @staticmethod
    def mode_t(a: Real, b: Real) -> Real:
        return np.log(a) - np.log(b)

    @staticmethod
    def scale_t(a: Real, b: Real) -> Real:
        return np.sqrt((a + b) / (a * b))  # 1 / sqrt(-d2 logpdf_t) at the mode

    @staticmethod
    def log_norm(a: Real, b: Real) -> Real:
        """log of the density's normalising constant (per arm: hoisted out of node loops)."""
        return sc.betaln(a, b)

    @staticmethod
    def logpdf_x(a: Real, b: Real, x: Real, log_norm: Real = None) -> Real:
        inside = (x > 0) & (x < 1)
        xs = np.where(inside, x, 0.5)
        norm = sc.betaln(a, b) if log_norm is None else log_norm
        out = (a - 1) * np.log(xs) + (b - 1) * np.log1p(-xs) - norm
        return np.where(inside, out, -np.inf)

    @staticmethod
    def mode_log(a: Real, b: Real) -> Real:
        """The rate at the peak of the density of log x (x^a (1 - x)^(b - 1)); 1 when b <= 1."""
        return np.where(b > 1, a / (a + b - 1), 1.0)

    @staticmethod
    def log_density_step(a: Real, b: Real, x: Real, d: Real) -> Real:
        """log f(log x + d) - log f(log x) for the density f of log x: smooth in d while x e^d < 1,
        and written so that nothing large cancels, however large a and b are."""
        return a * d + (b - 1) * np.log1p(-x * np.expm1(d) / (1 - x))

    @staticmethod
    def x_dlogpdf_x(a: Real, b: Real, x: Real) -> Real:
        """x * d log f / dx: finite at x = 0 whatever a is."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return (a - 1) - (b - 1) * x / (1 - x)

    @staticmethod
    def cdf_x(a: Real, b: Real, x: Real) -> Real:
        return sc.betainc(a, b, np.clip(x, 0.0, 1.0))

    @staticmethod
    def mean(a: Real, b: Real) -> Real:
        return a / (a + b)

    @staticmethod
    def var(a: Real, b: Real) -> Real:
        n = a + b
        return a * b / (n * n * (n + 1))

    @staticmethod
    def skew(a: Real, b: Real) -> Real:
        return 2 * (b - a) * np.sqrt(a + b + 1) / ((a + b + 2) * np.sqrt(a * b))

    @staticmethod
    def kurt(a: Real, b: Real) -> Real:
        """Excess kurtosis."""
        n = a + b
        return 6 * ((a - b) ** 2 * (n + 1) - a * b * (n + 2)) / (a * b * (n + 2) * (n + 3))

    @staticmethod
    def log_cumulant4(a: Real, b: Real) -> Real:
        """Fourth cumulant of log x."""
        return _pentagamma(a) - _pentagamma(a + b)

    @staticmethod
    def log_cumulants(a: Real, b: Real) -> Real:
        """Mean, variance and third cumulant of log x (exact: digamma and its derivatives)."""
        return (
            sc.digamma(a) - sc.digamma(a + b),
            _trigamma(a) - _trigamma(a + b),
            _tetragamma(a) - _tetragamma(a + b),
        )

    @staticmethod
    def t_cumulants(a: Real, b: Real) -> Real:
        """Mean, variance and third cumulant of t = logit x."""
        return (
            sc.digamma(a) - sc.digamma(b),
            _trigamma(a) + _trigamma(b),
            _tetragamma(a) - _tetragamma(b),
        )

    @staticmethod
    def t_cumulant4(a: Real, b: Real) -> Real:
        """Fourth cumulant of t = logit x."""
        return _pentagamma(a) + _pentagamma(b)

    @staticmethod
    def quantile(a: Real, b: Real, q: Real) -> Real:
        return sc.betaincinv(a, b, q)


class _Gamma:
    """Gamma(shape a, rate b) seen through t = log(x)."""

    bounded = False

    @staticmethod
    def t_of_x(x: Real) -> Real:
        return np.log(x)

    @staticmethod
    def x_of_t(t: Real) -> Real:
        return np.exp(t)

    @staticmethod
    def logpdf_t(a: Real, b: Real, t: Real) -> Real:
        return a * t - b * np.exp(t) + a * np.log(b) - sc.gammaln(a)

    @staticmethod
    def dlogpdf_t(a: Real, b: Real, t: Real) -> Real:
        return a - b * np.exp(t)

    @staticmethod
    def cdf_t(a: Real, b: Real, t: Real) -> Real:
        return sc.gammainc(a, b * np.exp(t))

    @staticmethod
    def mode_t(a: Real, b: Real) -> Real:
        return np.log(a) - np.log(b)

    @staticmethod
    def scale_t(a: Real, b: Real) -> Real:
        return 1.0 / np.sqrt(a)

    @staticmethod
    def log_norm(a: Real, b: Real) -> Real:
        return sc.gammaln(a) - a * np.log(b)

    @staticmethod
    def logpdf_x(a: Real, b: Real, x: Real, log_norm: Real = None) -> Real:
        inside = x > 0
        xs = np.where(inside, x, 1.0)
        norm = sc.gammaln(a) - a * np.log(b) if log_norm is None else log_norm
        out = (a - 1) * np.log(xs) - b * xs - norm
        return np.where(inside, out, -np.inf)

    @staticmethod
    def mode_log(a: Real, b: Real) -> Real:
        """The rate at the peak of the density of log x."""
        return a / b

    @staticmethod
    def log_density_step(a: Real, b: Real, x: Real, d: Real) -> Real:
        """log f(log x + d) - log f(log x) for the density f of log x (entire in d)."""
        return a * d - b * x * np.expm1(d)

    @staticmethod
    def x_dlogpdf_x(a: Real, b: Real, x: Real) -> Real:
        return (a - 1) - b * x

    @staticmethod
    def cdf_x(a: Real, b: Real, x: Real) -> Real:
        return sc.gammainc(a, b * np.maximum(x, 0.0))

    @staticmethod
    def mean(a: Real, b: Real) -> Real:
        return a / b

    @staticmethod
    def var(a: Real, b: Real) -> Real:
        return a / (b * b)

    @staticmethod
    def skew(a: Real, b: Real) -> Real:
        return 2 / np.sqrt(a) + 0 * b

    @staticmethod
    def kurt(a: Real, b: Real) -> Real:
        return 6 / a + 0 * b

    @staticmethod
    def log_cumulant4(a: Real, b: Real) -> Real:
        return _pentagamma(a) + 0 * b

    @staticmethod
    def log_cumulants(a: Real, b: Real) -> Real:
        return sc.digamma(a) - np.log(b), _trigamma(a) + 0 * b, _tetragamma(a) + 0 * b

    @staticmethod
    def t_cumulants(a: Real, b: Real) -> Real:
        """Mean, variance and third cumulant of t = log x."""
        return sc.digamma(a) - np.log(b), _trigamma(a) + 0 * b, _tetragamma(a) + 0 * b

    @staticmethod
    def t_cumulant4(a: Real, b: Real) -> Real:
        return _pentagamma(a) + 0 * b

    @staticmethod
    def quantile(a: Real, b: Real, q: Real) -> Real:
        return sc.gammaincinv(a, q) / b


Family: TypeAlias = type[_Beta] | type[_Gamma]
FAMILIES: dict[str, Family] = {BETA: _Beta, GAMMA: _Gamma}
