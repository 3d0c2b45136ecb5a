"""Score extraction on passages of papers no rule was written against.

The gold (``tests/gold/unseen/*.jsonl``, format in its README) names each passage by
its file under ``../shared`` and its character span, and lists by hand the facts the
passage states.  :func:`score` reads each passage's text, runs the whole pipeline on
it as a small paper of its own (:func:`extract_passage`), and counts:

* interface strategies, paired on (layer, electrolyte) through any name the gold gives
  for either (``layer_aliases``, ``electrolyte_aliases``, the components joined by "/");
* for paired strategies, whether method, thickness, hours and current density agree;
* ionic conductivities, paired on value (within 2 %) and material (any gold name);
* facts drawn from target sentences ("demonstrate > 1e-4 S/cm"), which must be none.

>>> gold = [{"type": "IonicConductivity", "material": "LPSCl", "material_aliases": ["Li6PS5Cl"],
...          "value_S_cm": 2.1e-3, "modality": "measured"}]
>>> pred = [{"type": "IonicConductivity", "material": "Li6PS5Cl", "value_S_cm": 0.0021}]
>>> s = Scores(); s.add_passage(pred, gold); s.conductivity.precision, s.conductivity.recall
(1.0, 1.0)
"""
from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .errors import ReaderError
from .evaluate import cell_values, load_jsonl, normalise_label, thickness_of

STRATEGY = "InterfaceStrategy"
CONDUCTIVITY = "IonicConductivity"
VALUE_TOL = 0.02
FIELDS = ("method", "thickness", "hours", "current_density")


@dataclass(frozen=True)
class Passage:
    id: str
    source: str
    start: int
    end: int
    sha1: str
    split: str
    facts: tuple[dict, ...]
    distractor: str | None = None

    def text(self, shared: Path) -> str:
        """The passage's text, checked against its sha1 (a changed file raises ValueError)."""
        full = (shared / self.source).read_text(encoding="utf-8")
        piece = full[self.start:self.end]
        if hashlib.sha1(piece.encode("utf-8")).hexdigest() != self.sha1:
            raise ValueError(f"{self.id}: {self.source}[{self.start}:{self.end}] no longer matches its sha1")
        return piece


def load_passages(folder: str | Path, split: str | None = None) -> list[Passage]:
    """Every passage of the ``*.jsonl`` files in ``folder`` (of one split if given)."""
    out = []
    for path in sorted(Path(folder).glob("*.jsonl")):
        for number, row in enumerate(load_jsonl(path), start=1):
            try:
                p = Passage(id=row["id"], source=row["source"], start=int(row["start"]), end=int(row["end"]),
                            sha1=row["sha1"], split=row["split"], facts=tuple(row.get("facts") or ()),
                            distractor=row.get("distractor"))
            except (KeyError, TypeError, ValueError) as exc:
                raise ReaderError(f"passage {number}: missing or bad field {exc}", path=str(path)) from None
            if split is None or p.split == split:
                out.append(p)
    return out


def extract_passage(text: str, lexicon=None) -> list[dict]:
    """The pipeline's facts (as JSON dicts) for one passage read as a Markdown paper."""
    from .extract import extract_facts
    from .readers.text import read

    document = read(text.encode("utf-8"), Path("passage.md"))
    return [f.to_json() for f in extract_facts(document, sources="all", lexicon=lexicon)]


# ----------------------------------------------------------------------------- counting

@dataclass
class Count:
    correct_predicted: int = 0
    predicted: int = 0
    correct_gold: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.correct_predicted / self.predicted if self.predicted else float("nan")

    @property
    def recall(self) -> float:
        return self.correct_gold / self.gold if self.gold else float("nan")


@dataclass
class Accuracy:
    right: int = 0
    stated: int = 0  # matched pairs whose gold states the field

    @property
    def value(self) -> float:
        return self.right / self.stated if self.stated else float("nan")


def _names(record: dict, key: str, lexicon) -> set[str]:
    names = [record.get(key)] + list(record.get(f"{key}_aliases") or [])
    if key == "layer" and record.get("components"):
        names.append("/".join(record["components"]))
    # "PEO/LiTFSI" and "PEO-LiTFSI" name one mixture: separators do not count
    return {n.replace("/", "") for n in (normalise_label(x, lexicon) for x in names if x) if n}


def _raw_names(record: dict, key: str) -> list[str]:
    # "LiCB11H12 -LiCB9H10": a hyphen a converter spaced off is the same joiner
    return [re.sub(r"\s+-(?=\S)", "-", str(x)) for x in [record.get(key)] + list(record.get(f"{key}_aliases") or [])
            if x]


def _alloy_metals(name: str) -> frozenset[str]:
    """The metals of an alloy however it is written ("Li-In", "In-Li alloy", "InLi"), else empty."""
    from .normalize import METALS, alloy_label

    name = re.sub(r"\s+alloys?$", "", name.strip())
    label = alloy_label(name)
    if label:
        return frozenset(label.split("-"))
    symbols = re.findall(r"[A-Z][a-z]?", name)
    if "".join(symbols) == name and 1 < len(symbols) == len(set(symbols)) and all(x in METALS for x in symbols) \
            and any(x in ("Li", "Na", "K") for x in symbols):
        return frozenset(symbols)  # an intermetallic written without counts: "InLi", "LiAl"
    return frozenset()


