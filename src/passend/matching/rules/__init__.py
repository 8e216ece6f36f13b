"""The pure matching rules: packages, hard rules, scoring, weights and explanations.

Plain data in, verdicts out. Imports only the standard library, :mod:`passend.vocabulary` and
:mod:`passend.registry.reference`; never Django, never a solver.
"""
