// The reading views' one script: "Cite this claim" copies the citation as it opens.
// Without a script, or without the clipboard (an insecure origin, a refused permission),
// the citation is shown opened and selected, for the reader to copy.

function setStatus(details, text) {
  const status = details.querySelector(".cite-status");
  if (status) status.textContent = text;
}

async function copyCitation(details) {
  const area = details.querySelector(".cite-text");
  if (!area) return;
  try {
    if (!navigator.clipboard || !window.isSecureContext) throw new Error("no clipboard");
    await navigator.clipboard.writeText(area.value);
    setStatus(details, "— copied to the clipboard");
  } catch {
    area.focus();
    area.select();
    setStatus(details, "— selected: press Ctrl+C (⌘C) to copy");
  }
}

document.addEventListener("toggle", (event) => {
  const details = event.target;
  if (details instanceof HTMLDetailsElement && details.matches(".cite") && details.open) {
    copyCitation(details);
  } else if (details instanceof HTMLDetailsElement && details.matches(".cite")) {
    setStatus(details, "");
  }
}, true);
