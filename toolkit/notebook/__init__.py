"""Jupyter integration: template-cell magics, the notebook's current draft, and the
``jupyter nbconvert --to jianggao`` exporter. Imports IPython, so only notebooks load it."""
