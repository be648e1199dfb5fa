"""``python -m cli ...`` runs the ``storefront`` command without the console script."""

from cli.main import main

main()
