"""sqlite-utils, imported without pandas and numpy.

sqlite-utils imports pandas and numpy whenever they are installed (Streamlit installs both), only
to map their scalar types to column types when it infers a schema. The toolkit creates every table
in a migration and stores plain Python values, so it never needs that mapping, and the two imports
cost more than half a second of every command. A module that is already imported is left alone,
so a process that uses pandas (the app) gets the full mapping.
"""

from __future__ import annotations

import sys

_HIDDEN = [] if "sqlite_utils.db" in sys.modules else [name for name in ("pandas", "numpy") if name not in sys.modules]
for _name in _HIDDEN:
    sys.modules[_name] = None  # type: ignore[assignment]  # makes `import pandas` raise ImportError
try:
    import sqlite_utils
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations
finally:
    for _name in _HIDDEN:
        if sys.modules.get(_name, 0) is None:
            del sys.modules[_name]

__all__ = ["Database", "Migrations", "sqlite_utils"]
