"""The Content Delivery API (CDA) and the Preview API (CPA): the read side, one app for both."""
