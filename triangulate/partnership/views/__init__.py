"""Partnership pages. Thin: one domain call per request; errors become GOV.UK messages."""
