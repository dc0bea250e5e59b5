"""Shared recordings: one video and transcript attached to several sessions. Grouping them,
reading the cues in the text (host introductions, names as the captions spell them) and finding
where each session's part begins and ends, cached with the library."""
