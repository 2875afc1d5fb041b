"""What the validation gate finds: one ``Problem`` per finding, gathered in a ``Report``."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["RULES", "Problem", "Report"]

#: The gate's rules, in the order they run.
RULES: tuple[str, ...] = ("parse", "shacl", "dangling", "undeclared", "quote", "anchor", "facts")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the curated files.

    Attributes:
        rule: Which rule found it, one of ``RULES``.
        file: The file to edit, where known.
        line: The 1-based line in ``file``, where known.
        subject: The resource concerned, as a prefixed name (``claim:foo``), where there is one.
        message: What is wrong, in plain English.
        fix: How to fix it.
    """

    rule: str
    file: Path | None
    line: int | None
    subject: str | None
    message: str
    fix: str

    def format(self) -> str:
        """The problem as a short block of text, one field a line.

        >>> problem = Problem("quote", Path("claims.ttl"), 12, "claim:x", "Not found.", "Copy it.")
        >>> print(problem.format())
        claims.ttl:12  claim:x  [quote]
          what: Not found.
          fix:  Copy it.
        """
        where = str(self.file) if self.file is not None else "(no file)"
        if self.line is not None:
            where += f":{self.line}"
        head = "  ".join(part for part in (where, self.subject) if part)
        return f"{head}  [{self.rule}]\n  what: {self.message}\n  fix:  {self.fix}"


@dataclass
class Report:
    """The outcome of ``validate``.

    Attributes:
        problems: Every problem found, in rule order, then by file and line.
        files: The files that were read (data, ontology and shapes).
        triples: How many triples the data graph holds (0 if it was not built).
        skipped: What was not checked and why, a few sentences each: rules that did not
            run because a file does not parse (there is a problem then), or the quotes
            that were not re-read because the source texts are not at hand (a notice only).
    """

    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    triples: int = 0
    skipped: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no problem was found (what was skipped is said, but is no failure)."""
        return not self.problems

    @property
    def counts(self) -> dict[str, int]:
        """How many problems each rule found, every rule listed (zeros included)."""
        found = Counter(problem.rule for problem in self.problems)
        return {rule: found.get(rule, 0) for rule in RULES}

    def format(self) -> str:
        """A readable report: a summary line, one block per problem, then the counts.

        >>> print(Report(files=[Path("a.ttl")], triples=3, skipped=["No texts."]).format())
        Checked 1 file, 3 triples: no problems.
        Skipped: No texts.
        """
        summary = f"Checked {_plural(len(self.files), 'file')}, {_plural(self.triples, 'triple')}"
        if self.ok:
            return "\n".join([summary + ": no problems.", *(f"Skipped: {s}" for s in self.skipped)])
        lines = [f"{summary}: {_plural(len(self.problems), 'problem')}.", ""]
        lines += [problem.format() + "\n" for problem in self.problems]
        lines += [f"Skipped: {reason}" for reason in self.skipped]
        counts = ", ".join(f"{rule} {count}" for rule, count in self.counts.items())
        lines.append(f"Problems by rule: {counts}.")
        return "\n".join(lines)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
