"""The Content Management API (CMA) and the Upload API: writes, lifecycle, webhooks, rate limit."""
