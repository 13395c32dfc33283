"""Lint rules, one per module, discovered by ``linter.all_rules()``.

The file name is the rule name; the module docstring is the rule's documentation and its
Example / Use instead models run as tests.
"""
