"""Small helpers with no models (STYLE R1): environment parsing, Vietnamese text."""
