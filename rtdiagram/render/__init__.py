"""RENDER: a model → diagrams (SVG, PNG, PDF, DOT, Mermaid, D2) and sequence views.

``pipeline`` renders one view in one format; ``outputs`` plans, produces and writes the files
of one command. Renderers read the frozen model and never change it. Imports ``analysis`` (for
the findings overlay) and below.
"""
