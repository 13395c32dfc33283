"""SVG → PNG with resvg and the bundled font only: the same pixels on every machine, and no
system font needed (``skip_system_fonts``), so PNG works after a bare ``pip install``."""

from __future__ import annotations

from rtdiagram.model.errors import EngineUnavailable, RenderError
from rtdiagram.render import fonts


def svg_to_png(svg: str) -> bytes:
    from rtdiagram.render.engines import _first_line, _is_panic, _png_with_marker, png_dpi

    try:
        import resvg_py
    except ImportError:
        raise EngineUnavailable("PNG output needs resvg-py", hint="pip install resvg-py") from None
    try:
        png = resvg_py.svg_to_bytes(svg_string=svg, dpi=png_dpi(svg), **fonts.resvg_options())
    except MemoryError:
        raise RenderError("out of memory while drawing the PNG", hint="render svg, or --collapse") from None
    except Exception as exc:
        raise RenderError(f"PNG conversion failed: {_first_line(exc)}") from None
    except BaseException as exc:
        if not _is_panic(exc):
            raise
        raise RenderError(f"PNG conversion crashed: {_first_line(exc)}", hint="render svg instead") from None
    return _png_with_marker(bytes(png))
