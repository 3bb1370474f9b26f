"""connect-emulator: a faithful local emulator of Amazon Connect instance management."""
