"""The HTTP edge: the request pipeline, the ASGI adapter and the emulator's own routes."""
