"""jmap: customer journey maps as code."""

__version__ = "0.1.0"
HOMEPAGE = "https://github.com/jmap-dev/jmap"
