"""Prefect flows: orchestration only (load -> check -> transform -> check -> write)."""
