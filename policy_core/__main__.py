"""``python -m policy_core``: see ``policy_core.cli``."""

import sys

from .cli import main

sys.exit(main())
