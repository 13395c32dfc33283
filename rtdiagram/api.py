"""The public API: one function per stage, each taking a loaded model or a path.

Documented in the package docstring; the CLI and the tests use the same functions.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rtdiagram.analysis.checklist import Item, build_checklist
from rtdiagram.analysis.config import load_settings
from rtdiagram.analysis.engine import lint as run_lint
from rtdiagram.analysis.ruleset import LintResult
from rtdiagram.model.loader import Loaded, load_file
from rtdiagram.prose.drafting import Draft
from rtdiagram.prose.drafting import draft as make_draft
from rtdiagram.prose.llm import LLMSettings
from rtdiagram.render.graph import ViewOptions
from rtdiagram.render.options import RenderOptions

ModelLike = Loaded | str | Path


def _loaded(model: ModelLike) -> Loaded:
    return model if isinstance(model, Loaded) else load_file(Path(model))


def lint(model: ModelLike, *, config: str | Path | None = None) -> LintResult:
    """Lint a model with the configuration that applies to its file (or ``config``)."""
    loaded = _loaded(model)
    settings = load_settings(Path(loaded.file), Path(config) if config else None)
    return run_lint(loaded, settings.lint)


def checklist(model: ModelLike, result: LintResult | None = None) -> list[Item]:
    """The horizontal-scaling checklist, derived from the lint result (computed if not given)."""
    loaded = _loaded(model)
    return build_checklist(loaded.model, result or lint(loaded))


def render(model: ModelLike, format: str = "svg", *, flow: str | None = None,
           view: ViewOptions = ViewOptions(), options: RenderOptions = RenderOptions(),
           findings: bool = False) -> bytes:
    """One diagram as bytes: the architecture view, or the sequence diagram of ``flow``."""
    from rtdiagram.render.overlay import findings_view
    from rtdiagram.render.pipeline import render_architecture, render_sequence

    loaded = _loaded(model)
    if flow is not None:
        chosen = next((f for f in loaded.model.flows if f.name == flow), None)
        if chosen is None:
            from rtdiagram.model.errors import RenderError
            from rtdiagram.model.suggest import hint

            raise RenderError(f"no flow {flow!r}", hint=hint(flow, [f.name for f in loaded.model.flows], "see the model's flows"))
        return render_sequence(loaded.model, chosen, format, options)
    if findings:
        view = findings_view(loaded, view)
    return render_architecture(loaded.model, format, view, options)


def draft(text: str, *, provider: str | None = None, settings: LLMSettings = LLMSettings(),
          name: str | None = None, on_progress: Callable[[int], None] | None = None) -> Draft:
    """Prose → a validated model: an OpenAI-compatible LLM when configured, else offline."""
    return make_draft(text, provider=provider, settings=settings, name=name, on_progress=on_progress)
