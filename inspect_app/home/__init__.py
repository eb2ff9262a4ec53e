"""The role-aware home page, language choice and the health check."""
