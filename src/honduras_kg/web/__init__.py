"""The web application: SPARQL endpoint, named queries, query page."""

from honduras_kg.web.app import create_app

__all__ = ["create_app"]
