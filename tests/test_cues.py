"""Every cue pattern file passes the example sentences it carries (written for these files)."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nasicon_kg.nlp.cues import CUE_FILES, CueMatcher, load_pattern_file


@pytest.fixture(scope="module")
def nlp():
    from nasicon_kg.lexicon import load_lexicon
    from nasicon_kg.nlp.pipeline import build_nlp

    return build_nlp(load_lexicon())


@pytest.mark.parametrize("name", CUE_FILES)
def test_examples(nlp, name):
    spec = load_pattern_file(name)
    assert spec.patterns and spec.examples, name
    matcher = CueMatcher(nlp.vocab, [name])
    for sentence, expected in spec.examples:
        doc = nlp(sentence)  # the whole pipeline: a pattern may ask for a token's material role
        found = {s.label_ for s in matcher(doc)}
        assert found == set(expected), (sentence, sorted(found))
    # every cue of the file is exercised by at least one example (a not_ cue by its example's silence)
    assert {c for c in spec.cues if not c.startswith("not_")} <= {c for _, cues in spec.examples for c in cues}, name


def test_malformed_pattern_file_names_the_line(tmp_path):
    (tmp_path / "bad.jsonl").write_text('{"cue": "x", "pattern": [{"LOWER": "a"}]}\n{"cue": "y"}\n')
    with pytest.raises(ValueError, match=r"bad.jsonl:2"):
        load_pattern_file("bad", str(tmp_path))


PATTERNS = [(cue, pattern) for name in CUE_FILES for cue, pattern in load_pattern_file(name).patterns]
#: the words the patterns name, in their cases, and a few others: sentences made of them hit many patterns
WORDS = sorted({w for _, p in PATTERNS for t in p for v in t.values()
                for w in ([v] if isinstance(v, str) else v.get("IN", []) if isinstance(v, dict) else [])
                if isinstance(w, str)} | {"LATP", "Li", "the", ".", "Coated", "ON"})


@pytest.fixture(scope="module")
def both(nlp):
    from spacy.matcher import Matcher

    reference = Matcher(nlp.vocab)
    for cue, pattern in PATTERNS:
        reference.add(cue, [list(pattern)])
    return reference, CueMatcher(nlp.vocab)


@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=25))
@settings(max_examples=200, deadline=None)
def test_word_sequences_and_the_matcher_match_what_one_spacy_matcher_matches(nlp, both, words):
    from spacy.tokens import Doc

    reference, ours = both
    doc = Doc(nlp.vocab, words=words)
    strings = nlp.vocab.strings
    expected = {(strings[m], s, e) for m, s, e in reference(doc)}
    assert {(strings[m], s, e) for m, s, e in ours.matcher(doc)} | set(ours.sequences(doc)) == expected
