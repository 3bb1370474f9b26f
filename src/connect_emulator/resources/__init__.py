"""The resources inside an instance: a family is declared once (``families/``), and the
engine (``engine.py``, ``operations.py``) derives its operations and enforces AWS's rules."""
