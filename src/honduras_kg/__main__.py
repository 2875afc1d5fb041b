"""``python -m honduras_kg``: the same as the ``honduras-kg`` command."""

from honduras_kg.cli import main

if __name__ == "__main__":
    main(prog_name="honduras-kg")
