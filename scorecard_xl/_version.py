"""The package's version, written once: `__init__`, the API and the command line import it, and setuptools reads it
for the distribution (pyproject's dynamic version)."""

__version__ = "0.1.0"
