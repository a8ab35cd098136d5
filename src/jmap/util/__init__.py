"""Ground floor: small helpers every layer may use (text, did-you-mean, atomic writes, GC pause)."""
