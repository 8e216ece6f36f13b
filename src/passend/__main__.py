import sys

from passend.cli import main

sys.exit(main())
