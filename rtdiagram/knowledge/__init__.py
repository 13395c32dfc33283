"""KNOWLEDGE: facts about technologies, as data with their sources.

Platform defaults (nginx's 60 s read timeout, Socket.IO's 25 s ping…) live here once; lint
and drafting both read them. Imports only ``model``.
"""
