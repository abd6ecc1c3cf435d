/* "Show this question only if": when the earlier question is on the same page, hide the
   question until its answer fits. The server decides anyway (a hidden question's answer is
   dropped and never required), so the form works the same without this script. */
(function () {
  "use strict";
  var blocks = Array.prototype.slice.call(document.querySelectorAll("[data-show-if]"));
  if (!blocks.length) { return; }

  function given(form, name) {
    var values = [];
    Array.prototype.forEach.call(form.elements, function (element) {
      if (element.name !== name) { return; }
      var chosen = (element.type === "radio" || element.type === "checkbox") ?
        element.checked : element.value !== "";
      if (chosen) { values.push(element.value); }
    });
    return values;
  }

  function update() {
    blocks.forEach(function (block) {
      var form = block.closest("form");
      var wanted = JSON.parse(block.getAttribute("data-show-values") || "[]");
      var answers = form ? given(form, block.getAttribute("data-show-if")) : [];
      block.hidden = !answers.some(function (value) { return wanted.indexOf(value) !== -1; });
    });
  }

  document.addEventListener("change", update);
  update();
}());
