"""Settings per environment: base, development, test, production (see config.settings_module)."""
