"""Library entry points: read + extract + write a paper, add many, remove one, build a corpus.

The CLI calls these and nothing else does I/O on the store. A bad paper raises a
:class:`~nasicon_kg.errors.NasiconKGError` before anything is written, so the store
keeps what it had. A paper that reads but whose extraction fails is stored without facts, its
``nkg:extractionStatus`` "failed" (an :class:`ExtractionFailedWarning` says so), so that ``list``
tells it from a paper in which extraction found nothing.

A file whose key (its own DOI) names a stored paper replaces it only when it reads as a new
version of it (:func:`not_a_new_version`); otherwise :func:`add_paper` refuses, unless forced.
"""
from __future__ import annotations

import hashlib
import re
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from . import __version__
from .budget import DEFAULT_TIMEOUT, TimeBudget
from .errors import ExtractionError, NasiconKGError, StoreError, TimeBudgetError, WouldReplaceError
from .lexicon import Lexicon, load_lexicon
from .model import Document, Fact
from .readers import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, DEFAULT_MAX_PAGES, is_supported, read_document
from .rdf import iris
from .store import KGStore, PaperEntry

#: A new version's normalised title is at least this similar to the stored one (difflib ratio).
TITLE_SIMILARITY = 0.8
#: A new version keeps at least this share of the stored text's length (an excerpt does not).
MIN_TEXT_SHARE = 0.5


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
                     max_bytes: int = DEFAULT_MAX_BYTES, max_pages: int = DEFAULT_MAX_PAGES,
                     max_chars: int = DEFAULT_MAX_CHARS,
                     timeout: float | None = DEFAULT_TIMEOUT) -> tuple[Document, list[Fact]]:
    """Read one paper and extract its facts, within ``timeout`` seconds (a
    :class:`~nasicon_kg.errors.TimeBudgetError` past it) and the reader's limits."""
    from .extract import extract_facts

    lexicon = _ready(lexicon, timeout)
    budget = TimeBudget(timeout, str(path))
    document = budget.run(read_document, path, max_bytes=max_bytes, max_pages=max_pages, max_chars=max_chars)
    return document, budget.run(extract_facts, document, sources=sources, lexicon=lexicon)


def _ready(lexicon: Lexicon | None, timeout: float | None) -> Lexicon:
    """The lexicon, with the spaCy pipeline built here when the work is to run in a child process
    (so that each child starts with it instead of building its own)."""
    lexicon = lexicon or load_lexicon()
    if timeout:
        from .nlp.pipeline import build_nlp

        build_nlp(lexicon)
    return lexicon


def add_paper(store: KGStore, path: str | Path, *, force: bool = False, sources: str = "all",
              lexicon: Lexicon | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
              max_pages: int = DEFAULT_MAX_PAGES, max_chars: int = DEFAULT_MAX_CHARS,
              timeout: float | None = DEFAULT_TIMEOUT) -> AddResult:
    """Add (or replace) one paper's named graph. Same file again -> "unchanged", nothing written.

    A file with a stored paper's DOI that is not a new version of it raises
    :class:`~nasicon_kg.errors.WouldReplaceError` before anything is extracted, unless ``force``.
    Reading and extracting run in a child process stopped after ``timeout`` seconds
    (:class:`~nasicon_kg.budget.TimeBudget`); only this process writes to the store.
    """
    lexicon = _ready(lexicon, timeout)
    store.ensure_ontology()
    budget = TimeBudget(timeout, str(path))
    document = budget.run(read_document, path, max_bytes=max_bytes, max_pages=max_pages, max_chars=max_chars)
    graph_name = str(iris.graph_iri(document))
    previous = next(iter(store.papers(graph_name)), None)
    if previous and previous.content_hash == document.source_sha256 and not force:
        return AddResult(str(path), "unchanged", graph_name, document.metadata.title)
    if previous and not force:
        _refuse_unless_new_version(store, previous, document)
    facts, failure = _extract_or_failure(document, sources, lexicon, str(path), budget)
    triples = write_paper(store, document, facts, lexicon, failure=failure)
    return AddResult(str(path), "replaced" if previous else "added", graph_name,
                     document.metadata.title, len(facts), triples)


def paper_graphs(document: Document, facts: list[Fact], lexicon: Lexicon, *, added=None, failure: str = ""):
    """(graph name, the paper's own triples, the descriptions it shares; both N-Triples text) for one
    extracted paper."""
    from .rdf.mapping import facts_to_graph, now
    from .rdf.vocabulary import split_shared

    graph = facts_to_graph(document, facts, lexicon, version=__version__, added=added or now(),
                           failure=failure)
    return (str(iris.graph_iri(document)), *split_shared(graph, iris.paper_iri(document)))


def write_paper(store: KGStore, document: Document, facts: list[Fact], lexicon: Lexicon, *,
                added=None, failure: str = "") -> int:
    """Write one extracted paper (its graph, and what it shares into the vocabulary graph); returns
    the paper graph's triple count."""
    return store.replace_paper(*paper_graphs(document, facts, lexicon, added=added, failure=failure))


class ExtractionFailedWarning(UserWarning):
    """Extraction stopped with an error: the paper is stored without facts, marked "failed"."""


