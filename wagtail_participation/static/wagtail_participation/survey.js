/*
 * Survey pages, progressively enhanced: a question asked only of those who gave a certain
 * answer on the same step is hidden (and its fields disabled, so nothing is sent for it) until
 * that answer is chosen. Without JavaScript every question is shown with a note saying whom it
 * is for, and the server refuses answers to questions that do not apply.
 */
(function () {
  "use strict";

  function chosen(form, name, value) {
    return Array.prototype.some.call(form.elements, function (field) {
      if (field.name !== name || field.disabled) {
        return false;
      }
      if (field.type === "radio" || field.type === "checkbox") {
        return field.checked && field.value === value;
      }
      if (field.tagName === "SELECT") {
        return field.value === value;
      }
      return false;
    });
  }

  function update(form) {
    // In document order: a condition's question comes before the questions it shows, so a
    // question hidden here also hides those that depend on it.
    form.querySelectorAll("[data-wp-show-if]").forEach(function (question) {
      var shown = chosen(
        form,
        question.getAttribute("data-wp-show-if"),
        question.getAttribute("data-wp-show-if-value")
      );
      question.hidden = !shown;
      question.querySelectorAll("input, select, textarea").forEach(function (field) {
        field.disabled = !shown;
      });
    });
  }

  document.querySelectorAll("form[data-wp-survey]").forEach(function (form) {
    update(form);
    form.addEventListener("change", function () {
      update(form);
    });
  });
})();
