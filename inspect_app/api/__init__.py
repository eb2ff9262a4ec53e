"""The JSON API for other systems (/api/v1, flask-smorest): bearer tokens of integrations, scoped to an area."""
