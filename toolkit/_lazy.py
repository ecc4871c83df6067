"""Package names imported on first use (PEP 562).

A package ``__init__`` that imported its whole surface would make every import of any of its
modules pay for all of them: opening a database would load the OpenAI SDK and scipy, because the
migrations live in those packages. Lazy names keep ``import toolkit.x.y`` as cheap as ``y``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def lazy_exports(package: str, homes: Mapping[str, tuple[str, ...]]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for PACKAGE that imports each name of ``homes[".module"]`` from that
    submodule when it is first used."""
    home_of = {name: module for module, names in homes.items() for name in names}

    def __getattr__(name: str) -> Any:
        if name not in home_of:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(import_module(home_of[name], package), name)

    return __getattr__
