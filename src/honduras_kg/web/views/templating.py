"""HTML pages from Jinja2 templates, with autoescaping on for every template.

Every text that comes from the graph (labels, quotes, descriptions, source
names) reaches a page through ``{{ ... }}`` and so is escaped: it is shown as
text, never interpreted as HTML. No template uses ``|safe``.

>>> pages = Pages(base="https://w3id.org/honduras-kg/")
>>> pages.href("https://w3id.org/honduras-kg/id/soto-cano")
'/id/soto-cano'
>>> pages.href("http://www.wikidata.org/entity/Q1")
'http://www.wikidata.org/entity/Q1'
>>> pages.href("javascript:alert(1)") is None
True
>>> pages.env.from_string("{{ label }}").render(label="<script>x</script>")
'&lt;script&gt;x&lt;/script&gt;'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined

from honduras_kg.namespaces import DATA_KINDS, DEFAULT_BASE

__all__ = ["LOCAL_KINDS", "Pages", "PagesDep", "get_pages"]

#: Path segments under the base that this server dereferences (``/id/...`` and so on).
LOCAL_KINDS = tuple(DATA_KINDS[prefix] for prefix in ("hk", "claim", "stmt", "src"))


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("honduras_kg.web", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@dataclass
class Pages:
    """Renders the site's templates for one app.

    ``base`` is the data's base IRI: IRIs under it link to this server's own
    pages; ``links`` names the optional parts of the site that exist (such as
    the graph view), so that the layout only links to what is there.
    """

    base: str = DEFAULT_BASE
    links: Mapping[str, bool] = field(default_factory=dict)
    env: Environment = field(default_factory=_environment)

    def __post_init__(self) -> None:
        self.env.globals.update(href=self.href, links=self.links)

    def href(self, iri: str) -> str | None:
        """Where a link to ``iri`` goes: our own IRIs to this server, web IRIs as they are."""
        if iri.startswith(self.base):
            rest = iri[len(self.base) :]
            if rest.startswith(LOCAL_KINDS):
                return "/" + rest
        if iri.startswith(("https://", "http://")):
            return iri
        return None

    def render(self, template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
        """The page ``template`` filled with ``context``, as an HTML response."""
        body = self.env.get_template(template).render(**context)
        return HTMLResponse(body, status_code=status)


async def get_pages(request: Request) -> Pages:
    """The running app's page renderer (set by ``create_app``)."""
    return request.app.state.pages


PagesDep = Annotated[Pages, Depends(get_pages)]
