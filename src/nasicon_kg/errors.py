"""Library exceptions. The CLI turns any of these into one line and a non-zero exit."""
from __future__ import annotations


class NasiconKGError(Exception):
    """Base class: ``str(error)`` is the one line a user sees."""

    code = "NKG000"

    def __init__(self, message: str, *, path: str | None = None, paper: str | None = None,
                 offset: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.paper = paper
        self.offset = offset

    def __str__(self) -> str:
        where = []
        if self.path:
            where.append(str(self.path))
        if self.offset is not None:
            where.append(f"offset {self.offset}")
        prefix = f"{': '.join(where)}: " if where else ""
        return f"{prefix}{self.message}"


class ReaderError(NasiconKGError):
    """A file could not be read into a Document (missing, empty, corrupt, encrypted...)."""

    code = "NKG100"


class UnsupportedFormatError(ReaderError):
    code = "NKG101"


class ExtractionError(NasiconKGError):
    code = "NKG200"


class TimeBudgetError(ExtractionError):
    """A paper was not read and extracted within its time budget (``--timeout``)."""

    code = "NKG210"


class OntologyError(NasiconKGError):
    code = "NKG300"


class StoreError(NasiconKGError):
    code = "NKG400"


class WouldReplaceError(StoreError):
    """Adding the file would replace a stored paper it is not a new version of."""

    code = "NKG410"


class QueryError(NasiconKGError):
    """A SPARQL query that does not parse or cannot run."""

    code = "NKG500"


class ServerError(NasiconKGError):
    """The SPARQL server cannot start (its port is in use, the address cannot be bound)."""

    code = "NKG600"


class MissingDependencyError(NasiconKGError):
    """An optional package that a call needs (pandas for ``Results.to_pandas``) is not installed."""

    code = "NKG700"
