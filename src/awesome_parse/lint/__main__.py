"""``python -m awesome_parse.lint PATH...``: the lint subcommand on its own."""

from awesome_parse.cli import exit_process
from awesome_parse.cli.lint import main

exit_process(main())
