"""The map over time: reading maps from git objects, comparing versions by id, lint baselines."""
