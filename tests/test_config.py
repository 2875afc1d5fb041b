from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from honduras_kg.config import (
    DEFAULT_BASE,
    DEFAULT_GRAPH_DIR,
    DEFAULT_HOST,
    DEFAULT_PORT,
    DEFAULT_SOURCES_DIR,
    Settings,
    env_var,
)


def test_defaults():
    settings = Settings()
    assert settings.graph_dir == DEFAULT_GRAPH_DIR
    assert settings.sources_dir == DEFAULT_SOURCES_DIR
    assert (settings.base, settings.host, settings.port) == (
        DEFAULT_BASE,
        DEFAULT_HOST,
        DEFAULT_PORT,
    )
    assert DEFAULT_HOST == "127.0.0.1"


def test_from_env_reads_every_field():
    env = {
        "HONDURAS_KG_GRAPH_DIR": "/data/graph",
        "HONDURAS_KG_SOURCES_DIR": "/data/seeds",
        "HONDURAS_KG_BASE": "http://127.0.0.1:8000/",
        "HONDURAS_KG_HOST": "0.0.0.0",
        "HONDURAS_KG_PORT": "9000",
        "UNRELATED": "x",
    }
    assert Settings.from_env(env) == Settings(
        graph_dir=Path("/data/graph"),
        sources_dir=Path("/data/seeds"),
        base="http://127.0.0.1:8000/",
        host="0.0.0.0",
        port=9000,
    )


def test_from_env_ignores_empty_values():
    assert Settings.from_env({"HONDURAS_KG_PORT": ""}) == Settings()


def test_from_env_reads_os_environ_by_default(monkeypatch):
    monkeypatch.setenv("HONDURAS_KG_PORT", "8123")
    assert Settings.from_env().port == 8123


@pytest.mark.parametrize(
    "env",
    [{"HONDURAS_KG_PORT": "http"}, {"HONDURAS_KG_PORT": "70000"}, {"HONDURAS_KG_BASE": "http://x"}],
)
def test_bad_values_raise_value_error(env):
    with pytest.raises(ValueError):
        Settings.from_env(env)


def test_settings_are_frozen_and_replace_skips_none():
    settings = Settings()
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.port = 1  # type: ignore[misc]
    assert settings.replace(port=1, host=None) == Settings(port=1)


def test_every_setting_has_help_and_a_variable():
    for field in dataclasses.fields(Settings):
        assert field.metadata["help"]
        assert env_var(field.name) == "HONDURAS_KG_" + field.name.upper()
