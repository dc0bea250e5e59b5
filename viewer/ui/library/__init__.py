"""The library in the window: loading it in the background, watching its folders,
the welcome page and the list of files that could not be read."""
