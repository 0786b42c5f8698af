"""Clystyrau Cymru knowledge base build tools."""
