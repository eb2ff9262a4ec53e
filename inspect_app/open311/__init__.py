"""Open311 GeoReport v2: the public side of residents\x27 reports for existing Open311 clients."""
