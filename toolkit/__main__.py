"""``python -m toolkit`` is the ``jianggao`` command."""

import sys

from toolkit.cli import main

sys.exit(main())
