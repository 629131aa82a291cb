"""Minutes and submissions (DOCX + PDF), XLSX exports, dashboards."""
