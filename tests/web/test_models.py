"""The web API's own models: built on first use, whichever router declares them."""

from __future__ import annotations

from honduras_kg.web import models
from honduras_kg.web.routes.named_queries import ParameterInfo, QueryInfo
from honduras_kg.web.routes.sparql import FormatInfo


def test_every_web_model_defers_its_build_and_keeps_its_own_config():
    web_models = [
        models.Problem,
        models.GraphNode,
        models.GraphEdge,
        models.LegendItem,
        models.GraphPath,
        models.GraphView,
        FormatInfo,
        ParameterInfo,
        QueryInfo,
    ]
    for model in web_models:
        assert issubclass(model, models.ResponseModel), model
        assert model.model_config.get("defer_build") is True, model
    assert models.GraphNode.model_config.get("extra") == "allow"
    assert models.GraphView.model_config["json_schema_extra"]["examples"]
