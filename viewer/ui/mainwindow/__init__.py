"""The main window: assembling the parts, the action registry, menu commands, the
status bar, window state, and the application's start-up."""
