"""Shells over the library: the command line (and later the web and HTTP API)."""
