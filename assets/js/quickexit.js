// Quick exit (GOV.UK "Exit this page" pattern). Without this script the button is a plain link.
(function () {
  'use strict';
  var btn = document.getElementById('quick-exit');
  if (!btn) { return; }
  var status = document.getElementById('quick-exit-status');
  var overlay = null;
  var presses = 0;
  var timer = 0;

  function exit(event) {
    if (event) { event.preventDefault(); }
    if (!overlay) {
      overlay = document.createElement('div');
      overlay.className = 'quick-exit-overlay';
      overlay.setAttribute('role', 'alert');
      overlay.textContent = btn.getAttribute('data-loading');
    }
    document.body.appendChild(overlay);
    document.documentElement.classList.add('is-exiting');
    // replace(): this page is not kept in the tab's history, so Back does not return to it.
    window.location.replace(btn.href);
  }

  function reset() {
    presses = 0;
    if (status) { status.textContent = ''; }
  }

  btn.addEventListener('click', exit);
  document.addEventListener('keyup', function (event) {
    if (event.key !== 'Shift') { reset(); return; }
    presses += 1;
    window.clearTimeout(timer);
    timer = window.setTimeout(reset, 5000);
    if (presses >= 3) { reset(); exit(); return; }
    if (status) { status.textContent = btn.getAttribute('data-shift' + presses); }
  });
  // Coming back through the back/forward cache: show the page again.
  window.addEventListener('pageshow', function (event) {
    if (event.persisted && overlay && overlay.parentNode) {
      overlay.parentNode.removeChild(overlay);
    }
    document.documentElement.classList.remove('is-exiting');
    reset();
  });
}());
