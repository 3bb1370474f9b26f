"""Benchmarks of connect-emulator against a bare ASGI ceiling and against moto.

``bench/run`` sets everything up and runs ``python -m bench``; docs/performance.md has the
latest figures and what they mean.
"""
