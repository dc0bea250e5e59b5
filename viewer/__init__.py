"""Summit Transcript Viewer: read conference-session transcripts offline."""

__version__ = "0.1.0"
APP_NAME = "Summit Transcript Viewer"
