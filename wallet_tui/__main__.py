import sys

from wallet_tui.cli import main

sys.exit(main())
