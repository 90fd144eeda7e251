// Idle-timeout warning (WCAG 2.2.1): shortly before the server ends an idle session,
// show a dialog with "Sitzung verlängern". Extending posts the form in the background,
// so unsaved input on the page survives. Without JavaScript the footer states the rule.
(function () {
  'use strict';
  var box = document.getElementById('sitzungswarnung');
  if (!box) { return; }
  var form = document.getElementById('sw-form');
  var text = document.getElementById('sw-text');
  var button = document.getElementById('sw-button');
  var next = document.getElementById('sw-next');
  var warnAfter = parseInt(box.getAttribute('data-warn-after'), 10) * 1000;
  var expireAfter = parseInt(box.getAttribute('data-expire-after'), 10) * 1000;
  var lastFocus = null;
  var warnTimer = null;
  var expireTimer = null;
  next.value = window.location.pathname + window.location.search;

  function schedule() {
    clearTimeout(warnTimer);
    clearTimeout(expireTimer);
    warnTimer = setTimeout(warn, warnAfter);
    expireTimer = setTimeout(expired, expireAfter);
  }
  function warn() {
    lastFocus = document.activeElement;
    box.hidden = false;
    button.focus();
  }
  function expired() {
    text.textContent = 'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an; Eingaben auf dieser Seite werden nicht mehr gespeichert.';
    form.hidden = true;
    box.hidden = false;
  }
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var body = new URLSearchParams(new FormData(form));
    fetch(form.action, { method: 'POST', body: body, credentials: 'same-origin', redirect: 'manual' })
      .then(function (res) {
        if (res.type === 'opaqueredirect' || res.ok) {
          box.hidden = true;
          if (lastFocus && lastFocus.focus) { lastFocus.focus(); }
          schedule();
        } else {
          expired();
        }
      })
      .catch(expired);
  });
  schedule();
})();
