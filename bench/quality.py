"""Measured diagram quality per example: edge crossings, labels crossed by a line, label
overlaps, aspect ratio and canvas size, for each view (architecture, findings, expanded).

    python bench/quality.py                 # light theme
    python bench/quality.py --theme dark

Crossings are the strongest predictor of readability in diagram-reading studies; the numbers
come from our finished SVG (render.quality), with text boxes from the bundled font's metrics.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rtdiagram.model.loader import load_file  # noqa: E402
from rtdiagram.render import quality  # noqa: E402
from rtdiagram.render.graph import ViewOptions  # noqa: E402
from rtdiagram.render.options import RenderOptions  # noqa: E402
from rtdiagram.render.overlay import findings_view  # noqa: E402
from rtdiagram.render.pipeline import render_architecture  # noqa: E402


def main() -> None:
    theme = sys.argv[sys.argv.index("--theme") + 1] if "--theme" in sys.argv else "light"
    print(f"{'example':<18} {'view':<13} {'crossings':>9} {'crossed':>8} {'overlaps':>8} "
          f"{'problems':>8} {'aspect':>7} {'canvas pt':>11}")
    for example in sorted((ROOT / "examples").glob("*.yaml")):
        loaded = load_file(example)
        options = RenderOptions(theme=theme, source_name=example.name, engine="embedded")
        for view in ("architecture", "findings", "expanded"):
            wanted = ViewOptions(expand_replicas=view == "expanded")
            if view == "findings":
                wanted = findings_view(loaded, wanted)
            svg = render_architecture(loaded.model, "svg", wanted, options)
            m = quality.metrics(svg)
            print(f"{example.stem:<18} {view:<13} {m['crossings']:>9} {m['labels_crossed']:>8} "
                  f"{m['label_overlaps']:>8} {len(quality.problems(svg)):>8} {m['aspect']:>7.2f} "
                  f"{m['width']:>5}×{m['height']:<5}")


if __name__ == "__main__":
    main()
