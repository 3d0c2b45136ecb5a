"""Relation pattern files (patterns/relations/*.jsonl): each passes the example sentences it
carries (written for these files), every pattern is exercised, and a match's slots are mentions of
the kinds the file declares."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nasicon_kg.nlp.relations import (RELATION_FILES, Relation, RelationMatcher, load_relation_file,
                                      relations_in)


@pytest.fixture(scope="module")
def nlp():
    from nasicon_kg.lexicon import load_lexicon
    from nasicon_kg.nlp.pipeline import build_nlp

    return build_nlp(load_lexicon())


def found(nlp, sentence: str, name: str) -> list[dict]:
    doc = nlp(sentence)
    return sorted((sorted({s: sentence[a:b] for s, a, b in r.slots}.items())
                   for r in doc.user_data["relations"] if r.name == name))


@pytest.mark.parametrize("name", RELATION_FILES)
def test_examples(nlp, name):
    spec = load_relation_file(name)
    assert spec.patterns and spec.examples, name
    assert any(not want for _, want in spec.examples), f"{name} needs an example that must find nothing"
    for sentence, want in spec.examples:
        assert found(nlp, sentence, name) == sorted(sorted(d.items()) for d in want), sentence


@pytest.mark.parametrize("name", RELATION_FILES)
def test_every_pattern_matches_one_of_its_examples(nlp, name):
    spec = load_relation_file(name)
    matcher = RelationMatcher(nlp.vocab, [name])
    hit = set()
    for sentence, _ in spec.examples:
        hit |= matcher.pattern_keys(nlp(sentence))
    assert hit == {f"{name}#{k}" for k in range(len(spec.patterns))}, sorted(hit)


def test_one_sentence_in_four_notations(nlp):
    for sentence, name in (("The ZnO-coated LATP pellet was stable.", "layer_on"),
                           ("LATP coated with ZnO was stable.", "layer_on"),
                           ("A thin ZnO layer on LATP was stable.", "layer_on"),
                           ("Li|ZnO|LATP cells were stable.", "interlayer")):
        assert ["ZnO", "LATP"] == [dict(r)[k] for r in found(nlp, sentence, name) for k in ("layer", "on")]


def test_the_metal_at_the_far_end_of_a_stack_is_not_what_the_layer_sits_on(nlp):
    for name in ("layer_on", "interlayer"):
        assert found(nlp, "Li|LLZO|Li cells were assembled.", name) == []
        assert found(nlp, "Au|LLZO|Au blocking cells", name) == []


def test_malformed_relation_files_name_the_line(tmp_path):
    about = '{"about": "x", "slots": {"a": ["material"]}}\n'
    cases = {
        "json": about + "{not json\n",
        "slot": about + '{"pattern": [{"SLOT": "b"}]}\n',
        "twice": about + '{"pattern": [{"SLOT": "a"}, {"SLOT": "a"}]}\n',
        "what": about + '{"hello": 1}\n',
    }
    for name, text in cases.items():
        (tmp_path / f"{name}.jsonl").write_text(text)
        with pytest.raises(ValueError, match=rf"{name}.jsonl:2"):
            load_relation_file(name, str(tmp_path))
    (tmp_path / "kind.jsonl").write_text('{"about": "x", "slots": {"a": ["colour"]}}\n')
    with pytest.raises(ValueError, match=r"kind.jsonl:1"):
        load_relation_file("kind", str(tmp_path))


def test_relations_in_a_sentence_and_shifted():
    r = Relation("layer_on", 10, 30, (("layer", 10, 13), ("on", 25, 30)))
    assert relations_in([r], 0, 40) == [r] and relations_in([r], 11, 40) == []
    assert r.shifted(5).slot("on") == (30, 35) and r.slot("metal") is None


WORDS = ["ZnO", "LATP", "Li", "LLZO", "PEO", "ALD", "sputtering", "10 nm", "500 h", "0.1 mA cm-2", "coated",
         "with", "a", "thin", "layer", "on", "the", "SSE", "|", "/", "-", "between", "and", "by", "was",
         "deposited", "for", "at", "of", "film", "metal", "."]


@given(st.lists(st.sampled_from(WORDS), min_size=2, max_size=18))
@settings(max_examples=150, deadline=None)
def test_slots_are_mentions_of_their_kinds_inside_the_match(nlp, words):
    from nasicon_kg.nlp.relations import mentions

    text = " ".join(words)
    doc = nlp(text)
    kinds = {(doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)): kind for a, b, kind in mentions(doc)}
    for r in doc.user_data["relations"]:
        spec = load_relation_file(r.name)
        assert 0 <= r.start < r.end <= len(text)
        for slot, a, b in r.slots:
            assert r.start <= a < b <= r.end, (text, r)
            assert kinds.get((a, b)) in spec.slots[slot], (text, r)


def test_mentions_do_not_overlap_and_a_material_wins(nlp):
    from nasicon_kg.nlp.relations import mention_doc, mentions

    doc = nlp("The LLZO pellet was coated with 10 nm of ZnO by ALD.")
    found = mentions(doc)
    assert all(b1 <= a2 for (_, b1, _), (a2, _, _) in zip(found, found[1:]))
    assert [k for _, _, k in found] == ["electrolyte", "length", "material", "method"]
    marked, spans = mention_doc(doc)
    assert [t.text for t in marked][:5] == ["The", "<electrolyte>", "pellet", "was", "coated"]
    assert [doc.text[a:b] for a, b in spans][1] == "LLZO"
