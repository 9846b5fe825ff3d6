"""Run the command line as ``python -m pi_growth``."""

from pi_growth.cli import main

main()
