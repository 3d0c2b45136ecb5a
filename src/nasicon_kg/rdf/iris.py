"""Deterministic IRIs from normalised keys (never from raw text, never blank nodes).

The same paper, material or fact always gets the same IRI, so re-running the
pipeline yields the same graph and "LATP" merges across papers.
"""
from __future__ import annotations

import hashlib
import re
from urllib.parse import quote

from rdflib import URIRef

from ..model import Document
from ..ontology import BASE, RES

GRAPH_BASE = BASE + "graph/"


def _digest(*parts: object, length: int = 16) -> str:
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def normalise_doi(doi: str) -> str:
    doi = doi.strip()
    doi = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", doi, flags=re.I)
    return doi.rstrip(".,;)").lower()


def paper_key(document: Document) -> str:
    """``doi/<doi>`` when the paper has a DOI, else ``sha256/<first 16 hex of the file hash>``."""
    if document.metadata.doi:
        return "doi/" + quote(normalise_doi(document.metadata.doi), safe="/-._~()")
    return "sha256/" + (document.source_sha256 or _digest(document.text, length=64))[:16]


def paper_iri_for_doi(doi: str) -> URIRef:
    return RES["paper/doi/" + quote(normalise_doi(doi), safe="/-._~()")]


def paper_iri(document: Document) -> URIRef:
    return RES["paper/" + paper_key(document)]


def graph_iri(document: Document) -> URIRef:
    return URIRef(GRAPH_BASE + paper_key(document))


def reference_iri(paper: URIRef, number: int) -> URIRef:
    return URIRef(f"{paper}/ref/{number}")


def material_iri(key: str) -> URIRef:
    return RES["material/" + quote(key, safe="-._~()")]


def agent_iri(name: str) -> URIRef:
    """An author or group of authors, keyed by the name case-folded with its spaces and dots collapsed
    ("X. Hao" and "X Hao" are one agent; names are not disambiguated further)."""
    key = re.sub(r"[\s.]+", " ", name).strip().casefold()
    return RES["agent/" + _digest(key)]


def minted(kind: str, *parts: object) -> URIRef:
    """An IRI for a fact-level node (strategy, test, quantity value, evidence...)."""
    return RES[f"{kind}/{_digest(*parts)}"]


def run_iri(version: str) -> URIRef:
    return RES["run/nasicon-kg-" + quote(version, safe="-._~")]
