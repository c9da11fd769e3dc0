"""Views for signing in and out, the home page, error pages and the audit check."""
