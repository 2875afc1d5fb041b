r"""A SPARQL lexer: the grammar's terminals (SPARQL 1.1, section 19.8), one token at a time.

The guard (:mod:`honduras_kg.sparql.guard`) decides what a query may do from these
tokens, so they must be the tokens an engine reads. The terminals follow the
grammar, with the longest match winning as the grammar requires, and with
what SPARQL 1.2 adds to them, as pyoxigraph reads it: ``\uXXXX`` escapes in
strings and IRIs, ``<<``, ``>>``, ``<<(``, ``)>>``, ``{|``, ``|}``, ``~`` and
a direction after a language tag. Whitespace is space, tab, CR and LF;
comments run from ``#`` to the end of the line.

>>> [t.text for t in tokenize('SELECT * { ?s a "x\\"y" } # done')]
['SELECT', '*', '{', '?s', 'a', '"x\\"y"', '}']
>>> tokenize('ASK { "open')  # doctest: +ELLIPSIS
Traceback (most recent call last):
honduras_kg.sparql.lexer.SparqlLexError: line 1, column 7: a string opens here and never closes ...

Processors do not agree on two things, so a caller that must be safe reads a
text every way it may be read (:func:`readings`):

* where a comment ends: at a line feed or a carriage return (the grammar,
  Oxigraph), or only at a line feed (rdflib);
* ``\u`` codepoint escapes: SPARQL 1.1 resolves them over the whole text
  before parsing (:func:`unescape_codepoints`), rdflib does the same its own
  way (:func:`unescape_like_rdflib`), and SPARQL 1.2 (pyoxigraph 0.5) reads
  them only inside strings and IRIs.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, NamedTuple

__all__ = [
    "CLOSERS",
    "OPENERS",
    "Reading",
    "SparqlLexError",
    "Token",
    "TokenKind",
    "nesting_depth",
    "readings",
    "resolve_iri",
    "tokenize",
    "unescape_codepoints",
    "unescape_like_rdflib",
]

TokenKind = Literal[
    "IRIREF",
    "PNAME_LN",
    "PNAME_NS",
    "BLANK_NODE_LABEL",
    "VAR",
    "STRING",
    "LANGTAG",
    "NUMBER",
    "KEYWORD",
    "PUNCT",
]

#: Tokens that open and close a nesting level (groups, expressions, blank nodes, triple terms).
OPENERS = frozenset({"{", "(", "[", "<<", "<<(", "{|"})
CLOSERS = frozenset({"}", ")", "]", ">>", ")>>", "|}"})

# The grammar's character classes (productions 164-173), as regular-expression sets.
_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_CHARS_U = _BASE + "_"
_CHARS = _CHARS_U + r"\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PREFIX = rf"[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?"
_LOCAL = rf"(?:[{_CHARS_U}:0-9]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_ESCAPE = rf"\\[tbnrf\\\"']|{_UCHAR}"
_EXPONENT = r"[eE][+-]?[0-9]+"

# Alternatives in an order that makes Python's first match the grammar's longest match.
_TOKEN = "|".join(
    [
        rf"(?P<IRIREF><(?:[^<>\"{{}}|^`\\\x00-\x20]|{_UCHAR})*>)",
        rf"(?P<STRING>'''(?:(?:'|'')?(?:[^'\\]|{_ESCAPE}))*'''"
        rf'|"""(?:(?:"|"")?(?:[^"\\]|{_ESCAPE}))*"""'
        rf"|'(?:[^'\\\n\r]|{_ESCAPE})*'"
        rf'|"(?:[^"\\\n\r]|{_ESCAPE})*")',
        # A prefixed name only where a colon ends the run of prefix characters: the
        # lookahead spares every other word two backtracking attempts (speed only).
        rf"(?=[{_CHARS}.]*+:)(?:(?P<PNAME_LN>(?:{_PREFIX})?:{_LOCAL})"
        rf"|(?P<PNAME_NS>(?:{_PREFIX})?:))",
        rf"(?P<BLANK_NODE_LABEL>_:[{_CHARS_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?)",
        rf"(?P<VAR>[?$][{_CHARS_U}0-9][{_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*)",
        r"(?P<LANGTAG>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*(?:--[a-zA-Z]+)?)",
        rf"(?P<NUMBER>[+-]?(?:(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+){_EXPONENT}"
        r"|[0-9]*\.[0-9]+|[0-9]+))",
        r"(?P<KEYWORD>[a-zA-Z][a-zA-Z0-9]*(?:_[a-zA-Z0-9]+)*)",
        r"(?P<PUNCT><<\(|\)>>|\|\||&&|\^\^|<=|>=|!=|<<|>>|\{\||\|\}|[{}\[\]();,.+\-*/<>=!^|~?])",
    ]
)


@functools.cache
def _scanner(cr_ends_comment: bool) -> re.Pattern[str]:
    """Whitespace and comments (``SKIP``), or one terminal: one match a step, none skipped.

    Compiled on first use (tens of milliseconds for the Unicode classes), not at import:
    a process that never tokenizes, or only one way, does not pay for both.
    """
    comment = r"#[^\n\r]*" if cr_ends_comment else r"#[^\n]*"
    return re.compile(rf"(?P<SKIP>(?:[ \t\r\n]+|{comment})+)|{_TOKEN}")


class Token(NamedTuple):
    """One terminal: its kind, its text as written, and where it starts in the text.

    ``keyword`` is the keyword in upper case (SPARQL keywords ignore case);
    ``None`` for other kinds.

    >>> tokenize("select")[0].keyword
    'SELECT'
    """

    kind: TokenKind
    text: str
    offset: int
    keyword: str | None = None


class SparqlLexError(ValueError):
    """Text that is no sequence of SPARQL terminals; says where, by line and column."""

    def __init__(self, reason: str, text: str, offset: int) -> None:
        self.reason, self.offset = reason, offset
        self.line = text.count("\n", 0, offset) + 1
        self.column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        super().__init__(f"line {self.line}, column {self.column}: {reason}")


def tokenize(text: str, *, cr_ends_comment: bool = True, partial: bool = False) -> list[Token]:
    r"""The tokens of ``text``, comments and whitespace left out.

    ``cr_ends_comment=False`` reads a comment as rdflib does, up to a line
    feed only. Raises :class:`SparqlLexError` at the first character that
    starts no terminal (an unterminated string, a stray character), unless
    ``partial``: then the tokens read so far are returned.

    >>> [(t.kind, t.text) for t in tokenize("PREFIX hk: <urn:x#> ASK { hk:a\\.b ?p 1.5e3 }")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('KEYWORD', 'PREFIX'), ('PNAME_NS', 'hk:'), ('IRIREF', '<urn:x#>'), ('KEYWORD', 'ASK'),
     ('PUNCT', '{'), ('PNAME_LN', 'hk:a\\.b'), ('VAR', '?p'), ('NUMBER', '1.5e3'),
     ('PUNCT', '}')]
    >>> [t.text for t in tokenize("ASK {\r# x\rFILTER(false)\n}")]
    ['ASK', '{', 'FILTER', '(', 'false', ')', '}']
    >>> [t.text for t in tokenize("ASK {\r# x\rFILTER(false)\n}", cr_ends_comment=False)]
    ['ASK', '{', '}']
    >>> [t.text for t in tokenize("ASK { ?a ?b § }", partial=True)]
    ['ASK', '{', '?a', '?b']
    """
    tokens, at = [], 0
    # finditer searches on past a character that starts no terminal: a gap is the error.
    for match in _scanner(cr_ends_comment).finditer(text):
        if match.start() != at:
            break
        kind, at = match.lastgroup, match.end()
        if kind != "SKIP":
            word = match.group()
            keyword = word.upper() if kind == "KEYWORD" else None
            tokens.append(Token(kind, word, match.start(), keyword))  # type: ignore[arg-type]
    if at < len(text) and not partial:
        raise SparqlLexError(_why(text, at), text, at)
    return tokens


def _why(text: str, at: int) -> str:
    char = text[at]
    if char in "'\"":
        return "a string opens here and never closes (or holds a bad escape or a line break)"
    if char == "\\":
        return "a backslash outside a string, an IRI or a prefixed name"
    return f"unexpected character {char!r}"


def nesting_depth(tokens: Iterable[Token]) -> int:
    """The deepest nesting of ``{``, ``(``, ``[`` (and SPARQL 1.2's ``<<``, ``{|``) in ``tokens``.

    >>> nesting_depth(tokenize("SELECT * { { ?s ?p ( 1 [ ?q 2 ] ) } }"))
    4
    >>> nesting_depth(tokenize('ASK { FILTER("(((" != ?x) }'))
    2
    """
    depth = deepest = 0
    for token in tokens:
        if token.kind != "PUNCT":
            continue
        if token.text in OPENERS:
            depth += 1
            deepest = max(deepest, depth)
        elif token.text in CLOSERS:
            depth = max(0, depth - 1)
    return deepest


_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_RDFLIB_CODEPOINT = re.compile(r"\\u([0-9a-f]{4}(?:[0-9a-f]{4})?)", re.IGNORECASE)


def unescape_codepoints(text: str) -> str:
    r"""``text`` with SPARQL 1.1's codepoint escapes resolved, as section 19.2 says.

    An escape of no valid codepoint (a lone surrogate, past U+10FFFF) stays as written.

    >>> unescape_codepoints(r"\u0053ERVICE \U0001F600 \uZZZZ")
    'SERVICE 😀 \\uZZZZ'
    """
    return _CODEPOINT.sub(lambda m: _char(m.group(1) or m.group(2)) or m.group(), text)


def unescape_like_rdflib(text: str) -> str:
    r"""``text`` with codepoint escapes resolved as rdflib does: ``\u`` or ``\U``, 4 or 8 digits.

    An escape past U+10FFFF is left as written (rdflib fails on it); a lone
    surrogate is resolved, as Python's ``chr`` (and so rdflib) resolves it.

    >>> unescape_like_rdflib(r"\U0053ERVICE \u00000041")
    'SERVICE A'
    """
    return _RDFLIB_CODEPOINT.sub(lambda m: _char(m.group(1), surrogates=True) or m.group(), text)


def _char(digits: str, *, surrogates: bool = False) -> str | None:
    code = int(digits, 16)
    if code > 0x10FFFF or (0xD800 <= code <= 0xDFFF and not surrogates):
        return None
    return chr(code)


@dataclass(frozen=True, slots=True)
class Reading:
    """One way a processor may read a query: the text it parses and where its comments end."""

    text: str
    cr_ends_comment: bool
    unescaped: bool
    why: str

    def tokens(self) -> list[Token]:
        """This reading's tokens (:class:`SparqlLexError` if it has none)."""
        return tokenize(self.text, cr_ends_comment=self.cr_ends_comment)


def readings(text: str) -> list[Reading]:
    r"""Every distinct way the processors we know of may read ``text``.

    One for a text with no codepoint escape and no carriage return; up to six otherwise.

    >>> [r.why for r in readings("ASK {}")]
    ['as written']
    >>> len(readings("ASK { # \r\\u00000041 }"))
    6
    """
    texts = {text: "as written"}
    for unescaped, why in (
        (unescape_codepoints(text), "with \\u escapes resolved"),
        (unescape_like_rdflib(text), "with \\u escapes resolved as rdflib does"),
    ):
        texts.setdefault(unescaped, why)
    found = [Reading(t, True, t != text, why) for t, why in texts.items()]
    found += [
        Reading(t, False, t != text, f"{why}, comments ending only at a line feed")
        for t, why in texts.items()
        if "\r" in t
    ]
    return found


def resolve_iri(base: str | None, reference: str) -> str:
    """``reference`` resolved against ``base`` (RFC 3986, section 5.2), as BASE asks.

    >>> resolve_iri("http://h/a/b?q", "../graph/people")
    'http://h/graph/people'
    >>> resolve_iri("urn:x:", "y"), resolve_iri(None, "graph/people")
    ('urn:y', 'graph/people')
    """
    ref = _split(reference)
    if base is None or ref[0] is not None:
        return reference if ref[0] is None else _join(*ref[:2], _dots(ref[2]), *ref[3:])
    scheme, authority, path, query, _ = _split(base)
    if ref[1] is not None:
        authority, path, query = ref[1], _dots(ref[2]), ref[3]
    elif ref[2]:
        if ref[2].startswith("/"):
            path = _dots(ref[2])
        elif authority is not None and not path:
            path = _dots("/" + ref[2])
        else:
            path = _dots(path[: path.rfind("/") + 1] + ref[2])
        query = ref[3]
    elif ref[3] is not None:
        query = ref[3]
    return _join(scheme, authority, path, query, ref[4])


_URI = re.compile(r"^(?:([^:/?#]+):)?(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$", re.DOTALL)


def _split(iri: str) -> tuple[str | None, str | None, str, str | None, str | None]:
    match = _URI.match(iri)
    assert match is not None  # every string matches: each part is optional
    scheme, authority, path, query, fragment = match.groups()
    return scheme, authority, path, query, fragment


def _join(
    scheme: str | None, authority: str | None, path: str, query: str | None, frag: str | None
) -> str:
    return (
        (f"{scheme}:" if scheme is not None else "")
        + (f"//{authority}" if authority is not None else "")
        + path
        + (f"?{query}" if query is not None else "")
        + (f"#{frag}" if frag is not None else "")
    )


def _dots(path: str) -> str:
    """RFC 3986's remove_dot_segments."""
    out: list[str] = []
    segments = path.split("/")
    for at, segment in enumerate(segments):
        last = at == len(segments) - 1
        if segment == ".":
            if last:
                out.append("")
        elif segment == "..":
            if len(out) > 1 or (out and out[0]):
                out.pop()
            if last:
                out.append("")
        else:
            out.append(segment)
    joined = "/".join(out)
    return "/" + joined if path.startswith("/") and not joined.startswith("/") else joined
