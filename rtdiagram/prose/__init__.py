"""PROSE: the model's edges to text — drafting prose into a model (offline or with an
OpenAI-compatible LLM), prompt templates from a model, and starting patterns.

Imports ``analysis`` and below; never ``render`` or ``cli``.
"""
