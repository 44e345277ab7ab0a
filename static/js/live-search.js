// Search as you type on the organisers' list: re-fetch the rows while typing.
// Without JavaScript the form's button does the same.
const form = document.querySelector("form[data-live-search]");
const target = document.getElementById("rows");
if (form && target) {
  let timer = null;
  let last = "";
  const refresh = async () => {
    const params = new URLSearchParams(new FormData(form));
    const query = params.toString();
    if (query === last) return;
    last = query;
    params.set("partial", "1");
    const response = await fetch(`${location.pathname}?${params}`, { headers: { Accept: "text/html" } });
    if (response.ok) {
      target.innerHTML = await response.text();
      history.replaceState(null, "", `${location.pathname}?${query}`);
    }
  };
  form.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(refresh, 250); });
  form.addEventListener("change", refresh);
}
