"""撤销 / 重做: two buttons and the composer-wide Ctrl+Z / Ctrl+Shift+Z.

The buttons work on :class:`~toolkit.widgets.state.ComposerState`'s edit history. The
keyboard shortcut needs a few lines of JavaScript, shipped inside the package as an
anywidget ES module (no npm build): it listens for the keys in the page and sends
``undo`` or ``redo`` to Python. In a text box the browser's own undo applies, so the
shortcut acts only when the focus is elsewhere in the composer (or nowhere).
"""

from __future__ import annotations

import anywidget
import ipywidgets as w

from toolkit.widgets.state import ComposerState

_SHORTCUT_ESM = """
const TEXT = "input, textarea, select, [contenteditable]:not([contenteditable='false'])";
function render({ model, el }) {
  el.style.display = "none";
  let root = null;
  const find = () => (root && root.isConnected ? root : (root = el.closest(".jianggao-composer")));
  const mark = () => {
    const found = find();
    if (found && !found.hasAttribute("tabindex")) {
      found.setAttribute("tabindex", "-1"); // a click inside puts the focus in the composer
      found.style.outline = "none";
    }
    return found;
  };
  const timer = setInterval(() => { if (mark()) clearInterval(timer); }, 200);
  const onKey = (event) => {
    if (event.defaultPrevented || !(event.ctrlKey || event.metaKey) || event.altKey) return;
    const key = (event.key || "").toLowerCase();
    const redo = key === "y" || (key === "z" && event.shiftKey);
    if (key !== "z" && !redo) return;
    const composer = mark();
    const target = event.target instanceof Element ? event.target : null;
    if (!composer || (target && target.closest(TEXT))) return; // a text box: the browser's own undo
    const nowhere = !target || target === document.body || target === document.documentElement;
    if (!nowhere && !composer.contains(target)) return;
    event.preventDefault();
    event.stopPropagation();
    model.send({ action: redo ? "redo" : "undo" });
  };
  document.addEventListener("keydown", onKey, true);
  return () => {
    clearInterval(timer);
    document.removeEventListener("keydown", onKey, true);
  };
}
export default { render };
"""


class ShortcutKeys(anywidget.AnyWidget):
    """Ctrl+Z (⌘Z) and Ctrl+Shift+Z / Ctrl+Y in the composer, outside text boxes: sends
    ``{"action": "undo"}`` or ``{"action": "redo"}``. Shows nothing."""

    _esm = _SHORTCUT_ESM


class HistoryBar:
    """撤销 and 重做, disabled when there is nothing to take back or do again; their
    tooltips say what they would do (撤销：删除第三点)."""

    def __init__(self, state: ComposerState):
        self.state = state
        button = w.Layout(width="auto", flex="0 0 auto")
        self.undo = w.Button(description="撤销", icon="undo", disabled=True, layout=button)
        self.redo = w.Button(description="重做", icon="repeat", disabled=True, layout=button)
        self.keys = ShortcutKeys()
        self.undo.on_click(lambda _button: state.undo())
        self.redo.on_click(lambda _button: state.redo())
        self.keys.on_msg(self._on_key)
        self.widget = w.HBox([self.undo, self.redo, self.keys], layout=w.Layout(margin="2px 0"))
        state.subscribe(self._on_state)
        self.update()

    def _on_key(self, _widget, content, _buffers) -> None:
        action = content.get("action") if isinstance(content, dict) else None
        if action == "undo":
            self.state.undo()
        elif action == "redo":
            self.state.redo()

    def _on_state(self, reason: str) -> None:
        if reason in ("history", "loaded"):
            self.update()

    def update(self) -> None:
        history = self.state.history
        self.undo.disabled = not history.can_undo
        self.redo.disabled = not history.can_redo
        self.undo.tooltip = f"撤销：{history.undo_label}（Ctrl+Z）" if history.can_undo else "没有可撤销的修改"
        self.redo.tooltip = f"重做：{history.redo_label}（Ctrl+Shift+Z）" if history.can_redo else "没有可重做的修改"
