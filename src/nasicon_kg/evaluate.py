"""Score extracted facts against a hand-written gold standard.

The gold is a JSON-lines file of the facts a paper's running text states (see
``docs/evaluation.md``); the prediction is what ``nasicon-kg extract --format
jsonl`` printed.  :func:`evaluate` pairs predicted interface strategies with gold
ones and counts, field by field, what agrees::

    >>> gold = [{"type": "InterfaceStrategy", "electrolyte": "LATP", "layer": "ZnO",
    ...          "method": "magnetron sputtering", "thickness_nm": [200, 200],
    ...          "symmetric_cell": [{"hours": 2000}], "cited_refs": [94]}]
    >>> pred = [dict(gold[0], method="atomic layer deposition")]
    >>> report = evaluate(pred, gold)
    >>> report.fields["pair"].f1, report.fields["method"].precision
    (1.0, 0.0)

Counting rules (for a pair of matched records, one predicted and one gold):

* a field with a value on both sides that agrees counts as correct;
* a field with a value on both sides that disagrees is one wrong prediction and
  one missed gold value;
* a value only in the prediction is a wrong prediction; only in the gold, a miss.

So precision = correct / predicted-with-a-value and recall = correct /
gold-with-a-value, both over matched pairs.  ``problems`` and ``cited_ref`` are
sets: each label (each reference number) is counted on its own (micro-average).
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ReaderError

STRATEGY = "InterfaceStrategy"
CONDUCTIVITY = "IonicConductivity"
REL_TOL = 0.01

SCALAR_FIELDS = ("method", "thickness", "hours", "current_density")
SET_FIELDS = ("problems", "cited_ref")
FIELD_ORDER = ("pair",) + SCALAR_FIELDS + SET_FIELDS + ("conductivity",)
ACCURACY_ORDER = SCALAR_FIELDS + ("hours+current_density",) + SET_FIELDS

_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉⁰¹²³⁴⁵⁶⁷⁸⁹", "01234567890123456789")
_DROP = re.compile(r"[\s\-‐‑‒–—−_]+")
_TAGS = re.compile(r"</?su[bp]>")


# --------------------------------------------------------------------------- io

def load_jsonl(path: str | Path) -> list[dict]:
    """Read one JSON object per non-blank line; a bad line raises :class:`ReaderError`."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ReaderError(f"cannot read JSON lines: {exc.__class__.__name__}", path=str(path)) from None
    records = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ReaderError(f"line {number}: not JSON ({exc.msg})", path=str(path)) from None
        if not isinstance(record, dict):
            raise ReaderError(f"line {number}: expected a JSON object", path=str(path))
        records.append(record)
    return records


# ---------------------------------------------------------------- normalising

#: words for the form a material takes, not which material it is: "silver nanoparticles" is silver
_FORM_WORDS = re.compile(r"\s+(?:nano)?(?:particles?|powders?|wires?|sheets?|flakes?|fibers?|fibres?|foils?|"
                         r"films?|layers?|coatings?)$", re.I)


def normalise_label(label: Any, lexicon=None) -> str:
    """A comparable key for a label: the lexicon's prefLabel when it knows the
    label, then case-folded with whitespace, dashes and subscripts removed.

    >>> normalise_label("PVdF–HFP"), normalise_label("Li₃PO₄"), normalise_label("Li<sub>3</sub>PO<sub>4</sub>")
    ('pvdfhfp', 'li3po4', 'li3po4')
    """
    if label is None:
        return ""
    text = " ".join(_TAGS.sub("", str(label)).split())
    if lexicon is not None and text:
        term = lexicon.lookup(text) or lexicon.lookup(_FORM_WORDS.sub("", text))
        if term is not None:
            text = term.pref_label
    return _DROP.sub("", text.translate(_SUBSCRIPTS).casefold())


def components_of(record: dict, lexicon=None) -> frozenset[str]:
    """The layer's materials: ``components`` if given, else ``layer`` split on "/"."""
    parts = record.get("components") or []
    if not parts:
        layer = record.get("layer") or ""
        parts = [p for p in str(layer).split("/") if p.strip()]
    return frozenset(normalise_label(p, lexicon) for p in parts if normalise_label(p, lexicon))


def pair_key(record: dict, lexicon=None) -> tuple[str, frozenset[str]]:
    return (normalise_label(record.get("electrolyte"), lexicon), components_of(record, lexicon))


