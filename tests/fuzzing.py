"""Feeding hypothesis-generated inputs to a check that collects failures instead of raising
(the fuzz suites of the readers and of the endpoint)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

__all__ = ["run_generated"]


def run_generated(strategy: st.SearchStrategy[Any], examples: int, check: Callable[[Any], None]) -> None:
    """Feed ``examples`` derandomized hypothesis examples to ``check`` (no shrinking: failures
    are collected, not raised)."""
    @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(strategy)
    def run(value: Any) -> None:
        check(value)

    run()
