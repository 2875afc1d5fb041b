"""What a remote store must know about a query before sending it, read from its tokens.

The client needs the query form to ask for the right media type (Virtuoso
answers a CONSTRUCT sent with a mixed ``Accept`` in its own JSON), and whether
the query names its own dataset. The query is read by the guard's lexer
(:mod:`honduras_kg.sparql.lexer`), so ``"from"`` in a literal, an IRI or a
comment does not count. Text is read up to its first character that starts
no token: the server reports what follows.

>>> query_form("PREFIX hk: <https://w3id.org/honduras-kg/id/> # select\\nDESCRIBE hk:honduras")
'describe'
>>> has_dataset_clause('SELECT * WHERE { ?s ?p "from here" }')
False
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from itertools import pairwise
from typing import Literal

from honduras_kg.sparql.lexer import Token, tokenize

__all__ = [
    "QueryForm",
    "declared_prefixes",
    "has_dataset_clause",
    "query_form",
    "readable_syntax_error",
    "with_prefixes",
]

QueryForm = Literal["select", "ask", "construct", "describe"]

_FORMS: dict[str, QueryForm] = {
    "SELECT": "select",
    "ASK": "ask",
    "CONSTRUCT": "construct",
    "DESCRIBE": "describe",
}


#: Where the keyword FROM could start: not right after a letter, which would make it part of
#: a longer word (wasDerivedFrom). Lets most queries skip the lexer, whose Unicode
#: classes cost a tenth of a second to compile in each process that uses it.
_MAYBE_FROM = re.compile(r"(?<![A-Za-z])from", re.IGNORECASE)


def _tokens(sparql: str) -> list[Token]:
    return tokenize(sparql, partial=True)


def query_form(sparql: str) -> QueryForm | None:
    """The form of the query (the keyword after its prologue), or ``None`` if it is no query.

    >>> query_form("select ?s where { ?s ?p ?o }")
    'select'
    >>> query_form("INSERT { ?s a <urn:C> } WHERE { { SELECT ?s { ?s ?p ?o } } }") is None
    True
    """
    tokens, at = _tokens(sparql), 0
    while at < len(tokens) and tokens[at].keyword in ("BASE", "PREFIX"):
        at += 3 if tokens[at].keyword == "PREFIX" else 2  # PREFIX name: <iri> / BASE <iri>
    return _FORMS.get(tokens[at].keyword or "") if at < len(tokens) else None


def has_dataset_clause(sparql: str) -> bool:
    """Whether the query says FROM or FROM NAMED.

    >>> has_dataset_clause("SELECT * FROM <urn:g> WHERE { ?s ?p ?o }")
    True
    >>> has_dataset_clause("SELECT * WHERE { ?s prov:wasDerivedFrom ?o }")
    False
    """
    if not _MAYBE_FROM.search(sparql):
        return False
    return any(token.keyword == "FROM" for token in _tokens(sparql))


def declared_prefixes(sparql: str) -> set[str]:
    """The prefixes the query declares.

    >>> sorted(declared_prefixes("PREFIX hk: <urn:x> prefix : <urn:y> SELECT * {}"))
    ['', 'hk']
    """
    tokens = _tokens(sparql)
    return {
        name.text[:-1]
        for keyword, name in pairwise(tokens)
        if keyword.keyword == "PREFIX" and name.kind == "PNAME_NS"
    }


def with_prefixes(sparql: str, prefixes: Mapping[str, str]) -> str:
    """The query with ``prefixes`` it does not declare itself declared in front of it.

    The declarations go on the query's first line, so that line numbers in a
    server's error messages still match the query as written.

    >>> with_prefixes("SELECT * { ?s a hko:Claim }", {"hko": "urn:hko#", "hk": "urn:hk/"})
    'PREFIX hko: <urn:hko#> PREFIX hk: <urn:hk/> SELECT * { ?s a hko:Claim }'
    """
    declared = declared_prefixes(sparql)
    prologue = "".join(
        f"PREFIX {name}: <{iri}> " for name, iri in prefixes.items() if name not in declared
    )
    return prologue + sparql


#: Oxigraph's parse error: where, then what its grammar expected there.
_OXIGRAPH_ERROR = re.compile(r"error at (\d+):(\d+): expected (?:one of )?(.*)", re.DOTALL)
#: Among the expected tokens and character classes, the parser's own sentences.
_SENTENCE = re.compile(r"(?:^|, )([A-Z][A-Za-z]*(?: [A-Za-z]+){2,})(?=,|$)")
_PREFIXED_NAME_END = re.compile(r"([A-Za-z][\w.-]*)?:[\w.%-]*$")


def readable_syntax_error(sparql: str, message: str) -> str:
    """Oxigraph's syntax error as a reader can use it: line, column, reason, the line itself.

    Oxigraph lists every character class its grammar could have taken next;
    that list says nothing to a reader, its one sentence does. A message in
    another shape is returned as it is.

    >>> message = "error at 2:9: expected one of Prefix not found, ['%'], [':']"
    >>> print(readable_syntax_error("SELECT * {\\n ?s foo:bar ?o }", message))
    SPARQL syntax error at line 2, column 5: unknown prefix "foo:" (declare: PREFIX foo: <...>)
     ?s foo:bar ?o }
        ^
    """
    found = _OXIGRAPH_ERROR.match(message)
    if found is None:
        return message
    line_no, column = int(found[1]), int(found[2])
    lines = sparql.split("\n")
    line = lines[line_no - 1].rstrip() if 0 < line_no <= len(lines) else ""
    sentences = _SENTENCE.findall(found[3])
    reason = sentences[0] if sentences else "the query cannot be read from here on"
    if reason == "Prefix not found":
        name = _PREFIXED_NAME_END.search(line[: column - 1])
        if name is not None:
            prefix = name[1] or ""
            reason = f'unknown prefix "{prefix}:" (declare: PREFIX {prefix}: <...>)'
            column = name.start() + 1
    pointer = " " * (column - 1) + "^"
    return f"SPARQL syntax error at line {line_no}, column {column}: {reason}\n{line}\n{pointer}"
