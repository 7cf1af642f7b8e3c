#!/usr/bin/env python
"""Runs the faspay.django test suite with Django's test runner: ``python runtests.py``
(the Django installed in this Python's environment decides which version is tested)."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ["DJANGO_SETTINGS_MODULE"] = "django_tests.settings"
    import django
    from django.conf import settings
    from django.test.utils import get_runner

    django.setup()
    print(f"faspay.django tests on Django {django.get_version()}")
    runner = get_runner(settings)(verbosity=1)
    failures = runner.run_tests(sys.argv[1:] or ["django_tests"])
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