def close(a: float | None, b: float | None, rel_tol: float = REL_TOL) -> bool:
    """Equal within ``rel_tol`` relative; ``None`` equals only ``None``."""
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=rel_tol, abs_tol=1e-12)


def thickness_of(record: dict) -> tuple[float | None, float | None] | None:
    """``thickness_nm`` as ``(low, high)``; a bare number is ``(x, x)``; a lower bound
    of 0 means no lower bound (``None``)."""
    value = record.get("thickness_nm")
    if value is None:
        return None
    if isinstance(value, (int, float)):
        lo, hi = value, value
    else:
        if len(value) != 2:
            return None
        lo, hi = value
    if lo is not None and float(lo) == 0:
        lo = None
    if lo is None and hi is None:
        return None
    return (None if lo is None else float(lo), None if hi is None else float(hi))


def cell_values(record: dict, key: str) -> tuple[float, ...]:
    """The stated values of ``key`` over a record's symmetric-cell entries."""
    values = []
    for cell in record.get("symmetric_cell") or []:
        if isinstance(cell, dict) and cell.get(key) is not None:
            values.append(float(cell[key]))
    return tuple(values)


def field_value(record: dict, name: str, lexicon=None):
    """A strategy's value of a scored field, or ``None``/empty when not stated."""
    if name == "method":
        return normalise_label(record.get("method"), lexicon) or None
    if name == "thickness":
        return thickness_of(record)
    if name == "hours":
        return cell_values(record, "hours") or None
    if name == "current_density":
        return cell_values(record, "current_density_mA_cm2") or None
    if name == "problems":
        return frozenset(normalise_label(p, lexicon) for p in record.get("problems") or [] if p)
    if name == "cited_ref":
        return frozenset(int(r) for r in record.get("cited_refs") or [])
    raise KeyError(name)


def values_agree(name: str, predicted, gold) -> bool:
    """Whether two stated values of a scalar field agree.

    Symmetric-cell values are sets (a paper may state several cells): they agree
    when every predicted value is within 1 % of some gold value.
    """
    if predicted is None or gold is None:
        return False
    if name == "method":
        return predicted == gold
    if name == "thickness":
        return close(predicted[0], gold[0]) and close(predicted[1], gold[1])
    return all(any(close(p, g) for g in gold) for p in predicted)


# -------------------------------------------------------------------- reports

@dataclass(frozen=True)
class FieldScore:
    """Counts for one field.

    ``correct_predicted / predicted`` is precision, ``correct_gold / gold`` is
    recall.  They differ only for "pair" under ``restrict_to_tables`` (precision
    over all gold, recall over the table rows).
    """

    name: str
    correct_predicted: int = 0
    predicted: int = 0
    correct_gold: int = 0
    gold: int = 0

    @property
    def tp(self) -> int:
        return self.correct_predicted

    @property
    def fp(self) -> int:
        return self.predicted - self.correct_predicted

    @property
    def fn(self) -> int:
        return self.gold - self.correct_gold

    @property
    def precision(self) -> float:
        return self.correct_predicted / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4)}


@dataclass(frozen=True)
class StatedAccuracy:
    """Of the gold strategies whose prose states a field, how many the prediction got right.

    An unmatched gold strategy counts as wrong.
    """

    name: str
    stated: int = 0
    correct: int = 0

    @property
    def accuracy(self) -> float:
        return self.correct / self.stated if self.stated else 0.0

    def to_json(self) -> dict:
        return {"stated": self.stated, "correct": self.correct, "accuracy": round(self.accuracy, 4)}


