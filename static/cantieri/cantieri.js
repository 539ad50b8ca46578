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
  function updateSums() {
    var total = value("id_participants_total");
    document.querySelectorAll("[data-sum-of]").forEach(function (out) {
      var ids = out.dataset.sumOf.split(" ");
      var sum = ids.reduce(function (acc, id) { return acc + value(id); }, 0);
      out.textContent = sum + " / " + total;
      out.classList.toggle("text-danger", sum !== total);
      out.classList.toggle("text-success", sum === total);
    });
  }
  document.addEventListener("input", function (event) {
    if (event.target.classList && event.target.classList.contains("figure-input")) updateSums();
  });
  document.addEventListener("DOMContentLoaded", updateSums);
})();
