"""SPARQL text looked at without a full parser: a query's form and its SELECT list.

Only the prologue (comments, PREFIX, BASE) and the tokens of the SELECT clause are read.
Nothing here writes a value into query text: values go through pyoxigraph's substitutions,
and the one rewrite (:func:`project`) adds checked variable names to the SELECT list.
"""
from __future__ import annotations

import re

from .errors import QueryError

UPDATE_FORMS = frozenset({"INSERT", "DELETE", "DROP", "LOAD", "CLEAR", "CREATE", "ADD", "MOVE", "COPY",
                          "WITH"})
VARIABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

# One character of the prologue at a time (never a nested quantifier), so any text is scanned in linear time.
_PROLOGUE = re.compile(r"(?:\s|#[^\n]*|(?:PREFIX\s+[^\s:<>]*:|BASE)\s*<[^<>\s]*>)*", re.I)
_WORD = re.compile(r"[A-Za-z]+")
_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|[?$][A-Za-z0-9_]+'
                    r'|[A-Za-z]+|#[^\n]*|\S')
_MODIFIERS = {"DISTINCT", "REDUCED"}


def form(sparql: str) -> str:
    """The keyword after the prologue, upper-cased: SELECT, ASK, CONSTRUCT, DESCRIBE or an update's."""
    word = _WORD.match(sparql, _PROLOGUE.match(sparql).end())
    return word.group().upper() if word else ""


def refuse_update(sparql: str) -> None:
    """Raise a plain QueryError for SPARQL Update text: the store changes only through add and remove."""
    keyword = form(sparql)
    if keyword in UPDATE_FORMS:
        raise QueryError(f"SPARQL updates ({keyword} ...) are not allowed in 'query': the store changes only "
                         "through 'nasicon-kg add' and 'nasicon-kg remove'")


def check_variable(sparql: str, name: str) -> None:
    """Raise QueryError unless ``name`` is a usable variable name that ``sparql`` mentions."""
    if not VARIABLE_NAME.fullmatch(name):
        raise QueryError(f"bad variable name {name!r}: letters, digits and _, not starting with a digit")
    if not re.search(rf"[?$]{name}(?![A-Za-z0-9_])", sparql):
        raise QueryError(f"the query has no variable ?{name} to bind")


def project(sparql: str, names: list[str]) -> tuple[str, list[str]]:
    """``sparql`` with each of ``names`` that its SELECT list lacks added to that list, and those added.

    pyoxigraph substitutes only variables in the SELECT list; ASK, CONSTRUCT, DESCRIBE and
    ``SELECT *`` need no change.
    """
    if form(sparql) != "SELECT":
        return sparql, []
    start = _PROLOGUE.match(sparql).end() + len("SELECT")
    insert_at, projected = _select_list(sparql, start)
    if projected is None:
        return sparql, []
    added = [n for n in dict.fromkeys(names) if n not in projected]
    if not added:
        return sparql, []
    return sparql[:insert_at] + "".join(f" ?{n}" for n in added) + sparql[insert_at:], added


def _select_list(sparql: str, start: int) -> tuple[int, set[str] | None]:
    """Where to insert into the SELECT list starting at ``start``, and the variables it projects
    (None for ``SELECT *``)."""
    insert_at, depth, projected, after_as = start, 0, set(), False
    for token in _TOKEN.finditer(sparql, start):
        text, upper = token.group(), token.group().upper()
        if depth == 0 and (text == "{" or upper in ("WHERE", "FROM")):
            break
        if depth == 0 and text == "*":
            return insert_at, None
        if upper in _MODIFIERS and insert_at == start:
            insert_at = token.end()
        elif text in ("(", ")"):
            depth += 1 if text == "(" else -1
        elif text[0] in "?$" and len(text) > 1 and (depth == 0 or after_as):
            projected.add(text[1:])
        after_as = upper == "AS"
    return insert_at, projected
