"""The storefront's blueprints, one per feature."""
