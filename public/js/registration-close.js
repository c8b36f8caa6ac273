// Tells the LMS that registration is finished (LTI Dynamic Registration: org.imsglobal.lti.close).
(function () {
  var button = document.getElementById('finish-registration');
  if (!button) return;
  button.addEventListener('click', function () {
    var target = window.opener || window.parent;
    if (target && target !== window) target.postMessage({ subject: 'org.imsglobal.lti.close' }, '*');
    button.textContent = 'Done: you can close this window.';
    button.disabled = true;
  });
})();