#: What a fault in extraction raises. A paper it stops is stored with its metadata and references,
#: its status "failed" and the error as its note, so that `list` tells it from a paper with nothing to find.
EXTRACTION_FAULTS = (ExtractionError, ArithmeticError, AttributeError, LookupError, RecursionError, TypeError,
                     ValueError, re.error)


def _extract_or_failure(document: Document, sources: str, lexicon: Lexicon, where: str,
                        budget: TimeBudget | None = None) -> tuple[list[Fact], str]:
    """The paper's facts and "", or no facts and the one-line error that stopped extraction (a
    paper over its time budget is not stored: that error goes up)."""
    from .extract import extract_facts

    try:
        run = budget.run if budget is not None else (lambda f, *a, **k: f(*a, **k))
        return run(extract_facts, document, sources=sources, lexicon=lexicon), ""  # type: ignore[arg-type]
    except TimeBudgetError:
        raise
    except EXTRACTION_FAULTS as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        failure = f"{type(exc).__name__}: {first_line}"[:200]
        warnings.warn(f"{where}: extraction failed ({failure}); the paper is stored without facts",
                      ExtractionFailedWarning, stacklevel=3)
        return [], failure.rstrip(": ")


def not_a_new_version(stored: PaperEntry, document: Document) -> str:
    """Why ``document`` (which has ``stored``'s DOI) is not a new version of it, or "" when it is.

    A new version has a title that matches the stored one once case, punctuation and markup are
    set aside (or is at least :data:`TITLE_SIMILARITY` like it), and at least
    :data:`MIN_TEXT_SHARE` of the stored text's length: a corrected or fuller file of the same
    paper is one, an excerpt of it or another text that claims its DOI is not.
    """
    old, new = _title_key(stored.title), _title_key(document.metadata.title)
    if old != new and SequenceMatcher(None, old, new).ratio() < TITLE_SIMILARITY:
        title = document.metadata.title
        return f"with a file titled {short_title(title)!r}" if title else "with an untitled file"
    if stored.text_length and len(document.text) < MIN_TEXT_SHARE * stored.text_length:
        return f"with {len(document.text) / stored.text_length:.0%} of its text"
    return ""


def _refuse_unless_new_version(store: KGStore, stored: PaperEntry, document: Document) -> None:
    why = not_a_new_version(stored, document)
    if why:
        name = short_title(stored.title) or stored.doi or stored.graph
        raise WouldReplaceError(f"would replace {name!r} ({store.graph_size(stored.graph):,} triples) "
                                f"{why}: use --force", path=document.source_path)


def _title_key(title: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", title.casefold()))


def short_title(title: str, width: int = 40) -> str:
    """``title`` cut at a word to about ``width`` characters, with an ellipsis when cut."""
    if len(title) <= width:
        return title
    return title[:width].rsplit(" ", 1)[0] + " …"


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
               sources: str = "all", max_bytes: int = DEFAULT_MAX_BYTES, max_pages: int = DEFAULT_MAX_PAGES,
               max_chars: int = DEFAULT_MAX_CHARS, timeout: float | None = DEFAULT_TIMEOUT,
               progress: Callable[[Path], None] | None = None) -> list[AddResult]:
    """Add several papers; a bad one (or one over its time budget) is reported and skipped, the
    rest go in."""
    lexicon = load_lexicon()
    results = []
    for path in expand_paths(paths):
        try:
            results.append(add_paper(store, path, force=force, sources=sources, lexicon=lexicon,
                                     max_bytes=max_bytes, max_pages=max_pages, max_chars=max_chars,
                                     timeout=timeout))
        except NasiconKGError as exc:
            results.append(AddResult(str(path), "failed", error=str(exc)))
        if progress:
            progress(path)
    return results


def find_paper(store: KGStore, ident: str) -> PaperEntry:
    """The stored paper named by a DOI, a graph or paper IRI, or a file.

    A file names the paper added from its content (the same SHA-256), else the paper added from
    that path; the file is never read for a DOI, so a note that cites a paper does not name it.
    """
    entries = store.papers()
    wanted = ident.strip()
    doi = iris.normalise_doi(wanted)
    for e in entries:
        if wanted in (e.graph, e.paper) or (e.doi and e.doi.lower() == doi):
            return e
    path = Path(wanted)
    digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
    found = next((e for e in entries if digest and e.content_hash == digest), None) or \
        next((e for e in entries if e.source and Path(e.source).resolve() == path.resolve()), None)
    if found is None:
        raise StoreError(f"no paper matching {ident!r} in the store (see 'nasicon-kg list')")
    return found


def remove_paper(store: KGStore, ident: str) -> str:
    """Remove the paper :func:`find_paper` finds; returns its graph IRI."""
    graph = find_paper(store, ident).graph
    if not store.remove_graph(graph):
        raise StoreError(f"no paper matching {ident!r} in the store (see 'nasicon-kg list')")
    return graph


def prepare_extraction() -> Lexicon:
    """Load the lexicon and build the spaCy pipeline now (both are cached), so that a writer that
    opens the store afterwards holds its lock for the papers' work only, not for the start-up."""
    from .nlp.pipeline import build_nlp

    lexicon = load_lexicon()
    build_nlp(lexicon)
    return lexicon
