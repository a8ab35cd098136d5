"""The YAML format: a fast reader with positions and the one YAML emitter."""
