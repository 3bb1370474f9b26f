"""Database backends implementing the domain's storage port (``domain/ports.py``)."""
