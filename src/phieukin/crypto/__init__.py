"""crypto (pure package: no Django imports; see docs/architecture.md §2)."""
