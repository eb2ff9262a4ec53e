"""Photo evidence: upload checks, resizing, watermarking and metadata stripping."""
