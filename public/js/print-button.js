// Shows the "Print or save as PDF" buttons (hidden without JavaScript) and opens the print dialog.
(function () {
  var buttons = document.querySelectorAll('button.js-print');
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].hidden = false;
    buttons[i].addEventListener('click', function () { window.print(); });
  }
})();
