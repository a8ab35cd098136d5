"""The change list between two versions of a map: one engine for ``jmap diff``, ``report --since`` and the merge."""
