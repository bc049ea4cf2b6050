// Cảnh Giác: small progressive enhancements. Every page works without this file.
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  // Controls that need a script are hidden in the HTML and shown here.
  document.querySelectorAll(".js-only[hidden], [data-back][hidden]").forEach(function (el) {
    el.hidden = false;
  });

  // A long check (a screenshot read by OCR) should not be sent twice.
  document.querySelectorAll("form[data-busy]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit]");
      if (!button) return;
      // Disabled after the submission has started, so the button's own value is not lost.
      window.setTimeout(function () {
        button.disabled = true;
        button.textContent = form.getAttribute("data-busy");
      }, 0);
      form.setAttribute("aria-busy", "true");
    });
  });

  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var status = button.parentElement.querySelector(".copied");
      var done = function () {
        if (status) status.textContent = button.getAttribute("data-copied");
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(button.getAttribute("data-copy")).then(done, function () {});
      }
    });
  });

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });

  document.querySelectorAll("[data-back]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.history.back();
    });
  });
});
