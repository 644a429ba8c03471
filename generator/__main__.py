"""`python -m generator`: the command line, as the `gongshi` command."""

from generator.cli import main

main()
