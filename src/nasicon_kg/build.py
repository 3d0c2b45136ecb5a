"""Library entry points: read + extract + write a paper, add many, remove one, build a corpus.

The CLI calls these and nothing else does I/O on the store. A bad paper raises a
:class:`~nasicon_kg.errors.NasiconKGError` before anything is written, so the store
keeps what it had.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .errors import NasiconKGError, StoreError
from .lexicon import Lexicon, load_lexicon
from .model import Document, Fact
from .readers import DEFAULT_MAX_BYTES, is_supported, read_document
from .rdf import iris
from .store import KGStore


@dataclass(frozen=True)
class AddResult:
    path: str
    status: str  # "added" | "replaced" | "unchanged" | "failed"
    graph: str = ""
    title: str = ""
    facts: int = 0
    triples: int = 0
    error: str = ""


def extract_document(path: str | Path, *, sources: str = "all", lexicon: Lexicon | None = None,
                     max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[Document, list[Fact]]:
    from .extract import extract_facts

    document = read_document(path, max_bytes=max_bytes)
    return document, extract_facts(document, sources=sources, lexicon=lexicon)  # type: ignore[arg-type]


def add_paper(store: KGStore, path: str | Path, *, force: bool = False, sources: str = "all",
              lexicon: Lexicon | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> AddResult:
    """Add (or replace) one paper's named graph. Same file again -> "unchanged", nothing written."""
    from .rdf.mapping import facts_to_graph, now

    lexicon = lexicon or load_lexicon()
    store.ensure_ontology()
    document = read_document(path, max_bytes=max_bytes)
    graph_name = str(iris.graph_iri(document))
    previous = store.paper_hash(graph_name)
    if previous == document.source_sha256 and not force:
        return AddResult(str(path), "unchanged", graph_name, document.metadata.title)
    from .extract import extract_facts

    facts = extract_facts(document, sources=sources, lexicon=lexicon)  # type: ignore[arg-type]
    graph = facts_to_graph(document, facts, lexicon, version=__version__, added=now())
    triples = store.replace_graph(graph_name, graph)
    return AddResult(str(path), "replaced" if previous else "added", graph_name,
                     document.metadata.title, len(facts), triples)


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; a directory gives every supported file in it (sorted, not recursive)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.iterdir() if is_supported(f)))
        else:
            out.append(p)
    return out


def add_papers(store: KGStore, paths: Iterable[str | Path], *, force: bool = False,
               sources: str = "all", max_bytes: int = DEFAULT_MAX_BYTES,
               progress: Callable[[Path], None] | None = None) -> list[AddResult]:
    """Add several papers; a bad one is reported and skipped, the rest go in."""
    lexicon = load_lexicon()
    results = []
    for path in expand_paths(paths):
        try:
            results.append(add_paper(store, path, force=force, sources=sources, lexicon=lexicon,
                                     max_bytes=max_bytes))
        except NasiconKGError as exc:
            results.append(AddResult(str(path), "failed", error=str(exc)))
        if progress:
            progress(path)
    return results


def resolve_paper(store: KGStore, ident: str) -> str | None:
    """The graph IRI of a paper named by DOI, graph or paper IRI, or source file."""
    from .readers import read_document as _read

    entries = store.papers()
    wanted = ident.strip()
    doi = iris.normalise_doi(wanted)
    for e in entries:
        if wanted in (e.graph, e.paper) or (e.doi and e.doi.lower() == doi) or (
                e.source and Path(e.source).resolve() == Path(wanted).resolve()):
            return e.graph
    path = Path(wanted)
    if path.is_file():
        try:
            return str(iris.graph_iri(_read(path)))
        except NasiconKGError:
            return None
    return None


def remove_paper(store: KGStore, ident: str) -> str:
    graph = resolve_paper(store, ident)
    if graph is None or not store.remove_graph(graph):
        raise StoreError(f"no paper matching {ident!r} in the store (see 'nasicon-kg list')")
    return graph


def prepare_extraction() -> Lexicon:
    """Load the lexicon and build the spaCy pipeline now (both are cached), so that a writer that
    opens the store afterwards holds its lock for the papers' work only, not for the start-up."""
    from .nlp.pipeline import build_nlp

    lexicon = load_lexicon()
    build_nlp(lexicon)
    return lexicon
