"""Packaged data: loaded with importlib.resources, never by a path relative to the working directory."""
