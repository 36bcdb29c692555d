// Suggestions from the settings directory as you type (progressive enhancement: without
// JavaScript the search form and the radio list of results do the same job).
// The input names the endpoint (data-setting-search), the <datalist> to fill and a polite live
// region that says how many suggestions there are. A chosen suggestion ends "(URN 123456)",
// which the server's search matches exactly.

const DELAY = 250;

function enhance(input) {
  const list = document.getElementById(input.dataset.settingSearchList);
  const status = document.getElementById(input.dataset.settingSearchStatus);
  const category = input.form ? input.form.querySelector("[name=category]") : null;
  if (!list) return;
  input.setAttribute("list", list.id);
  let timer = null;
  let last = "";
  let controller = null;

  async function fetchSuggestions() {
    const query = input.value.trim();
    const kind = category ? category.value : "";
    if (query.length < 2 || `${query}|${kind}` === last || /\(URN \d+\)$/.test(query)) return;
    last = `${query}|${kind}`;
    if (controller) controller.abort();
    controller = new AbortController();
    const url = new URL(input.dataset.settingSearch, window.location.href);
    url.searchParams.set("q", query);
    if (kind) url.searchParams.set("category", kind);
    try {
      const response = await fetch(url, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: controller.signal,
      });
      if (!response.ok) return;
      const data = await response.json();
      list.replaceChildren(
        ...data.results.map((result) => {
          const option = document.createElement("option");
          option.value = result.label;
          if (result.type) option.label = result.type;
          return option;
        }),
      );
      if (status) {
        const n = data.results.length;
        status.textContent =
          n === 0 ? "No suggestions" : `${n} suggestion${n === 1 ? "" : "s"}: use the down arrow to choose`;
      }
    } catch (error) {
      if (error.name !== "AbortError") throw error;
    }
  }

  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(fetchSuggestions, DELAY);
  });
}

document.querySelectorAll("input[data-setting-search]").forEach(enhance);
