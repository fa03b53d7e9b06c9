"""The ipywidgets composer. Nothing else in the toolkit imports this package.

from toolkit.widgets import Composer
Composer("草稿.yaml")          # display it in a notebook cell
"""

from toolkit.widgets.composer import Composer
from toolkit.widgets.state import ComposerState

__all__ = ["Composer", "ComposerState"]
