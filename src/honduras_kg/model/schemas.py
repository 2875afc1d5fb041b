"""Result dataclasses as response types: documented, and cheap to declare.

The result dataclasses document each field with a docstring under it, and the
REST API's schema shows those texts. pydantic can read them itself
(``use_attribute_docstrings``), but before Python 3.13 it parses the class's
whole module again for every class each time it builds a schema: about 80
parses when the API's routes are declared, a third of the server's start-up.
:func:`document_fields` parses a module once and puts each docstring into its
field's metadata, where pydantic reads a field's description first.

FastAPI builds a validator and serializer for each route's response type when
the route is declared, nested dataclasses again for every route: about 0.1 s
of start-up. :func:`response_types` also marks the classes ``defer_build``, so
each is built when a route first answers with it (or the schema is asked for).
"""

from __future__ import annotations

import ast
import inspect
import sys
from dataclasses import is_dataclass
from types import MappingProxyType

__all__ = ["document_fields", "field_docstrings", "response_types"]


def response_types(module_name: str) -> None:
    """Ready the dataclasses of the module ``module_name`` to be response types:
    :func:`document_fields`, and build their schemas on first use, not at declaration."""
    document_fields(module_name)
    for value in vars(sys.modules[module_name]).values():
        if isinstance(value, type) and value.__module__ == module_name and is_dataclass(value):
            value.__pydantic_config__ = {"defer_build": True}  # type: ignore[attr-defined]


def document_fields(module_name: str) -> None:
    """Give every dataclass field of the module ``module_name`` its docstring as its
    ``description`` (field metadata). Without the module's source, nothing changes."""
    module = sys.modules[module_name]
    try:
        source = inspect.getsource(module)
    except (OSError, TypeError):  # no source shipped: the schema just lacks the texts
        return
    for name, docs in field_docstrings(source).items():
        fields = getattr(getattr(module, name, None), "__dataclass_fields__", {})
        for field_name, doc in docs.items():
            if field_name in fields:
                field = fields[field_name]
                field.metadata = MappingProxyType({**field.metadata, "description": doc})


def field_docstrings(source: str) -> dict[str, dict[str, str]]:
    """The docstrings under annotated fields, by top-level class and field, cleaned as
    :func:`inspect.cleandoc` does (as pydantic does).

    >>> field_docstrings('''
    ... class Point:
    ...     x: int
    ...     \"\"\"Across.\"\"\"
    ...     y: int
    ... ''')
    {'Point': {'x': 'Across.'}}
    """
    found: dict[str, dict[str, str]] = {}
    for node in ast.parse(source).body:
        if not isinstance(node, ast.ClassDef):
            continue
        docs = {}
        for field, after in zip(node.body, node.body[1:], strict=False):
            if (
                isinstance(field, ast.AnnAssign)
                and isinstance(field.target, ast.Name)
                and isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)
            ):
                docs[field.target.id] = inspect.cleandoc(after.value.value)
        if docs:
            found[node.name] = docs
    return found
