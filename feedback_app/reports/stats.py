"""Uncertainty for survey results: confidence intervals and how many responses are enough.

Councils asked what a good sample size is. The answers here are the standard ones for a simple
random sample: the Wilson score interval for a proportion (it behaves at 0%, 100% and small
samples, where the textbook normal interval gives nonsense such as negative percentages), and
the sample size for a chosen margin of error with the finite population correction, the
population being the council's completed enquiries in the period.
"""
from __future__ import annotations

import math

from math import sqrt
from statistics import NormalDist

Z_95 = 1.959964


def z_for(confidence: float) -> float:
    """The two-sided standard normal quantile for a confidence level (1.959964 for 95%)."""
    if not 0 < confidence < 1:
        raise ValueError(f"A confidence level lies between 0 and 1, not {confidence!r}.")
    if confidence == 0.95:
        return Z_95
    return NormalDist().inv_cdf((1 + confidence) / 2)


def wilson_interval(successes: int, n: int, confidence: float = 0.95) -> tuple[float, float] | None:
    """The Wilson score interval (low, high) for successes out of n, or None when n is 0."""
    if n < 0 or not 0 <= successes <= n:
        raise ValueError(f"Need 0 <= successes <= n, got {successes} out of {n}.")
    if n == 0:
        return None
    z = z_for(confidence)
    p = successes / n
    z2_n = z * z / n
    centre = (p + z2_n / 2) / (1 + z2_n)
    half_width = z / (1 + z2_n) * sqrt(p * (1 - p) / n + z2_n / (4 * n))
    # At 0 and n the bound is exactly 0 or 1; floating point would stray a hair either side.
    low = 0.0 if successes == 0 else max(0.0, centre - half_width)
    high = 1.0 if successes == n else min(1.0, centre + half_width)
    return low, high


def _check_population(population: int | None) -> None:
    if population is not None and population < 1:
        raise ValueError(f"A population has at least one member, not {population!r}.")


def margin_of_error(n: int, population: int | None = None, confidence: float = 0.95,
                    p: float = 0.5) -> float | None:
    """Half the width of the normal confidence interval for a proportion p from n responses;
    with a population, the finite population correction applies (0 when everyone answered)."""
    _check_population(population)
    if n < 0:
        raise ValueError(f"A number of responses is at least 0, not {n!r}.")
    if n == 0:
        return None
    margin = z_for(confidence) * sqrt(p * (1 - p) / n)
    if population is not None:
        if n >= population:
            return 0.0
        margin *= sqrt((population - n) / (population - 1))
    return margin


def responses_needed(margin: float, population: int | None = None, confidence: float = 0.95,
                     p: float = 0.5) -> int:
    """Responses needed for a margin of error (0.05 for plus or minus 5 points).

    p = 0.5 is the cautious choice: it needs the most responses. The result is rounded up, so
    that the margin asked for is always reached (385 for a large population, 278 of 1,000).
    """
    if not 0 < margin < 1:
        raise ValueError(f"A margin of error lies between 0 and 1, not {margin!r}.")
    if not 0 < p < 1:
        raise ValueError(f"An expected proportion lies between 0 and 1, not {p!r}.")
    _check_population(population)
    needed = z_for(confidence) ** 2 * p * (1 - p) / margin ** 2
    if population is not None:
        # The same correction as margin_of_error's, solved for n.
        needed = needed / (1 + (needed - 1) / population)
    # A hair of floating-point error must not add a whole response.
    whole = math.ceil(needed - 1e-9)
    return max(1, whole if population is None else min(whole, population))
