// Start GOV.UK Frontend's components (loaded as a module; no inline script needed under CSP).
import { initAll } from "../dist/govuk-frontend.min.js";

initAll();
