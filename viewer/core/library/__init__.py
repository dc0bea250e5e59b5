"""Folders to a library: finding session files, loading and caching their headers,
shared recordings, the reader's own state (favorites, positions; highlights and notes with
their text anchors), downloading the collection."""
