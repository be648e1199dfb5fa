"""Clients for the storefront's upstreams: Medusa's Store API and Contentful's Delivery API.

No Flask here: each client wraps one pooled ``httpx.Client`` and raises only the exceptions of
``storefront.clients.errors``. ``sync`` may import these; they import nothing from the app.
"""

from storefront.clients.contentful import ContentfulDeliveryClient
from storefront.clients.errors import (
    OutOfStock,
    RateLimited,
    UpstreamError,
    UpstreamNotFound,
    UpstreamRejected,
    UpstreamUnavailable,
)
from storefront.clients.medusa import MedusaStoreClient

__all__ = [
    "ContentfulDeliveryClient",
    "MedusaStoreClient",
    "OutOfStock",
    "RateLimited",
    "UpstreamError",
    "UpstreamNotFound",
    "UpstreamRejected",
    "UpstreamUnavailable",
]
