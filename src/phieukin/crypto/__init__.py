"""crypto (pure package: no Django imports; see DESIGN.md §3)."""
