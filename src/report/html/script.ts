/**
 * Inline JS of the HTML report: filters and navigation only; everything else is static HTML, so
 * a big report opens fast and reads without JS.
 */
export const SCRIPT = `
(() => {
  const $ = (s, r = document) => r.querySelector(s);
  const $$ = (s, r = document) => [...r.querySelectorAll(s)];
  const statusOf = (el, check) => {
    if (!check) return el.dataset.status;
    const m = (el.dataset.checks || "").split(" ").find((x) => x.startsWith(check + "="));
    return m ? m.slice(check.length + 1) : "none";
  };
  function apply() {
    const check = $("#check-filter").value;
    const allowed = new Set($$(".status-filter").filter((c) => c.checked).map((c) => c.value));
    const text = $("#op-filter").value.trim().toLowerCase();
    const words = $("#text-filter").value.trim().toLowerCase().split(/\\s+/).filter(Boolean);
    for (const cell of $$("#matrix .cell")) {
      const s = statusOf(cell, check);
      cell.className = "cell s-" + (s === "none" ? "skip" : s);
      cell.classList.toggle("hidden", s === "none" || !allowed.has(s));
    }
    for (const row of $$("#matrix tr[data-op]")) row.classList.toggle("hidden", !!text && !row.dataset.op.toLowerCase().includes(text));
    for (const f of $$("details.failure")) {
      const ok = (!check || f.dataset.check === check) && allowed.has(f.dataset.status) && (!text || f.dataset.op.toLowerCase().includes(text));
      f.classList.toggle("hidden", !ok);
    }
    for (const c of $$("details.cause")) {
      const ok = (!check || c.dataset.check === check) && allowed.has(c.dataset.status) && (!text || c.dataset.ops.toLowerCase().includes(text)) && words.every((w) => c.dataset.text.includes(w));
      c.classList.toggle("hidden", !ok);
    }
  }
  for (const el of $$("#check-filter, .status-filter, #op-filter, #text-filter")) el.addEventListener("input", apply);
  document.addEventListener("click", (e) => {
    const cell = e.target.closest("#matrix .cell");
    if (cell) {
      const check = $("#check-filter").value;
      const hit = $$("details.failure").find((f) => f.dataset.op === cell.dataset.op && f.dataset.action === cell.dataset.action && (!check || f.dataset.check === check));
      if (hit) { hit.open = true; hit.scrollIntoView({ block: "start" }); }
      return;
    }
    const copy = e.target.closest("button.copy");
    if (copy) {
      const text = copy.parentElement.querySelector("pre").textContent;
      const done = (ok) => { copy.textContent = ok ? "copied" : "select and copy"; setTimeout(() => (copy.textContent = "copy"), 1500); };
      if (navigator.clipboard) navigator.clipboard.writeText(text).then(() => done(true), () => done(false)); else done(false);
    }
  });
  apply();
})();
`;
