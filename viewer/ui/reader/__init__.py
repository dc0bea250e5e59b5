"""Reading one session: detail pane, transcript view and document, find bar and find
engine, reading comfort, export and print, copy as quote, highlights and the notes view."""
