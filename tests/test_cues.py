"""Every cue pattern file passes the example sentences it carries (written for these files)."""
from __future__ import annotations

import pytest

from nasicon_kg.nlp.cues import CUE_FILES, build_matcher, load_pattern_file, without_negated


@pytest.fixture(scope="module")
def nlp():
    from nasicon_kg.lexicon import load_lexicon
    from nasicon_kg.nlp.pipeline import build_nlp

    return build_nlp(load_lexicon())


@pytest.mark.parametrize("name", CUE_FILES)
def test_examples(nlp, name):
    spec = load_pattern_file(name)
    assert spec.patterns and spec.examples, name
    matcher = build_matcher(nlp.vocab, [name])
    for sentence, expected in spec.examples:
        doc = nlp(sentence)  # the whole pipeline: a pattern may ask for a token's material role
        found = {s.label_ for s in without_negated(matcher(doc, as_spans=True))}
        assert found == set(expected), (sentence, sorted(found))
    # every cue of the file is exercised by at least one example (a not_ cue by its example's silence)
    assert {c for c in spec.cues if not c.startswith("not_")} <= {c for _, cues in spec.examples for c in cues}, name


def test_malformed_pattern_file_names_the_line(tmp_path):
    (tmp_path / "bad.jsonl").write_text('{"cue": "x", "pattern": [{"LOWER": "a"}]}\n{"cue": "y"}\n')
    with pytest.raises(ValueError, match=r"bad.jsonl:2"):
        load_pattern_file("bad", str(tmp_path))
