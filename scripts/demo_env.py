"""Write the demo's `.env` beside manage.py, so that after `make demo` every command the README
names (`uv run python manage.py issue_token admin`, `runserver`, …) works as written.

Never touches an existing `.env`: it may be a real deployment's. Keys are generated for a new
demo database; a database already seeded under the built-in demo keys keeps them (its ID and
phone numbers are encrypted with them), so then only DEMO_MODE is written.

    python scripts/demo_env.py [--env PATH] [--database PATH]
"""

from __future__ import annotations

import argparse
import base64
import os
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def demo_env(*, database_exists: bool) -> str:
    lines = [
        "# Written by `make demo` (scripts/demo_env.py). A demo only: never use this file in production.",
        "DEMO_MODE=1",
        "DEBUG=0",
        "SECURE_SSL=0",
    ]
    if database_exists:
        lines.append("# The database in var/ was seeded under the built-in demo keys: they stay.")
    else:
        fernet = base64.urlsafe_b64encode(os.urandom(32)).decode()
        lines += [
            f"SECRET_KEY={secrets.token_urlsafe(50)}",
            f"FIELD_ENCRYPTION_KEY={fernet}",
            f"FIELD_HASH_KEY={secrets.token_urlsafe(32)}",
        ]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--env", type=Path, default=ROOT / ".env")
    parser.add_argument("--database", type=Path, default=ROOT / "var" / "tongxin.sqlite3")
    args = parser.parse_args(argv)
    if args.env.exists():
        print(f"{args.env} exists: left as it is.")
        return 0
    args.env.write_text(demo_env(database_exists=args.database.exists()), encoding="utf-8")
    args.env.chmod(0o600)
    print(f"{args.env} written (DEMO_MODE=1).")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
