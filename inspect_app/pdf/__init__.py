"""PDF rendering of already-rendered HTML with WeasyPrint, behind a locked-down URL fetcher."""
