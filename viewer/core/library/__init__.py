"""Folders to a library: finding session files, loading (on two cores when there is much to
parse) and caching their headers, shared recordings, the reader's own state (favorites,
positions; highlights and notes with their text anchors), downloading the collection."""
