// Quick exit (GOV.UK "Exit this page" pattern). Without this script the button is a plain link.
(function () {
  'use strict';
  var btn = document.getElementById('quick-exit');
  if (!btn) { return; }
  var status = document.getElementById('quick-exit-status');
  var overlay = null;
  var presses = 0;
  var timer = 0;
  var modified = false; // the last key went with Shift held: Shift was a modifier (Shift+A)

  function say(text) {
    if (status) { status.textContent = text; }
  }

  function exit(event) {
    if (event) { event.preventDefault(); }
    if (!overlay) {
      overlay = document.createElement('div');
      overlay.className = 'quick-exit-overlay';
      overlay.setAttribute('role', 'alert');
    }
    overlay.textContent = '';
    document.body.appendChild(overlay);
    document.documentElement.classList.add('is-exiting');
    // The text goes in after the alert is in the page: screen readers announce the change.
    overlay.textContent = btn.getAttribute('data-loading');
    // replace(): this page is not kept in the tab's history, so Back does not return to it.
    window.location.replace(btn.href);
  }

  function reset() {
    presses = 0;
    window.clearTimeout(timer);
    timer = 0;
    say('');
  }

  btn.addEventListener('click', exit);
  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Shift' && event.shiftKey) { modified = true; }
  });
  document.addEventListener('keyup', function (event) {
    if (event.key === 'Shift' && !modified) {
      presses += 1;
      window.clearTimeout(timer);
      if (presses >= 3) {
        reset();
        exit();
        return;
      }
      say(btn.getAttribute('data-shift' + presses));
      // Three presses within 5 seconds; after that the count starts again, and says so.
      timer = window.setTimeout(function () {
        reset();
        say(btn.getAttribute('data-timeout'));
      }, 5000);
    } else if (presses) {
      reset();
    }
    modified = event.shiftKey;
  });
  // Coming back through the back/forward cache: show the page again.
  window.addEventListener('pageshow', function (event) {
    if (event.persisted && overlay && overlay.parentNode) {
      overlay.parentNode.removeChild(overlay);
    }
    document.documentElement.classList.remove('is-exiting');
    modified = false;
    reset();
  });
}());
