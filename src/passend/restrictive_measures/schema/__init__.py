"""Published JSON Schemas of the restrictive-measure deliveries (package data, read by
:func:`passend.restrictive_measures.rules.deliveries.schema`)."""
