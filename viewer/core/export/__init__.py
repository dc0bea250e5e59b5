"""Exports: the catalogue as JSON (`--export-json`), one session as text or Markdown."""
