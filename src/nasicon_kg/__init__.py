"""nasicon-kg: a knowledge graph of interface strategies for NASICON solid electrolytes."""
from __future__ import annotations

__version__ = "0.1.0"
