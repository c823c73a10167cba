"""Compare a probe value with an expectation from tests/expectations.toml."""

from __future__ import annotations

import math
from typing import Any


def mismatch(value: Any, expected: Any, standin: bool = False) -> str | None:
    """Why `value` does not meet `expected`, or None when it does.

    `expected` is an exact value, or a band: {approx, abs, rel} or {min, max}, optionally with a
    `standin` band used instead when the chapter ran on stand-in data.
    """
    if isinstance(expected, dict) and ({"approx", "min", "max", "standin"} & set(expected)):
        band = expected.get("standin", expected) if standin else expected
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return f"expected a number, got {value!r}"
        if "approx" in band:
            tolerance = max(band.get("abs", 0.0), band.get("rel", 0.0) * abs(band["approx"]))
            if not math.isclose(value, band["approx"], rel_tol=0, abs_tol=tolerance or 1e-12):
                return f"{value!r} is not within {tolerance} of {band['approx']}"
        if "min" in band and value < band["min"]:
            return f"{value!r} is below the minimum {band['min']}"
        if "max" in band and value > band["max"]:
            return f"{value!r} is above the maximum {band['max']}"
        return None
    if value != expected:
        return f"{value!r} != expected {expected!r}"
    return None
