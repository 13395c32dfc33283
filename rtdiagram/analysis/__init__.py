"""ANALYSE: topology queries, effective values, capacity, the lint engine and its rules,
suppressions, configuration, the scaling checklist and lint output formats.

Imports only ``knowledge`` and ``model``.
"""
