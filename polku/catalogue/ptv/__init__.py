"""Suomi.fi's service catalogue (Palvelutietovaranto, PTV) on the map.

`client` reads PTV's open API v11 (or a folder of saved responses), `wire` parses its JSON
into plain dataclasses and refuses what is malformed, `mapping` turns a PTV service into the
fields of a catalogue entry, `sync` writes them in one transaction (`manage.py ptv_sync`),
`tasks` runs it nightly. docs/ptv.md describes the whole."""
