// The family sheet's print button (no inline scripts: the CSP forbids them).
(function () {
  var b = document.getElementById("print");
  if (b) b.addEventListener("click", function () { window.print(); });
})();
