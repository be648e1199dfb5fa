"""Contentful-compatible servers: Delivery (CDA), Preview (CPA) and Management (CMA).

``cda/`` is the read side (one app serves the CDA and, with ``preview=True``, the Preview API),
``cma/`` the write side (the CMA, the Upload API and outgoing webhooks). They never import each
other; they meet in the store, through what both import from here: ``common`` (storage kinds,
error bodies, auth) and ``sync_log`` (the change log the CMA writes and the Sync API reads).
``seed`` writes the demo catalog straight to the store with the CMA's lifecycle rules.
"""
