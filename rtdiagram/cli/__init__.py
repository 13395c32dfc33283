"""CLI: the thin command layer. Each command parses options, calls one stage, prints.

Nothing imports ``cli``.
"""
