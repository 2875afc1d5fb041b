"""Where a file fails: the gate's located errors, shared by validate and every loader."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from honduras_kg.curation.load import load_graph
from honduras_kg.curation.located import ParsedFile, parse_error, parse_file
from honduras_kg.errors import GraphFileError
from honduras_kg.store import curated_graphs

PARSE = Path(__file__).parents[1] / "data" / "broken" / "parse"

#: Valid Turtle, then a byte that is not UTF-8 on the third line.
NOT_UTF8 = b'@prefix x: <urn:x#> .\nx:a x:b "fine" .\nx:c x:d "caf\xe9" .\n'


def test_bad_utf8_names_the_line_and_the_byte(tmp_path: Path):
    path = tmp_path / "latin1.ttl"
    path.write_bytes(NOT_UTF8)
    problem = parse_file(path)
    assert not isinstance(problem, ParsedFile)
    assert problem.line == 3
    offset = NOT_UTF8.index(0xE9)
    assert f"byte 0xe9 at byte offset {offset}" in problem.message


def test_windows_line_ends_keep_the_line_numbers(tmp_path: Path):
    path = tmp_path / "crlf.ttl"
    text = (PARSE / "bad-syntax.ttl").read_text(encoding="utf-8")
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    problem = parse_file(path)
    assert not isinstance(problem, ParsedFile) and problem.line == 7


@pytest.mark.parametrize(("name", "line"), [("bad-syntax.ttl", 7), ("bad-shapes.ttl", 4)])
def test_parse_error_says_what_validate_says(name: str, line: int):
    problem = parse_file(PARSE / name)
    error = parse_error(PARSE / name, SyntaxError("whatever rdflib said"))
    assert (error.file, error.line) == (PARSE / name, line)
    assert str(error) == f"{PARSE / name}:{line}: {problem.message} {problem.fix}"


def test_parse_error_of_a_file_that_parses_keeps_the_parser_s_words(tmp_path: Path):
    path = tmp_path / "fine.ttl"
    path.write_text("<urn:a> <urn:b> <urn:c> .\n")
    error = parse_error(path, ValueError("first line\nsecond line"))
    assert str(error) == f"{path}: cannot be parsed: first line"


@pytest.fixture
def broken_dir(mini_dir: Path, tmp_path: Path) -> Path:
    return shutil.copytree(mini_dir, tmp_path / "graph")


@pytest.mark.parametrize("load", [load_graph, curated_graphs])
def test_loaders_name_the_file_and_line(broken_dir: Path, load):
    shutil.copy(PARSE / "bad-syntax.ttl", broken_dir)
    with pytest.raises(GraphFileError, match="not valid Turtle") as raised:
        load(broken_dir)
    assert (raised.value.file, raised.value.line) == (broken_dir / "bad-syntax.ttl", 7)


@pytest.mark.parametrize("load", [load_graph, curated_graphs])
def test_loaders_name_a_file_that_is_not_utf8(broken_dir: Path, load):
    (broken_dir / "latin1.ttl").write_bytes(NOT_UTF8)
    with pytest.raises(GraphFileError, match=r"latin1\.ttl:3: The file is not UTF-8: byte 0xe9"):
        load(broken_dir)
