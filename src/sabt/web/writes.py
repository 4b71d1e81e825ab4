"""One writer at a time from the web process.

Requests run in a thread pool; appends to the case are serialised here so two
requests never race on the log's next index (the database would refuse one of
them anyway, but the user would see an error instead of a short wait).
"""

from __future__ import annotations

import threading

write_lock = threading.Lock()
