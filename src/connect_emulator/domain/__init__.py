"""The emulator's business rules: instances, their lifecycle, idempotency and ids.

Imports nothing but the standard library: time, ids and storage arrive through the ports in
``ports.py``, ``clock.py`` and ``ids.py`` so tests (and the control API) can steer them.
"""
