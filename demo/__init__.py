"""Demo data: realistic synthetic exports in the real layouts, so the pipeline can be shown end to end."""