def _named_within(pred: dict, gold: dict, key: str, lexicon) -> bool:
    """The predicted name stands as a word in one of the gold's names: "Na3PS4" in "tetragonal
    Na3PS4", "LLZTO" in "Co-doped LLZTO" (the gold keeps phase and dopant words the prediction
    carries as qualifiers or not at all)."""
    name = re.sub(r"\s+-(?=\S)", "-", str(pred.get(key) or ""))
    if len(name) < 3:
        return False
    pattern = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")
    return any(pattern.search(g) for g in _raw_names(gold, key))


def _components(record: dict, lexicon) -> frozenset[str]:
    parts = record.get("components") or [p for p in str(record.get("layer") or "").split("/") if p]
    return frozenset(normalise_label(p, lexicon) for p in parts)


def same_layer(pred: dict, gold: dict, lexicon=None) -> bool:
    """The layers agree through any of the gold's names for it (or the same components, or the
    same alloy however written)."""
    layer_ok = bool(_names(pred, "layer", lexicon) & _names(gold, "layer", lexicon)) or (
        len(_components(pred, lexicon)) > 1 and _components(pred, lexicon) == _components(gold, lexicon))
    layer_ok = layer_ok or _named_within(pred, gold, "layer", lexicon)
    metals = _alloy_metals(str(pred.get("layer") or ""))
    return layer_ok or bool(metals) and any(_alloy_metals(g) == metals for g in _raw_names(gold, "layer"))


def same_strategy(pred: dict, gold: dict, lexicon=None) -> bool:
    """Layer and electrolyte agree through any of the gold's names for them."""
    layer_ok = same_layer(pred, gold, lexicon)
    return layer_ok and (bool(_names(pred, "electrolyte", lexicon) & _names(gold, "electrolyte", lexicon))
                         or _named_within(pred, gold, "electrolyte", lexicon))


def same_conductivity(pred: dict, gold: dict, lexicon=None) -> bool:
    value, ref = pred.get("value_S_cm"), gold.get("value_S_cm")
    if value is None or ref is None:
        return False
    values = [ref] + ([gold["value_S_cm_high"]] if gold.get("value_S_cm_high") else [])
    same_range = gold.get("value_S_cm_high") and pred.get("value_S_cm_low") and all(
        math.isclose(float(pred[p]), float(gold[g]), rel_tol=VALUE_TOL)
        for p, g in (("value_S_cm_low", "value_S_cm"), ("value_S_cm_high", "value_S_cm_high")))
    if not same_range and not any(math.isclose(float(value), float(v), rel_tol=VALUE_TOL) for v in values):
        return False
    names = _names(gold, "material", lexicon)
    if _named_within(pred, gold, "material", lexicon):
        return True
    return bool(names & _names(pred, "material", lexicon)) or any(
        n in names for n in (normalise_label(p, lexicon) for p in str(pred.get("material", "")).split("/")))


def _field_right(name: str, pred: dict, gold: dict, lexicon) -> bool | None:
    """None when the gold does not state the field; else whether the prediction agrees."""
    if name == "method":
        g = normalise_label(gold.get("method"), lexicon)
        return None if not g else normalise_label(pred.get("method"), lexicon) == g
    if name == "thickness":
        g = thickness_of(gold)
        if g is None:
            return None
        p = thickness_of(pred)
        return p is not None and all(
            (a is None and b is None) or (a is not None and b is not None and math.isclose(a, b, rel_tol=0.01))
            for a, b in zip(p, g))
    key = "hours" if name == "hours" else "current_density_mA_cm2"
    g = cell_values(gold, key)
    if not g:
        return None
    p = cell_values(pred, key)
    return bool(p) and any(math.isclose(x, y, rel_tol=0.01) for x in p for y in g)


