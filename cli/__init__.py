"""The ``storefront`` command: the only package that imports the storefront, the sync and the
sandbox together, and wires them (docs/architecture.md, "Dependency rule")."""
