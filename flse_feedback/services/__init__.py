"""Use cases: each public function is one thing a person or command does, and owns its commit.

Services know nothing about HTTP (no request, session or flash), so the CLI, the views and the
tests all call the same code.
"""
