"""Polku's rules as code: an OpenFisca country package (no Django import anywhere here)."""
