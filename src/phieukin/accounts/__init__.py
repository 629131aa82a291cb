"""Users, organization-scoped roles, TOTP and login throttling."""
