"""What keeps running besides the requests: the instance lifecycle in every server process
(``lifecycle.py``), and the supervisor of ``serve --workers`` processes (``processes.py``)."""
