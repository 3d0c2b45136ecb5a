"""The licence files say what README.md, pyproject.toml and the ontology say."""
from __future__ import annotations

import tomllib

from rdflib import URIRef
from rdflib.namespace import DCTERMS

from nasicon_kg.ontology import ONTOLOGY_IRI, load_ontology_graph

from .conftest import ROOT


def test_code_is_mit_and_the_ontology_cc_by_4():
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert "Attribution 4.0 International Public License" in (ROOT / "ontology" / "LICENSE").read_text(
        encoding="utf-8")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT AND CC-BY-4.0"
    assert project["license-files"] == ["LICENSE", "ontology/LICENSE"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "MIT for the code ([LICENSE](LICENSE))" in readme and "CC BY 4.0" in readme
    licence = load_ontology_graph().value(URIRef(ONTOLOGY_IRI), DCTERMS.license)
    assert str(licence) == "https://creativecommons.org/licenses/by/4.0/"
