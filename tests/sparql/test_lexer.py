"""The SPARQL lexer: every terminal, the ways a text may be read, IRI resolution."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib.plugins.sparql.parser import expandUnicodeEscapes

from honduras_kg.sparql.lexer import (
    SparqlLexError,
    nesting_depth,
    readings,
    resolve_iri,
    tokenize,
    unescape_codepoints,
    unescape_like_rdflib,
)
from honduras_kg.sparql.named import DEFAULT_QUERIES_DIR


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("<http://x/a#b>", "IRIREF"),
        ("<>", "IRIREF"),
        ("<http://x/caf\\u00e9>", "IRIREF"),
        ("hk:soto-cano", "PNAME_LN"),
        (":x", "PNAME_LN"),
        ("hk:a\\.b\\~c", "PNAME_LN"),
        ("hk:50%25", "PNAME_LN"),
        ("hk:a.b", "PNAME_LN"),
        ("hk:", "PNAME_NS"),
        (":", "PNAME_NS"),
        ("a.b-c:", "PNAME_NS"),
        ("_:b0", "BLANK_NODE_LABEL"),
        ("?x", "VAR"),
        ("$x1", "VAR"),
        ("?from", "VAR"),
        ("'a'", "STRING"),
        ('"a"', "STRING"),
        ("'''a\n'b''c'''", "STRING"),
        ('"""a\n"b""c"""', "STRING"),
        ('"tab\\t\\"quote\\" \\\\"', "STRING"),
        ("'\\u00e9\\U0001F600'", "STRING"),
        ("@en", "LANGTAG"),
        ("@en-GB", "LANGTAG"),
        ("@ar--rtl", "LANGTAG"),
        ("12", "NUMBER"),
        ("-1.5", "NUMBER"),
        ("+.5", "NUMBER"),
        ("1e10", "NUMBER"),
        ("1.E-3", "NUMBER"),
        ("SELECT", "KEYWORD"),
        ("a", "KEYWORD"),
        ("GROUP_CONCAT", "KEYWORD"),
        ("sha256", "KEYWORD"),
    ],
)
def test_each_terminal_is_one_token(text, kind):
    (token,) = tokenize(text)
    assert (token.kind, token.text, token.offset) == (kind, text, 0)


@pytest.mark.parametrize(
    "punct",
    [
        "{",
        "}",
        "(",
        ")",
        "[",
        "]",
        ";",
        ",",
        ".",
        "*",
        "/",
        "|",
        "^",
        "^^",
        "!",
        "!=",
        "=",
        "<",
        "<=",
        ">",
        ">=",
        "&&",
        "||",
        "<<",
        ">>",
        "<<(",
        ")>>",
        "{|",
        "|}",
        "~",
        "?",
        "+",
        "-",
    ],
)
def test_punctuation(punct):
    assert [(t.kind, t.text) for t in tokenize(punct)] == [("PUNCT", punct)]


@pytest.mark.parametrize(
    ("text", "texts"),
    [
        ("SELECT*{?s?p?o}", ["SELECT", "*", "{", "?s", "?p", "?o", "}"]),
        ("?a<?b>", ["?a", "<?b>"]),  # the longest match: an IRI, as the grammar says
        ("?a < ?b", ["?a", "<", "?b"]),
        ("1.", ["1", "."]),
        ("?x-1", ["?x", "-1"]),
        ("SERVICE:x", ["SERVICE:x"]),
        ("SERVICE-x", ["SERVICE", "-", "x"]),
        ("1SERVICE", ["1", "SERVICE"]),
        ("hk:x.", ["hk:x", "."]),
        ('"""a""""', ['"""a"""']),  # the fourth quote opens a string that never closes
    ],
)
def test_longest_match(text, texts):
    assert [t.text for t in tokenize(text, partial=True)] == texts


@pytest.mark.parametrize(
    ("text", "texts"),
    [
        ("ASK {} # c\nLIMIT 1", ["ASK", "{", "}", "LIMIT", "1"]),
        ("ASK {} # c\r\nLIMIT 1", ["ASK", "{", "}", "LIMIT", "1"]),
        ("ASK {} # c\rLIMIT 1", ["ASK", "{", "}", "LIMIT", "1"]),
        ("ASK { <urn:x#y> }", ["ASK", "{", "<urn:x#y>", "}"]),
        ('ASK { "# not a comment" }', ["ASK", "{", '"# not a comment"', "}"]),
        ("ASK {\t\r\n}", ["ASK", "{", "}"]),
    ],
)
def test_comments_and_whitespace(text, texts):
    assert [t.text for t in tokenize(text)] == texts


