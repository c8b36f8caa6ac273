// LTI Platform Storage (1EdTech "LTI Client Side postMessages" and "Platform Storage"): at login,
// stores the state and nonce in the LMS's storage frame, then goes on to the LMS; at launch, reads
// them back and re-posts the launch to CoachLoop, or offers to open CoachLoop in a new window.
// Messages go only to the LMS's origin (never '*'); answers count only from that origin and frame.
(function () {
  'use strict';
  var WAIT_MS = 2000;
  var RETRY_MS = 200;

  function frameNamed(name) {
    if (!name || window.parent === window) return null;
    if (name === '_parent') return window.parent;
    try {
      return window.parent.frames[name] || null;
    } catch (e) {
      return null;
    }
  }

  function messageId() {
    return 'coachloop-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2);
  }

  // Sends `message` to `frame` at `origin`; resolves with its '.response' (null on error or at the deadline).
  function ask(frame, origin, message, deadline, retry) {
    return new Promise(function (resolve) {
      var id = messageId();
      var timer;
      var again;
      message.message_id = id;
      function done(answer) {
        clearTimeout(timer);
        clearInterval(again);
        window.removeEventListener('message', onMessage);
        resolve(answer);
      }
      function onMessage(event) {
        var data = event.data;
        if (event.origin !== origin || event.source !== frame) return;
        if (!data || typeof data !== 'object' || data.message_id !== id || data.subject !== message.subject + '.response') return;
        done(data.error ? null : data);
      }
      function send() {
        try {
          frame.postMessage(message, origin);
        } catch (e) {
          done(null);
        }
      }
      window.addEventListener('message', onMessage);
      timer = setTimeout(function () { done(null); }, Math.max(0, deadline - Date.now()));
      send();
      // The LMS's frame may still be loading: ask again until it answers.
      if (retry) again = setInterval(send, RETRY_MS);
    });
  }

  // The frame that handles `subject` according to the LMS's capabilities, or null.
  function storageFrame(target, origin, subject, deadline) {
    var frame = frameNamed(target);
    if (!frame) return Promise.resolve(null);
    return ask(frame, origin, { subject: 'lti.capabilities' }, deadline, true).then(function (answer) {
      var list = answer && Array.isArray(answer.supported_messages) ? answer.supported_messages : [];
      for (var i = 0; i < list.length; i++) {
        if (list[i] && list[i].subject === subject) return list[i].frame ? frameNamed(list[i].frame) : frame;
      }
      return null;
    });
  }

  var login = document.getElementById('lti-storage-login');
  if (login) {
    var go = function () { login.submit(); };
    var d = login.dataset;
    var loginDeadline = Date.now() + WAIT_MS;
    storageFrame(d.target, d.platformOrigin, 'lti.put_data', loginDeadline).then(function (frame) {
      if (!frame) return null;
      return Promise.all([
        ask(frame, d.platformOrigin, { subject: 'lti.put_data', key: d.stateKey, value: d.state }, loginDeadline),
        ask(frame, d.platformOrigin, { subject: 'lti.put_data', key: d.nonceKey, value: d.nonce }, loginDeadline),
      ]);
    }).then(go, go);
  }

  var launch = document.getElementById('lti-storage-launch');
  if (launch) {
    var l = launch.dataset;
    var launchDeadline = Date.now() + WAIT_MS;
    var fallback = function () {
      document.getElementById('lti-storage-wait').hidden = true;
      document.getElementById('lti-storage-fallback').hidden = false;
      document.getElementById('new-window-heading').focus();
    };
    storageFrame(l.target, l.platformOrigin, 'lti.get_data', launchDeadline).then(function (frame) {
      if (!frame) return null;
      return Promise.all([
        ask(frame, l.platformOrigin, { subject: 'lti.get_data', key: l.stateKey }, launchDeadline),
        ask(frame, l.platformOrigin, { subject: 'lti.get_data', key: l.nonceKey }, launchDeadline),
      ]);
    }).then(function (answers) {
      var state = answers && answers[0];
      var nonce = answers && answers[1];
      var ok = state && nonce && state.key === l.stateKey && nonce.key === l.nonceKey &&
        typeof state.value === 'string' && typeof nonce.value === 'string' && state.value === launch.elements.state.value;
      if (!ok) return fallback();
      launch.elements.stored_state.value = state.value;
      launch.elements.stored_nonce.value = nonce.value;
      launch.submit();
    }, fallback);
  }
})();
