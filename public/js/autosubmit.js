// Submits the form marked data-autosubmit (the signed answer to the LMS content picker).
(function () {
  var form = document.querySelector('form[data-autosubmit]');
  if (form) form.submit();
})();