def test_a_comment_read_as_rdflib_reads_it_runs_past_a_carriage_return():
    assert [t.text for t in tokenize("ASK {} # c\rLIMIT 1", cr_ends_comment=False)] == [
        "ASK",
        "{",
        "}",
    ]


@pytest.mark.parametrize(
    ("text", "column", "reason"),
    [
        ('ASK { "open }', 7, "never closes"),
        ("ASK { 'line\nbreak' }", 7, "never closes"),
        ('ASK { "bad \\q escape" }', 7, "never closes"),
        ('ASK { """never', 9, "never closes"),  # "" is an empty string, then " opens
        ("ASK { \\u0041 }", 7, "backslash"),
        ("ASK { \f }", 7, "unexpected character"),
        ("ASK { ` }", 7, "unexpected character"),
        ("ASK { \u00a0 }", 7, "unexpected character"),
    ],
)
def test_what_does_not_lex_is_an_error_with_its_place(text, column, reason):
    with pytest.raises(SparqlLexError, match=reason) as caught:
        tokenize(text)
    assert (caught.value.line, caught.value.column) == (1, column)


def test_error_lines_count_from_one():
    with pytest.raises(SparqlLexError) as caught:
        tokenize("ASK {\n  ?s ?p ?o\n  `\n}")
    assert (caught.value.line, caught.value.column) == (3, 3)


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("ASK {}", 1),
        ("ASK { ?s ?p [ ?q ( 1 2 ) ] }", 3),
        ("SELECT * WHERE " + "{" * 30 + "}" * 30, 30),
        ('ASK { FILTER("((((" = "}}}}") }', 2),
        ("ASK { ?s ?p ?o } # {{{{", 1),
        ("ASK { << ?s ?p ?o >> ?q ?r }", 2),
        ("ASK } } } {", 1),
    ],
)
def test_nesting_depth(text, depth):
    assert nesting_depth(tokenize(text)) == depth


@pytest.mark.parametrize(
    "text",
    [
        r"\u0053ERVICE",
        r"\U00000053ERVICE",
        r"\u00000053ERVICE",
        r"caf\u00E9 \u0022 \\u0041 \uD800 \U0010FFFF",
        r"\u004 \U0041 \u+041 plain",
    ],
)
def test_rdflib_escapes_are_resolved_as_rdflib_resolves_them(text):
    try:
        expected = expandUnicodeEscapes(text)
    except ValueError:
        expected = text  # rdflib fails on the text: nothing it would run
    if expected != text:
        assert unescape_like_rdflib(text) == expected


def test_sparql_11_escapes():
    assert unescape_codepoints(r"\u0053\U00000045\u00000041") == "SE\x00" + "0041"
    assert unescape_codepoints(r"\uD800 \U00110000") == r"\uD800 \U00110000"


def test_readings_cover_escapes_and_carriage_returns():
    assert len(readings("ASK {}")) == 1
    both = readings("ASK { # \r\\u00000041 }")
    assert {(r.unescaped, r.cr_ends_comment) for r in both} == {
        (False, True),
        (True, True),
        (False, False),
        (True, False),
    }
    assert len({r.text for r in both}) == 3


#: RFC 3986's examples (section 5.4), and a few of our own.
REFERENCES = [
    "g:h",
    "g",
    "./g",
    "g/",
    "/g",
    "//g",
    "?y",
    "g?y",
    "#s",
    "g#s",
    "g?y#s",
    ";x",
    ".",
    "./",
    "..",
    "../",
    "../g",
    "../..",
    "../../g",
    "../../../g",
    "/./g",
    "/../g",
    "g.",
    ".g",
    "g..",
    "..g",
    "./../g",
    "./g/.",
    "g/./h",
    "g/../h",
    "g;x=1/./y",
    "",
]
IRI_CASES = [("http://a/b/c/d;p?q", ref) for ref in REFERENCES] + [
    ("urn:x:", "y"),
    ("http://h", "g"),
    ("file:///etc/", "passwd"),
    ("http://h/a?q", "../p"),
]


@pytest.mark.parametrize(("base", "reference"), IRI_CASES)
def test_iris_resolve_as_oxigraph_resolves_them(base, reference):
    query = f"BASE <{base}> SELECT (<{reference}> AS ?x) {{}}"
    (row,) = ox.Store().query(query)
    assert resolve_iri(base, reference) == row["x"].value


def test_no_base_leaves_a_relative_iri_relative():
    assert resolve_iri(None, "graph/people") == "graph/people"


@pytest.mark.parametrize("path", sorted(DEFAULT_QUERIES_DIR.glob("*.rq")), ids=lambda p: p.stem)
def test_every_named_query_lexes(path: Path):
    tokens = tokenize(path.read_text(encoding="utf-8"))
    assert any(t.keyword == "SELECT" for t in tokens)
