"""The reports app has no tables of its own: it reads the other apps and writes documents.

The roll-up counts it shows are kept by the app that writes them
(``phieukin.evaluations.rollup_models``): nothing imports reports, and reports imports no
app that imports it back.
"""
