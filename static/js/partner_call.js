// The call for partners: count the characters of a field with a limit as it is typed
// (the element [data-count-for=<field id>] shows the count; the field's maxlength stops typing at the limit).
(function () {
  "use strict";
  document.querySelectorAll("[data-count-for]").forEach(function (counter) {
    var field = document.getElementById(counter.getAttribute("data-count-for"));
    var shown = counter.querySelector("[data-count]");
    if (!field || !shown) { return; }
    var limit = parseInt(field.getAttribute("data-count-limit") || field.getAttribute("maxlength") || "0", 10);
    var update = function () {
      shown.textContent = String(field.value.length);
      counter.classList.toggle("is-over", limit > 0 && field.value.length > limit);
    };
    field.addEventListener("input", update);
    update();
  });
})();
