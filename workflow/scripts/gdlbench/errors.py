"""Project exceptions: every message names the file (or URL) and what was expected."""


class GdlBenchError(Exception):
    """Base class for errors the workflow reports to the user."""


class InputError(GdlBenchError):
    """A malformed input file or record."""


class ConfigError(GdlBenchError):
    """A configuration value the workflow cannot use."""


class DownloadError(GdlBenchError):
    """A download that failed, or whose content does not match its checksum."""
