"""Interactive and static renderings of a plankg dataset."""
