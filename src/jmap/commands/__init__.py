"""The Typer commands. Each module imports only typer and the standard library at import time
(so that ``jmap --help`` stays fast); the work is imported inside the command."""
