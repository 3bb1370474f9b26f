"""The console's pages, one module per subject; each gives its routes."""
