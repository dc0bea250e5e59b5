"""Small helpers with no feature of their own: atomic state files, the app's folders,
32-bit integer packing, the garbage collector around large builds, helper processes (this
program's interpreter doing pure-Python work on another core)."""
