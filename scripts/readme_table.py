"""Shared by the generators of README tables: replaces the Markdown table that starts with
`header` (up to the next blank line) by `table`."""
import os

README = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "README.md")


def replace_table(header, table):
    text = open(README).read()
    start = text.index(header)
    end = text.index("\n\n", start) + 1
    open(README, "w").write(text[:start] + table + text[end:])
