"""Text rules shared by every feature: folding for matching, safe Markdown rendering,
the link policy, fuzzy matching."""
