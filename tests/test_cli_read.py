"""The console script reads a plain query/list command line without typer, and hands typer the rest."""
from __future__ import annotations

from pathlib import Path

import pytest

from nasicon_kg.cli_read import OPTIONS, QueryFormat, plain_command


def test_a_plain_query_is_read_here():
    command, kwargs = plain_command(["query", "--store=kg", "high_current", "-b", "min=0.5", "--bind", "x=1",
                                     "--format", "tsv", "--timeout", "5", "--full"], env={})
    assert command == "query"
    assert kwargs == {"query": "high_current", "store": Path("kg"), "fmt": QueryFormat.tsv,
                      "bind": ["min=0.5", "x=1"], "timeout": 5.0, "full": True}


def test_the_store_comes_from_the_environment_unless_given():
    assert str(plain_command(["list"], env={"NASICON_KG_STORE": "/data/kg"})[1]["store"]) == "/data/kg"
    assert str(plain_command(["list", "-s", "here"], env={"NASICON_KG_STORE": "/data/kg"})[1]["store"]) == "here"
    assert plain_command(["list"], env={})[1]["store"] is None


@pytest.mark.parametrize("argv", [
    [], ["build", "corpus"], ["query"], ["query", "a", "b"], ["query", "strategies", "--help"],
    ["query", "strategies", "--nope"], ["query", "strategies", "-f", "turtle"], ["query", "strategies", "-f"],
    ["query", "strategies", "--timeout", "-1"], ["query", "strategies", "--timeout", "soon"],
    ["query", "strategies", "--full=yes"], ["query", "strategies", "--store", "a", "--store", "b"],
    ["query", "strategies", "-fcsv"], ["list", "extra"], ["list", "--store"], ["list", "--store="],
])
def test_anything_else_goes_to_typer(argv):
    assert plain_command(argv, env={}) is None


def test_an_empty_store_variable_goes_to_typer():
    assert plain_command(["list"], env={"NASICON_KG_STORE": ""}) is None


def test_the_options_read_here_are_the_commands_own():
    """Every option of typer's query and list is read here under the same names, and no other."""
    import typer.main

    from nasicon_kg.cli import app

    group = typer.main.get_command(app)
    for name, options in OPTIONS.items():
        params = [p for p in group.commands[name].params if p.param_type_name == "option" and p.name != "help"]
        typer_opts = {opt: p.name for p in params for opt in p.opts}
        assert typer_opts == {opt: key for opt, (key, _) in options.items()}, name
        flags = {opt for p in params if p.is_flag for opt in p.opts}
        assert flags == {opt for opt, (_, takes_value) in options.items() if not takes_value}, name
