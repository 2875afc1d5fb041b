from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import types
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from rdflib import Graph

from honduras_kg.cli import main
from honduras_kg.config import Settings, env_var
from honduras_kg.store import load_into_directory
from honduras_kg.store.manifest import read_manifest

from .processes import Child
from .system import require

DOCS = Path(__file__).parents[1] / "docs" / "cli.md"
VALID = Path(__file__).parent / "data" / "valid"
SOURCES = Path(__file__).parent / "data" / "sources"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
BROKEN_PARSE = Path(__file__).parent / "data" / "broken" / "parse"


def run(settings: Settings | None, *args: str, **kwargs):
    return CliRunner().invoke(main, list(args), obj=settings, **kwargs)


def test_stats_prints_counts_and_top_actors(mini_settings):
    result = run(mini_settings, "stats", "--top", "2")
    assert result.exit_code == 0, result.output
    assert re.search(r"^claims\s+7$", result.stdout, re.MULTILINE)
    assert "top actors by degree" in result.stdout and "Honduras" in result.stdout


def test_stats_json(mini_settings):
    result = run(mini_settings, "stats", "--json")
    assert json.loads(result.stdout)["claims"] == 7


def test_graph_option_overrides_settings(mini_dir):
    result = run(Settings(graph_dir=Path("/nonexistent")), "stats", "--graph", str(mini_dir))
    assert result.exit_code == 0, result.output


def served(monkeypatch) -> list[tuple[Settings, int]]:
    """Where ``serve`` would run the server: each call's settings and bound port, listed."""
    from honduras_kg.web import server

    calls: list[tuple[Settings, int]] = []

    def run_server(settings: Settings, sock: socket.socket, **options) -> None:
        calls.append((settings, sock.getsockname()[1]))

    monkeypatch.setattr(server, "run", run_server)
    return calls


def test_serve_runs_the_app_with_the_given_settings(mini_settings, monkeypatch):
    calls = served(monkeypatch)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run(mini_settings, "serve", "--port", str(port), "--workers", "3")
    assert result.exit_code == 0, result.output
    [(settings, bound)] = calls
    assert settings.port == bound == port and settings.host == "127.0.0.1"
    assert settings.query_workers == 3 and settings.graph_dir == mini_settings.graph_dir
    assert f":{port}/" in result.stdout


def test_serve_with_an_endpoint_uses_the_remote_store(mini_settings, monkeypatch):
    calls = served(monkeypatch)
    result = run(
        mini_settings, "serve", "--port", "0", "--sparql-endpoint", "http://127.0.0.1:9/sparql"
    )
    assert result.exit_code == 0, result.output
    assert calls[0][0].store == "remote"


def test_serve_checks_its_port_before_it_loads_the_graph(broken_dir):
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = run(Settings(graph_dir=broken_dir), "serve", "--port", str(port))
    assert result.exit_code == 1
    assert result.output == (
        f"Error: cannot listen on 127.0.0.1:{port}: the port is already in use "
        "(another server?): stop it, or choose another --port\n"
    )


@pytest.fixture
def broken_dir(mini_dir, tmp_path) -> Path:
    """The mini graph with a file whose line 7 does not parse."""
    target = shutil.copytree(mini_dir, tmp_path / "broken")
    shutil.copy(BROKEN_PARSE / "bad-syntax.ttl", target)
    return target


@pytest.mark.parametrize(
    "args",
    [
        ["stats"],
        ["export", "--format", "nt"],
        ["render", "--out", "graph.html"],
        ["load", "--store-path", "store", "--no-gate"],
        ["query", "quantities"],
    ],
    ids=lambda args: args[0],
)
def test_a_file_that_does_not_parse_is_named_with_its_line(broken_dir, args, tmp_path, monkeypatch):
    """``serve`` says the same, in the real process of the next test."""
    monkeypatch.chdir(tmp_path)
    result = run(Settings(graph_dir=broken_dir), *args)
    assert result.exit_code == 1, result.output
    [line] = result.stderr.splitlines()
    assert f"{broken_dir / 'bad-syntax.ttl'}:7: The file is not valid Turtle:" in line
    assert not (tmp_path / "store").exists()


