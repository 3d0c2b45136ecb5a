"""Opening the store: writers wait for each other, readers never wait, a damaged store is one line."""
from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from nasicon_kg.errors import StoreError
from nasicon_kg.store import KGStore

from .test_cli import EXE, cli, one_error_line

WAITING = "waiting for another nasicon-kg writing to"


def tiny_paper(folder: Path, n: int) -> Path:
    path = folder / f"paper{n}.md"
    path.write_text(f"# Tiny paper number {n}\n\n## Results\n\nA {n}5 nm Al2O3 layer was coated on LATP "
                    f"sample {n} by ALD and the cell cycled for {n}00 h.\n", encoding="utf-8")
    return path


def start(*args, stderr_path: Path | None = None) -> subprocess.Popen:
    env = {**os.environ, "COLUMNS": "200"}
    stderr = open(stderr_path, "w") if stderr_path else subprocess.PIPE
    return subprocess.Popen([*EXE, *map(str, args)], stdout=subprocess.PIPE, stderr=stderr, text=True, env=env)


def paper_count(store: Path) -> int:
    return len(KGStore(store, read_only=True).papers())


def test_concurrent_adds_all_land(tmp_path):
    store = tmp_path / "kg"
    papers = [tiny_paper(tmp_path, n) for n in range(1, 5)]
    writers = [start("add", p, "--store", store) for p in papers]
    results = [(w.wait(timeout=120), *w.communicate()) for w in writers]
    for code, stdout, stderr in results:
        assert code == 0, stderr
        assert "1 added" in stdout
        assert stderr.count(WAITING) <= 1 and "Traceback" not in stderr
    assert paper_count(store) == 4


def test_a_writer_waits_for_the_lock_then_proceeds_and_readers_do_not_wait(tmp_path):
    store = tmp_path / "kg"
    holder = KGStore(store)
    log = tmp_path / "stderr.txt"
    writer = start("add", tiny_paper(tmp_path, 1), "--store", store, "--wait", "60", stderr_path=log)
    deadline = time.monotonic() + 60
    while WAITING not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert writer.poll() is None, log.read_text()
    listed = cli("list", "--store", store)
    assert listed.returncode == 0 and "0 paper(s)" in listed.stdout
    holder.close()
    assert writer.wait(timeout=60) == 0, log.read_text()
    assert log.read_text().count(WAITING) == 1
    assert paper_count(store) == 1


def test_a_writer_gives_up_after_its_wait_with_one_error(tmp_path):
    store = tmp_path / "kg"
    holder = KGStore(store)
    result = cli("add", tiny_paper(tmp_path, 2), "--store", store, "--wait", "0.5")
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert len(errors) == 1 and result.stderr.count(WAITING) == 1
    assert "locked by another nasicon-kg writer" in errors[0] and "--wait" in errors[0]
    assert "locked" in one_error_line(cli("remove", "whatever", "--yes", "--store", store, "--wait", "0"))
    holder.close()


# -- damaged stores -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_store(tmp_path_factory):
    from nasicon_kg.build import add_papers

    folder = tmp_path_factory.mktemp("small")
    store = KGStore(folder / "kg")
    assert [r.status for r in add_papers(store, [tiny_paper(folder, 3)])] == ["added"]
    store.close()
    return folder / "kg"


def largest_sst(store: Path) -> Path:
    return max(store.glob("*.sst"), key=lambda p: p.stat().st_size)


def damage(store: Path, kind: str) -> None:
    if kind == "missing sst":
        largest_sst(store).unlink()
    elif kind == "truncated sst":
        os.truncate(largest_sst(store), 100)
    elif kind == "missing CURRENT":
        (store / "CURRENT").unlink()
    elif kind == "truncated MANIFEST":
        os.truncate(next(store.glob("MANIFEST-*")), 10)


@pytest.mark.parametrize("kind", ["missing sst", "truncated sst", "missing CURRENT", "truncated MANIFEST"])
def test_a_damaged_store_is_one_line_in_every_command(small_store, tmp_path, kind):
    store = tmp_path / "kg"
    shutil.copytree(small_store, store)
    damage(store, kind)
    for args in (["list"], ["query", "papers"], ["export", "-f", "nq"], ["add", tiny_paper(tmp_path, 4)]):
        line = one_error_line(cli(*args, "--store", store))
        assert f"store at {store} is damaged" in line, (args, line)
        assert "'nasicon-kg build'" in line and "'nasicon-kg export'" in line


def test_damage_met_while_reading_is_a_store_error(small_store, tmp_path):
    store = tmp_path / "kg"
    shutil.copytree(small_store, store)
    for sst in (p for p in store.glob("*.sst") if p.stat().st_size > 4000):
        size = sst.stat().st_size
        with open(sst, "r+b") as f:
            f.seek(size // 3)
            f.write(b"\xff" * (size // 3))
    kg = KGStore(store, read_only=True)
    with pytest.raises(StoreError, match="is damaged .*checksum"):
        len(kg)
    with pytest.raises(StoreError, match="is damaged"):
        kg.export("nq")
