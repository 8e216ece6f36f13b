"""The shared fixtures of ``tests/conftest.py`` for the apps' own tests.

A conftest only reaches the tests below its folder, so the apps' tests under ``src/passend``
would otherwise have neither the reference data in their test database nor the ``chain``.
The repository root is put on the path so ``tests.factories`` can be imported when only an
app's tests are run (``pytest src/passend/youth``).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.conftest import chain, django_db_setup  # noqa: E402, F401
