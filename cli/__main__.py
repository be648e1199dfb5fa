"""``python -m cli ...`` runs the ``storefront`` command (what the tests start as a process)."""

from cli.main import main

main()
