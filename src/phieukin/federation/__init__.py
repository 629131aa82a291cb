"""Federation: signed, self-verifying bundles of results sent to the superior installation."""
