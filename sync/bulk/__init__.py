"""Bulk operations (flow 5): CSV import, sync all, translate, publish, reconcile.

Every command reports progress through `sync.bulk.progress.Reporter` (a rich bar on a terminal,
plain lines otherwise, a summary table at the end), supports ``--dry-run``, and exits non-zero when
any item failed. CMA traffic goes through one `sync.cma.CmaClient`, so one limiter paces it all.
"""
