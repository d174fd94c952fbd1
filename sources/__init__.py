"""The boundary: every outside export is read, renamed, cast and stripped of
personal data here, and nowhere else."""