def test_serve_says_why_it_cannot_start_in_one_line(mini_dir, broken_dir, tmp_path):
    """In a real process: no traceback on the way out, whatever the cause.

    (Not through CliRunner: serve runs its own event loop, and the browser
    tests keep one running in this process.)
    """
    store = tmp_path / "store"
    load_into_directory(store, mini_dir)
    (store / "manifest.json").unlink()
    for args, said in [
        (["--graph", str(broken_dir)], "bad-syntax.ttl:7: The file is not valid Turtle"),
        (["--store-path", str(store)], "has no manifest.json"),
    ]:
        with Child("serve", "--port", "0", *args) as child:
            assert child.end() == 1
            [line] = child.stderr().splitlines()
            assert line.startswith("Error: cannot start: ") and said in line


def test_load_into_a_directory_then_query_it(mini_settings, tmp_path):
    result = run(mini_settings, "load", "--store-path", str(tmp_path / "db"), "--no-gate")
    assert result.exit_code == 0, result.output
    assert "triples in" in result.stdout and "Checked" not in result.stdout
    again = run(mini_settings, "load", "--store-path", str(tmp_path / "db"), "--no-gate")
    assert again.stdout == result.stdout  # idempotent


def fake_gate(monkeypatch, ok: bool) -> list:
    """Replace the gate with one that answers ``ok``; the list collects its calls."""
    calls: list = []
    fake = types.ModuleType("honduras_kg.curation.validate")
    fake.validate = lambda graph_dir, **kw: calls.append((graph_dir, kw)) or FakeReport(ok)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "honduras_kg.curation.validate", fake)
    return calls


@pytest.mark.parametrize("target", ["--store-path", "--into"])
def test_load_refuses_what_the_gate_refuses(monkeypatch, mini_settings, tmp_path, target):
    store = tmp_path / "db"
    load_into_directory(store, mini_settings.graph_dir)
    before = read_manifest(store)
    calls = fake_gate(monkeypatch, ok=False)
    monkeypatch.setattr("honduras_kg.store.push_graph_dir", lambda *a, **kw: pytest.fail("pushed"))
    where = str(store) if target == "--store-path" else "http://127.0.0.1:9/update"
    result = run(mini_settings, "load", target, where, "--sources", "/seeds")
    assert result.exit_code == 1
    assert result.stdout.strip() == FakeReport(False).format()
    assert "nothing was loaded" in result.stderr and "--no-gate" in result.stderr
    assert calls == [(mini_settings.graph_dir, {"sources_dir": Path("/seeds")})]
    assert read_manifest(store) == before  # the old store is untouched


def test_load_runs_the_gate_first_and_loads_what_it_passes(monkeypatch, mini_settings, tmp_path):
    calls = fake_gate(monkeypatch, ok=True)
    result = run(mini_settings, "load", "--store-path", str(tmp_path / "db"))
    assert result.exit_code == 0, result.output
    assert (
        result.stdout.startswith(FakeReport(True).format() + "\n") and "triples in" in result.stdout
    )
    assert len(calls) == 1


def anchored_mini(mini_dir: Path, tmp_path: Path) -> Path:
    """A copy of the mini graph with its quotes anchored in the source texts, by the CLI."""
    require(SEEDS, "the source texts", "shared/seeds beside the checkout")
    graph_dir = shutil.copytree(mini_dir, tmp_path / "anchored")
    result = run(Settings(), "anchor", "--graph", str(graph_dir), "--sources", str(SEEDS))
    assert result.exit_code == 0, result.output
    return graph_dir


def test_load_runs_the_real_gate(mini_dir, tmp_path):
    settings = Settings(graph_dir=anchored_mini(mini_dir, tmp_path), sources_dir=SEEDS)
    store = tmp_path / "db"
    result = run(settings, "load", "--store-path", str(store))
    assert result.exit_code == 0, result.output
    assert "no problems" in result.stdout
    before = read_manifest(store)
    broken = shutil.copytree(settings.graph_dir, tmp_path / "broken")
    claims = broken / "claims.ttl"
    claims.write_text(claims.read_text().replace("very weak hand", "very strong hand"))
    refused = run(settings, "load", "--store-path", str(store), "--graph", str(broken))
    assert refused.exit_code == 1 and "[quote]" in refused.stdout
    assert read_manifest(store) == before


def test_load_without_the_texts_loads_and_says_what_it_did_not_check(mini_dir, tmp_path):
    graph_dir = anchored_mini(mini_dir, tmp_path)  # beside no shared/seeds
    result = run(Settings(graph_dir=graph_dir, sources_dir=None), "load", "--store-path",
                 str(tmp_path / "db"))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "no problems" in result.stdout and "Skipped:" in result.stdout
    assert "not re-read" in result.stdout and "--sources DIR" in result.stdout
    assert "triples in" in result.stdout


