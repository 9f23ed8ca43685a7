"""The domain (`checklists/`) and `storage/` never import Telegram: every module of
both packages is imported in a fresh interpreter, and `telegram` must not load."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

CODE = """
import importlib, pkgutil, sys
import checklists, storage
names = []
for package in (checklists, storage):
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(info.name)
        names.append(info.name)
assert len(names) > 20, names
sys.exit(3 if "telegram" in sys.modules else 0)
"""


def test_domain_and_storage_never_import_telegram() -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-c", CODE], env=env, cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr or "a module of checklists/ or storage/ imported telegram"
