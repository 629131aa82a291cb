"""Small helpers with no models (docs/architecture.md §1): environment parsing, Vietnamese text."""