@dataclass(frozen=True)
class EvalReport:
    fields: dict[str, FieldScore]
    accuracy: dict[str, StatedAccuracy]
    # (i, j): i-th predicted and j-th gold InterfaceStrategy record (other types skipped)
    matches: tuple[tuple[int, int], ...] = ()
    missed_gold: tuple[dict, ...] = ()
    unmatched_predicted: tuple[dict, ...] = ()
    restrict_to_tables: bool = False
    field_errors: tuple[tuple[str, int, int], ...] = ()  # (field, predicted idx, gold idx) that disagree

    def to_json(self) -> dict:
        return {
            "restrict_to_tables": self.restrict_to_tables,
            "fields": {k: v.to_json() for k, v in self.fields.items()},
            "accuracy_when_stated": {k: v.to_json() for k, v in self.accuracy.items()},
            "missed_gold": [_describe(r) for r in self.missed_gold],
            "unmatched_predicted": [_describe(r) for r in self.unmatched_predicted],
        }

    def format_table(self, *, details: bool = False) -> str:
        """A plain-text table of the figures (and, with ``details``, the misses)."""
        scope = "gold table rows" if self.restrict_to_tables else "all gold records"
        lines = [f"Recall over {scope}; fields scored on matched pairs.", "",
                 f"{'field':<22}{'tp':>5}{'fp':>5}{'fn':>5}{'P':>8}{'R':>8}{'F1':>8}"]
        for score in self.fields.values():
            lines.append(f"{score.name:<22}{score.tp:>5}{score.fp:>5}{score.fn:>5}"
                         f"{score.precision:>8.3f}{score.recall:>8.3f}{score.f1:>8.3f}")
        pair = self.fields.get("pair")
        if pair is not None and self.restrict_to_tables:
            lines.append(f"(pair: {pair.correct_predicted} of {pair.predicted} predictions matched a gold "
                         f"record; {pair.correct_gold} of {pair.gold} table rows found)")
        lines += ["", "Strategies whose prose states the field:",
                  f"{'field':<22}{'stated':>7}{'right':>7}{'accuracy':>10}"]
        for acc in self.accuracy.values():
            lines.append(f"{acc.name:<22}{acc.stated:>7}{acc.correct:>7}{acc.accuracy:>10.3f}")
        if details:
            if self.missed_gold:
                lines += ["", "Gold strategies not matched:"]
                lines += [f"  {_describe(r)}" for r in self.missed_gold]
            if self.unmatched_predicted:
                lines += ["", "Predicted strategies not matched:"]
                lines += [f"  {_describe(r)}" for r in self.unmatched_predicted]
        return "\n".join(lines)


def _describe(record: dict) -> str:
    refs = ",".join(str(r) for r in record.get("cited_refs") or [])
    return f"{record.get('electrolyte')} | {record.get('layer')} | refs {refs or '-'}"


# ------------------------------------------------------------------- matching

def _agreement(pred: dict, gold: dict, lexicon) -> int:
    """How many scored fields of two same-pair records agree (ranks candidate matches)."""
    score = 0
    for name in SCALAR_FIELDS:
        if values_agree(name, field_value(pred, name, lexicon), field_value(gold, name, lexicon)):
            score += 1
    for name in SET_FIELDS:
        score += len(field_value(pred, name, lexicon) & field_value(gold, name, lexicon))
    return score


def match_strategies(predicted: list[dict], gold: list[dict], lexicon=None) -> list[tuple[int, int]]:
    """One-to-one matches ``(i, j)`` between records with the same pair key.

    Candidates are taken greedily, best field agreement first (ties: earlier
    records first), so a predicted record matches at most one gold record.
    """
    gold_keys = [pair_key(g, lexicon) for g in gold]
    candidates = []
    for i, p in enumerate(predicted):
        key = pair_key(p, lexicon)
        for j, gk in enumerate(gold_keys):
            if key == gk:
                candidates.append((-_agreement(p, gold[j], lexicon), i, j))
    candidates.sort()
    used_p: set[int] = set()
    used_g: set[int] = set()
    matches = []
    for _, i, j in candidates:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            matches.append((i, j))
    return sorted(matches)


def _match_conductivities(predicted: list[dict], gold: list[dict], lexicon) -> int:
    """Greedy one-to-one count of conductivities with the same material and value (1 %)."""
    used: set[int] = set()
    hits = 0
    for p in predicted:
        key = _material_key(p.get("material"), lexicon)
        for j, g in enumerate(gold):
            if j in used or _material_key(g.get("material"), lexicon) != key:
                continue
            if p.get("value_S_cm") is not None and close(p.get("value_S_cm"), g.get("value_S_cm")):
                used.add(j)
                hits += 1
                break
    return hits


def _material_key(label, lexicon) -> frozenset[str]:
    return frozenset(normalise_label(p, lexicon) for p in str(label or "").split("/") if p.strip())


# ------------------------------------------------------------------- scoring

