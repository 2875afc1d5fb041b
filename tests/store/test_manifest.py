"""The manifest of an on-disk store: written, read back, and checked against what a store holds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from honduras_kg import __version__
from honduras_kg.errors import StoreError
from honduras_kg.store.manifest import (
    FORMAT_VERSION,
    MANIFEST_NAME,
    Manifest,
    changed_sources,
    check_manifest,
    read_manifest,
    source_files,
    write_manifest,
)

BASE = "https://w3id.org/honduras-kg/"
GRAPHS = {BASE + "graph/people": 40, BASE + "graph/places": 12}


def manifest(**changes) -> Manifest:
    values = {"base": BASE, "graphs": GRAPHS, "files": {"people.ttl": "sha256:ab"}}
    return Manifest(**(values | changes))


def test_written_and_read_back(tmp_path: Path):
    written = manifest()
    write_manifest(tmp_path, written)
    assert read_manifest(tmp_path) == written
    data = json.loads((tmp_path / MANIFEST_NAME).read_text())
    assert data["format"] == FORMAT_VERSION and data["version"] == __version__
    assert data["graphs"] == GRAPHS and data["base"] == BASE
    assert data["sources"]["fingerprint"].startswith("sha256:")
    assert data["created"].endswith("Z")


def test_source_files_fingerprint_the_data_files(mini_dir: Path, tmp_path: Path):
    files = source_files(mini_dir)
    assert "shapes.ttl" not in files and "claims.ttl" in files
    copy = shutil.copytree(mini_dir, tmp_path / "copy")
    assert source_files(copy) == files
    (copy / "claims.ttl").write_text((copy / "claims.ttl").read_text() + "\n# edited\n")
    edited = source_files(copy)
    assert edited["claims.ttl"] != files["claims.ttl"]
    assert manifest(files=edited).fingerprint != manifest(files=files).fingerprint


def test_changed_sources_name_each_file(mini_dir: Path, tmp_path: Path):
    copy = shutil.copytree(mini_dir, tmp_path / "copy")
    loaded = manifest(files=source_files(copy))
    assert changed_sources(loaded, copy) == []
    (copy / "claims.ttl").write_text((copy / "claims.ttl").read_text() + "\n# edited\n")
    (copy / "extra.ttl").write_text("")
    (copy / "sources.ttl").unlink()
    assert changed_sources(loaded, copy) == [
        "claims.ttl (changed)",
        "extra.ttl (added)",
        "sources.ttl (removed)",
    ]


def test_a_graph_dir_without_data_files_cannot_tell(tmp_path: Path):
    assert changed_sources(manifest(), tmp_path / "nowhere") == []
    assert changed_sources(manifest(), tmp_path) == []


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("{not json", "not a valid manifest"),
        ('{"format": 1}', "not a honduras-kg manifest"),
        ("[]", "not a honduras-kg manifest"),
        ('{"package": "honduras-kg", "format": 1}', "not a valid manifest"),
    ],
)
def test_an_unreadable_manifest_is_refused(tmp_path: Path, text: str, reason: str):
    (tmp_path / MANIFEST_NAME).write_text(text)
    with pytest.raises(StoreError, match=reason) as refused:
        read_manifest(tmp_path)
    assert f"honduras-kg load --store-path {tmp_path}" in str(refused.value)


def test_a_manifest_edited_by_hand_is_refused(tmp_path: Path):
    write_manifest(tmp_path, manifest())
    data = json.loads((tmp_path / MANIFEST_NAME).read_text())
    data["sources"]["files"]["people.ttl"] = "sha256:cd"
    (tmp_path / MANIFEST_NAME).write_text(json.dumps(data))
    with pytest.raises(StoreError, match="fingerprint"):
        read_manifest(tmp_path)


def test_a_missing_manifest_is_refused(tmp_path: Path):
    with pytest.raises(StoreError, match=f"has no {MANIFEST_NAME}"):
        read_manifest(tmp_path)


def test_another_format_is_refused_naming_its_version(tmp_path: Path):
    (tmp_path / MANIFEST_NAME).write_text(
        json.dumps({"package": "honduras-kg", "format": 99, "version": "9.0"})
    )
    found = read_manifest(tmp_path)
    with pytest.raises(StoreError, match=r"store format 99 \(honduras-kg 9\.0\)"):
        check_manifest(found, directory=tmp_path, held=GRAPHS, base=BASE)


def test_a_matching_store_passes(tmp_path: Path):
    check_manifest(manifest(), directory=tmp_path, held=dict(GRAPHS), base=BASE)


def test_another_base_is_refused(tmp_path: Path):
    with pytest.raises(StoreError, match=f"HONDURAS_KG_BASE={BASE}"):
        check_manifest(manifest(), directory=tmp_path, held=GRAPHS, base="http://127.0.0.1/")


@pytest.mark.parametrize(
    ("held", "said"),
    [
        ({}, "graph/people>: 0 triples, the manifest says 40"),
        ({BASE + "graph/people": 40}, "graph/places>: 0 triples, the manifest says 12"),
        (GRAPHS | {BASE + "graph/people": 39}, "39 triples, the manifest says 40"),
        (GRAPHS | {"urn:other": 1}, "<urn:other>: 1 triples, not in the manifest"),
        (GRAPHS | {"": 5}, "the default graph: 5 triples, not in the manifest"),
    ],
)
def test_a_store_that_holds_something_else_is_refused(tmp_path: Path, held, said):
    with pytest.raises(StoreError, match="does not hold what its manifest lists") as refused:
        check_manifest(manifest(), directory=tmp_path, held=held, base=BASE)
    assert said in str(refused.value)
    assert "\n" not in str(refused.value)
