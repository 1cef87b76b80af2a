// Polls this status page's own API once a second and renders it with plain DOM calls
// (textContent only, so names from config can never inject markup).
"use strict";

(function () {
  const POLL_MS = 1000;
  const FETCH_TIMEOUT_MS = 3000;

  const LABELS = {
    operational: "Operational",
    degraded_performance: "Degraded performance",
    partial_outage: "Partial outage",
    major_outage: "Major outage",
    under_maintenance: "Waiting for first probe",
  };
  const BANNER_STATE = { none: "operational", minor: "degraded_performance", major: "partial_outage", critical: "major_outage" };

  const banner = document.getElementById("banner");
  const bannerText = document.getElementById("banner-text");
  const groupsEl = document.getElementById("groups");
  const updatedEl = document.getElementById("updated");
  const cadenceEl = document.getElementById("cadence");
  const rowsById = new Map();
  const cardsById = new Map();

  async function getJson(url) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), FETCH_TIMEOUT_MS);
    try {
      const response = await fetch(url, { cache: "no-store", signal: controller.signal, headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error(url + " answered HTTP " + response.status);
      return await response.json();
    } finally {
      clearTimeout(timer);
    }
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function setPill(pill, status) {
    pill.className = "pill state-" + status;
    pill.textContent = LABELS[status] || status;
  }

  function formatLatency(ms) {
    if (ms === null || ms === undefined) return "—";
    return ms < 10 ? ms.toFixed(1) + " ms" : Math.round(ms) + " ms";
  }

  function formatAge(fromIso, nowIso) {
    if (!fromIso) return "never";
    // Both times come from the server, so a wrong browser clock cannot skew the age.
    const seconds = Math.max(0, (Date.parse(nowIso) - Date.parse(fromIso)) / 1000);
    if (seconds < 60) return seconds.toFixed(1) + " s ago";
    if (seconds < 3600) return Math.floor(seconds / 60) + " min ago";
    return Math.floor(seconds / 3600) + " h ago";
  }

  function card(group) {
    let entry = cardsById.get(group.id);
    if (!entry) {
      const section = el("section", "card");
      section.setAttribute("aria-labelledby", "h-" + group.id);
      const head = el("div", "card-head");
      const title = el("h2", null, group.name);
      title.id = "h-" + group.id;
      const pill = el("span");
      head.append(title, pill);
      const table = el("table");
      const caption = el("caption", "visually-hidden", "Instances of " + group.name);
      const thead = el("thead");
      const headRow = el("tr");
      [["Instance", ""], ["Region", "col-region"], ["Status", ""], ["Latency", ""], ["Last checked", "col-checked"], ["Details", ""]]
        .forEach(([label, cls]) => {
          const th = el("th", cls, label);
          th.scope = "col";
          headRow.append(th);
        });
      thead.append(headRow);
      const tbody = el("tbody");
      table.append(caption, thead, tbody);
      section.append(head, table);
      entry = { section, pill, tbody };
      cardsById.set(group.id, entry);
    }
    setPill(entry.pill, group.status);
    return entry;
  }

  function row(component) {
    let entry = rowsById.get(component.id);
    if (!entry) {
      const tr = el("tr");
      const name = el("th", "name", component.name);
      name.scope = "row";
      const cells = {
        region: el("td", "col-region"),
        pill: el("span"),
        latency: el("td", "num"),
        checked: el("td", "num col-checked"),
        reason: el("td", "reason"),
      };
      const statusCell = el("td");
      statusCell.append(cells.pill);
      tr.append(name, cells.region, statusCell, cells.latency, cells.checked, cells.reason);
      entry = { tr, cells };
      rowsById.set(component.id, entry);
    }
    return entry;
  }

  function render(summary, lab) {
    const instances = new Map(lab.instances.map((i) => [i.id, i]));
    const byId = new Map(summary.components.map((c) => [c.id, c]));
    const groups = summary.components.filter((c) => c.group);

    document.getElementById("page-name").textContent = summary.page.name + " status";
    cadenceEl.textContent = "every " + lab.probe_interval_ms + " ms (timeout " + lab.probe_timeout_ms + " ms).";

    const state = lab.rounds_completed === 0 ? "unknown" : BANNER_STATE[summary.status.indicator] || "unknown";
    setBanner(state, summary.status.description);
    document.title = summary.status.description + " — " + summary.page.name + " status";

    const cards = [];
    for (const group of groups) {
      const entry = card(group);
      const rows = [];
      for (const childId of group.components) {
        const child = byId.get(childId);
        const info = instances.get(childId) || {};
        const r = row(child);
        r.cells.region.textContent = info.region || "";
        setPill(r.cells.pill, child.status);
        r.cells.latency.textContent = formatLatency(info.latency_ms);
        r.cells.checked.textContent = formatAge(info.last_checked_at, lab.generated_at);
        r.cells.checked.title = info.last_checked_at || "";
        r.cells.reason.textContent = info.state === "down" ? info.reason : "";
        rows.push(r.tr);
      }
      entry.tbody.replaceChildren(...rows);
      cards.push(entry.section);
    }
    if (cards.length === 0) {
      cards.push(el("p", "empty", "No targets are configured (status.targets[...])."));
    }
    groupsEl.replaceChildren(...cards);
    groupsEl.setAttribute("aria-busy", "false");
    updatedEl.textContent = lab.generated_at;
    updatedEl.dateTime = lab.generated_at;
    document.body.classList.remove("stale");
  }

  // Writes only on change: the banner is an aria-live region, and rewriting the same text every
  // second would make some screen readers announce it every second.
  function setBanner(state, text) {
    const className = "banner state-" + state;
    if (banner.className !== className) banner.className = className;
    if (bannerText.textContent !== text) bannerText.textContent = text;
  }

  function showUnreachable(error) {
    setBanner("error", "Status page cannot reach its own API — the data below may be stale");
    document.title = "API unreachable — status";
    document.body.classList.add("stale");
    console.warn("status refresh failed:", error);
  }

  async function refresh() {
    try {
      const [summary, lab] = await Promise.all([getJson("/api/v2/summary.json"), getJson("/api/lab/instances.json")]);
      render(summary, lab);
    } catch (error) {
      showUnreachable(error);
    } finally {
      // Chained timeouts, not setInterval, so a slow answer never stacks requests up.
      setTimeout(refresh, POLL_MS);
    }
  }

  refresh();
})();
