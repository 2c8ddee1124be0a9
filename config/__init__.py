"""Settings, message catalogs and the demo community data."""
