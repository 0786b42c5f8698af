"""Views: the Markdown toolkit, the generated pages, diagrams, charts, areas, open data,
sitemap, search, acronyms and shortcodes. Imports the model and the checks; no MkDocs here.
"""
