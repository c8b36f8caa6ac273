// Live roster sync progress: polls the status while a sync runs and reloads when it ends.
(function () {
  var box = document.querySelector('[data-status-url]');
  if (!box) return;
  var state = box.getAttribute('data-sync-state');
  if (state !== 'running' && state !== 'queued') return;
  var url = box.getAttribute('data-status-url');
  var text = document.getElementById('sync-text');
  var pages = document.getElementById('sync-pages');
  var members = document.getElementById('sync-members');
  function poll() {
    fetch(url, { headers: { accept: 'application/json' }, credentials: 'include' })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        text.textContent = s.text;
        if (typeof s.pagesDone === 'number') pages.textContent = s.pagesDone;
        if (typeof s.membersSeen === 'number') members.textContent = s.membersSeen;
        if (s.state === 'running' || s.state === 'queued') setTimeout(poll, 1000);
        else window.location.reload();
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 800);
})();
