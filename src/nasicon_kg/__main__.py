"""``python -m nasicon_kg``: the command line, as ``nasicon-kg``."""
from .cli_read import main

if __name__ == "__main__":
    main()
