"""The local, transactional store (Delta Lake tables under `<home>/store`)."""
