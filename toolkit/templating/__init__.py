"""Templates: the Jinja2 sandbox, filling a speech's variables, the section library.

Importing this package loads nothing heavy; Jinja2 is loaded when a template is rendered.
"""

from toolkit.model.variables import speech_values
from toolkit.templating.fill import fill_speech

__all__ = ["fill_speech", "speech_values"]
