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
