#!/usr/bin/env python
"""Django's command-line utility for Polku. DJANGO_ENV must be set (see config.settings_module),
except for the tools that only read and write source files (translations, migration files),
which use the development settings."""

import os
import sys

SOURCE_ONLY_COMMANDS = {"compilemessages", "makemessages", "makemigrations"}


def main() -> None:
    from config import settings_module

    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command in SOURCE_ONLY_COMMANDS and not os.environ.get("DJANGO_SETTINGS_MODULE"):
        os.environ.setdefault("DJANGO_ENV", "development")
    try:
        module = settings_module()
    except RuntimeError as error:
        sys.stderr.write(f"{error}\n")
        sys.exit(2)
    os.environ["DJANGO_SETTINGS_MODULE"] = module
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
