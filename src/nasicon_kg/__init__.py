"""nasicon-kg: a knowledge graph of interface strategies for NASICON solid electrolytes.

The Python API (docs/api.md): ``import nasicon_kg as nkg; kg = nkg.open("kg");
kg.query("strategies").to_pandas()``, and ``nkg.extract_paper("paper.pdf")`` for a paper's facts.
Its names are imported on first use, so ``import nasicon_kg`` stays light.
"""
from __future__ import annotations

__version__ = "0.1.0"

_API = ("open", "extract_paper", "KG", "Results")
__all__ = ["__version__", *_API]


def __getattr__(name: str):
    if name in _API:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'nasicon_kg' has no attribute {name!r}")
