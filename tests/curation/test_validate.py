"""The validation gate: each rule fires on a small broken fixture, and a valid one passes.

A broken fixture is one file under ``tests/data/broken/<rule>/`` that adds one
mistake to the valid graph of ``tests/data/valid/``; each test copies both into
a temporary graph directory. The ontology and shapes are the real ones.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from honduras_kg.curation import quotes
from honduras_kg.curation.anchors import write_anchors
from honduras_kg.curation.quotes import longest_matching_prefix
from honduras_kg.curation.validate import (
    DEFAULT_GRAPH_DIR,
    RULES,
    Problem,
    Report,
    normalise_text,
    validate,
)

from ..system import require

DATA = Path(__file__).resolve().parents[1] / "data"
VALID = DATA / "valid"
BROKEN = DATA / "broken"
SOURCES = DATA / "sources"
ONTOLOGY = DEFAULT_GRAPH_DIR / "ontology.ttl"
SHAPES = DEFAULT_GRAPH_DIR / "shapes.ttl"
SEEDS = DEFAULT_GRAPH_DIR.parents[1] / "shared" / "seeds"


def graph_with(tmp_path: Path, *broken: str, anchored: bool = True) -> Path:
    """A graph directory holding the valid fixture plus the named broken files.

    ``anchored``: its quotes anchored again, as a curator would after adding a
    file, so that a fixture shows its one mistake (not, too, that it is not anchored).
    """
    for path in [*VALID.glob("*.ttl"), *(BROKEN / name for name in broken)]:
        shutil.copy(path, tmp_path / path.name)
    if anchored:
        write_anchors(tmp_path, SOURCES)
    return tmp_path


def check(
    graph_dir: Path,
    *,
    sources_dir: Path | None = SOURCES,
    ontology: Path = ONTOLOGY,
    shapes: Path = SHAPES,
) -> Report:
    """``validate`` with the real ontology and shapes, and the test sources by default."""
    return validate(graph_dir, sources_dir=sources_dir, ontology=ontology, shapes=shapes)


def test_valid_fixture_passes() -> None:
    report = check(VALID)
    assert report.problems == []
    assert report.ok
    assert report.triples > 0
    assert report.format().endswith("no problems.")


# fixture, rule, subject, words of the message
ONE_MISTAKE = [
    ("shacl/missing-label.ttl", "shacl", "hk:quay", "exactly one rdfs:label (it has 0)"),
    ("shacl/claim-without-source.ttl", "shacl", "claim:no-source", "prov:wasDerivedFrom"),
    ("shacl/claim-without-quote.ttl", "shacl", "claim:no-quote", "no evidence quote"),
    ("shacl/claim-without-modality.ttl", "shacl", "claim:no-modality", "hko:modality"),
    ("shacl/attributed-without-attributedto.ttl", "shacl", "claim:no-attribution", "to whom"),
    ("shacl/bad-date-datatype.ttl", "shacl", "claim:bad-date", '"3 March 2024"'),
    ("shacl/quantity-not-a-number.ttl", "shacl", "qty:bad-quantity", "not a number"),
    ("dangling/unknown-entity.ttl", "dangling", "hk:harbor", "never described"),
    ("undeclared/unknown-relation.ttl", "undeclared", "hko:closes", "not declared"),
    ("quote/quote-not-in-source.ttl", "quote", "claim:misquoted", "does not occur"),
    ("quote/quote-from-other-source.ttl", "quote", "claim:wrong-source", "does not occur"),
    ("quote/missing-source-file.ttl", "quote", "src:lost-report", '"lost-report.txt"'),
]


@pytest.mark.parametrize(("fixture", "rule", "subject", "words"), ONE_MISTAKE)
def test_one_mistake_one_problem(
    tmp_path: Path, fixture: str, rule: str, subject: str, words: str
) -> None:
    report = check(graph_with(tmp_path, fixture))
    assert len(report.problems) == 1, report.format()
    [problem] = report.problems
    assert (problem.rule, problem.subject) == (rule, subject)
    assert words in problem.message
    assert problem.file == tmp_path / Path(fixture).name
    assert problem.line is not None
    assert problem.fix
    assert not report.ok


def test_line_points_at_the_subject(tmp_path: Path) -> None:
    report = check(graph_with(tmp_path, "shacl/claim-without-modality.ttl"))
    [problem] = report.problems
    assert problem.file is not None and problem.line is not None
    lines = problem.file.read_text(encoding="utf-8").splitlines()
    assert lines[problem.line - 1].startswith("claim:no-modality a hko:Claim")


# subject, words of the message: one mistake per resource of assorted.ttl
ASSORTED = [
    ("hk:spanish-label", "not tagged as English"),
    ("hk:two-labels", "exactly one rdfs:label (it has 2)"),
    ("hk:no-description", "exactly one schema:description (it has 0)"),
    ("hk:unmentioned", "which source mentions it"),
    ("hk:mentioned-in-entity", "not a hko:Source"),
    ("hk:numeric-alias", "skos:altLabel that is not text"),
    ("hk:wikipedia-link", "Wikidata"),
    ("claim:assorted-mistakes", "more than one rdf:object"),
    ("claim:assorted-mistakes", "not one of the modalities (value: hko:Attributed)"),
    ("claim:assorted-mistakes", "points at something that is not a plan (value: hk:harbour)"),
    ("claim:assorted-mistakes", "not a standing (value: hko:Stated)"),
    ("claim:assorted-mistakes", "hko:negated is not a single boolean"),
    ("claim:assorted-mistakes", "hko:quote is empty"),
    ("claim:assorted-mistakes", "rdf:subject is not an IRI"),
    (
        "claim:assorted-mistakes",
        'hko:date is not a valid xsd:date, xsd:gYearMonth or xsd:gYear (value: "2024-13"',
    ),
    ("claim:assorted-mistakes", "hko:earliest is not a year"),
    ("claim:assorted-mistakes", "prov:wasDerivedFrom points to something that is not a hko:Source"),
    ("stmt:wordless", "neither the speaker's words nor a paraphrase"),
    ("stmt:wordless", "exactly one hko:speaker (it has 0)"),
    ("src:sloppy", "no rdfs:label"),
    ("src:sloppy", "the bare name of its text"),
    ("src:sloppy", "who stands behind it"),
    ("qty:unitless", "exactly one schema:value (it has 2)"),
    ("qty:unitless", "schema:unitText"),
    ("qty:unitless", "hko:measures"),
    ("conflict:lonely", "fewer than two claims (it has 1)"),
    ("conflict:lonely", "not a hko:Claim"),
    ("conflict:lonely", "what the disagreement is"),
]


def test_each_shape_reports_its_own_mistake(tmp_path: Path) -> None:
    report = check(graph_with(tmp_path, "shacl/assorted.ttl"))
    found = {(p.subject, p.message) for p in report.problems}
    for subject, words in ASSORTED:
        assert any(s == subject and words in m for s, m in found), (subject, words)
    assert len(report.problems) == len(ASSORTED)
    assert {p.rule for p in report.problems} == {"shacl"}
    assert all(" Fix: " not in p.message and p.fix[0].isupper() for p in report.problems)


# subject, words of the message: one claim or pass of old-model.ttl per shape of the
# model that issue 11 left behind
OLD_MODEL = [
    ("claim:deprecated-relation", "deprecated relation"),
    ("claim:speaker-as-subject", "the subject is who describes"),
    ("claim:description-not-words", "rdf:object is not text"),
    ("claim:hedge-without-words", "a hedge without the source's words"),
    ("claim:presence-of-a-force", "subject is not a state"),
    ("claim:threat-at-a-topic", "not a plan (value: hk:harbour)"),
    ("claim:uncurated", "which curation pass wrote it"),
    ("claim:date-without-note", "no note saying how it was established"),
    ("cur:anonymous-pass", "who made it"),
    ("cur:anonymous-pass", "prov:endedAtTime"),
]


def test_the_old_model_is_refused(tmp_path: Path) -> None:
    report = check(graph_with(tmp_path, "shacl/old-model.ttl"))
    found = {(p.subject, p.message) for p in report.problems}
    for subject, words in OLD_MODEL:
        assert any(s == subject and words in m for s, m in found), (subject, words)
    assert len(report.problems) == len(OLD_MODEL)
    assert {p.rule for p in report.problems} == {"shacl"}


def test_parse_error_names_file_and_line_and_skips_graph_rules(tmp_path: Path) -> None:
    report = check(graph_with(tmp_path, "parse/bad-syntax.ttl", anchored=False))
    [problem] = report.problems
    assert problem.rule == "parse"
    assert problem.file == tmp_path / "bad-syntax.ttl"
    assert problem.line == 7
    assert "newline found in string literal" in problem.message
    assert report.skipped and "shacl" in report.skipped[0]
    assert "Skipped:" in report.format()


def test_every_broken_file_is_reported(tmp_path: Path) -> None:
    graph_with(tmp_path, "parse/bad-syntax.ttl", anchored=False)
    shutil.copy(BROKEN / "parse" / "bad-syntax.ttl", tmp_path / "also-bad.ttl")
    report = check(tmp_path)
    files = [p.file for p in report.problems]
    assert files == [tmp_path / "also-bad.ttl", tmp_path / "bad-syntax.ttl"]


def test_broken_shapes_file_is_a_parse_problem() -> None:
    report = check(VALID, shapes=BROKEN / "parse" / "bad-shapes.ttl")
    [problem] = report.problems
    assert (problem.rule, problem.file, problem.line) == (
        "parse",
        BROKEN / "parse" / "bad-shapes.ttl",
        4,
    )


def test_missing_ontology_is_a_parse_problem(tmp_path: Path) -> None:
    report = check(VALID, ontology=tmp_path / "ontology.ttl")
    [problem] = report.problems
    assert (problem.rule, problem.file) == ("parse", tmp_path / "ontology.ttl")
    assert "does not exist" in problem.message


def test_empty_graph_dir_is_a_parse_problem(tmp_path: Path) -> None:
    report = check(tmp_path)
    assert [p.rule for p in report.problems] == ["parse"]
    assert "no data files" in report.problems[0].message


def test_quote_fix_shows_the_longest_matching_prefix(tmp_path: Path) -> None:
    [problem] = check(graph_with(tmp_path, "quote/quote-not-in-source.ttl")).problems
    assert 'up to "that the harbour would …"' in problem.fix
    assert '"…shut for repairs."' in problem.fix
    assert '"…close for repairs.' in problem.fix


def test_quote_from_another_source_says_which(tmp_path: Path) -> None:
    [problem] = check(graph_with(tmp_path, "quote/quote-from-other-source.ttl")).problems
    assert "harbour-rumour.txt" in problem.fix


def test_without_texts_the_gate_passes_and_says_it_did_not_reread_the_quotes() -> None:
    report = check(VALID, sources_dir=None)
    assert report.problems == [] and report.ok
    [notice] = report.skipped
    assert "not re-read against the source texts" in notice
    assert "--sources DIR" in notice and "HONDURAS_KG_SOURCES_DIR" in notice
    assert report.format().splitlines()[1] == f"Skipped: {notice}"


def test_without_texts_a_changed_quote_is_still_caught(tmp_path: Path) -> None:
    """The anchors hold the quote as the text has it: a quote edited since then disagrees."""
    graph_dir = graph_with(tmp_path, anchored=False)
    claims = graph_dir / "claims.ttl"
    claims.write_text(claims.read_text().replace("of Isla Verde said", "of Isla Roja said"))
    report = check(graph_dir, sources_dir=None)
    assert [p.rule for p in report.problems] == ["anchor", "anchor"]
    [missing] = [p for p in report.problems if "has no annotation" in p.message]
    assert "Isla Roja" in missing.message and missing.file == claims
    [orphan] = [p for p in report.problems if p is not missing]
    assert "anchors a quote the graph does not have" in orphan.message
    assert all("honduras-kg anchor" in p.fix for p in report.problems)


def test_an_installed_graph_has_no_source_texts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(quotes, "PACKAGED", tmp_path / "honduras_kg")
    graph_dir = tmp_path / "honduras_kg" / "data" / "graph"
    graph_dir.mkdir(parents=True)
    directory, reason = quotes.resolve_sources_dir(graph_dir)
    assert directory is None
    assert reason == (
        "No sources directory was given, and an installed package has no source texts."
    )


def test_nonexistent_sources_dir_is_a_problem(tmp_path: Path) -> None:
    report = check(VALID, sources_dir=tmp_path / "nowhere")
    [problem] = report.problems
    assert problem.rule == "quote"
    assert "nowhere" in problem.message


def test_report_format_and_counts(tmp_path: Path) -> None:
    report = check(
        graph_with(tmp_path, "dangling/unknown-entity.ttl", "quote/quote-not-in-source.ttl")
    )
    assert report.counts == dict.fromkeys(RULES, 0) | {"dangling": 1, "quote": 1}
    text = report.format()
    assert "unknown-entity.ttl:" in text and "hk:harbor  [dangling]" in text
    assert "Did you mean hk:harbour?" in text
    counts = "parse 0, shacl 0, dangling 1, undeclared 0, quote 1, anchor 0, facts 0"
    assert f"Problems by rule: {counts}." in text


def test_problem_is_a_frozen_value() -> None:
    problem = Problem("parse", None, None, None, "What.", "How.")
    with pytest.raises(AttributeError):
        problem.rule = "shacl"  # type: ignore[misc]
    assert problem == Problem("parse", None, None, None, "What.", "How.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  a\n\t b  ", "a b"),
        (
            "\u2018it\u2019s\u201b \u201cso\u201d \u201equoted\u201f \u2032x\u2033",
            '\'it\'s\' "so" "quoted" \'x"',
        ),
        ("\u201a", "'"),
        ("a \u2013 b \u2014 c", "a \u2013 b \u2014 c"),
    ],
)
def test_normalise_text(text: str, expected: str) -> None:
    assert normalise_text(text) == expected


def test_longest_matching_prefix() -> None:
    assert longest_matching_prefix("abcx", "zabcd") == 3
    assert longest_matching_prefix("q", "abc") == 0
    assert longest_matching_prefix("abc", "abc") == 3


def test_curated_graph_passes_without_the_texts(tmp_path: Path) -> None:
    """A clone with no source texts beside it: the gate checks the rest, and says so."""
    graph_dir = shutil.copytree(DEFAULT_GRAPH_DIR, tmp_path / "clone" / "graph")
    report = validate(graph_dir)
    assert report.ok, report.format()
    assert len(report.skipped) == 1 and "not re-read" in report.skipped[0]


def test_curated_graph_passes() -> None:
    """The real graph/ passes the gate against the real source texts."""
    require(
        SEEDS,
        "the source texts, to re-read every quote",
        "shared/seeds beside the checkout, or validate --sources DIR",
    )
    report = validate(DEFAULT_GRAPH_DIR, sources_dir=SEEDS)
    assert report.ok, report.format()
    assert report.skipped == []