def evaluate(predicted: list[dict], gold: list[dict], *, lexicon=None,
             restrict_to_tables: bool = False) -> EvalReport:
    """Score predicted facts against gold facts.

    Only ``InterfaceStrategy`` and ``IonicConductivity`` records are scored;
    others are ignored.  ``lexicon`` (a :class:`nasicon_kg.lexicon.Lexicon`) maps
    labels to prefLabels before comparing.  With ``restrict_to_tables``, recall
    (and every field but pair precision) counts only gold strategies whose
    ``in_tables`` is set.
    """
    p_strats = [r for r in predicted if r.get("type") == STRATEGY]
    g_strats = [r for r in gold if r.get("type") == STRATEGY]
    in_scope = [bool(g.get("in_tables")) or not restrict_to_tables for g in g_strats]

    matches = match_strategies(p_strats, g_strats, lexicon)
    matched_gold = {j for _, j in matches}
    matched_pred = {i for i, _ in matches}
    scoped = [(i, j) for i, j in matches if in_scope[j]]

    fields: dict[str, FieldScore] = {}
    fields["pair"] = FieldScore(
        "pair", correct_predicted=len(matches), predicted=len(p_strats),
        correct_gold=len(scoped), gold=sum(in_scope))

    errors: list[tuple[str, int, int]] = []
    for name in SCALAR_FIELDS:
        correct = n_pred = n_gold = 0
        for i, j in scoped:
            pv = field_value(p_strats[i], name, lexicon)
            gv = field_value(g_strats[j], name, lexicon)
            n_pred += pv is not None
            n_gold += gv is not None
            if values_agree(name, pv, gv):
                correct += 1
            elif pv is not None or gv is not None:
                errors.append((name, i, j))
        fields[name] = FieldScore(name, correct, n_pred, correct, n_gold)
    for name in SET_FIELDS:
        correct = n_pred = n_gold = 0
        for i, j in scoped:
            pv = field_value(p_strats[i], name, lexicon)
            gv = field_value(g_strats[j], name, lexicon)
            correct += len(pv & gv)
            n_pred += len(pv)
            n_gold += len(gv)
            if pv != gv:
                errors.append((name, i, j))
        fields[name] = FieldScore(name, correct, n_pred, correct, n_gold)

    p_cond = [r for r in predicted if r.get("type") == CONDUCTIVITY]
    g_cond = [r for r in gold if r.get("type") == CONDUCTIVITY]
    hits = _match_conductivities(p_cond, g_cond, lexicon)
    fields["conductivity"] = FieldScore("conductivity", hits, len(p_cond), hits, len(g_cond))

    accuracy = _stated_accuracy(p_strats, g_strats, matches, in_scope, lexicon)
    return EvalReport(
        fields=fields,
        accuracy=accuracy,
        matches=tuple(matches),
        missed_gold=tuple(g for j, g in enumerate(g_strats) if in_scope[j] and j not in matched_gold),
        unmatched_predicted=tuple(p for i, p in enumerate(p_strats) if i not in matched_pred),
        restrict_to_tables=restrict_to_tables,
        field_errors=tuple(errors),
    )


def _stated_accuracy(p_strats, g_strats, matches, in_scope, lexicon) -> dict[str, StatedAccuracy]:
    pred_of = {j: i for i, j in matches}
    out: dict[str, StatedAccuracy] = {}

    def right(name: str, i: int | None, gold: dict) -> bool:
        if i is None:
            return False
        pv = field_value(p_strats[i], name, lexicon)
        gv = field_value(gold, name, lexicon)
        if name in SET_FIELDS:
            return pv == gv
        return values_agree(name, pv, gv)

    def stated(name: str, gold: dict) -> bool:
        value = field_value(gold, name, lexicon)
        return bool(value) if name in SET_FIELDS else value is not None

    for name in ACCURACY_ORDER:
        parts = name.split("+")
        n_stated = n_right = 0
        for j, g in enumerate(g_strats):
            if not in_scope[j] or not all(stated(p, g) for p in parts):
                continue
            if name == "hours+current_density" and not _states_pair(g):
                continue
            n_stated += 1
            n_right += all(right(p, pred_of.get(j), g) for p in parts)
        out[name] = StatedAccuracy(name, n_stated, n_right)
    return out


def _states_pair(gold: dict) -> bool:
    """Whether one symmetric-cell entry states both hours and current density."""
    return any(isinstance(c, dict) and c.get("hours") is not None
               and c.get("current_density_mA_cm2") is not None
               for c in gold.get("symmetric_cell") or [])
