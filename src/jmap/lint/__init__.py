"""The lint core: configuration, rule and path selection, discovery of map files, and the run itself."""
