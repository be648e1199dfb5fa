"""Contentful-compatible servers: Delivery (CDA), Preview (CPA) and Management (CMA)."""
