"""MODEL: the frozen model, YAML loading with source positions, diagnostics and errors.

The lowest stage: it imports nothing else from rtdiagram. ``loader.load_file`` turns a file into
a :class:`~rtdiagram.model.loader.Loaded` (the ``Model`` plus its source map), or raises one
``ModelError`` that carries every problem found, each at ``file:line:col``.
"""
