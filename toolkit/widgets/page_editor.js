// The composer's page: the speech laid out as it will print, edited in place.
//
// Python sends the page as data (trait "page": blocks, each with its style, generated
// marker, fields by key split into segments, notes and controls; see
// toolkit/exporters/editor_page.py) and the counts (trait "counts"). Each field is a
// contenteditable span; what the writer types goes back as {type: "edit", key, text} at
// once. Enter and Backspace at a field's edge, the point controls, the placeholder and
// variable pop-ups send their own messages; Python changes the speech and answers with a
// new page and, when the cursor should move, trait "focus" ({key, offset, n}).
//
// A field being typed in is never redrawn under the writer's cursor: its row is marked
// stale and redrawn when the cursor leaves. Text sent but not yet confirmed by a new page
// is remembered ("pending"), so a redraw never shows (or sends back) older text.

const EDITABLE = "plaintext-only";

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// The field's text exactly as the draft holds it: chips give back their raw expression.
function rawText(node) {
  let text = "";
  for (const child of node.childNodes) {
    if (child.nodeType === Node.TEXT_NODE) text += child.data;
    else if (child.nodeName === "BR") text += "\n";
    else if (child.nodeType === Node.ELEMENT_NODE) {
      if (child.dataset && child.dataset.atom !== undefined) text += child.dataset.raw;
      else {
        if (child.nodeName === "DIV" && text && !text.endsWith("\n")) text += "\n";
        text += rawText(child);
      }
    }
  }
  return text;
}

function segmentsText(segments) {
  return segments.map((segment) => segment[1]).join("");
}

function fillField(span, segments) {
  span.replaceChildren();
  for (const [kind, raw, shown, name] of segments) {
    if (kind === "t") {
      if (raw) span.append(document.createTextNode(raw));
    } else if (kind === "p") {
      const mark = element("span", "jg-ph", raw);
      mark.title = "占位符，点击替换";
      span.append(mark);
    } else {
      const chip = element("span", kind === "u" ? "jg-var jg-unfilled" : kind === "v" ? "jg-var" : "jg-lit", shown);
      chip.contentEditable = "false";
      chip.dataset.atom = "";
      chip.dataset.raw = raw;
      if (kind !== "l") {
        chip.dataset.name = name;
        chip.title = kind === "u" ? `变量“${name}”还没有值，点击填写` : `变量“${name}”，点击修改`;
      }
      span.append(chip);
    }
  }
}

// Caret helpers: offsets count raw characters (a chip counts as its raw expression).
function rawOffsetAt(span, container, offset) {
  const range = document.createRange();
  range.setStart(span, 0);
  try {
    range.setEnd(container, offset);
  } catch (error) {
    return rawText(span).length;
  }
  const holder = element("span");
  holder.append(range.cloneContents());
  return rawText(holder).length;
}

function caretOffset(span) {
  const selection = window.getSelection();
  if (!selection || !selection.rangeCount) return null;
  const range = selection.getRangeAt(0);
  if (!span.contains(range.startContainer)) return null;
  return rawOffsetAt(span, range.startContainer, range.startOffset);
}

function placeCaret(span, offset) {
  span.focus({ preventScroll: false });
  const selection = window.getSelection();
  const range = document.createRange();
  let left = offset < 0 ? Infinity : offset;
  const walk = (node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) {
        if (left <= child.data.length) {
          range.setStart(child, left);
          return true;
        }
        left -= child.data.length;
      } else if (child.dataset && child.dataset.atom !== undefined) {
        left -= child.dataset.raw.length;
        if (left <= 0) {
          range.setStartAfter(child);
          return true;
        }
      } else if (walk(child)) return true;
    }
    return false;
  };
  if (!walk(span)) {
    range.selectNodeContents(span);
    range.collapse(false);
  } else range.collapse(true);
  selection.removeAllRanges();
  selection.addRange(range);
  const row = span.closest(".jg-row");
  if (row && row.scrollIntoView) row.scrollIntoView({ block: "nearest" });
}

const CONTROL_LABELS = {
  point: [
    ["add_sub", "＋小点", "给{name}添加一个小点"],
    ["up", "上移", "把{name}移到上一点之前"],
    ["down", "下移", "把{name}移到下一点之后"],
    ["delete", "删除", "删除{name}（可撤销）"],
    ["add_after", "＋要点", "在{name}后面添加一点"],
  ],
  subpoint: [
    ["up", "上移", "把{name}上移"],
    ["down", "下移", "把{name}下移"],
    ["delete", "删除", "删除{name}（可撤销）"],
  ],
};