def test_load_needs_exactly_one_target(mini_settings, tmp_path):
    assert run(mini_settings, "load").exit_code == 2
    both = run(mini_settings, "load", "--store-path", str(tmp_path), "--into", "http://x/")
    assert both.exit_code == 2


def test_query_lists_and_runs_named_queries():
    runner = CliRunner()
    listing = runner.invoke(main, ["query"])
    assert listing.exit_code == 0 and "quantities" in listing.stdout
    table = runner.invoke(main, ["query", "quantities"])
    assert table.exit_code == 0, table.output
    assert "250000" in table.stdout and "rows)" in table.stdout
    csv_out = runner.invoke(main, ["query", "quantities", "--format", "csv"])
    assert csv_out.stdout.startswith("quantity,value,")


def test_query_reports_bad_input():
    runner = CliRunner()
    assert runner.invoke(main, ["query", "no-such-query"]).exit_code == 2
    bad = runner.invoke(main, ["query", "entity-relations", "--param", "entity=not an iri"])
    assert bad.exit_code == 1 and "entity" in bad.output
    assert runner.invoke(main, ["query", "quantities", "--param", "oops"]).exit_code == 2


@pytest.mark.parametrize(
    "args",
    [
        ["serve", "--port", "70000"],
        ["serve", "--store", "remote", "--port", "0"],
        ["stats", "--graph", "/nonexistent"],
        ["export"],
        ["export", "--format", "xlsx"],
        ["export", "--out", "graph.xlsx"],
        ["no-such-command"],
    ],
)
def test_usage_errors_exit_2(mini_settings, args):
    assert run(mini_settings, *args).exit_code == 2


def test_a_bad_setting_in_the_environment_is_a_usage_error():
    result = run(None, "stats", env={env_var("port"): "http"})
    assert result.exit_code == 2
    assert "HONDURAS_KG_PORT='http'" in result.output


def test_settings_come_from_the_environment(mini_dir):
    result = run(None, "stats", env={env_var("graph_dir"): str(mini_dir)})
    assert result.exit_code == 0, result.output


def test_a_graph_that_does_not_load_exits_1(tmp_path):
    result = run(Settings(graph_dir=tmp_path), "stats")
    assert result.exit_code == 1 and "no Turtle data files" in result.output
    (tmp_path / "broken.ttl").write_text("this is not turtle")
    assert run(Settings(graph_dir=tmp_path), "stats").exit_code == 1


def test_export_to_stdout(mini_settings, mini_graph):
    result = run(mini_settings, "export", "--format", "nt")
    assert result.exit_code == 0, result.output
    assert len(Graph().parse(data=result.stdout_bytes, format="nt")) == len(mini_graph)


def test_export_to_a_file_guesses_the_format(mini_settings, tmp_path):
    out = tmp_path / "edges.csv"
    result = run(mini_settings, "export", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("subject_id,")
    assert result.stdout == ""


class FakeReport:
    def __init__(self, ok: bool) -> None:
        self.ok = ok

    def format(self) -> str:
        return "all good" if self.ok else "1 problem"


@pytest.mark.parametrize(("ok", "code"), [(True, 0), (False, 1)])
def test_validate_prints_the_report_and_exits_1_on_problems(monkeypatch, mini_settings, ok, code):
    calls = []
    fake = types.ModuleType("honduras_kg.curation.validate")
    fake.validate = lambda graph_dir, **kw: calls.append((graph_dir, kw)) or FakeReport(ok)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "honduras_kg.curation.validate", fake)
    result = run(mini_settings, "validate", "--sources", "/seeds")
    assert result.exit_code == code
    assert result.stdout.strip() == FakeReport(ok).format()
    assert calls == [(mini_settings.graph_dir, {"sources_dir": Path("/seeds")})]


def test_validate_runs_the_real_gate_on_the_mini_graph(mini_dir, tmp_path):
    pytest.importorskip("honduras_kg.curation.validate")
    settings = Settings(graph_dir=anchored_mini(mini_dir, tmp_path), sources_dir=SEEDS)
    assert run(settings, "validate").exit_code == 0
    broken = shutil.copytree(settings.graph_dir, tmp_path / "broken")
    claims = broken / "claims.ttl"
    claims.write_text(claims.read_text().replace("very weak hand", "very strong hand"))
    assert run(settings, "validate", "--graph", str(broken)).exit_code == 1


