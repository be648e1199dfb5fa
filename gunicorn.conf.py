"""Production server settings: ``gunicorn -c gunicorn.conf.py "storefront:create_app()"``.

gthread workers with enough threads for pages that wait on two upstreams (Little's law: slots =
requests/s x upstream latency); ``reuse_port`` spreads keep-alive connections over the workers.
Measured on a 2-core machine: 4 workers x 16 threads reached ~89 % of the concurrency bound on
cold pages. Every value can be overridden on the command line or with GUNICORN_CMD_ARGS.
"""

import multiprocessing
import os

bind = os.environ.get("STOREFRONT_BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = int(os.environ.get("STOREFRONT_WORKERS", min(4, multiprocessing.cpu_count() * 2)))
threads = int(os.environ.get("STOREFRONT_THREADS", 16))
reuse_port = True
keepalive = 5
timeout = 30
graceful_timeout = 20
accesslog = "-"
logger_class = "storefront.accesslog.GunicornLogger"  # redacts ?preview=<secret>
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def on_starting(server):
    """Refuse several workers without Redis: each would keep its own cache, and a purge (a
    webhook or the sync worker) would reach only one of them, leaving stale pages elsewhere."""
    if server.cfg.workers > 1 and not os.environ.get("REDIS_URL", "").strip():
        raise SystemExit(
            f"storefront: {server.cfg.workers} gunicorn workers need a shared cache: set REDIS_URL "
            "(every worker then sees every purge) or run one worker (STOREFRONT_WORKERS=1)"
        )


def worker_exit(server, worker):
    """Release the app's pools and connections when a worker stops (a restart, a deploy)."""
    from storefront import purger, services

    if services.EXTENSION in getattr(worker.wsgi, "extensions", {}):
        purger.close(worker.wsgi)
        worker.log.info("storefront: worker %s closed its upstream and thread pools", worker.pid)


def post_worker_init(worker):
    """Load what every page reads (locales, regions, collections, categories, their content and
    slug indexes), compile the templates, render a page in each locale and freeze what the
    worker holds now out of the garbage collector's walks, all before its first request; then
    start the thread that does each page's cache writes once it is sent."""
    from storefront import aftersend, services, startup

    if services.EXTENSION in getattr(worker.wsgi, "extensions", {}):  # not for other apps
        missing = startup.warm_up(worker.wsgi)
        startup.prepare(worker.wsgi, render=not missing)
        frozen = startup.freeze_heap()
        aftersend.start(worker.wsgi)
        worker.log.info("storefront: worker %s ready, %d objects frozen", worker.pid, frozen)
