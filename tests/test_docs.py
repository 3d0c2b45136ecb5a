"""Docs stay true to the code: the documented JSON example is what `extract` prints, every
command and query the README names exists."""
from __future__ import annotations

import json
import re

from .conftest import ROOT, SEED


def test_facts_doc_example_is_real_output():
    from nasicon_kg.extract import extract_facts
    from nasicon_kg.readers import read_document

    text = (ROOT / "docs" / "facts.md").read_text(encoding="utf-8")
    example = json.loads(re.search(r"```json\n(.*?)```", text, re.S).group(1))
    facts = [f.to_json() for f in extract_facts(read_document(SEED), sources="tables")]
    real = next(f for f in facts if f["type"] == "InterfaceStrategy" and f["layer"] == example["layer"])
    assert real == example


def test_readme_names_real_commands_and_queries():
    from typer.testing import CliRunner

    from nasicon_kg.cli import app

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.splitlines()[3:5] == ["make demo    # set up .venv, build the graph from corpus/, answer the headline question, draw the map",
                                        "make test    # set up .venv and run the whole test suite"]
    code = "\n".join(re.findall(r"```\n(.*?)```", readme, re.S))
    commands = sorted(set(re.findall(r"^nasicon-kg (\w+)", code, re.M)))
    assert len(commands) >= 10
    for command in commands:
        assert CliRunner().invoke(app, [command, "--help"]).exit_code == 0, command
    for query in re.findall(r"queries/(\w+)\.rq", readme):
        assert (ROOT / "queries" / f"{query}.rq").exists(), query
    for doc in re.findall(r"\(docs/([\w-]+\.md)\)", readme):
        assert (ROOT / "docs" / doc).exists(), doc
