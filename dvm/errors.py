"""Errors meant for the municipal user: one line, Dutch, no traceback."""


class UserError(Exception):
    """Bad input from the user (config, period, path). The CLI prints it as one line."""


class FileRejected(UserError):
    """A whole export file cannot be read as its layout; it goes to quarantine."""

    def __init__(self, file_name: str, reason: str):
        self.file_name = file_name
        self.reason = reason
        super().__init__(f"{file_name}: {reason}")


class DataQualityError(UserError):
    """A critical expectation failed: the figures would be wrong, so we stop."""
