"""The HTML edition of the report, and its tagged PDF/UA-1 print: a renderer beside `write`, laying out the resolved
Scorecard (or pack) and deciding nothing."""

from .pdf import write_pdf
from .render import render_html

__all__ = ["render_html", "write_pdf"]
