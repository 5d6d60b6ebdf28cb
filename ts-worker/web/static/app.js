// The catalog's only script, loaded from /static (the CSP allows no inline script). Values
// from the server are set with textContent or as attributes, never as HTML.
"use strict";

(() => {
  const page = document.body.dataset.page;
  const csrf = () => document.querySelector('meta[name="csrf-token"]')?.getAttribute("content") ?? "";
  if (page === "video") void storyboard();
  if (page === "runs") runs();
  if (page === "library") previews();

  // Hovering or focusing a card shows its animated preview instead of the poster. The WebP
  // is requested only then, and the poster comes back when both pointer and focus have left.
  function previews() {
    for (const card of document.querySelectorAll(".card")) {
      const img = card.querySelector("img[data-preview]");
      if (img === null) continue;
      const poster = img.getAttribute("src");
      const play = () => {
        if (img.getAttribute("src") !== img.dataset.preview) img.src = img.dataset.preview;
        card.classList.add("previewing");
      };
      const stop = (stillHere) => {
        if (stillHere) return;
        img.src = poster;
        card.classList.remove("previewing");
      };
      card.addEventListener("pointerenter", play);
      card.addEventListener("focusin", play);
      card.addEventListener("pointerleave", () => stop(card.contains(document.activeElement)));
      card.addEventListener("focusout", (event) => stop(card.contains(event.relatedTarget) || card.matches(":hover")));
    }
  }

  /** Seconds of a WebVTT timestamp (hh:mm:ss.ttt or mm:ss.ttt). */
  function seconds(stamp) {
    return stamp.split(":").reduce((total, part) => total * 60 + Number(part), 0);
  }

  /** The cues of a storyboard's WebVTT file: time range and the #xywh tile of a sheet. */
  function parseVtt(text) {
    const cues = [];
    const pattern = /^([\d:.]+)\s+-->\s+([\d:.]+)[^\n]*\n([^\s#]+)#xywh=(\d+),(\d+),(\d+),(\d+)\s*$/gm;
    for (const m of text.matchAll(pattern)) {
      const [x, y, w, h] = m.slice(4, 8).map(Number);
      cues.push({ start: seconds(m[1]), end: seconds(m[2]), file: m[3], x, y, w, h });
    }
    return cues;
  }

  function clock(t) {
    const m = Math.floor(t / 60);
    return `${m}:${(t - m * 60).toFixed(1).padStart(4, "0")}`;
  }

  // Hovering (or dragging) over the bar shows the storyboard tile of that moment; a click
  // seeks the player there; arrow keys step one second.
  async function storyboard() {
    const scrub = document.getElementById("scrub");
    if (scrub === null) return;
    const tile = document.getElementById("tile");
    const label = document.getElementById("scrub-time");
    const player = document.getElementById("player");
    const duration = Number(scrub.dataset.duration);
    const vtt = new URL(scrub.dataset.vtt, location.href);
    const response = await fetch(vtt);
    if (!response.ok) {
      label.textContent = `storyboard unavailable (${response.status})`;
      return;
    }
    const cues = parseVtt(await response.text());
    if (cues.length === 0) return;
    let current = 0;

    const show = (t, left) => {
      current = Math.min(Math.max(t, 0), duration);
      const cue = cues.find((c) => current >= c.start && current < c.end) ?? cues[cues.length - 1];
      const sheet = new URL(cue.file, vtt);
      // CSSOM properties, not a style attribute: allowed by the CSP.
      tile.style.backgroundImage = `url("${sheet.href}")`;
      tile.style.backgroundPosition = `-${cue.x}px -${cue.y}px`;
      tile.style.width = `${cue.w}px`;
      tile.style.height = `${cue.h}px`;
      tile.style.left = `${Math.min(Math.max(left - cue.w / 2, 0), scrub.clientWidth - cue.w)}px`;
      tile.dataset.time = current.toFixed(3);
      tile.dataset.sheet = sheet.pathname;
      tile.dataset.xywh = `${cue.x},${cue.y},${cue.w},${cue.h}`;
      tile.hidden = false;
      label.textContent = clock(current);
      scrub.setAttribute("aria-valuenow", current.toFixed(2));
    };
    const at = (event) => {
      const box = scrub.getBoundingClientRect();
      const x = Math.min(Math.max(event.clientX - box.left, 0), box.width);
      return { t: (x / box.width) * duration, left: x };
    };
    scrub.addEventListener("pointermove", (event) => {
      const { t, left } = at(event);
      show(t, left);
    });
    scrub.addEventListener("pointerleave", () => {
      tile.hidden = true;
    });
    scrub.addEventListener("click", (event) => {
      player.currentTime = at(event).t;
    });
    scrub.addEventListener("keydown", (event) => {
      const step = { ArrowLeft: -1, ArrowRight: 1 }[event.key];
      if (step === undefined) return;
      event.preventDefault();
      show(current + step, (current / duration) * scrub.clientWidth);
      player.currentTime = current;
    });
    scrub.dataset.ready = String(cues.length);
  }

  async function post(url, body) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-csrf-token": csrf() },
      body: JSON.stringify(body),
    });
    const data = await response.json();
    if (!response.ok) throw Object.assign(new Error(data.message), { type: data.type });
    return data;
  }

  function showResult(element, text, errorType) {
    element.textContent = text;
    element.classList.toggle("error", errorType !== undefined);
    if (errorType === undefined) delete element.dataset.errorType;
    else element.dataset.errorType = errorType;
  }

  // The runs table follows Temporal every second without a reload; rows are keyed by workflow
  // id and updated in place, so a cancel button stays where the pointer is.
  function runs() {
    const body = document.getElementById("runs-body");
    const problem = document.getElementById("runs-error");
    const table = body.closest("table");
    const result = document.getElementById("start-result");
    const rows = new Map();

    const uiLink = (id) =>
      `${table.dataset.temporalUi}/namespaces/${encodeURIComponent(table.dataset.namespace)}/workflows/${encodeURIComponent(id)}`;

    const row = (id) => {
      let tr = rows.get(id);
      if (tr !== undefined) return tr;
      tr = document.createElement("tr");
      tr.dataset.workflowId = id;
      for (const name of ["workflow", "status", "stage", "progress", "started", "actions"]) {
        const td = document.createElement("td");
        td.className = name;
        tr.append(td);
      }
      const bar = document.createElement("progress");
      bar.max = 100;
      tr.querySelector(".progress").append(bar, document.createElement("span"));
      const cancel = document.createElement("button");
      cancel.type = "button";
      cancel.className = "cancel";
      cancel.textContent = "Cancel";
      cancel.addEventListener("click", () => {
        cancel.disabled = true;
        post(`/api/runs/${encodeURIComponent(id)}/cancel`, {}).then(
          (status) => showResult(result, `cancel requested: ${id} is ${status.status}`),
          (err) => showResult(result, `error: ${err.type}: ${err.message}`, err.type),
        );
      });
      tr.querySelector(".actions").append(cancel);
      rows.set(id, tr);
      return tr;
    };

    const render = (list) => {
      if (rows.size === 0) body.replaceChildren();
      list.forEach((item, index) => {
        const s = item.status;
        const tr = row(s.workflow_id);
        tr.dataset.status = s.status;
        const name = tr.querySelector(".workflow");
        const link = document.createElement("a");
        link.textContent = s.workflow_id;
        link.href = s.status === "COMPLETED" ? `/videos/${encodeURIComponent(s.workflow_id)}` : uiLink(s.workflow_id);
        const ui = document.createElement("a");
        ui.textContent = "Temporal UI";
        ui.className = "ui";
        ui.href = uiLink(s.workflow_id);
        name.replaceChildren(link, " · ", ui);
        tr.querySelector(".status").textContent = s.status;
        tr.querySelector(".stage").textContent = s.progress?.stage ?? (s.progress_error ? "no answer" : "");
        const percent = s.progress?.percent ?? (s.status === "COMPLETED" ? 100 : 0);
        tr.querySelector("progress").value = percent;
        tr.querySelector(".progress span").textContent = ` ${percent.toFixed(1)}%`;
        tr.querySelector(".started").textContent = item.start_time.slice(0, 19).replace("T", " ");
        tr.querySelector(".cancel").hidden = s.status !== "RUNNING";
        if (body.children[index] !== tr) body.insertBefore(tr, body.children[index] ?? null);
      });
      if (list.length === 0) body.replaceChildren();
      table.dataset.updated = String(Date.now());
    };

    const refresh = async () => {
      try {
        const response = await fetch("/api/runs", { headers: { accept: "application/json" } });
        const data = await response.json();
        if (!response.ok) throw new Error(`${data.type}: ${data.message}`);
        render(data.runs);
        problem.hidden = true;
      } catch (err) {
        problem.textContent = `error: ${err.message}`;
        problem.hidden = false;
      }
      setTimeout(refresh, 1000);
    };
    void refresh();

    document.getElementById("start-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const url = document.getElementById("start-url").value;
      showResult(result, "starting…");
      post("/api/runs", { video_url: url }).then(
        (started) => showResult(result, `started ${started.workflow_id}`),
        (err) => showResult(result, `error: ${err.type}: ${err.message}`, err.type),
      );
    });
  }
})();
