"""Checkout helpers without routes: the address form, stock per cart line, order references."""
