// Root language chooser: highlight the language the browser prefers. It only suggests; the
// reader still chooses, and nothing is stored.
(function () {
  'use strict';
  var prefs = navigator.languages || [navigator.language || ''];
  var links = document.querySelectorAll('.chooser__link[data-lang]');
  for (var i = 0; i < prefs.length; i++) {
    var want = String(prefs[i]).slice(0, 2).toLowerCase();
    for (var j = 0; j < links.length; j++) {
      if (links[j].getAttribute('data-lang') === want) {
        links[j].classList.add('is-suggested');
        links[j].parentNode.parentNode.insertBefore(links[j].parentNode, links[0].parentNode);
        return;
      }
    }
  }
}());