@dataclass
class Scores:
    strategy: Count = field(default_factory=Count)
    conductivity: Count = field(default_factory=Count)
    fields: dict[str, Accuracy] = field(default_factory=lambda: {f: Accuracy() for f in FIELDS})
    from_targets: int = 0
    passages: int = 0
    unpaired_gold: int = 0  # gold strategies that name no electrolyte (not scored)
    unjudged: int = 0  # predicted strategies whose layer is one of those (not scored either)
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    def add_passage(self, predicted: Iterable[dict], gold: Iterable[dict], lexicon=None,
                    passage_id: str = "") -> None:
        predicted, gold = list(predicted), list(gold)
        self.passages += 1
        real = [g for g in gold if g.get("modality") != "target"]
        targets = [g for g in gold if g.get("modality") == "target"]
        strategies = [g for g in real if g.get("type") == STRATEGY]
        # a fix the passage states without naming the electrolyte is no (layer, electrolyte) pair
        unpaired = [g for g in strategies if not g.get("electrolyte")]
        self.unpaired_gold += len(unpaired)
        # a prediction of such a fix (its layer) names an electrolyte the gold says is not stated:
        # neither right nor wrong, set aside
        pred_s = [p for p in predicted if p.get("type") == STRATEGY]
        judged = [p for p in pred_s if not any(same_layer(p, g, lexicon) for g in unpaired)
                  or any(same_strategy(p, g, lexicon) for g in strategies if g.get("electrolyte"))]
        self.unjudged += len(pred_s) - len(judged)
        self._strategies(judged, [g for g in strategies if g.get("electrolyte")], lexicon, passage_id)
        pred_c = [p for p in predicted if p.get("type") == CONDUCTIVITY]
        self._conductivities(pred_c, [g for g in real if g.get("type") == CONDUCTIVITY], lexicon, passage_id)
        self.from_targets += sum(1 for p in pred_c if any(
            math.isclose(float(p.get("value_S_cm") or 0), float(t.get("value_S_cm") or -1), rel_tol=VALUE_TOL)
            for t in targets if t.get("type") == CONDUCTIVITY))

    def _strategies(self, pred: list[dict], gold: list[dict], lexicon, pid: str) -> None:
        self.strategy.predicted += len(pred)
        self.strategy.gold += len(gold)
        used: set[int] = set()
        for p in pred:
            match = next((i for i, g in enumerate(gold) if i not in used and same_strategy(p, g, lexicon)), None)
            if match is None:
                if any(same_strategy(p, g, lexicon) for g in gold):
                    self.strategy.correct_predicted += 1  # a second record of a found strategy
                else:
                    self.wrong.append(f"{pid}: strategy {p.get('layer')} on {p.get('electrolyte')}")
                continue
            used.add(match)
            self.strategy.correct_predicted += 1
            self.strategy.correct_gold += 1
            for name in FIELDS:
                right = _field_right(name, p, gold[match], lexicon)
                if right is not None:
                    self.fields[name].stated += 1
                    self.fields[name].right += right
        self.misses += [f"{pid}: strategy {g.get('layer')} on {g.get('electrolyte')}"
                        for i, g in enumerate(gold) if i not in used]

    def _conductivities(self, pred: list[dict], gold: list[dict], lexicon, pid: str) -> None:
        self.conductivity.predicted += len(pred)
        self.conductivity.gold += len(gold)
        found: set[int] = set()
        for p in pred:
            hits = [i for i, g in enumerate(gold) if same_conductivity(p, g, lexicon)]
            if hits:
                self.conductivity.correct_predicted += 1
                free = [i for i in hits if i not in found]
                found.add(free[0] if free else hits[0])
            else:
                self.wrong.append(f"{pid}: conductivity {p.get('value_S_cm')} of {p.get('material')}")
        self.conductivity.correct_gold += len(found)
        self.misses += [f"{pid}: conductivity {g.get('value_S_cm')} of {g.get('material')}"
                        for i, g in enumerate(gold) if i not in found]

    def to_json(self) -> dict:
        def r(x: float) -> float | None:
            return None if math.isnan(x) else round(x, 3)

        return {
            "passages": self.passages,
            "strategy": {"precision": r(self.strategy.precision), "recall": r(self.strategy.recall),
                         "predicted": self.strategy.predicted, "gold": self.strategy.gold},
            "fields": {k: {"accuracy": r(v.value), "stated": v.stated} for k, v in self.fields.items()},
            "conductivity": {"precision": r(self.conductivity.precision),
                             "recall": r(self.conductivity.recall),
                             "predicted": self.conductivity.predicted, "gold": self.conductivity.gold},
            "facts_from_targets": self.from_targets,
            "gold_strategies_without_electrolyte": self.unpaired_gold,
            "predicted_strategies_of_those_layers": self.unjudged,
        }

    def format(self, details: bool = False) -> str:
        j = self.to_json()
        lines = [f"passages: {j['passages']}",
                 "strategies:     precision {precision}  recall {recall}  "
                 "(predicted {predicted}, gold {gold})".format(**j["strategy"]),
                 "conductivities: precision {precision}  recall {recall}  "
                 "(predicted {predicted}, gold {gold})".format(**j["conductivity"])]
        lines += [f"  {k:<16} right {v['accuracy']} of {v['stated']} matched strategies stating it"
                  for k, v in j["fields"].items()]
        lines.append(f"facts from target sentences: {j['facts_from_targets']}")
        lines.append(f"gold strategies naming no electrolyte (not scored): {self.unpaired_gold}; "
                     f"predictions of their layers (not scored): {self.unjudged}")
        if details:
            lines += ["missed:"] + [f"  {m}" for m in self.misses]
            lines += ["wrong:"] + [f"  {w}" for w in self.wrong]
        return "\n".join(lines)


def score(passages: Iterable[Passage], shared: Path, lexicon=None) -> Scores:
    """Extract every passage and count it against its gold."""
    scores = Scores()
    for p in passages:
        scores.add_passage(extract_passage(p.text(shared), lexicon), p.facts, lexicon, p.id)
    return scores
