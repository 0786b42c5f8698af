"""Graphviz's `dot`, run with a time limit; its own error text is kept, never thrown away."""

from __future__ import annotations

import os
import subprocess


class DiagramEngineMissing(RuntimeError):
    """Graphviz's `dot` program is not installed."""


class DiagramEngineFailed(RuntimeError):
    """Graphviz's `dot` failed or did not finish in time; the message holds its own words."""


# Longest one `dot` run may take (a batch of many diagrams takes a few seconds);
# CLYSTYRAU_DOT_TIMEOUT overrides it, e.g. on a very slow machine.
DOT_TIMEOUT = 120.0


def _dot_timeout() -> float:
    try:
        return float(os.environ.get("CLYSTYRAU_DOT_TIMEOUT", DOT_TIMEOUT))
    except ValueError:
        return DOT_TIMEOUT


def run_dot(source: str, engine: str = "dot") -> str:
    """SVG from Graphviz's `dot`, with a time limit; its error text is kept, never thrown away."""
    timeout = _dot_timeout()
    try:
        # dot -Kneato -n2 (Graphviz's neato engine): the boxes stay where graph_of placed them (a grid, see layout_rows)
        # and Graphviz routes the lines around them; dot draws the key's samples.
        command = ["dot", "-Kneato", "-n2", "-Tsvg"] if engine == "neato" else ["dot", "-Tsvg"]
        result = subprocess.run(command, input=source.encode("utf-8"), capture_output=True, timeout=timeout)
    except FileNotFoundError:
        raise DiagramEngineMissing(MISSING_DOT) from None
    except subprocess.TimeoutExpired:
        raise DiagramEngineFailed(
            f"Graphviz's 'dot' did not finish drawing the diagrams within {timeout:g} seconds and was stopped. "
            "Check that 'dot -V' works; if the machine is only slow, set CLYSTYRAU_DOT_TIMEOUT to more seconds"
        ) from None
    if result.returncode != 0:
        said = result.stderr.decode("utf-8", "replace").strip() or "(it printed nothing)"
        how = f"exit code {result.returncode}" if result.returncode > 0 else f"stopped by signal {-result.returncode}"
        raise DiagramEngineFailed(f"Graphviz's 'dot' failed ({how}) while drawing the diagrams. It said: {said[:2000]}")
    return result.stdout.decode("utf-8")


MISSING_DOT = ("Graphviz's 'dot' program is not installed, so the structure diagrams cannot be drawn. "
            "Run ./run setup (it installs the Debian package 'graphviz'), or: apt-get install graphviz")
