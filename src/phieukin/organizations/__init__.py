"""Organization tree, members, committees and seats, terms, CSV/XLSX import."""
