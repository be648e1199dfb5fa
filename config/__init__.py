"""Shared configuration: the one ``Settings`` read from the environment (``config.settings``).

It lives beside ``storefront``, ``sync`` and ``sandbox`` rather than inside one of them, because
all three are configured from it and none may import another for it (docs/architecture.md).
"""
