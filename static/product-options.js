// Product options: update price, stock and the marks on each value as the shopper chooses.
// The page works without this script (the server resolves the choice); it only saves a reload.
(function () {
  "use strict";
  var form = document.querySelector("form[data-product-form]");
  var source = document.getElementById("variant-data");
  if (!form || !source) {
    return;
  }
  var data = JSON.parse(source.textContent);
  form.classList.add("js");

  function chosen(extra) {
    var picked = {};
    data.options.forEach(function (title) {
      var input = form.querySelector('input[name="option.' + CSS.escape(title) + '"]:checked');
      picked[title] = input ? input.value : null;
    });
    return Object.assign(picked, extra || {});
  }

  function find(picked) {
    return data.variants.find(function (variant) {
      return data.options.every(function (title) {
        return variant.options[title] === picked[title];
      });
    });
  }

  function mark(fieldset) {
    var title = fieldset.getAttribute("data-option");
    fieldset.querySelectorAll("label.choice").forEach(function (label) {
      var input = label.querySelector("input");
      var extra = {};
      extra[title] = input.value;
      var variant = find(chosen(extra));
      var state = !variant ? "unavailable" : variant.stock === "sold_out" ? "sold_out" : "available";
      label.classList.remove("available", "sold_out", "unavailable");
      label.classList.add(state);
      label.querySelector("[data-note]").textContent = data.notes[state] || "";
    });
  }

  function update() {
    var variant = find(chosen());
    var price = form.querySelector("[data-price]");
    var stock = form.querySelector("[data-stock]");
    price.textContent = variant ? variant.price : "";
    stock.textContent = variant ? variant.stock_text : data.unavailable;
    stock.className = "stock " + (variant ? variant.stock : "unavailable");
    form.querySelector("[data-add]").disabled = !variant || variant.stock === "sold_out";
    form.querySelectorAll("fieldset[data-option]").forEach(mark);
  }

  form.addEventListener("change", update);
})();
