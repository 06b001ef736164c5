// Marks the page as able to run GOV.UK Frontend's scripts, then starts them.
// Pages work without it.
import { initAll } from "./build/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// The minutes editor warns before the page is left with typing not saved:
// text changed since the page loaded, or typed text the server showed back
// (a preview, or a refused save). Sending the editor's own form, to save or
// to preview, keeps the text and is not warned about; any other form is.
const minutesForm = document.querySelector("form[data-mb-minutes-form]");
if (minutesForm) {
  const areas = Array.from(minutesForm.querySelectorAll("textarea"));
  const loaded = areas.map((area) => area.value);
  const unsavedOnLoad = minutesForm.hasAttribute("data-mb-unsaved");
  let sending = false;
  minutesForm.addEventListener("submit", () => {
    sending = true;
  });
  // Coming back to the page from the browser's history, the form was not sent.
  window.addEventListener("pageshow", () => {
    sending = false;
  });
  window.addEventListener("beforeunload", (event) => {
    if (sending || !(unsavedOnLoad || areas.some((area, i) => area.value !== loaded[i]))) {
      return;
    }
    event.preventDefault();
    event.returnValue = "";
  });
}
