/* The ballot of a participatory budget: a running total, and impossible ballots stopped
 * before they are sent. Progressive: without this script the form works the same, and the
 * server checks every ballot anyway (and says what is wrong). No inline script or style: the
 * rules and the wording come from the form's data attributes, written by the server in the
 * page's language. */
(function () {
  "use strict";

  function wholeNumber(text) {
    if (text === undefined || text === null || text === "") { return null; }
    var value = parseInt(text, 10);
    return isNaN(value) ? null : value;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : match;
    });
  }

  function setUp(form) {
    var data = form.dataset;
    var money = new Intl.NumberFormat(data.locale || document.documentElement.lang || "fr", {
      style: "currency", currency: "EUR", maximumFractionDigits: 0, minimumFractionDigits: 0
    });
    var euros = function (amount) { return money.format(amount); };
    var limits = {
      minProjects: wholeNumber(data.minProjects) || 0,
      maxProjects: wholeNumber(data.maxProjects),
      maxCost: wholeNumber(data.maxCost),
      minCost: wholeNumber(data.minCost)
    };
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox][data-cost]"));
    var total = form.querySelector("[data-ballot-total]");
    // The error notice (a template pack's component) is shown by its container, and its
    // words written in its list.
    var errorBox = form.querySelector("[data-ballot-errors]");
    var errors = errorBox.querySelector("[data-ballot-error-list]");

    function state() {
      var chosen = boxes.filter(function (box) { return box.checked; });
      var spent = chosen.reduce(function (sum, box) { return sum + wholeNumber(box.dataset.cost); }, 0);
      return { count: chosen.length, spent: spent };
    }

    // What is already too much: said while the resident chooses.
    function excess(current) {
      var found = [];
      if (limits.maxProjects !== null && current.count > limits.maxProjects) {
        found.push(fill(data.msgTooMany, { count: current.count, max: limits.maxProjects }));
      }
      if (limits.maxCost !== null && current.spent > limits.maxCost) {
        found.push(fill(data.msgOver, { over: euros(current.spent - limits.maxCost) }));
      }
      return found;
    }

    // What is still missing: said when the ballot is sent.
    function shortfall(current) {
      var found = [];
      if (current.count < limits.minProjects) {
        found.push(fill(data.msgTooFew, { count: current.count, min: limits.minProjects }));
      }
      if (limits.minCost !== null && current.spent < limits.minCost) {
        found.push(fill(data.msgUnder, { min: euros(limits.minCost), total: euros(current.spent) }));
      }
      return found;
    }

    function update() {
      var current = state();
      var sentences = [fill(data.msgTotal, { total: euros(current.spent), budget: euros(limits.maxCost || 0) })];
      sentences.push(fill(current.count > 1 ? data.msgCountOther : data.msgCountOne, { count: current.count }));
      var remaining = limits.maxCost === null ? null : limits.maxCost - current.spent;
      if (remaining !== null && remaining >= 0) {
        sentences.push(fill(data.msgLeft, { left: euros(remaining) }));
      }
      var tooMuch = excess(current);
      total.textContent = sentences.concat(tooMuch).join(" ");
      total.classList.toggle("wp-ballot__total--over", tooMuch.length > 0);
      total.hidden = false;
      boxes.forEach(function (box) {
        var project = box.closest("[data-project]");
        var fits = box.checked || remaining === null || wholeNumber(box.dataset.cost) <= remaining;
        project.querySelector("[data-fit]").textContent =
          fits ? "" : " – " + fill(data.msgNoFit, { left: euros(Math.max(remaining, 0)) });
        project.classList.toggle("wp-ballot__project--no-fit", !fits);
      });
    }

    function showErrors(found) {
      errors.textContent = "";
      var heading = document.createElement("p");
      var strong = document.createElement("strong");
      strong.textContent = data.msgBlocked;
      heading.appendChild(strong);
      errors.appendChild(heading);
      var list = document.createElement("ul");
      found.forEach(function (text) {
        var item = document.createElement("li");
        item.textContent = text;
        list.appendChild(item);
      });
      errors.appendChild(list);
      errorBox.hidden = false;
      (errorBox.querySelector("[tabindex]") || errorBox).focus();
    }

    boxes.forEach(function (box) { box.addEventListener("change", update); });
    form.addEventListener("submit", function (event) {
      var current = state();
      var found = excess(current).concat(shortfall(current));
      if (found.length) {
        event.preventDefault();
        showErrors(found);
      }
    });
    update();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-budget-ballot]"), setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
