"""Exceptions shared across the package. ``UserError``: a problem the user can fix (CLI exit code 2)."""


class UserError(Exception):
    """Bad input or a missing resource, explained in plain words; never shown as a traceback."""
