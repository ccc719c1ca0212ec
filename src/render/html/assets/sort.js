"use strict";
for (const table of document.querySelectorAll("table.sortable")) {
  const heads = Array.from(table.tHead.rows[0].cells);
  heads.forEach((head, column) => {
    const button = head.querySelector("button");
    if (!button) return;
    button.addEventListener("click", () => {
      const numeric = head.classList.contains("num");
      const first = numeric ? "descending" : "ascending";
      const order = head.getAttribute("aria-sort") === first
        ? (first === "ascending" ? "descending" : "ascending") : first;
      const key = (row) => {
        const cell = row.cells[column];
        const text = cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent;
        return numeric ? Number(text) : text.toLowerCase();
      };
      const compare = numeric ? (a, b) => a - b : (a, b) => a.localeCompare(b);
      const body = table.tBodies[0];
      const rows = Array.from(body.rows);
      rows.sort((a, b) => (order === "ascending" ? 1 : -1) * compare(key(a), key(b)));
      heads.forEach((h) => h.removeAttribute("aria-sort"));
      head.setAttribute("aria-sort", order);
      body.append(...rows);
    });
  });
}
