"""The ``honduras-kg`` command's entry point, and ``python -m honduras_kg``.

The console script imports this module, not :mod:`honduras_kg.cli`: query
workers start with multiprocessing's "spawn", which runs the parent's main
script again in each worker, and this module costs that script nothing.
"""


def main() -> None:
    """Run the ``honduras-kg`` command (:func:`honduras_kg.cli.main`)."""
    from honduras_kg.cli import main as command

    command(prog_name="honduras-kg")


if __name__ == "__main__":
    main()
