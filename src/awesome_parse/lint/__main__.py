"""``python -m awesome_parse.lint PATH...``: the lint subcommand on its own."""

from awesome_parse.cli import exit_process

from .cli import main

exit_process(main())
