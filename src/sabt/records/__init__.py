"""Who did what to whom, as sources tell it.

After the HURIDOCS Events Standard Formats (persons, organisations, places,
incidents, acts, involvements) and Security Force Monitor's claim model: a
record is only an identity; every value shown about it is a *claim* made by a
source, with a locator and a grade (source reliability A–F, information
credibility 1–6). Different values for one property are a conflict shown side
by side, never resolved silently. See docs/records.md.
"""
