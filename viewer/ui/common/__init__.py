"""What every part of the window shares: icons, theme, settings, handing links to the desktop."""
