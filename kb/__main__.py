"""`python -m kb`: the same command line as the `kb` script."""
from kb.cli import main

main(prog_name="kb")
