// Reflection autosave: every 20 s, if the answers changed since the last save, posts the form as
// a draft (action=autosave, answered with JSON) and says when it was saved. Without JavaScript
// the "Save draft" button does the same. Stops after the reflection is submitted elsewhere.
(function () {
  var form = document.querySelector('form[data-autosave]');
  if (!form || !window.fetch || !window.URLSearchParams || !window.FormData) return;
  var status = document.getElementById('autosave-status');
  var snapshot = function () { return new URLSearchParams(new FormData(form)).toString(); };
  var saved = snapshot();
  var busy = false;
  var stopped = false;
  function say(text) { if (status) status.textContent = text; }
  function save() {
    if (busy || stopped) return;
    var body = snapshot();
    if (body === saved) return;
    busy = true;
    var params = new URLSearchParams(body);
    params.set('action', 'autosave');
    fetch(form.getAttribute('action'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: params.toString(),
      credentials: 'include',
    })
      .then(function (r) { return r.json().then(function (data) { return { ok: r.ok, status: r.status, data: data }; }); })
      .then(function (res) {
        if (res.ok) {
          saved = body;
          say('Draft saved automatically at ' + new Date().toLocaleTimeString() + '.');
        } else if (res.status === 409 || res.status === 403 || res.status === 404) {
          stopped = true;
          say((res.data && res.data.error && res.data.error.message) || 'This reflection can no longer be changed here. Reload the page.');
        } else {
          say('Could not save automatically just now; your text is still here. Use "Save draft" to save it.');
        }
      })
      .catch(function () { say('Could not save automatically just now; your text is still here. Use "Save draft" to save it.'); })
      .then(function () { busy = false; });
  }
  form.addEventListener('submit', function () { stopped = true; });
  setInterval(save, 20000);
})();
