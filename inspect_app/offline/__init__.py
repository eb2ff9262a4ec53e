"""Working without signal: the service worker, and photos the phone has announced but not yet uploaded."""
