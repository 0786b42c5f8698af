"""Structure diagrams drawn from the records' relationships.

Records in, SVG out: a `Diagram` is a set of nodes (single bodies, or every
body of a type drawn as one box) and the edges the records imply between
them. The boxes are set on a grid of rows (layout_rows: the higher body
above, at most four boxes a row for a computer's column and two for a
phone's, so every drawing fits its column with readable labels), and
Graphviz routes the lines around them (`dot -Kneato -n2`, through the
`graphviz` package, installed by ./run); the SVG is then made accessible
and themable:

- every box is a link with an accessible name in the page's language;
- colours come from CSS classes, so Material's light and dark palettes and
  print all work (overrides/assets/stylesheets/clystyrau.css);
- the fixed width is dropped so the drawing scales to its column;
- every line has a title naming both ends and the relationship, and a key
  under the drawing lists the kinds of line it draws, in the same style;
- edges carry `data-source`, `data-kind` and `data-target`, so tests can
  compare a drawing with the records edge by edge.

Each diagram also has a text equivalent (a nested list with the same links).

The parts, one concern each: model (what a diagram shows; the fixed ones come
from data/diagrams.yaml), layout (the Graphviz input), engine (running `dot`),
svg (the SVG made accessible, the key) and figures (drawing in batches and
placing a diagram on a page). Callers import from here.
"""

from __future__ import annotations

from .engine import DiagramEngineFailed, DiagramEngineMissing, run_dot
from .figures import prerender, render_figure, render_svg, render_text_equivalent, standalone_svg
from .layout import LAYOUTS, ROOT, layout_rows
from .model import Diagram, Node, area_diagram, fixed_diagram, fixed_names, neighbourhood
from .svg import edge_name, render_key

__all__ = [
    "LAYOUTS", "ROOT", "Diagram", "DiagramEngineFailed", "DiagramEngineMissing", "Node", "area_diagram", "edge_name",
    "fixed_diagram", "fixed_names", "layout_rows", "neighbourhood", "prerender", "render_figure", "render_key",
    "render_svg", "render_text_equivalent", "run_dot", "standalone_svg",
]
