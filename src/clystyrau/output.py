"""Build into a staging folder beside the output, and swap it in only on success.

A failed build (a data problem, a crash, Graphviz missing or hanging, a
strict-mode warning such as a page left out of `nav`) must never touch the
published copy: `hooks/staged_output.py` points MkDocs at `staging` before it
cleans anything, and calls `publish` only when the whole build, warnings
included, has succeeded. The staging folder sits in the same parent folder,
so the swap is two renames on one file system. Plain Python, no MkDocs.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


class StagedOutput:
    """The output folder `final`, built first into a hidden sibling."""

    def __init__(self, final: Path):
        self.final = Path(final).resolve()
        tag = f"{os.getpid()}"
        self.staging = self.final.parent / f".{self.final.name}.building-{tag}"
        self._old = self.final.parent / f".{self.final.name}.old-{tag}"

    def start(self) -> Path:
        """A fresh, empty staging folder (what a killed build left beside the output is removed)."""
        self.discard()
        for leftover in self.final.parent.glob(f".{self.final.name}.*-*"):
            kind, _, pid = leftover.name.rpartition("-")
            if kind.endswith((".building", ".old")) and pid.isdigit() and not _running(int(pid)):
                shutil.rmtree(leftover, ignore_errors=True)
        self.staging.mkdir(parents=True)
        return self.staging

    def publish(self) -> None:
        """Put the staged build where the output belongs; the previous output is removed after."""
        shutil.rmtree(self._old, ignore_errors=True)
        try:
            if self.final.exists():
                os.rename(self.final, self._old)
            os.rename(self.staging, self.final)
        except OSError:
            # The output folder cannot be renamed (a mount point, the current folder
            # of a server): replace its contents instead, after the build is complete.
            if self._old.exists() and not self.final.exists():
                os.rename(self._old, self.final)
            self.final.mkdir(parents=True, exist_ok=True)
            for entry in list(self.final.iterdir()):
                shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
            for entry in list(self.staging.iterdir()):
                shutil.move(str(entry), str(self.final / entry.name))
            self.discard()
        shutil.rmtree(self._old, ignore_errors=True)

    def discard(self) -> None:
        """Forget the staged build (the published output was never touched)."""
        shutil.rmtree(self.staging, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
