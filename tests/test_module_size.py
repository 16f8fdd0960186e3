"""No god modules (CONVENTIONS.md): a module of ours past 600 lines becomes a package.

Tests and migrations are left out: a test module grows with the cases it checks, and a
migration is written once by makemigrations.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "tongxin"
MAX_LINES = 600


def oversized_modules(package: Path = PACKAGE, limit: int = MAX_LINES) -> list[tuple[str, int]]:
    """(path, lines) of each non-test, non-migration module in `package` longer than `limit`."""
    found = []
    for path in sorted(package.rglob("*.py")):
        inside = path.relative_to(package)
        if {"tests", "migrations"} & set(inside.parts) or path.name == "conftest.py" or path.name.startswith("test_"):
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > limit:
            found.append((str(path.relative_to(package.parent)), lines))
    return found


def test_no_module_passes_600_lines():
    offenders = oversized_modules()
    assert not offenders, (
        f"{len(offenders)} modules pass {MAX_LINES} lines; make each a package of cohesive modules "
        "(views/, services/) whose __init__.py re-exports the public names: "
        + ", ".join(f"{path} ({lines} lines)" for path, lines in offenders)
    )


def test_the_check_names_what_it_finds(tmp_path):
    # Guards the guard: a walk that found nothing would pass forever.
    package = tmp_path / "tongxin"
    for folder in ("app/tests", "app/migrations"):
        (package / folder).mkdir(parents=True)
    for name, lines in [
        ("app/big.py", 601),
        ("app/fits.py", 600),
        ("app/tests/test_big.py", 601),
        ("app/tests/support.py", 601),
        ("app/migrations/0001_initial.py", 601),
        ("conftest.py", 601),
    ]:
        (package / name).write_text("x = 1\n" * lines)

    assert oversized_modules(package) == [("tongxin/app/big.py", 601)]
