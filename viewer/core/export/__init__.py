"""Exports: the catalogue as JSON (`--export-json`), one session as text or Markdown,
quotations with their source, highlights and notes as Markdown or text (`--export-notes`)."""
