"""Delivery to the outside world: mail over SMTP and copies to a (network) folder."""
