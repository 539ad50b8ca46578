/* Portal behaviour without inline scripts (the Content Security Policy forbids them). */
(function () {
  "use strict";
  // Fonts: static/portal/fonts.css (Bootstrap Italia's loadFonts() would inject an inline
  // <style>, refused by the Content Security Policy).
  document.querySelectorAll("select[data-autosubmit]").forEach(function (el) {
    el.addEventListener("change", function () { el.form.submit(); });
  });
  document.querySelectorAll(".js-hide").forEach(function (el) { el.classList.add("visually-hidden"); });
  document.body.addEventListener("htmx:configRequest", function (evt) {
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (token) { evt.detail.headers["X-CSRFToken"] = token.value; }
  });
})();
/* Wide tables: a box that scrolls on its own is reachable with the keyboard and named after its
   table's caption (WCAG 2.1.1; axe "scrollable-region-focusable"). */
(function () {
  "use strict";
  function mark() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      box.classList.toggle("is-scrollable", scrolls);
      if (scrolls && !box.hasAttribute("tabindex")) {
        var caption = box.querySelector("caption");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", caption ? caption.textContent.trim() : document.title);
      }
    });
  }
  mark();
  window.addEventListener("resize", mark);
  document.body.addEventListener("htmx:afterSettle", mark);
})();
