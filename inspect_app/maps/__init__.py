"""The map (/map): neighbourhoods and open findings where they are, scoped and filtered like the ledger."""
