"""Background work that runs in every server process: the instance lifecycle."""
