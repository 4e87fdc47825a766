"""`compliance fmt`: one canonical layout for rule files, never a change in what they say.

The passes, in order: `concrete.py` reads every token and comment (the formatter's only
contact with Lark); `printer.py` lays them out as a document; `layout.py` breaks the document
into lines at a given width; `formatter.py` strings the three together and proves the result
parses to the same rules; `command.py` rewrites files in place, or shows a diff (`--check`).
"""

from compliance.formatting.formatter import format_source, format_text

__all__ = ["format_source", "format_text"]