function render({ model, el }) {
  el.classList.add("jg-editor");
  const counts = element("div", "jg-counts");
  const notice = element("div", "jg-notice");
  const pageNotes = element("div", "jg-page-notes");
  const sheet = element("div", "jg-sheet");
  const addPoint = element("button", "jg-add-point", "＋ 添加要点");
  addPoint.type = "button";
  addPoint.title = "在最后添加一点";
  const popup = element("div", "jg-popup");
  popup.hidden = true;
  el.replaceChildren(counts, notice, pageNotes, sheet, popup);

  const rows = new Map(); // block id -> {json, row, stale}
  const pending = new Map(); // field key -> {text, seq}: typed, and not yet in a page
  let composing = false;
  let lastFocusSerial = -1;
  let lastStructure = null;
  let seq = 0;
  let waitingFor = 0; // a structural edit sent: typing waits until the page shows it
  let waitingSince = 0;
  let typedWhileWaiting = ""; // ... and is then typed where the cursor has gone

  const send = (message) => {
    seq += 1;
    model.send({ ...message, seq });
    return seq;
  };
  const sendAndWait = (message) => {
    waitingFor = send(message);
    waitingSince = Date.now();
  };
  const waiting = () => waitingFor > ((model.get("page") || {}).ack ?? 0) && Date.now() - waitingSince < 3000;

  // -- counts, notice, page-wide notes ------------------------------------------------------
  function renderCounts() {
    const c = model.get("counts") || {};
    counts.replaceChildren();
    const add = (label, value) => {
      counts.append(label);
      counts.append(element("b", "", String(value)));
      counts.append("　");
    };
    add("字数 ", c.characters ?? 0);
    counts.append("预计时长 ");
    const duration = element("b", "jg-duration", c.duration ?? "");
    duration.title = c.rate_note || "";
    counts.append(duration);
    if (c.limit) {
      // the meeting's slot: red when the speech runs over it, with by how much on hover
      const limit = element("span", `jg-limit${c.over ? " jg-over" : ""}`, ` / 限时 ${c.limit} 分钟`);
      if (c.over_note) limit.title = c.over_note;
      counts.append(limit);
    }
    counts.append("　");
    add("要点 ", `${c.points ?? 0} 点`);
    if (c.problems) counts.append(element("span", "jg-count-problems", `${c.problems} 处需要注意`));
  }

  function renderNotice() {
    const n = model.get("notice") || {};
    notice.replaceChildren();
    notice.hidden = !n.text;
    if (!n.text) return;
    notice.append(element("span", "", n.text));
    if (n.undo) {
      notice.append(" · ");
      const undo = element("button", "jg-undo-delete", "撤销");
      undo.type = "button";
      undo.addEventListener("click", () => sendAndWait({ type: "undo_delete" }));
      notice.append(undo);
    }
  }

  function noteNode(note) {
    if (note.severity === "comment") return commentNode(note);
    const box = element("div", `jg-note jg-${note.severity === "hint" ? "hint" : "problem"}`);
    box.append(element("span", "jg-note-label", note.severity === "hint" ? "提示" : "问题"));
    box.append(note.text);
    return box;
  }

  // a reviewer's comment: 批注 · 作者：文字, the words it is on, replies, and 标为已处理
  function commentNode(note) {
    const box = element("div", "jg-note jg-comment");
    box.append(element("span", "jg-note-label", "批注"));
    box.append(`${note.author}：${note.text}`);
    if (note.quote) box.title = `针对“${note.quote}”`;
    for (const reply of note.replies || []) box.append(element("div", "jg-comment-reply", `答复 · ${reply}`));
    const done = element("button", "jg-comment-done", "标为已处理");
    done.type = "button";
    done.addEventListener("click", (event) => {
      event.stopPropagation();
      sendAndWait({ type: "comment_done", index: note.comment });
    });
    box.append(done);
    return box;
  }

  // -- rows -----------------------------------------------------------------------------------
  function fieldSpan(field, block) {
    const span = element("span", `jg-field jg-part-${field.part}`);
    span.contentEditable = field.readonly ? "false" : EDITABLE;
    if (field.readonly) {
      span.classList.add("jg-readonly");
      span.title = "这一点由列表变量生成，和第一项共用正文：请在第一项里修改，或点击主旨句修改列表";
    }
    span.spellcheck = false;
    span.dataset.key = field.key;
    span.dataset.hint = field.hint || "";
    span.dataset.role = block.role;
    const typed = pending.get(field.key);
    if (typed !== undefined && typed.text !== segmentsText(field.segments)) span.textContent = typed.text;
    else fillField(span, field.segments);
    return span;
  }

  function buildRow(block) {
    const row = element(
      "div",
      `jg-row jg-role-${block.role}${block.empty ? " jg-empty" : ""}${block.generated ? " jg-generated" : ""}`,
    );
    row.dataset.id = block.id;
    const para = element("div", `jg-para jg-style-${block.style}`);
    const lead = block.lead ? ` jg-lead-${block.lead}` : "";
    if (block.marker) {
      const marker = element("span", `jg-marker${lead}`, block.marker);
      marker.title = "编号自动生成";
      para.append(marker);
    }
    for (const field of block.fields) {
      const span = fieldSpan(field, block);
      if (field.part === "lead" && block.lead) span.classList.add(`jg-lead-${block.lead}`);
      para.append(span);
    }
    const aside = element("div", "jg-aside");
    fillAside(aside, block);
    row.append(para, aside);
    return row;
  }

  // the margin beside a paragraph: the time of the part it opens, the controls, the notes
  function fillAside(aside, block) {
    if (block.time) {
      const time = element("div", "jg-time", block.time);
      time.title = block.time_note || "";
      aside.append(time);
    }
    if (block.controls) aside.append(controlsNode(block.controls));
    for (const note of block.notes) aside.append(noteNode(note));
  }

  function controlsNode(controls) {
    const bar = element("div", "jg-controls");
    for (const [op, label, tip] of CONTROL_LABELS[controls.kind]) {
      const button = element("button", `jg-control jg-${op}`, label);
      button.type = "button";
      button.title = tip.replace("{name}", controls.name);
      const position = controls.kind === "point" ? controls.index : controls.sub;
      if ((op === "up" && position === 0) || (op === "down" && position === controls.count - 1)) button.disabled = true;
      button.addEventListener("click", () =>
        sendAndWait({ type: controls.kind, op, index: controls.index, sub: controls.sub ?? null }),
      );
      bar.append(button);
    }
    return bar;
  }

  function updateAside(row, block) {
    const aside = row.querySelector(".jg-aside");
    aside.replaceChildren();
    fillAside(aside, block);
    const marker = row.querySelector(".jg-marker");
    if (marker && marker.textContent !== block.marker) marker.textContent = block.marker;
  }

  function renderPage() {
    const page = model.get("page") || { blocks: [], notes: [] };
    pageNotes.replaceChildren(...(page.notes || []).map(noteNode));
    for (const [key, typed] of [...pending]) if (typed.seq <= (page.ack ?? 0)) pending.delete(key);
    const active = document.activeElement;
    let activeRow = active && sheet.contains(active) ? active.closest(".jg-row") : null;
    let keepCaret = null;
    if (page.structure !== lastStructure) {
      // points or paragraphs were added, moved or removed: keys may now name other fields,
      // so every row is drawn afresh; the cursor stays in the field of the same key
      if (activeRow && active.dataset.key && !page.focus) keepCaret = [active.dataset.key, caretOffset(active)];
      lastStructure = page.structure;
      rows.clear();
      activeRow = null;
    }
    const wanted = [];
    const seen = new Set();
    for (const block of page.blocks) {
      const json = JSON.stringify(block);
      let entry = rows.get(block.id);
      if (entry && entry.row === activeRow) {
        if (entry.json !== json) {
          entry.json = json;
          entry.stale = block;
          updateAside(entry.row, block);
        }
      } else if (!entry || entry.json !== json || entry.stale) {
        entry = { json, row: buildRow(block), stale: null };
        rows.set(block.id, entry);
      }
      seen.add(block.id);
      wanted.push(entry.row);
    }
    for (const id of [...rows.keys()]) if (!seen.has(id)) rows.delete(id);
    wanted.push(addPoint);
    // put the rows in order without moving the one being typed in (moving it would blur it):
    // rows redrawn or gone leave first, so a row redrawn above it (a point's time changes as
    // its body is typed) is put in place without the row being typed in moving
    const keep = new Set(wanted);
    for (const child of [...sheet.children]) if (!keep.has(child)) child.remove();
    let index = 0;
    for (const row of wanted) {
      const current = sheet.children[index];
      if (current !== row) sheet.insertBefore(row, current || null);
      index += 1;
    }
    while (sheet.children.length > wanted.length) sheet.lastChild.remove();
    if (keepCaret) {
      const span = sheet.querySelector(`.jg-field[data-key="${CSS.escape(keepCaret[0])}"]`);
      if (span) placeCaret(span, keepCaret[1] ?? -1);
    }
  }

  function redrawStale(row) {
    if (!row) return;
    const entry = rows.get(row.dataset.id);
    if (entry && entry.stale && entry.row === row) {
      const fresh = buildRow(entry.stale);
      entry.row = fresh;
      entry.stale = null;
      row.replaceWith(fresh);
    }
  }

  function applyFocus(focus) {
    focus = focus || {};
    if (focus.n === undefined || focus.n === lastFocusSerial) return;
    lastFocusSerial = focus.n;
    const span = sheet.querySelector(`.jg-field[data-key="${CSS.escape(focus.key)}"]`);
    if (span) placeCaret(span, focus.offset ?? 0);
    else if (focus.previous) focusNeighbour(focus.previous, -1);
  }

  // -- editing ----------------------------------------------------------------------------
  const fields = () => [...sheet.querySelectorAll(".jg-field:not(.jg-readonly)")];

  function focusNeighbour(key, direction) {
    const all = fields();
    const at = all.findIndex((span) => span.dataset.key === key);
    const next = all[at + direction];
    if (next) placeCaret(next, direction < 0 ? -1 : 0);
  }

  function sendEdit(span) {
    if (span.textContent === "" && span.childNodes.length) span.replaceChildren(); // show the hint again
    const text = rawText(span);
    pending.set(span.dataset.key, { text, seq: seq + 1 });
    send({ type: "edit", key: span.dataset.key, text });
  }

  sheet.addEventListener("beforeinput", (event) => {
    if (!waiting() || event.isComposing) return;
    event.preventDefault(); // the page is about to change under the cursor: keep the text for later
    if (event.inputType === "insertText" && event.data) typedWhileWaiting += event.data;
  });
  function typeWhatWaited() {
    if (!typedWhileWaiting || waiting()) return;
    const text = typedWhileWaiting;
    typedWhileWaiting = "";
    const active = document.activeElement;
    if (active && active.classList && active.classList.contains("jg-field") && sheet.contains(active))
      document.execCommand("insertText", false, text);
  }
  sheet.addEventListener("input", (event) => {
    const span = event.target.closest && event.target.closest(".jg-field");
    if (span && !composing && !event.isComposing) sendEdit(span);
  });
  sheet.addEventListener("compositionstart", () => {
    composing = true;
  });
  sheet.addEventListener("compositionend", (event) => {
    composing = false;
    const span = event.target.closest && event.target.closest(".jg-field");
    if (span) sendEdit(span);
  });
  sheet.addEventListener("focusout", (event) => {
    const row = event.target.closest && event.target.closest(".jg-row");
    const to = event.relatedTarget;
    if (row && !(to && row.contains(to))) setTimeout(() => redrawStale(row), 0);
  });
  sheet.addEventListener("paste", (event) => {
    const span = event.target.closest && event.target.closest(".jg-field");
    if (!span || !event.clipboardData) return;
    event.preventDefault(); // plain text only, whatever the page copied from had
    const text = event.clipboardData.getData("text/plain").replace(/\r\n?/g, "\n");
    document.execCommand("insertText", false, text);
  });

  sheet.addEventListener("keydown", (event) => {
    const span = event.target.closest && event.target.closest(".jg-field");
    if (!span || event.isComposing || composing) return;
    const key = span.dataset.key;
    const multiLine = key === "title" || key === "byline";
    if (event.key === "Enter" && !(multiLine && event.shiftKey)) {
      event.preventDefault();
      const offset = caretOffset(span);
      const text = rawText(span);
      const at = offset === null ? text.length : offset;
      if (["title", "byline", "salutation", "transition"].includes(key)) {
        focusNeighbour(key, 1);
        return;
      }
      if (waiting()) return;
      sendAndWait({ type: "enter", key, before: text.slice(0, at), after: text.slice(at) });
    } else if (event.key === "Backspace" || event.key === "Delete") {
      const selection = window.getSelection();
      if (selection && !selection.isCollapsed) return;
      const offset = caretOffset(span);
      if (event.key === "Backspace" && offset === 0) {
        event.preventDefault();
        if (!waiting()) sendAndWait({ type: "join", key, text: rawText(span) });
      }
    } else if (event.key === "ArrowUp" || event.key === "ArrowDown") {
      // leave the field at its first or last line for the one before or after
      const offset = caretOffset(span);
      const length = rawText(span).length;
      if (event.key === "ArrowUp" && offset === 0) {
        event.preventDefault();
        focusNeighbour(key, -1);
      } else if (event.key === "ArrowDown" && offset === length) {
        event.preventDefault();
        focusNeighbour(key, 1);
      }
    }
  });

  // -- placeholders and variables: a small pop-up at the clicked word ---------------------------
  function closePopup() {
    popup.hidden = true;
    popup.replaceChildren();
  }

  function openPopup(anchor, build) {
    popup.replaceChildren();
    build(popup);
    popup.hidden = false;
    const box = anchor.getBoundingClientRect();
    const host = el.getBoundingClientRect();
    popup.style.left = `${Math.max(0, box.left - host.left)}px`;
    popup.style.top = `${box.bottom - host.top + el.scrollTop + 4}px`;
    const input = popup.querySelector("input, textarea");
    if (input) {
      input.focus();
      if (input.select) input.select();
    }
  }

  function popupButton(label, className, action) {
    const button = element("button", className, label);
    button.type = "button";
    button.addEventListener("click", action);
    return button;
  }

  sheet.addEventListener("click", (event) => {
    const chip = event.target.closest && event.target.closest(".jg-var");
    const mark = event.target.closest && event.target.closest(".jg-ph");
    if (chip) {
      event.preventDefault();
      const name = chip.dataset.name;
      const values = model.get("values") || {};
      openPopup(chip, (box) => {
        box.append(element("div", "jg-popup-title", `变量“${name}”`));
        const isDate = name === "会议日期";
        const isList = chip.closest(".jg-part-lead") && rawText(chip.parentElement).trim() === chip.dataset.raw;
        const input = element(isList ? "textarea" : "input", "jg-popup-input");
        if (isDate) input.type = "date";
        if (isList) {
          input.rows = 4;
          input.placeholder = "每行一项，各成一点";
        }
        input.value = values[name] ?? "";
        const apply = () => {
          sendAndWait({ type: "variable", name, value: input.value });
          closePopup();
        };
        input.addEventListener("keydown", (e) => {
          if (e.key === "Enter" && !(isList && !e.ctrlKey)) {
            e.preventDefault();
            apply();
          } else if (e.key === "Escape") closePopup();
        });
        box.append(input, popupButton("确定", "jg-popup-ok", apply), popupButton("取消", "jg-popup-cancel", closePopup));
      });
    } else if (mark) {
      const span = mark.closest(".jg-field");
      const placeholder = mark.textContent;
      const same = [...span.querySelectorAll(".jg-ph")].filter((m) => m.textContent === placeholder);
      const nth = same.indexOf(mark);
      const total = model.get("placeholder_counts")?.[placeholder] ?? 1;
      openPopup(mark, (box) => {
        box.append(element("div", "jg-popup-title", `把“${placeholder}”替换为`));
        const input = element("input", "jg-popup-input");
        input.placeholder = "实际的名称、人名或日期";
        const replace = (all) => {
          if (!input.value.trim()) {
            input.focus();
            return;
          }
          sendAndWait({ type: "replace", key: span.dataset.key, placeholder, nth, value: input.value.trim(), all });
          closePopup();
        };
        input.addEventListener("keydown", (e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            replace(e.ctrlKey || e.metaKey);
          } else if (e.key === "Escape") closePopup();
        });
        box.append(
          input,
          popupButton("替换此处", "jg-popup-one", () => replace(false)),
          popupButton(`全部替换（${total} 处）`, "jg-popup-all", () => replace(true)),
          popupButton("取消", "jg-popup-cancel", closePopup),
        );
      });
    }
  });
  const onOutside = (event) => {
    if (!popup.hidden && !popup.contains(event.target) && !(event.target.closest && event.target.closest(".jg-var, .jg-ph")))
      closePopup();
  };
  document.addEventListener("mousedown", onOutside, true);
  addPoint.addEventListener("click", () => sendAndWait({ type: "add_point" }));
  sheet.addEventListener("click", (event) => {
    const note = event.target.closest && event.target.closest(".jg-note");
    if (note) {
      const span = note.closest(".jg-row").querySelector(".jg-field");
      if (span) placeCaret(span, -1);
    }
  });

  renderCounts();
  renderNotice();
  renderPage();
  model.on("change:page", () => {
    renderPage();
    applyFocus((model.get("page") || {}).focus); // where an edit put the cursor, sent with its page
    typeWhatWaited();
  });
  model.on("change:counts", renderCounts);
  model.on("change:notice", renderNotice);
  model.on("change:focus", () =>
    requestAnimationFrame(() => {
      applyFocus(model.get("focus"));
      typeWhatWaited();
    }),
  );
  return () => document.removeEventListener("mousedown", onOutside, true);
}

export default { render };
