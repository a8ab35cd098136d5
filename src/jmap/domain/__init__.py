"""What the journey-mapping method defines: durations, review cadence, opportunity ranking, layer rows, defaults."""
