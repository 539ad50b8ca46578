// Activity records: "select all" in the review queue; live sums in the record form.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-select-all]");
    if (!button) return;
    var boxes = document.querySelectorAll('input[type="checkbox"][name="' + button.dataset.selectAll + '"]');
    var allChecked = Array.prototype.every.call(boxes, function (b) { return b.checked; });
    boxes.forEach(function (b) { b.checked = !allChecked; });
  });

  function value(id) {
    var el = document.getElementById(id);
    var n = el ? parseInt(el.value, 10) : 0;
    return isNaN(n) ? 0 : n;
  }
  function amount(id) {
    var el = document.getElementById(id);
    var n = el ? parseFloat(String(el.value).replace(",", ".")) : 0;
    return isNaN(n) ? 0 : n;
  }
  var italian = new Intl.NumberFormat("it-IT", { maximumFractionDigits: 2 });
  function ids(text) { return text.split(" ").filter(Boolean); }
  function updateSums() {
    var total = value("id_participants_total");
    document.querySelectorAll("[data-sum-of]").forEach(function (out) {
      var sum = ids(out.dataset.sumOf).reduce(function (acc, id) { return acc + value(id); }, 0);
      if (out.hasAttribute("data-sum-plain")) { out.textContent = italian.format(sum); return; }
      out.textContent = italian.format(sum) + " / " + italian.format(total);
      out.classList.toggle("text-danger", sum !== total);
      out.classList.toggle("text-success", sum === total);
    });
    document.querySelectorAll("[data-sum-money]").forEach(function (out) {
      var sum = ids(out.dataset.sumMoney).reduce(function (acc, id) { return acc + amount(id); }, 0);
      var cents = Math.round(sum * 100) % 100 !== 0;
      out.textContent = new Intl.NumberFormat("it-IT", {
        minimumFractionDigits: cents ? 2 : 0, maximumFractionDigits: 2
      }).format(sum) + "\u00a0€";
    });
  }
  // Totals update as you type, in any figure of the form.
  document.addEventListener("input", function (event) {
    if (event.target.closest && event.target.closest(".activity-form")) updateSums();
  });
  document.addEventListener("DOMContentLoaded", updateSums);
})();

// The activity form's quartieri: a search box over the checkboxes grouped by zona (the
// checkboxes work without JavaScript; checked ones always stay visible).
(function () {
  "use strict";
  document.querySelectorAll("[data-quartieri-picker]").forEach(function (picker) {
    var search = picker.querySelector(".quartieri-search");
    var input = picker.querySelector("[data-quartieri-filter]");
    var count = picker.querySelector("[data-quartieri-count]");
    if (!search || !input) return;
    search.hidden = false;
    input.addEventListener("input", function () {
      var term = input.value.trim().toLowerCase();
      var shown = 0;
      picker.querySelectorAll(".quartieri-zona").forEach(function (zona) {
        var visible = 0;
        zona.querySelectorAll("[data-quartiere]").forEach(function (row) {
          var box = row.querySelector("input");
          var match = !term || row.dataset.quartiere.indexOf(term) !== -1 || (box && box.checked);
          row.hidden = !match;
          if (match) visible += 1;
        });
        zona.hidden = visible === 0;
        shown += visible;
      });
      if (count) count.textContent = term ? shown + " / " + picker.querySelectorAll("[data-quartiere]").length : "";
    });
  });
})();
