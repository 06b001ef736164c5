// Marks the page as able to run GOV.UK Frontend's scripts, then starts them.
// Pages work without it.
import { initAll } from "./build/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
