"""What a remote store must know about a query before sending it, read from its text.

The client needs the query form to ask for the right media type (Virtuoso
answers a CONSTRUCT sent with a mixed ``Accept`` in its own JSON), and whether
the query names its own dataset. A light scan is enough: strings, IRIs and
comments are blanked out first, so ``"from"`` in a literal does not count.

>>> query_form("PREFIX hk: <https://w3id.org/honduras-kg/id/> # select\\nDESCRIBE hk:honduras")
'describe'
>>> has_dataset_clause('SELECT * WHERE { ?s ?p "from here" }')
False
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal

__all__ = ["QueryForm", "declared_prefixes", "has_dataset_clause", "query_form", "with_prefixes"]

QueryForm = Literal["select", "ask", "construct", "describe"]

_NOISE = re.compile(
    r'''"""(?:[^"\\]|\\.|"(?!""))*"""   # long strings
      | \'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
      | "(?:[^"\\\n]|\\.)*"           # strings
      | '(?:[^'\\\n]|\\.)*'
      | <[^<>"{}|^`\\\s]*>            # IRIs
      | \#[^\n]*                      # comments
    ''',
    re.VERBOSE | re.DOTALL,
)


def _keyword(word: str) -> str:
    # A keyword, not part of a variable (?from), a prefixed name (from:x, x:from) or a word.
    return rf"(?<![\w:?$-])(?:{word})(?![\w:-])"


# After blanking, a prologue is a run of "BASE" and "PREFIX name:".
_FORM = re.compile(
    r"(?:\s*(?:BASE|PREFIX\s*[^\s:]*:))*\s*" + rf"({_keyword('SELECT|ASK|CONSTRUCT|DESCRIBE')})",
    re.IGNORECASE,
)
_FROM = re.compile(_keyword("FROM"), re.IGNORECASE)
_PREFIX = re.compile(_keyword("PREFIX") + r"\s*([^\s:]*):", re.IGNORECASE)


def _bare(sparql: str) -> str:
    return _NOISE.sub(" ", sparql)


def query_form(sparql: str) -> QueryForm | None:
    """The form of the query (the keyword after its prologue), or ``None`` if it is no query.

    >>> query_form("select ?s where { ?s ?p ?o }")
    'select'
    >>> query_form("INSERT { ?s a <urn:C> } WHERE { { SELECT ?s { ?s ?p ?o } } }") is None
    True
    """
    match = _FORM.match(_bare(sparql))
    return match.group(1).lower() if match else None  # type: ignore[return-value]


def has_dataset_clause(sparql: str) -> bool:
    """Whether the query says FROM or FROM NAMED.

    >>> has_dataset_clause("SELECT * FROM <urn:g> WHERE { ?s ?p ?o }")
    True
    """
    return _FROM.search(_bare(sparql)) is not None


def declared_prefixes(sparql: str) -> set[str]:
    """The prefixes the query declares.

    >>> sorted(declared_prefixes("PREFIX hk: <urn:x> prefix : <urn:y> SELECT * {}"))
    ['', 'hk']
    """
    return set(_PREFIX.findall(_bare(sparql)))


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
