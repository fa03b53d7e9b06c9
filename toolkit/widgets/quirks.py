"""Two things ipywidgets 8 shows that staff should not see, put right once for the whole
composer (every widget in it, those made later included), not widget by widget.

- **A hover title "null".** A labelled widget (Text, Dropdown, DatePicker, ToggleButtons…)
  copies its ``tooltip`` into the label's ``title``; a widget without a tooltip has
  ``None``, which the browser shows as the word "null" when the label is hovered. A
  FileUpload does the same on its button.
- **The file counter on an upload button.** A FileUpload always writes its label followed
  by the number of files it holds (``导入讲稿（.txt/.docx/.doc/.wps 等） (0)``), and has no
  option to leave the number out. The composer empties an upload as soon as it has taken
  the file (:func:`toolkit.widgets.draft_bar.take_upload`), so the number says nothing.

Neither can be told to a widget from Python: the "null" is written by the label's
JavaScript, the counter by the button's. So :class:`WidgetQuirks` (an anywidget that shows
nothing, placed once inside the composer) watches the composer's part of the page and
removes a ``title`` of "null" and the `` (N)`` after an upload's label whenever a widget
draws them (ipywidgets redraws an upload's label on every change of the upload).
"""

from __future__ import annotations

import anywidget

_QUIRKS_ESM = r"""
const COUNTER = / \(\d+\)$/;
function tidyOne(element) {
  if (element.getAttribute("title") === "null") element.removeAttribute("title");
  if (element.classList.contains("widget-upload")) {
    const text = element.lastChild;
    if (text && text.nodeType === Node.TEXT_NODE && COUNTER.test(text.data)) {
      text.data = text.data.replace(COUNTER, "");
    }
  }
}
function tidy(element) {
  tidyOne(element);
  for (const inside of element.querySelectorAll("[title='null'], .widget-upload")) tidyOne(inside);
}
function render({ el }) {
  el.style.display = "none";
  let observer = null;
  const start = () => {
    const composer = el.closest(".jianggao-composer");
    if (!composer) return false;
    tidy(composer);
    observer = new MutationObserver((records) => {
      for (const record of records) {
        if (record.type === "attributes") {
          tidyOne(record.target);
          continue;
        }
        if (record.target.classList && record.target.classList.contains("widget-upload")) tidyOne(record.target);
        for (const node of record.addedNodes) if (node.nodeType === Node.ELEMENT_NODE) tidy(node);
      }
    });
    observer.observe(composer, { subtree: true, childList: true, attributes: true, attributeFilter: ["title"] });
    return true;
  };
  const timer = setInterval(() => { if (start()) clearInterval(timer); }, 100);
  return () => {
    clearInterval(timer);
    if (observer) observer.disconnect();
  };
}
export default { render };
"""


class WidgetQuirks(anywidget.AnyWidget):
    """Shows nothing; inside the composer, keeps its labels free of the title "null" and its
    upload buttons free of the file counter (see the module's docstring)."""

    _esm = _QUIRKS_ESM
