"""A session file and what it holds: bytes to text, text to `Session`, the
transcript's paragraphs and turns, and positions mapped to video time."""
