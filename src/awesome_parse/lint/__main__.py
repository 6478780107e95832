"""``python -m awesome_parse.lint PATH...``: the lint subcommand on its own."""

import sys

from .cli import main

sys.exit(main())
