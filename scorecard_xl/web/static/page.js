// The drop-in page works without this file; with it, files can be dropped on the drop zone, sizes are checked
// before uploading, and the form is sent in the background so the chosen files stay chosen for another build.
"use strict";
(function () {
  const form = document.getElementById("build-form");
  const input = document.getElementById("extracts");
  const zone = document.getElementById("drop-zone");
  const chosen = document.getElementById("chosen");
  const status = document.getElementById("status");
  if (!form || !input || !zone) return;

  function mb(n) { return (n / 1048576).toFixed(1).replace(/\.0$/, "") + " MB"; }

  function listChosen() {
    chosen.replaceChildren();
    for (const file of input.files) {
      const li = document.createElement("li");
      li.textContent = file.name + " (" + (file.size < 1048576 ? Math.ceil(file.size / 1024) + " KB" : mb(file.size)) + ")";
      chosen.appendChild(li);
    }
  }

  function tooBig() {
    const maxFile = Number(form.dataset.maxFile), maxRequest = Number(form.dataset.maxRequest);
    const maxFiles = Number(form.dataset.maxFiles);
    let total = 0;
    const files = [...input.files, ...document.getElementById("template_file").files];
    if (input.files.length > maxFiles) return input.files.length + " extracts: at most " + maxFiles + " at once";
    for (const file of files) {
      if (file.size > maxFile) return file.name + ": " + mb(file.size) + " is over the " + mb(maxFile) + " limit for one file";
      total += file.size;
    }
    if (total > maxRequest) return "the files come to " + mb(total) + ", over the " + mb(maxRequest) + " limit for one build";
    return "";
  }

  zone.addEventListener("click", () => input.click());
  zone.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") { event.preventDefault(); input.click(); }
  });
  zone.addEventListener("dragover", (event) => { event.preventDefault(); zone.classList.add("dragging"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("dragging");
    if (event.dataTransfer && event.dataTransfer.files.length) {
      input.files = event.dataTransfer.files;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });
  input.addEventListener("change", () => {
    listChosen();
    if (input.files.length && !tooBig()) send("check", false);
  });

  let latest = 0;

  async function send(action, moveFocus) {
    const mine = ++latest;
    const problem = tooBig();
    if (problem) { status.textContent = problem; return; }
    const data = new FormData(form);
    data.set("mode", action);
    // A background check (files just chosen) leaves the buttons alone: a Build pressed meanwhile supersedes it.
    const buttons = moveFocus ? form.querySelectorAll("button") : [];
    buttons.forEach((b) => { b.disabled = true; });
    status.textContent = action === "build" ? "Building…" : "Checking…";
    try {
      const response = await fetch(form.getAttribute("action"), { method: "POST", body: data });
      const text = await response.text();
      if (mine !== latest) return; // a later check or build has been asked for: its answer is the one to show
      const page = new DOMParser().parseFromString(text, "text/html");
      const results = page.getElementById("results");
      const months = page.getElementById("period");
      if (results) document.getElementById("results").replaceWith(results);
      if (months) {
        const keep = form.elements.period.value;
        form.elements.period.replaceChildren(...months.children);
        if ([...form.elements.period.options].some((o) => o.value === keep)) form.elements.period.value = keep;
      }
      if (page.title) document.title = page.title;
      status.textContent = action === "build" ? "Done." : "Checked.";
      if (moveFocus) document.getElementById("results").focus();
    } catch (error) {
      if (mine !== latest) return;
      status.textContent = "The page could not reach scorecard-xl (" + error + "); is `scorecard-xl serve` still running?";
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const action = event.submitter && event.submitter.value === "check" ? "check" : "build";
    send(action, true);
  });
})();
