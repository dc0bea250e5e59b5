"""Thin launcher: `python main.py [PATH ...]` is the same program as `summit-viewer`."""

import sys

from viewer.app import launch

if __name__ == "__main__":
    sys.exit(launch())
