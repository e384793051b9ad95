"""``python -m network``: the command line (see :mod:`network.cli`)."""

import sys

from network.cli import main

sys.exit(main())
