// Suggestions while typing in a text box that chooses among many rows (common/lookup.py):
// the box's <datalist> is filled from its data-suggest address once a word is typed. Without
// this script the form still works: it names the matches when a name is ambiguous.
(function () {
  function attach(input) {
    if (input.dataset.suggestReady) return;
    input.dataset.suggestReady = "1";
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) return;
    var timer = null;
    var asked = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var text = input.value.trim();
      if (text.length < 3 || text === asked) return;
      timer = setTimeout(function () {
        asked = text;
        fetch(input.dataset.suggest + "?q=" + encodeURIComponent(text), {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            if (text !== asked) return; // a later request answers the box
            list.replaceChildren.apply(list, data.results.map(function (label) {
              var option = document.createElement("option");
              option.value = label;
              return option;
            }));
          })
          .catch(function () {});
      }, 250);
    });
  }
  document.querySelectorAll("input[data-suggest]").forEach(attach);
})();
