"""Import of organizations and party members from CSV and XLSX files.

Layers, each its own module: ``decode`` (bytes -> tables; format by content, encodings) ->
``columns`` (header -> fields, Vietnamese/English aliases) -> ``values`` (cell -> typed value)
-> ``validate_orgs`` / ``validate_members`` (every row, against the file and the database)
-> ``write`` (bulk, one transaction). ``runner.run_import`` ties them together; ``jobs``
runs an import in a background thread for the web; ``templates`` builds the downloadable
template files.
"""

from __future__ import annotations

from phieukin.organizations.importing.errors import ImportFileError, ImportInvalid, RowError
from phieukin.organizations.importing.runner import Counts, ImportResult, Progress, run_import

__all__ = [
    "Counts",
    "ImportFileError",
    "ImportInvalid",
    "ImportResult",
    "Progress",
    "RowError",
    "run_import",
]
