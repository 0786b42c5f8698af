"""Loading and checks: YAML reading, the JSON Schemas and the cross-record rules.

Imports only the model. A rule returns problems and changes nothing.
"""
