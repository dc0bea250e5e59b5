import sys

from viewer.app import launch

sys.exit(launch())