def test_anchor_writes_the_annotations_and_says_how_many(tmp_path):
    graph_dir = shutil.copytree(VALID, tmp_path / "graph")
    (graph_dir / "anchors.ttl").unlink()
    result = run(Settings(), "anchor", "--graph", str(graph_dir), "--sources", str(SOURCES))
    assert result.exit_code == 0, result.output
    written = (graph_dir / "anchors.ttl").read_bytes()
    assert written == (VALID / "anchors.ttl").read_bytes()
    assert f"wrote {graph_dir / 'anchors.ttl'}: " in result.stdout
    assert written.count(b" a oa:Annotation ;") == int(result.stdout.split(": ")[1].split()[0])


def test_anchor_says_what_it_could_not_anchor(tmp_path):
    graph_dir = shutil.copytree(VALID, tmp_path / "graph")
    claims = graph_dir / "claims.ttl"
    claims.write_text(claims.read_text().replace("of Isla Verde said", "of Isla Roja said"))
    out = tmp_path / "elsewhere.ttl"
    result = run(
        Settings(), "anchor", "--graph", str(graph_dir), "--sources", str(SOURCES),
        "--out", str(out),
    )  # fmt: skip
    assert result.exit_code == 1
    assert "not anchored: claim:" in result.stdout and "Isla Roja" in result.stdout
    assert out.is_file() and "honduras-kg validate" in result.stderr


def test_anchor_needs_the_texts(tmp_path):
    graph_dir = shutil.copytree(VALID, tmp_path / "graph")
    result = run(Settings(sources_dir=None), "anchor", "--graph", str(graph_dir))
    assert result.exit_code == 2
    assert "--sources DIR" in result.stderr and "HONDURAS_KG_SOURCES_DIR" in result.stderr


def test_python_dash_m_runs_the_cli():
    result = subprocess.run(
        [sys.executable, "-m", "honduras_kg", "--help"], capture_output=True, text=True, check=True
    )
    assert "Usage: honduras-kg" in result.stdout


def test_stats_on_the_real_graph_by_default():
    result = run(Settings(), "stats")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("triples")


def test_the_readme_shows_what_stats_says_today():
    """The README quotes ``stats --top 5`` verbatim: it must follow the graph."""
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    quoted = re.search(r"\$ \.venv/bin/honduras-kg stats --top 5\n(.*?)```", readme, re.S)
    assert quoted, "README.md lost its stats example"
    assert quoted.group(1) == run(Settings(), "stats", "--top", "5").stdout


# --- docs/cli.md documents every command, option and setting.


def commands() -> dict[str, click.Command]:
    return dict(main.commands)


@pytest.mark.parametrize("name", sorted(commands()))
def test_every_command_and_option_is_documented(name):
    docs = DOCS.read_text()
    assert f"## `honduras-kg {name}`" in docs
    section = docs.split(f"## `honduras-kg {name}`", 1)[1].split("\n## ", 1)[0]
    for param in commands()[name].params:
        for opt in param.opts:
            if opt.startswith("--"):
                assert f"`{opt}" in section, f"{opt} of {name} is not in docs/cli.md"


def test_every_setting_is_documented():
    docs = DOCS.read_text()
    for name in Settings.__dataclass_fields__:
        assert f"`{env_var(name)}`" in docs


def test_render_writes_one_offline_file(mini_settings, tmp_path):
    out = tmp_path / "graph.html"
    result = run(mini_settings, "render", "--out", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "vis.Network" in page and 'id="graph-data"' in page
    assert not re.search(r"<(script|link)[^>]+(src|href)=\"https?://", page)


def test_render_unknown_focus_fails_cleanly(mini_settings, tmp_path):
    result = run(mini_settings, "render", "--out", str(tmp_path / "x.html"), "--focus", "nope")
    assert result.exit_code == 1 and "nope" in result.output


def test_query_applies_the_guard_and_its_depth_limit(tmp_path):
    header = "# title: T\n# description: D.\n"
    (tmp_path / "svc.rq").write_text(
        header + "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }\n"
    )
    env = {env_var("queries_dir"): str(tmp_path)}
    refused = CliRunner().invoke(main, ["query", "svc"], env=env)
    assert refused.exit_code == 1 and "never queries other services" in refused.output
    (tmp_path / "deep.rq").write_text(header + "SELECT * WHERE " + "{" * 13 + "}" * 13 + "\n")
    deep = CliRunner().invoke(main, ["query"], env=env)
    assert deep.exit_code == 1 and "max_query_depth" in deep.output
    allowed = CliRunner().invoke(main, ["query"], env={**env, env_var("max_query_depth"): "13"})
    assert allowed.exit_code == 0 and "deep" in allowed.output
