"""The pure supply rules: waiting-time figures, offers and capacity, placements, "where is room?".

Plain data in, verdicts out. Imports only the standard library, :mod:`passend.vocabulary` and
the pure matching core (:mod:`passend.matching.rules`, for the package rules, the small-scale
rule and the youth-care region of a municipality), so each rule exists once; never Django, never
the database. The Django app around it fetches the data and hands these functions plain values.
"""
