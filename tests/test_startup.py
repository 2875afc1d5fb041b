"""What the processes of ``honduras-kg serve`` import at start-up (issue 10).

Every query worker is started with multiprocessing's "spawn": a fresh
interpreter that imports the console script's module again, then
:mod:`honduras_kg.sparql.worker`. What these pull in is paid once per worker, and
again whenever a worker is replaced, so the heavy libraries that only some
commands need stay out of them.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from honduras_kg import cli
from honduras_kg.export import EXPORT_KINDS, ExportFormat
from honduras_kg.lookups import MAX_TOP

#: Modules no worker and no console-script start needs.
HEAVY = ("networkx", "pyvis", "fastapi", "honduras_kg.lookups", "honduras_kg.export")


def imported_by(statement: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``statement``."""
    code = f"import json, sys\n{statement}\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout))


def test_the_console_script_imports_only_its_entry_module():
    modules = imported_by("from honduras_kg.__main__ import main")
    assert "honduras_kg.cli" not in modules
    assert "click" not in modules and "rdflib" not in modules


@pytest.mark.parametrize("module", ["honduras_kg.cli", "honduras_kg.sparql.worker"])
def test_heavy_libraries_stay_out(module):
    modules = imported_by(f"import {module}")
    assert not [name for name in HEAVY if name in modules]


def test_the_web_server_imports_networkx_when_it_first_builds_a_network():
    # 0.15 s of start-up: the warm-up and the path lookups import it, after the start.
    assert "networkx" not in imported_by("import honduras_kg.web.server")
    code = (
        "from honduras_kg.lazy import networkx as nx\n"
        "import sys; before = 'networkx' in sys.modules\n"
        "print(before, nx.MultiDiGraph is sys.modules['networkx'].MultiDiGraph)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]


def test_the_lexer_compiles_its_scanners_when_first_used_not_at_import():
    code = (
        "import honduras_kg.sparql.worker, honduras_kg.sparql.lexer as lexer\n"
        "print(lexer._scanner.cache_info().currsize, len(lexer.tokenize('ASK {}')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "3"]


def test_the_cli_constants_agree_with_the_modules_it_no_longer_imports():
    assert cli.EXPORT_KINDS is EXPORT_KINDS  # one tuple, in the registry
    assert cli._MAX_TOP == MAX_TOP
    export = cli.main.commands["export"].params
    choices = next(p for p in export if p.name == "fmt").type.choices
    assert list(choices) == [fmt.value for fmt in ExportFormat]
